/**
 * Built-in column mappings for exports people really have. A preset names, for each Parity field, the
 * header(s) the export uses. Parity's own canonical headers (the field keys) work for every dataset.
 */
import { DATASETS, type DatasetId } from './schemas/index.js';

export interface Preset {
  id: string;
  title: string;
  dataset: DatasetId;
  /** Parity field key -> the export's header text (one or more spellings). */
  columns: Readonly<Record<string, readonly string[]>>;
}

/** An ESR Business Intelligence "Staff in Post" report (one row per assignment, with preamble rows above). */
export const ESR_STAFF_IN_POST: Preset = {
  id: 'esr-staff-in-post',
  title: 'ESR staff in post report',
  dataset: 'workforce',
  columns: {
    staff_number: ['Employee Number'],
    assignment_number: ['Assignment Number'],
    primary_assignment: ['Primary Assignment', 'Assignment Type'],
    care_group: ['Org L4', 'Organisation L4'],
    directorate: ['Org L5', 'Organisation L5'],
    department: ['Org L6', 'Organisation L6'],
    staff_group: ['Staff Group'],
    occupation: ['Job Role', 'Occupation Code'],
    pay_band: ['Pay Band', 'Payscale'],
    grade: ['Grade', 'Grade Code'],
    contract: ['Assignment Category', 'Employee Category'],
    last_worked_date: ['Last Worked Date'],
    fte: ['FTE', 'Contracted WTE'],
    ethnicity: ['Ethnic Origin'],
    disability: ['Disability Flag', 'Disability'],
    sex: ['Gender'],
    sexual_orientation: ['Sexual Orientation'],
    religion: ['Religious Belief'],
    gender_identity: ['Gender Identity Same As Birth'],
    marital_status: ['Marital Status'],
    pregnancy_maternity: ['Maternity Leave'],
    age: ['Age', 'Age in Years'],
    start_date: ['Hire Date', 'Latest Start Date'],
  },
};

/** A Trac recruitment equality-monitoring export (one row per application). */
export const TRAC_RECRUITMENT: Preset = {
  id: 'trac-recruitment',
  title: 'Trac recruitment export',
  dataset: 'recruitment',
  columns: {
    application_id: ['Application ID', 'Applicant ID'],
    vacancy_id: ['Vacancy Reference', 'Job Reference'],
    pay_band: ['Band', 'Pay Band'],
    staff_group: ['Staff Group'],
    care_group: ['Division', 'Care Group'],
    directorate: ['Directorate'],
    department: ['Department'],
    ethnicity: ['Ethnic Origin', 'Ethnicity'],
    disability: ['Disability', 'Disabled'],
    sex: ['Gender'],
    shortlisted: ['Shortlisted'],
    appointed: ['Offered', 'Appointed'],
    application_date: ['Date Application Submitted', 'Application Date'],
    shortlisted_date: ['Shortlisting Date'],
    appointed_date: ['Conditional Offer Date', 'Offer Date'],
    internal: ['Internal Applicant'],
  },
};

/** An NHS Jobs applicant equality report. */
export const NHS_JOBS_RECRUITMENT: Preset = {
  id: 'nhs-jobs-recruitment',
  title: 'NHS Jobs recruitment export',
  dataset: 'recruitment',
  columns: {
    application_id: ['Application Number', 'Application Reference'],
    vacancy_id: ['Job Reference', 'Vacancy Number'],
    pay_band: ['Pay Band', 'Job Band'],
    staff_group: ['Staff Group'],
    ethnicity: ['Ethnic Group', 'Ethnic Origin'],
    disability: ['Disability Status', 'Do you consider yourself to have a disability'],
    sex: ['Sex', 'Gender'],
    shortlisted: ['Shortlisted', 'Was Shortlisted'],
    appointed: ['Appointed', 'Was Appointed'],
    application_date: ['Date Applied', 'Applied On'],
    appointed_date: ['Date Appointed', 'Appointment Date'],
    internal: ['Internal Candidate', 'Internal'],
  },
};

/** Parity's own headers: the field keys, for every dataset. */
export function canonicalPreset(dataset: DatasetId): Preset {
  return {
    id: 'parity',
    title: 'Parity canonical headers',
    dataset,
    columns: Object.fromEntries(DATASETS[dataset].fields.map((f) => [f.key, [f.key, f.label]])),
  };
}

export const PRESETS: readonly Preset[] = [ESR_STAFF_IN_POST, TRAC_RECRUITMENT, NHS_JOBS_RECRUITMENT];
