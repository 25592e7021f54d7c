/**
 * The one short title of each WRES and WDES indicator: what every page, export, report and plan calls it
 * beside its code ("WRES 8: Discrimination from a manager or colleague"). An entry's `title` is the
 * national wording of the measure, shown as its definition; it is never a second name for it.
 */
export const SHORT_TITLES: Readonly<Record<string, string>> = {
  WRES1: 'Workforce representation by pay band',
  WRES2: 'Appointment from shortlisting',
  WRES3: 'Entering the formal disciplinary process',
  WRES4: 'Access to non-mandatory training and CPD',
  WRES5: 'Harassment, bullying or abuse from patients and the public',
  WRES6: 'Harassment, bullying or abuse from staff',
  WRES7: 'Equal opportunities for career progression',
  WRES8: 'Discrimination from a manager or colleague',
  WRES9: 'Board representation',
  WDES1: 'Workforce representation by pay band cluster',
  WDES2: 'Appointment from shortlisting',
  WDES3: 'Entering the formal capability process',
  WDES4a_i: 'Harassment, bullying or abuse from patients and the public',
  WDES4a_ii: 'Harassment, bullying or abuse from managers',
  WDES4a_iii: 'Harassment, bullying or abuse from colleagues',
  WDES4b: 'Reporting harassment, bullying or abuse',
  WDES5: 'Equal opportunities for career progression',
  WDES6: 'Pressure to come to work when unwell',
  WDES7: 'Feeling the organisation values their work',
  WDES8: 'Adequate reasonable adjustments',
  WDES9a: 'Staff engagement score',
  WDES9b: 'Facilitating the voices of Disabled staff',
  WDES10: 'Board representation',
  BWRES1: 'Active bank-only workers by ethnicity and sex',
  BWRES2: 'Bank workers entering the formal disciplinary process',
  BWRES3: 'Bank workers dismissed',
  BWRES4: 'Bank workers: harassment, bullying or abuse from patients and the public',
  BWRES5: 'Bank workers: harassment, bullying or abuse from staff',
  BWRES6: 'Bank workers: equal opportunities for career progression',
  BWRES7: 'Bank workers: discrimination from a manager or colleague',
  BWRES8: 'Bank workers moving into a substantive post',
  BWRES9: 'Substantive staff who came from the bank',
  MWRES1: 'Medical workforce by grade',
  MWRES2: 'Appointment from shortlisting to medical posts',
  MWRES3: 'Medical staff entering the formal disciplinary process',
  MWRES4: 'Medical staff access to non-mandatory training and CPD',
  MWRES5: 'Medical staff: harassment from patients and the public',
  MWRES6: 'Medical staff: harassment from staff',
  MWRES7: 'Medical staff: equal opportunities for career progression',
  MWRES8: 'Medical staff: discrimination from a manager or colleague',
  MWRES10: 'Medical staff feeling involved',
};

/**
 * An indicator's short title, or its full title where it has none (the pay gaps, local metrics).
 *
 * Example: shortTitleOf({ id: 'WRES8', title: 'In the last 12 months ...' }) -> "Discrimination from a
 * manager or colleague"
 */
export function shortTitleOf(entry: { id: string; title: string }): string {
  return SHORT_TITLES[entry.id] ?? entry.title;
}
