/**
 * The patterns the synthetic data follows, all in one place. They are plausible, not official: shaped on
 * published national WRES/WDES figures (standards.md §4, §5, §11) so that a demo looks like a real trust
 * and the engine has real differences to find. Rates are per person per year unless stated.
 *
 * Year trends: `trend(year)` is 0 in the anchor year (2024) and moves by one per year; every "per year"
 * change below is applied as `value * (1 + change * trend)`, so earlier years are a little worse and later
 * ones a little better ("a slow improving trend").
 */

export const PATTERNS = {
  /** `--staff` is the headcount (people, incl. bank-only) at 31 March of this year. */
  anchorYear: 2024,
  /** The simulation starts from a population at 31 March of (this or the earliest year asked for) - 1. */
  baseYear: 2018,
  /** Headcount growth per year. */
  headcountGrowth: 0.02,

  people: {
    /** Share of people whose every assignment is on the bank (in the workforce at a snapshot). */
    bankOnlyShare: 0.07,
    /** Share of other people with a second assignment (two thirds of these are bank shifts). */
    secondAssignmentShare: 0.05,
    /** Of second assignments, the share that are bank; the rest are a second substantive post. */
    secondIsBank: 0.65,
    /**
     * Of bank assignments, the share last worked more than six months before the snapshot (not active for
     * the Bank WRES): 6 to 12 months before; the rest within the last five months.
     */
    bankInactiveShare: 0.15,
    /**
     * Bank-only workers staying in the year who take a substantive post in it (keeping their bank
     * assignment's unit, staff group and grade); BME workers less often, by the factor.
     */
    bankToSubstantive: 0.1,
    bankToSubstantiveBmeFactor: 0.7,
    /** Leaving rates: everyone, then raised for bank-only, fixed-term doctors in training and over-60s. */
    leaveRate: 0.095,
    leaveRateBank: 0.2,
    leaveRateTrainee: 0.3,
    leaveRateOver60: 0.2,
    /**
     * Promotion (one step up the grade ladder) for White staff, by grade id. BME staff are promoted less
     * often, by the square root of the odds ratio between the BME shares of the two grades
     * (`promotionProbability` in simulate.ts): about 0.75 times as often from band 5 to band 6.
     */
    promotionRate: {
      default: 0.055,
      B8A: 0.04,
      B8B: 0.035,
      B8C: 0.03,
      B8D: 0.025,
      FY1: 0.9,
      FY2: 0.35,
      CT: 0.3,
      STR: 0.12,
      SD: 0.03,
    } as Readonly<Record<string, number>>,
    /** Internal transfers between departments. */
    transferRate: 0.03,
    /** Mean years of service of the starting population. */
    meanTenureYears: 8,
  },

  ethnicity: {
    /**
     * Probability that a person in a grade is BME (anchor year, a trust and care group with factor 1):
     * about 30% in bands 2-5 (39% at band 5), falling to about 10% at 8c and above and VSM, 40-60% of
     * doctors. The trust's local factor and the care group's factor multiply it (national mean about 26%).
     */
    bmeByGrade: {
      B1: 0.28,
      B2: 0.3,
      B3: 0.29,
      B4: 0.28,
      B5: 0.39,
      B6: 0.27,
      B7: 0.19,
      B8A: 0.16,
      B8B: 0.14,
      B8C: 0.125,
      B8D: 0.115,
      B9: 0.105,
      VSM: 0.105,
      FY1: 0.38,
      FY2: 0.4,
      CT: 0.46,
      STR: 0.46,
      SD: 0.6,
      AS: 0.55,
      SPEC: 0.55,
      CONS: 0.4,
    } as Readonly<Record<string, number>>,
    /** Relative change per year in the BME share of new staff: senior (8a and above, VSM) and the rest. */
    seniorTrendPerYear: 0.04,
    otherTrendPerYear: 0.01,
    /** Share with ethnicity not recorded (Z Not Stated, Unspecified, blank) in the anchor year, and its change per year. */
    unknownShare: 0.03,
    unknownTrendPerYear: -0.05,
    /** Care groups (by kind) multiply the BME probability: Medicine more, Corporate and Community fewer. */
    careGroupFactor: {
      medicine: 1.2,
      surgery: 1.05,
      women_children: 0.85,
      clinical_support: 1.0,
      community: 0.75,
      mental_health: 1.1,
      ambulance: 0.45,
      corporate: 0.8,
    } as Readonly<Record<string, number>>,
    /** Spread of trusts' local factor (log-normal sigma) in a region or national run. */
    trustSpread: 0.55,
  },

  disability: {
    /** Share with a long-term condition or illness (what the staff survey calls Disabled), anchor year, and change per year. */
    trueShare: 0.25,
    trueTrendPerYear: 0.015,
    /** How ESR records a disabled person: Yes, No, Not Declared, blank. */
    esrIfDisabled: [0.16, 0.52, 0.21, 0.11] as const,
    /** ... and a person with no long-term condition. */
    esrIfNotDisabled: [0, 0.86, 0.085, 0.055] as const,
    /** Each year this share of Not Declared/blank records is updated (declaration campaigns). */
    yearlyDeclarationUpdate: 0.05,
  },

  recruitment: {
    /** Applications per member of staff per year. */
    applicationsPerStaff: 2.1,
    /** BME share of applicants relative to the BME share of staff in the vacancy's grade and unit (capped at 0.85). */
    applicantBmeFactor: 1.7,
    applicantUnknownShare: 0.03,
    applicantDisabledShare: 0.075,
    applicantDisabilityUndeclared: 0.05,
    internalShare: 0.2,
    /** Shortlisting rate of applicants. Disabled applicants: guaranteed interview scheme. */
    shortlisted: { W: 0.33, B: 0.24, U: 0.28, disabledFactor: 1.2 },
    /** Appointment rate of shortlisted applicants (WRES 2 about 1.5 in the anchor year). */
    appointed: { W: 0.25, B: 0.165, U: 0.2, disabledFactor: 0.93 },
    /** Relative improvement per year of the BME appointment rate. */
    bmeAppointedTrendPerYear: 0.03,
  },

  cases: {
    /** Annual rate of each case type, and the share that are formal. */
    types: {
      Disciplinary: { rate: 0.0095, formal: 0.65 },
      'Capability (performance)': { rate: 0.007, formal: 0.6 },
      'Capability (ill health)': { rate: 0.008, formal: 0.7 },
      Grievance: { rate: 0.005, formal: 0.6 },
      'Dignity at work': { rate: 0.0045, formal: 0.4 },
    } as Readonly<Record<string, { rate: number; formal: number }>>,
    /**
     * Disciplinary: BME staff (with the other factors WRES 3 comes out at about 1.6 to 1.9, falling slowly),
     * unknown ethnicity, men, estates staff, doctors.
     */
    disciplinaryBme: 1.4,
    disciplinaryBmeTrendPerYear: -0.05,
    disciplinaryUnknown: 1.2,
    disciplinaryMale: 1.4,
    disciplinaryEstates: 1.5,
    disciplinaryMedical: 0.6,
    /** Capability on performance: Disabled (ESR) staff about twice non-disabled (WDES 3). */
    capabilityDisabled: 2.2,
    capabilityBme: 1.2,
    illHealthDisabled: 2.5,
    grievanceBme: 1.2,
    grievanceDisabled: 1.4,
    dignityBme: 1.3,
    dignityDisabled: 1.4,
  },

  learning: {
    /** Share of staff with at least one non-mandatory training, CPD or programme record in a year. */
    participation: 0.4,
    /** By ethnic group (WRES 4 about 1.1). */
    byGroup: { W: 1.0, B: 0.9, U: 0.85 },
    medicalFactor: 1.3,
    seniorFactor: 1.2,
    bankFactor: 0.3,
    /** Share of staff with a mandatory training record in the file (mandatory is not counted for WRES 4). */
    mandatoryShare: 0.2,
  },

  appraisals: {
    /** Completion by group; exempt share (long-term leave). */
    completed: 0.89,
    bmeFactor: 0.95,
    disabledFactor: 0.94,
    medicalFactor: 1.05,
    careGroupFactor: { medicine: 0.95, surgery: 0.97, corporate: 1.04, community: 1.0 } as Readonly<
      Record<string, number>
    >,
    exempt: 0.02,
    trendPerYear: 0.01,
  },

  pay: {
    /** Share not full-pay relevant (reduced or nil pay for leave). */
    notFullPay: 0.08,
    /** Share of consultants with a clinical excellence award, men and women, and award range. */
    ceaMale: 0.38,
    ceaFemale: 0.27,
    ceaRange: [3000, 40000] as const,
    /** Unsocial-hours enhancement for shift workers (nursing, clinical support, ambulance). */
    enhancementShare: 0.6,
    enhancementRange: [0.06, 0.16] as const,
    /** Share with an allowance (on-call, recruitment and retention premia) and its size. */
    allowanceShare: 0.35,
    allowanceRange: [0.01, 0.08] as const,
    /** Hours a bank-only worker did in the period, per week. */
    bankHours: [7.5, 22.5] as const,
  },

  survey: {
    /** Share of staff responding. */
    responseRate: 0.45,
    /** Respondents not stating ethnicity / disability. */
    unknownEthnicity: 0.03,
    unknownDisability: 0.025,
    /** Percentage measures: positive share by group (ethnicity or disability), and change per year (absolute). */
    wres: {
      WRES5: { W: 0.27, B: 0.29, trend: -0.004 },
      WRES6: { W: 0.22, B: 0.27, trend: -0.004 },
      WRES7: { W: 0.59, B: 0.45, trend: 0.006 },
      WRES8: { W: 0.065, B: 0.165, trend: -0.003 },
    } as Readonly<Record<string, { W: number; B: number; trend: number }>>,
    /** MWRES: medical and dental respondents by ethnicity (10: able to make suggestions, feeling involved). */
    mwres: {
      MWRES5: { W: 0.24, B: 0.3, trend: -0.004 },
      MWRES6: { W: 0.2, B: 0.26, trend: -0.004 },
      MWRES7: { W: 0.62, B: 0.44, trend: 0.006 },
      MWRES8: { W: 0.06, B: 0.18, trend: -0.003 },
      MWRES10: { W: 0.74, B: 0.66, trend: 0.004 },
    } as Readonly<Record<string, { W: number; B: number; trend: number }>>,
    /**
     * The NHS Staff Survey for bank only workers (Bank WRES 4-7, the questions of WRES 5-8), answered by
     * active bank-only workers at a lower rate than the staff survey.
     */
    bankResponseRate: 0.3,
    bwres: {
      BWRES4: { W: 0.2, B: 0.27, trend: -0.003 },
      BWRES5: { W: 0.12, B: 0.18, trend: -0.003 },
      BWRES6: { W: 0.6, B: 0.47, trend: 0.005 },
      BWRES7: { W: 0.05, B: 0.14, trend: -0.002 },
    } as Readonly<Record<string, { W: number; B: number; trend: number }>>,
    wdes: {
      'WDES4a-i': { D: 0.33, N: 0.25, trend: -0.004 },
      'WDES4a-ii': { D: 0.16, N: 0.09, trend: -0.003 },
      'WDES4a-iii': { D: 0.27, N: 0.17, trend: -0.003 },
      WDES4b: { D: 0.48, N: 0.47, trend: 0.004 },
      WDES5: { D: 0.51, N: 0.58, trend: 0.005 },
      WDES6: { D: 0.27, N: 0.19, trend: -0.004 },
      WDES7: { D: 0.36, N: 0.46, trend: 0.005 },
      WDES8: { D: 0.73, N: 0, trend: 0.005 },
    } as Readonly<Record<string, { D: number; N: number; trend: number }>>,
    /** Engagement score (0-10). */
    engagement: { D: 6.6, N: 7.0, U: 6.5, trend: 0.03 },
    /** Bases: the share of respondents a measure is asked of. */
    base: { default: 0.97, WDES4b: 0.3, WDES6: 0.55, WDES8: 0.62 } as Readonly<Record<string, number>>,
  },

  incidents: {
    /** Incidents of violence, aggression or abuse reported per clinical member of staff per year, by department kind. */
    perStaff: 0.09,
    racialAbuseShareBme: 0.2,
    disabilityAbuseShareDisabled: 0.05,
  },

  board: {
    /** BME and disabled shares of board members (lower than the workforce). */
    bme: 0.13,
    disabled: 0.06,
    /** Chance a seat changes holder in a year. */
    turnover: 0.15,
  },
} as const;

/** Years from the anchor year: 2022 -> -2. */
export const trend = (year: number): number => year - PATTERNS.anchorYear;

/** Applies a relative change per year: `value * (1 + perYear * trend(year))`, never below zero. */
export function trended(value: number, perYear: number, year: number): number {
  return Math.max(0, value * (1 + perYear * trend(year)));
}
