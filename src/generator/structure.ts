/**
 * Organisation structure: trust > care group > directorate > department. The demo trust (DHF) has exactly
 * DEMO_STRUCTURE; the second demo trust (DCM) a community and mental health structure containing the demo's
 * own units; other trusts draw care groups from a vocabulary for their kind (acute, mental health and
 * community, ambulance). Each department has a kind, which decides its staff mix, size and incident rate,
 * and each care group a kind, which decides its place in the ethnicity and appraisal patterns.
 */
import { DEMO_STRUCTURE } from './demo-organisations.js';
import type { Rng } from './random.js';

export type CareGroupKind =
  | 'medicine'
  | 'surgery'
  | 'women_children'
  | 'clinical_support'
  | 'community'
  | 'mental_health'
  | 'ambulance'
  | 'corporate';

export interface DepartmentKind {
  /** Staff group ids and weights. */
  staff: Readonly<Record<string, number>>;
  /** Relative headcount of one such department. */
  size: number;
  /** Incidents of violence and abuse relative to the average clinical department. */
  incidents: number;
  /** Shift work with unsocial-hours pay. */
  shifts: boolean;
}

export const DEPARTMENT_KINDS = {
  ward: {
    staff: { NM: 46, ACS: 34, MD: 9, AC: 5, AHP: 3, EA: 2, STU: 1 },
    size: 1.2,
    incidents: 1.2,
    shifts: true,
  },
  emergency: {
    staff: { NM: 40, ACS: 20, MD: 25, AC: 10, AHP: 3, EA: 2 },
    size: 2.2,
    incidents: 2.5,
    shifts: true,
  },
  critical: { staff: { NM: 62, ACS: 12, MD: 18, AC: 4, AHP: 4 }, size: 1.5, incidents: 0.8, shifts: true },
  theatres: {
    staff: { NM: 34, ACS: 20, AHP: 16, MD: 22, AC: 5, EA: 3 },
    size: 2.0,
    incidents: 0.3,
    shifts: true,
  },
  specialty: {
    staff: { NM: 30, MD: 26, ACS: 14, AC: 20, AHP: 5, HCS: 5 },
    size: 0.9,
    incidents: 0.5,
    shifts: false,
  },
  maternity: { staff: { NM: 56, ACS: 24, MD: 10, AC: 8, EA: 2 }, size: 1.8, incidents: 0.8, shifts: true },
  paediatric: { staff: { NM: 50, ACS: 20, MD: 18, AC: 8, AHP: 4 }, size: 1.0, incidents: 0.6, shifts: true },
  diagnostics: {
    staff: { AHP: 40, HCS: 12, ACS: 18, AC: 14, MD: 12, NM: 4 },
    size: 1.3,
    incidents: 0.3,
    shifts: false,
  },
  pathology: {
    staff: { HCS: 60, ACS: 14, AC: 14, MD: 8, APST: 4 },
    size: 1.2,
    incidents: 0.05,
    shifts: false,
  },
  pharmacy: { staff: { APST: 68, ACS: 10, AC: 22 }, size: 0.8, incidents: 0.05, shifts: false },
  therapies: { staff: { AHP: 74, ACS: 16, AC: 10 }, size: 0.8, incidents: 0.4, shifts: false },
  community: {
    staff: { NM: 50, ACS: 20, AHP: 14, AC: 12, MD: 3, APST: 1 },
    size: 1.4,
    incidents: 0.6,
    shifts: false,
  },
  mh_ward: {
    staff: { NM: 34, ACS: 46, MD: 8, APST: 5, AC: 4, AHP: 3 },
    size: 1.1,
    incidents: 4.0,
    shifts: true,
  },
  mh_community: {
    staff: { NM: 36, APST: 20, ACS: 14, MD: 10, AC: 12, AHP: 8 },
    size: 1.0,
    incidents: 1.0,
    shifts: false,
  },
  corporate: { staff: { AC: 94, APST: 3, EA: 3 }, size: 0.7, incidents: 0.02, shifts: false },
  estates: { staff: { EA: 86, AC: 14 }, size: 1.8, incidents: 0.2, shifts: true },
  digital: { staff: { AC: 95, APST: 5 }, size: 0.6, incidents: 0.01, shifts: false },
  ambulance_ops: { staff: { AHP: 46, ACS: 42, AC: 7, EA: 5 }, size: 4.0, incidents: 2.0, shifts: true },
  ambulance_control: { staff: { AC: 62, ACS: 24, AHP: 10, NM: 4 }, size: 2.0, incidents: 0.3, shifts: true },
  transport: { staff: { ACS: 70, AC: 15, EA: 15 }, size: 1.5, incidents: 0.3, shifts: true },
} as const satisfies Record<string, DepartmentKind>;

export type DepartmentKindId = keyof typeof DEPARTMENT_KINDS;

export interface Department {
  careGroup: string;
  directorate: string;
  department: string;
  careGroupKind: CareGroupKind;
  kind: DepartmentKindId;
}

/** Department names of the demo structure and the vocabulary, by the words they contain. */
const KIND_BY_WORD: readonly [RegExp, DepartmentKindId][] = [
  [/acute wards|psychiatric intensive|older adult wards|secure wards|camhs inpatient/i, 'mh_ward'],
  [/crisis|mental health team|psychosis|memory|camhs|learning disabilit|talking therap/i, 'mh_community'],
  [/emergency department|same day emergency|urgent treatment|minor injuries/i, 'emergency'],
  [/critical care|intensive care|\bicu\b/i, 'critical'],
  [/theatre|anaesthe/i, 'theatres'],
  [/maternity|midwi|birth|labour|antenatal/i, 'maternity'],
  [/child|neonat|paediatric/i, 'paediatric'],
  [/radiology|imaging|x-ray|ultrasound/i, 'diagnostics'],
  [/pathology|laborator|blood sciences|microbiology/i, 'pathology'],
  [/pharmac/i, 'pharmacy'],
  [/physio|occupational therapy|speech|dietetic|podiatry|therapy/i, 'therapies'],
  [/district nursing|community|rapid response|discharge|sexual health|virtual ward/i, 'community'],
  [/estates|facilities|catering|portering|domestic|fleet/i, 'estates'],
  [/\bit\b|digital|information|analytics|informatics/i, 'digital'],
  [/emergency operations centre|111|control/i, 'ambulance_control'],
  [/sector|hazardous area|operations/i, 'ambulance_ops'],
  [/patient transport/i, 'transport'],
  [
    /human resources|learning and development|equality|financ|people|governance|procurement|communications|secretariat|payroll|recruitment/i,
    'corporate',
  ],
  [
    /cardiology|gastro|urology|gynaecology|oncology|haematology|dermatology|ophthalmology|outpatient|endoscopy|renal|diabetes|neurology|\bent\b|rheumatology|clinic/i,
    'specialty',
  ],
];

export function departmentKind(name: string): DepartmentKindId {
  for (const [pattern, kind] of KIND_BY_WORD) if (pattern.test(name)) return kind;
  return 'ward';
}

const CARE_GROUP_BY_WORD: readonly [RegExp, CareGroupKind][] = [
  [/corporate|support functions|people services|finance/i, 'corporate'],
  [/mental health|forensic|learning disabilit|older people/i, 'mental_health'],
  [/women|children|family/i, 'women_children'],
  [/surgery|surgical|anaesthe|planned care/i, 'surgery'],
  [/clinical support|diagnostic|clinical services|cancer|specialist services/i, 'clinical_support'],
  [/community|integrated care/i, 'community'],
  [/ambulance|operations|urgent care|transport/i, 'ambulance'],
  [/medicine|medical|emergency|unscheduled/i, 'medicine'],
];

export function careGroupKind(name: string): CareGroupKind {
  for (const [pattern, kind] of CARE_GROUP_BY_WORD) if (pattern.test(name)) return kind;
  return 'clinical_support';
}

export type Structure = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export function departmentsOf(structure: Structure): Department[] {
  const out: Department[] = [];
  for (const [careGroup, directorates] of Object.entries(structure))
    for (const [directorate, departments] of Object.entries(directorates))
      for (const department of departments)
        out.push({
          careGroup,
          directorate,
          department,
          careGroupKind: careGroupKind(careGroup),
          kind: departmentKind(department),
        });
  return out;
}

/**
 * The second demo trust: the units the demo creates for it (Adult Mental Health > Inpatient Services >
 * Acute Wards and so on, see src/generator/demo-organisations.ts), each extended with a few more.
 */
export const DCM_STRUCTURE: Structure = {
  'Adult Mental Health': {
    'Inpatient Services': ['Acute Wards', 'Psychiatric Intensive Care Unit'],
    'Community Teams': ['Crisis Team', 'Community Mental Health Team', 'Early Intervention in Psychosis'],
  },
  'Older People’s Mental Health': {
    'Older People’s Services': ['Older Adult Wards', 'Memory Assessment Service'],
  },
  'Community Health Services': {
    'Adult Community Services': ['Community Nursing', 'Community Therapy', 'Virtual Ward'],
    'Specialist Community Services': ['Podiatry', 'Sexual Health'],
  },
  'Children and Young People': {
    CAMHS: ['CAMHS Community', 'CAMHS Inpatient Unit'],
  },
  'Corporate Services': {
    'People Services': ['Human Resources', 'Learning and Development'],
    'Finance and Estates': ['Finance', 'Estates and Facilities'],
    'Digital Services': ['IT Service Desk'],
  },
};

type Template = readonly [
  names: readonly string[],
  directorates: Readonly<Record<string, readonly string[]>>,
];

/** Care groups an acute trust draws from; the first four are always present. */
const ACUTE: readonly Template[] = [
  [
    ['Medicine', 'Division of Medicine', 'Urgent and Emergency Care', 'Medicine and Emergency Care'],
    {
      'Emergency Medicine': ['Emergency Department', 'Same Day Emergency Care', 'Urgent Treatment Centre'],
      'Acute Medicine': ['Acute Medical Unit', 'Ward 10', 'Ward 11', 'Elderly Care'],
      'Specialty Medicine': [
        'Cardiology',
        'Respiratory Medicine',
        'Gastroenterology',
        'Diabetes and Endocrinology',
        'Renal Medicine',
        'Neurology',
      ],
    },
  ],
  [
    ['Surgery', 'Surgery and Critical Care', 'Planned Care', 'Division of Surgery'],
    {
      'General Surgery': ['General Surgery', 'Surgical Assessment Unit', 'Urology', 'ENT Outpatients'],
      'Trauma and Orthopaedics': ['Orthopaedic Ward', 'Fracture Clinic'],
      'Anaesthetics and Theatres': ['Main Theatres', 'Day Surgery Theatres', 'Critical Care Unit'],
      Ophthalmology: ['Eye Clinic'],
    },
  ],
  [
    ['Clinical Support Services', 'Diagnostics and Clinical Support', 'Clinical Services'],
    {
      Imaging: ['Radiology', 'Ultrasound'],
      Pathology: ['Blood Sciences', 'Microbiology'],
      Pharmacy: ['Pharmacy'],
      Therapies: ['Physiotherapy', 'Occupational Therapy', 'Speech and Language Therapy', 'Dietetics'],
    },
  ],
  [
    ['Corporate Services', 'Corporate', 'Trust Support Functions'],
    {
      'People and Organisational Development': [
        'Human Resources',
        'Learning and Development',
        'Recruitment',
        'Payroll',
      ],
      Finance: ['Financial Accounts', 'Procurement'],
      'Estates and Facilities': ['Estates and Facilities', 'Catering', 'Portering and Domestic Services'],
      Digital: ['IT Service Desk', 'Information and Analytics'],
      'Corporate Governance': ['Trust Secretariat', 'Communications'],
    },
  ],
  [
    ['Women and Children', 'Women’s and Children’s Services', 'Family Services'],
    {
      Maternity: ['Maternity', 'Birth Centre', 'Antenatal Clinic'],
      Gynaecology: ['Gynaecology'],
      Paediatrics: ['Children’s Ward', 'Neonatal Unit', 'Children’s Outpatients'],
    },
  ],
  [
    ['Community and Integrated Care', 'Integrated Community Services', 'Community Services'],
    {
      'Community Nursing': ['District Nursing', 'Rapid Response', 'Virtual Ward'],
      'Integrated Discharge': ['Discharge Hub'],
    },
  ],
  [
    ['Cancer and Specialist Services', 'Specialist Services', 'Cancer Services'],
    {
      Oncology: ['Oncology Day Unit', 'Oncology Ward'],
      Haematology: ['Haematology Clinic'],
      Dermatology: ['Dermatology Outpatients'],
    },
  ],
];

const MENTAL_HEALTH_COMMUNITY: readonly Template[] = [
  [
    ['Adult Mental Health', 'Adult Mental Health Services', 'Mental Health Services for Adults'],
    {
      'Inpatient Services': ['Acute Wards', 'Psychiatric Intensive Care Unit'],
      'Community Teams': [
        'Crisis Team',
        'Community Mental Health Team',
        'Early Intervention in Psychosis',
        'Talking Therapies',
      ],
    },
  ],
  [
    ['Community Health Services', 'Community Services', 'Integrated Community Care'],
    {
      'Adult Community Services': ['Community Nursing', 'Community Therapy', 'Virtual Ward'],
      'Specialist Community Services': ['Podiatry', 'Sexual Health', 'Speech and Language Therapy'],
    },
  ],
  [
    ['Corporate Services', 'Corporate', 'Corporate Support Services'],
    {
      'People Services': ['Human Resources', 'Learning and Development', 'Recruitment'],
      'Finance and Estates': ['Finance', 'Estates and Facilities'],
      'Digital Services': ['IT Service Desk', 'Information and Analytics'],
    },
  ],
  [
    ['Older People’s Mental Health', 'Older People’s Services'],
    { 'Older People’s Services': ['Older Adult Wards', 'Memory Assessment Service'] },
  ],
  [
    ['Children and Young People', 'CAMHS and Family Services'],
    {
      CAMHS: ['CAMHS Community', 'CAMHS Inpatient Unit'],
      'Health Visiting': ['Health Visiting Community Team'],
    },
  ],
  [
    ['Forensic and Specialist Services', 'Forensic Services'],
    {
      'Secure Services': ['Medium Secure Wards', 'Low Secure Wards'],
      'Learning Disabilities': ['Learning Disabilities Community Team'],
    },
  ],
];

const AMBULANCE: readonly Template[] = [
  [
    ['Operations', 'Ambulance Operations', 'Ambulance Service Delivery'],
    {
      'Emergency Operations': [
        'North Sector Operations',
        'South Sector Operations',
        'East Sector Operations',
        'West Sector Operations',
      ],
      'Specialist Operations': ['Hazardous Area Response Team'],
    },
  ],
  [
    ['Integrated Urgent Care', 'Urgent Care and Control'],
    {
      'Emergency Operations Centre': ['Emergency Operations Centre', 'Clinical Control Hub'],
      'NHS 111': ['NHS 111 Call Centre'],
    },
  ],
  [['Patient Transport Services', 'Non-Emergency Transport'], { 'Patient Transport': ['Patient Transport'] }],
  [
    ['Corporate Services', 'Corporate'],
    {
      'People Services': ['Human Resources', 'Learning and Development'],
      'Finance and Fleet': ['Finance', 'Fleet Workshops'],
      'Digital Services': ['IT Service Desk'],
    },
  ],
];

export type TrustKind = 'acute' | 'mental_health_community' | 'ambulance';

/** A generated structure: always the first templates, then a seeded choice of the others and of their units. */
export function generatedStructure(rng: Rng, kind: TrustKind): Structure {
  const templates = kind === 'acute' ? ACUTE : kind === 'ambulance' ? AMBULANCE : MENTAL_HEALTH_COMMUNITY;
  const always = kind === 'acute' ? 4 : 3;
  const out: Record<string, Record<string, string[]>> = {};
  templates.forEach(([names, directorates], i) => {
    if (i >= always && !rng.chance(0.6)) return;
    const name = rng.pick(names);
    const chosen: Record<string, string[]> = {};
    for (const [directorate, departments] of Object.entries(directorates)) {
      const kept = departments.filter((_d, j) => j === 0 || rng.chance(0.75));
      if (Object.keys(chosen).length === 0 || rng.chance(0.85)) chosen[directorate] = kept;
    }
    out[name] = chosen;
  });
  return out;
}

export { DEMO_STRUCTURE };
