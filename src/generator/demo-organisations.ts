/**
 * The demo organisations: a fictional ICB with two trusts, and the care group > directorate > department
 * structure of the main one. The generator writes their data; the demo (src/features/demo) creates them.
 */
export const DEMO_TRUST = { odsCode: 'DHF', name: 'Demo Hospitals NHS Foundation Trust' } as const;
export const DEMO_SECOND_TRUST = {
  odsCode: 'DCM',
  name: 'Demo Community and Mental Health NHS Trust',
} as const;
export const DEMO_ICB = { odsCode: 'DIC', name: 'Demo Integrated Care Board' } as const;

/** Care group > directorate > departments of the demo trust. */
export const DEMO_STRUCTURE: Record<string, Record<string, string[]>> = {
  'Medicine and Emergency Care': {
    'Emergency Medicine': ['Emergency Department', 'Same Day Emergency Care'],
    'Acute and General Medicine': ['Acute Medical Unit', 'Respiratory Medicine', 'Elderly Care'],
    'Specialist Medicine': ['Cardiology', 'Gastroenterology'],
  },
  'Surgery and Anaesthetics': {
    'General and Specialist Surgery': ['General Surgery', 'Urology', 'Trauma and Orthopaedics'],
    'Anaesthetics and Critical Care': ['Theatres', 'Critical Care Unit'],
  },
  'Women and Children': {
    'Maternity and Gynaecology': ['Maternity', 'Gynaecology'],
    Paediatrics: ['Children’s Ward', 'Neonatal Unit'],
  },
  'Clinical Support Services': {
    'Diagnostics and Imaging': ['Radiology', 'Pathology'],
    'Pharmacy and Therapies': ['Pharmacy', 'Physiotherapy', 'Occupational Therapy'],
  },
  'Community and Integrated Care': {
    'Community Nursing': ['District Nursing', 'Rapid Response'],
    'Integrated Discharge': ['Discharge Hub'],
  },
  'Corporate Services': {
    'People and Organisational Development': [
      'Human Resources',
      'Learning and Development',
      'Equality, Diversity and Inclusion',
    ],
    'Finance and Estates': ['Finance', 'Estates and Facilities'],
    'Digital Services': ['IT Service Desk', 'Information and Analytics'],
  },
};
