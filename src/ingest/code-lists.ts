/**
 * The code lists fields refer to by name, each a reader from text to a code with suggestions for unknown
 * values. National code lists live in the engine's classification; the small ones only loading needs are here.
 */
import { parseCaseType } from '../engine/classification/casework.js';
import { parseDisability } from '../engine/classification/disability.js';
import { parseEthnicity } from '../engine/classification/ethnicity.js';
import { parseSex } from '../engine/classification/sex.js';
import { parseProtected } from '../engine/classification/protected.js';
import { parseContract, parseStaffGroup } from '../engine/classification/staff.js';
import { closest, normaliseLabel, type Parsed } from '../engine/classification/text.js';
import type { CodeListId } from './schemas/types.js';

function table<T extends string>(entries: Record<string, T>, blank: T | null, shown: readonly string[]) {
  const map = new Map(Object.entries(entries).map(([k, v]) => [normaliseLabel(k), v]));
  return (raw: string): Parsed<T | null> => {
    const label = normaliseLabel(raw);
    if (label === '') return { ok: true, value: blank };
    const value = map.get(label);
    return value !== undefined ? { ok: true, value } : { ok: false, suggestions: closest(raw, shown) };
  };
}

export const CODE_LISTS: Readonly<Record<CodeListId, (raw: string) => Parsed<string | null>>> = {
  ethnicity: (raw) => parseEthnicity(raw),
  disability: (raw) => parseDisability(raw),
  sex: (raw) => parseSex(raw),
  sexual_orientation: (raw) => parseProtected('sexualOrientation', raw),
  religion: (raw) => parseProtected('religion', raw),
  gender_identity: (raw) => parseProtected('genderIdentity', raw),
  marital_status: (raw) => parseProtected('maritalStatus', raw),
  pregnancy_maternity: (raw) => parseProtected('pregnancyMaternity', raw),
  staff_group: (raw) => parseStaffGroup(raw),
  contract: (raw) => parseContract(raw),
  case_type: (raw) => parseCaseType(raw),
  learning_kind: table(
    {
      'non-mandatory training': 'non_mandatory_training',
      'non mandatory': 'non_mandatory_training',
      non_mandatory_training: 'non_mandatory_training',
      training: 'non_mandatory_training',
      course: 'non_mandatory_training',
      cpd: 'cpd',
      'continuing professional development': 'cpd',
      programme: 'programme',
      program: 'programme',
      'development programme': 'programme',
      mentoring: 'programme',
      coaching: 'programme',
      'leadership programme': 'programme',
      mandatory: 'mandatory',
      'statutory and mandatory': 'mandatory',
      'statutory/mandatory': 'mandatory',
    },
    null,
    ['Non-mandatory training', 'CPD', 'Programme', 'Mandatory'],
  ),
  appraisal_status: table(
    {
      completed: 'completed',
      complete: 'completed',
      'not completed': 'not_completed',
      incomplete: 'not_completed',
      overdue: 'not_completed',
      exempt: 'exempt',
      'not applicable': 'exempt',
    },
    'completed',
    ['Completed', 'Not completed', 'Exempt'],
  ),
  movement_type: table(
    {
      promotion: 'promotion',
      promoted: 'promotion',
      starter: 'starter',
      'new starter': 'starter',
      joiner: 'starter',
      leaver: 'leaver',
      termination: 'leaver',
      transfer: 'transfer',
      'internal transfer': 'transfer',
      secondment: 'secondment',
      other: 'other',
    },
    null,
    ['Promotion', 'Starter', 'Leaver', 'Transfer', 'Secondment', 'Other'],
  ),
  pay_period: table(
    {
      weekly: 'weekly',
      week: 'weekly',
      fortnightly: 'fortnightly',
      'two weekly': 'fortnightly',
      '2 weekly': 'fortnightly',
      'four weekly': 'four_weekly',
      '4 weekly': 'four_weekly',
      four_weekly: 'four_weekly',
      monthly: 'monthly',
      month: 'monthly',
      'calendar monthly': 'monthly',
      annual: 'annual',
      annually: 'annual',
      yearly: 'annual',
    },
    null,
    ['Weekly', 'Fortnightly', 'Four weekly', 'Monthly', 'Annual'],
  ),
  survey_scheme: table(
    {
      ethnicity: 'ethnicity',
      race: 'ethnicity',
      wres: 'ethnicity',
      disability: 'disability',
      wdes: 'disability',
      all: 'all',
      overall: 'all',
    },
    null,
    ['Ethnicity', 'Disability', 'All'],
  ),
  incident_source: table(
    {
      patient: 'patient_public',
      patients: 'patient_public',
      relative: 'patient_public',
      relatives: 'patient_public',
      public: 'patient_public',
      'member of public': 'patient_public',
      visitor: 'patient_public',
      'service user': 'patient_public',
      carer: 'patient_public',
      staff: 'staff',
      colleague: 'staff',
      manager: 'staff',
      'member of staff': 'staff',
      unknown: 'unknown',
      'not known': 'unknown',
    },
    'unknown',
    ['Patient', 'Relative', 'Public', 'Staff', 'Unknown'],
  ),
  benchmark_scope: table(
    { national: 'national', england: 'national', regional: 'regional', region: 'regional' },
    null,
    ['National', 'Regional'],
  ),
};
