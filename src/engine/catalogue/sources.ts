/**
 * The published sources the catalogue's methods and reference values rest on (standards.md, "Sources"),
 * by the short reference the catalogue uses ("S3"). A reference is never shown as it is: pages, files and
 * the methodology give the source's title. A new reference without a title here does not compile.
 */

export const SOURCES = {
  S1: {
    title: 'NHS Blood and Transplant, Workforce Race Equality Standard',
    url: 'https://peoplefirst.nhsbt.nhs.uk/Diversity-and-Inclusion/workforce-race-equality-standard.htm',
  },
  S2: {
    title: 'NHS England, Workforce Race Equality Standard indicators',
    url: 'https://www.england.nhs.uk/publication/workforce-race-equality-standard-wres-indicators/',
  },
  S3: {
    title: 'NHS England, NHS WDES 2023: metrics and technical guidance',
    url: 'https://www.england.nhs.uk/long-read/nhs-wdes-2023-metrics/',
  },
  S4: {
    title: 'Whittington Health NHS Trust, Workforce Race Equality Standard report',
    url: 'https://whittington.nhs.uk/default.asp?c=30845&print=1',
  },
  S5: {
    title: 'North Cumbria Integrated Care NHS Foundation Trust, WRES report 2025',
    url: 'https://www.ncic.nhs.uk/trust/equality-diversity-and-inclusion/workforce-race-equality-standard-wres-report-2025',
  },
  S11: {
    title: 'NHS Providers, Closing the gap: addressing racial discrimination in disciplinaries',
    url: 'https://nhsproviders.org/closing-the-gap-a-guide-to-addressing-racial-discrimination-in-disciplinaries/executive-summary',
  },
  S11b: {
    title: 'Kent and Medway NHS and Social Care Partnership Trust, WRES indicator 3',
    url: 'https://www.kmpt.nhs.uk/pdf-documents/about-us-documents/publications/workforce-reports/workforce-race-equality-standard-2020-2022/indicator-3/',
  },
  S11c: {
    title: 'Kent and Medway NHS and Social Care Partnership Trust, WRES indicator 4',
    url: 'https://www.kmpt.nhs.uk/about-us/about-us-documents/publications/workforce-reports/workforce-race-equality-standard-2020-2022/indicator-4/',
  },
  S12: {
    title: 'The Christie NHS Foundation Trust, WRES action plan 2022 to 2023',
    url: 'https://thechristie.cld.bz/Workforce-Race-Equality-Standard-Action-Plan-2022-2023/3/',
  },
  S13: {
    title: 'Ethnicity facts and figures, Success of shortlisted NHS job applicants',
    url: 'https://www.ethnicity-facts-figures.service.gov.uk/workforce-and-business/workforce-diversity/success-of-shortlisted-nhs-job-applicants/latest/',
  },
  S15: {
    title: 'Roger Kline, WRES 2 data and international recruitment',
    url: 'https://granhotelsantacruz.com/pulse/wres-2-data-international-recruitment-serious-problem-roger-kline-miyhe',
  },
  S16: {
    title: 'Kent and Medway NHS and Social Care Partnership Trust, WRES indicator 9',
    url: 'https://www.kmpt.nhs.uk/pdf-documents/about-us-documents/publications/workforce-reports/workforce-race-equality-standard-2020-2022/indicator-9/',
  },
  S16b: {
    title: 'Kent and Medway NHS and Social Care Partnership Trust, WDES metric 10: board representation',
    url: 'https://www.kmpt.nhs.uk/about-us/about-us-documents/publications/workforce-reports/workforce-disability-equality-standard-2019-2022/metric-10-board-representation/',
  },
  S17: {
    title: 'North Cumbria Integrated Care NHS Foundation Trust, WRES report 2023',
    url: 'https://www.ncic.nhs.uk/trust/equality-diversity-and-inclusion/workforce-race-equality-standard-report-2023',
  },
  S18: {
    title: 'NHS England, WRES 2022 data analysis report for NHS trusts',
    url: 'https://www.england.nhs.uk/long-read/nhs-workforce-race-equality-standard-wres2022-data-analysis-report-for-nhs-trusts/',
  },
  S19: {
    title: 'London North West University Healthcare NHS Trust, WDES metrics',
    url: 'https://www.lnwh.nhs.uk/workforce-metrics',
  },
  S24: {
    title: 'NHS Employers, Improving staff disability data',
    url: 'https://nhsemployers.org/case-studies/guide-improving-staff-disability-data',
  },
  S26: {
    title: 'NHS Employers, The NHS Staff Survey',
    url: 'https://www.nhsemployers.org/retention-and-staff-experience/staff-engagement/the-nhs-staff-survey',
  },
  S27: {
    title: 'GOV.UK, Ethnicity pay reporting: guidance for employers',
    url: 'https://gov.uk/government/publications/ethnicity-pay-reporting-guidance-for-employers/introduction-and-overview',
  },
  S28: {
    title: 'UK Employment Hub, Government issues guidance on ethnicity pay gap reporting',
    url: 'https://ukemploymenthub.com/government-issues-guidance-on-ethnicity-pay-gap-reporting',
  },
  S29: {
    title: 'The Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017, Schedule 1',
    url: 'https://www.legislation.gov.uk/uksi/2017/353/schedule/1/made',
  },
  S30: {
    title: 'The Equality Act 2010 (Gender Pay Gap Information) Regulations 2017',
    url: 'https://www.legislation.gov.uk/uksi/2017/172/regulation/1/made',
  },
  S31: {
    title: 'GOV.UK, Gender pay gap reporting: make your calculations',
    url: 'https://www.gov.uk/guidance/gender-pay-gap-reporting-make-your-calculations',
  },
  S32: {
    title: 'NHS England, Technical guidance for the Bank Workforce Race Equality Standard (Bank WRES)',
    url: 'https://www.england.nhs.uk/long-read/technical-guidance-for-the-bank-workforce-race-equality-standard-bank-wres/',
  },
  S32b: {
    title: 'NHS England, Workforce Race Equality Standard indicators for the NHS bank only workforce',
    url: 'https://www.england.nhs.uk/long-read/workforce-race-equality-standard-wres-indicators-for-the-nhs-bank-only-workforce/',
  },
  S32c: {
    title: 'NHS England, Workforce Race Equality Standard: indicators for the NHS medical workforce (MWRES)',
    url: 'https://www.england.nhs.uk/publication/workforce-race-equality-standard-wres-indicators-for-the-nhs-medical-workforce/',
  },
  S32d: {
    title: 'NHS Staff Survey, The NHS Staff Survey for bank only workers (NSSB)',
    url: 'https://nhssurveys.co.uk/nssb/survey-information',
  },
  S36: {
    title: 'NHS England South East, Advancing disability equality',
    url: 'https://www.england.nhs.uk/south-east/health-equalities/workforce-equality-and-diversity/advancing-race-disability-and-lgbtq-equality/advancing-disability-equality/',
  },
  S37: {
    title: 'North Cumbria Integrated Care NHS Foundation Trust, WDES report 2023',
    url: 'https://www.ncic.nhs.uk/trust/equality-diversity-and-inclusion/workforce-disability-equality-standard-wdes-report-2023',
  },
  S43: {
    title: 'Buckinghamshire Fire and Rescue Service, Ethnicity pay gap report',
    url: 'https://bucksfire.gov.uk/?p=27173',
  },
  S47: {
    title: 'HSJ Jobs, All NHS board members to get equality objectives',
    url: 'https://www.hsjjobs.com/article/all-nhs-board-members-to-get-equality-objectives/',
  },
} as const satisfies Readonly<Record<string, { title: string; url: string }>>;

/** A source the catalogue refers to, by its short reference. */
export type SourceRef = keyof typeof SOURCES;

/** The title of a source. Example: sourceText('S3') -> "NHS England, NHS WDES 2023: metrics and technical guidance" */
export function sourceText(ref: SourceRef): string {
  return SOURCES[ref].title;
}

/** The titles of sources, one after another: "NHS England, ...; GOV.UK, ...". */
export function sourcesText(refs: readonly SourceRef[]): string {
  return refs.map(sourceText).join('; ');
}
