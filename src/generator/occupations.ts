/** Job roles (ESR "Job Role") by staff group, grade and kind of department. */
import { GRADES, STAFF_GROUPS } from './catalogue.js';
import type { Rng } from './random.js';
import type { DepartmentKindId } from './structure.js';

const rank = (grade: number): number => {
  const id = GRADES[grade]!.id;
  const order = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8A', 'B8B', 'B8C', 'B8D', 'B9', 'VSM'];
  const i = order.indexOf(id);
  return i < 0 ? 0 : i + 1;
};

const VSM_ROLES = [
  'Chief Executive',
  'Director of Finance',
  'Chief Operating Officer',
  'Director of Nursing',
  'Director of People',
  'Director of Strategy',
  'Director of Estates',
  'Chief Digital Officer',
];

export function occupation(rng: Rng, group: number, grade: number, kind: DepartmentKindId): string {
  const def = GRADES[grade]!;
  if (def.medical) return def.esrGrade;
  if (def.id === 'VSM') return rng.pick(VSM_ROLES);
  const r = rank(grade); // Band 5 -> 5, 8a -> 8, 8b -> 9 ...
  switch (STAFF_GROUPS[group]!.id) {
    case 'NM':
      if (kind === 'maternity')
        return r <= 6 ? 'Midwife' : r === 7 ? 'Midwife - Manager' : 'Head of Midwifery';
      if (kind === 'community' || kind === 'mh_community')
        return r <= 5
          ? 'Community Nurse'
          : r === 6
            ? 'Community Nurse - Specialist'
            : 'Community Team Manager';
      if (r <= 5) return 'Staff Nurse';
      if (r === 6) return rng.pick(['Sister/Charge Nurse', 'Specialist Nurse Practitioner']);
      if (r === 7) return rng.pick(['Ward Manager', 'Nurse Specialist', 'Advanced Practitioner']);
      return r <= 9 ? rng.pick(['Modern Matron', 'Nurse Consultant']) : 'Head of Nursing';
    case 'ACS':
      if (kind === 'maternity') return 'Maternity Support Worker';
      if (kind === 'ambulance_ops')
        return r >= 4 ? 'Emergency Medical Technician' : 'Ambulance Care Assistant';
      if (kind === 'ambulance_control') return 'Emergency Medical Dispatcher';
      if (kind === 'transport') return 'Patient Transport Driver';
      if (r >= 4) return rng.pick(['Assistant Practitioner', 'Nursing Associate']);
      return rng.pick(['Healthcare Assistant', 'Healthcare Support Worker', 'Support Worker']);
    case 'AHP': {
      const base =
        kind === 'diagnostics'
          ? 'Radiographer - Diagnostic'
          : kind === 'theatres'
            ? 'Operating Department Practitioner'
            : kind === 'ambulance_ops' || kind === 'ambulance_control'
              ? 'Paramedic'
              : rng.pick([
                  'Physiotherapist',
                  'Occupational Therapist',
                  'Speech and Language Therapist',
                  'Dietitian',
                ]);
      return r >= 8 ? `${base} - Manager` : r === 7 ? `${base} - Specialist` : base;
    }
    case 'APST':
      if (kind === 'mh_community' || kind === 'mh_ward')
        return r >= 7 ? 'Clinical Psychologist' : 'Assistant Psychologist';
      if (kind === 'pharmacy') return r >= 6 ? 'Pharmacist' : 'Pharmacy Technician';
      return r >= 7 ? 'Technical Manager' : 'Technician';
    case 'HCS':
      if (r <= 3) return 'Healthcare Science Assistant';
      if (r === 4) return 'Healthcare Science Associate';
      return r >= 8 ? 'Clinical Scientist' : 'Biomedical Scientist';
    case 'EA':
      if (r <= 2) return rng.pick(['Porter', 'Domestic', 'Catering Assistant', 'Housekeeper']);
      if (r <= 4) return rng.pick(['Supervisor', 'Maintenance Craftsperson', 'Driver']);
      return r >= 7 ? 'Estates Manager' : 'Estates Officer';
    case 'STU':
      return 'Student Nurse';
    default:
      if (r <= 2) return 'Clerical Worker';
      if (kind === 'digital') return r <= 5 ? 'IT Technician' : r <= 7 ? 'Analyst' : 'Manager';
      if (r <= 4)
        return kind === 'corporate' || kind === 'estates'
          ? rng.pick(['Administrator', 'Clerical Officer', 'Receptionist'])
          : rng.pick(['Receptionist', 'Medical Secretary', 'Administrator', 'Ward Clerk']);
      if (r <= 6) return rng.pick(['Officer', 'Analyst', 'Team Leader']);
      if (r <= 9) return 'Manager';
      return 'Senior Manager';
  }
}
