/**
 * Canonical dataset schemas: for every dataset Parity loads, the fields it understands, what each means,
 * its type, whether it is required, the values it accepts, and the header names it is known by. The same
 * definitions drive column mapping, validation, the generator and docs/data-formats.md.
 */

export const DATASET_IDS = [
  'workforce',
  'recruitment',
  'cases',
  'learning',
  'appraisals',
  'movements',
  'pay',
  'survey_aggregate',
  'survey_responses',
  'board',
  'incidents',
  'panels',
  'population',
  'benchmarks',
] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

/** How a field's text is read. `code` fields go through a code list (see `codeList`). */
export type FieldType = 'text' | 'identifier' | 'date' | 'number' | 'integer' | 'boolean' | 'code' | 'path';

export type CodeListId =
  | 'ethnicity'
  | 'disability'
  | 'sex'
  | 'sexual_orientation'
  | 'religion'
  | 'gender_identity'
  | 'marital_status'
  | 'pregnancy_maternity'
  | 'staff_group'
  | 'contract'
  | 'case_type'
  | 'learning_kind'
  | 'appraisal_status'
  | 'movement_type'
  | 'pay_period'
  | 'survey_scheme'
  | 'incident_source'
  | 'benchmark_scope';

export interface FieldSpec {
  /** Parity's own header name, also the key of the mapping. */
  key: string;
  label: string;
  type: FieldType;
  /** `true`, `false`, or the name of a group of which at least one field must be present. */
  required: boolean | { oneOf: string };
  codeList?: CodeListId;
  /** Inclusive range for numbers. */
  min?: number;
  max?: number;
  /** What the field means and how Parity uses it. */
  description: string;
  /** Accepted values in words, for the documentation and for error messages. */
  accepted: string;
  example: string;
  /** Header names this field is commonly exported under (compared ignoring case and punctuation). */
  synonyms: readonly string[];
  /** A staff identifier: replaced by a keyed hash as it is read; the raw value is stored nowhere. */
  pseudonymise?: boolean;
  /** Read to derive something (e.g. age from date of birth) and then discarded. */
  transient?: boolean;
  /**
   * A characteristic of a person the record names by staff number, which their workforce (ESR) record
   * stands in for: a blank cell means the file does not say (read as null, so the person's workforce
   * record is used), while a value meaning not known or not stated (99, Z, Not stated, Unspecified) is
   * kept as the file gives it. Without it, blank reads as the code list's own blank value (not known).
   */
  blankFromWorkforce?: boolean;
}

export interface DatasetSpec {
  id: DatasetId;
  title: string;
  description: string;
  /**
   * snapshot: a picture at one date (staff in post, board, pay); events: things that happened on dates
   * (applications, cases, training); survey: a survey year; reference: population and benchmarks.
   */
  kind: 'snapshot' | 'events' | 'survey' | 'reference';
  /** For events: the field whose dates define the period an import covers. */
  dateField?: string;
  fields: readonly FieldSpec[];
}
