import {
  dateField,
  disabilityField,
  ethnicityField,
  gradeFields,
  sexField,
  staffGroupField,
  staffNumber,
  text,
  unitFields,
  yesNo,
} from './common.js';
import type { DatasetSpec } from './types.js';

/**
 * Interview panels, one row per panel member per vacancy and interview date: the long layout a recruitment
 * system's panel report (Trac, Jobtrain) can give, and the one that holds any number of members and each
 * member's own training and independence. An export with one row per panel and members in columns is
 * reshaped to it before loading. A member is named by staff number (linking them to ESR, for their
 * characteristics) or by the system's own id (a member from outside the trust has no staff number); both
 * are pseudonymised. The header names below are common spellings, not a vendor's checked layout.
 */
export const PANELS: DatasetSpec = {
  id: 'panels',
  title: 'Interview panel members',
  description:
    'One row per member of each interview panel: the vacancy, the interview date, the post’s band and unit, the member (staff number or the recruitment system’s id), whether they are independent of the recruiting area and whether they have completed recruitment and selection training. A panel is a vacancy and an interview date; its rows must give the same band and unit. The panel local metrics count panels for posts at Band 8a and above with a trained, an independent and an ethnic minority member. Band and unit may be left out when the recruitment data give them for the vacancy; the member’s characteristics when ESR gives them for the staff number.',
  kind: 'events',
  dateField: 'interview_date',
  fields: [
    {
      key: 'vacancy_id',
      label: 'Vacancy ID',
      type: 'identifier',
      required: true,
      description:
        'The vacancy the panel interviewed for, as in the recruitment export (it links the panel to the vacancy’s band and unit there).',
      accepted: 'Any text or number; the same reference as the recruitment export.',
      example: '301-MED-1234',
      synonyms: [
        'Vacancy ID',
        'Vacancy Reference',
        'Vacancy Number',
        'Vacancy Ref',
        'Job Reference',
        'Job Ref',
        'Advert Reference',
      ],
    },
    dateField(
      'interview_date',
      'Interview date',
      true,
      'The day the panel interviewed; decides which period the import covers and whether a member’s training came before it.',
      ['Interview Date', 'Date of Interview', 'Interview Day', 'Panel Date', 'Interview Start Date'],
    ),
    ...gradeFields().map((f) => ({ ...f, required: false })),
    { ...staffGroupField(false) },
    ...unitFields(false),
    {
      ...staffNumber(
        false,
        'The panel member’s staff (ESR employee) number; their characteristics come from the workforce record when the row has none.',
      ),
      required: { oneOf: 'member' },
      synonyms: [
        'Panel Member Staff Number',
        'Panel Member Employee Number',
        'Interviewer Staff Number',
        'Employee Number',
        'Staff Number',
        'Staff No',
        'ESR Number',
        'Assignment Person Number',
      ],
    },
    {
      key: 'member_id',
      label: 'Panel member ID',
      type: 'identifier',
      required: { oneOf: 'member' },
      pseudonymise: true,
      description:
        'The recruitment system’s id of the panel member (a user id or an email address), for members without a staff number such as a stakeholder or a member from another trust. Replaced on the way in by a keyed hash.',
      accepted: 'Any text or number; the same id for the same person.',
      example: 'U-20931',
      synonyms: [
        'Panel Member ID',
        'Panel Member',
        'Panellist ID',
        'Panelist ID',
        'Interviewer ID',
        'Interviewer',
      ],
    },
    text(
      'role',
      'Panel role',
      false,
      'The member’s role on the panel (chair, member, independent, stakeholder).',
      ['Panel Role', 'Role on Panel', 'Panel Member Role', 'Interviewer Role'],
      'Chair',
    ),
    yesNo(
      'independent',
      'Independent member',
      false,
      'Whether the member is independent of the recruiting area: from outside the department or care group recruiting, or from outside the trust. Blank counts as not independent.',
      [
        'Independent',
        'Independent Member',
        'Independent Panel Member',
        'Independent (Y/N)',
        'External to Department',
        'From Outside Care Group',
      ],
      'No',
    ),
    yesNo(
      'rs_trained',
      'Recruitment and selection trained',
      false,
      'Whether the member has completed the trust’s recruitment and selection training. Blank with a training date reads as yes; blank without one as not trained.',
      [
        'R&S Trained',
        'R&S Training Completed',
        'Recruitment and Selection Trained',
        'Recruitment and Selection Training',
        'Recruitment Training Completed',
        'Recruitment Trained',
      ],
    ),
    dateField(
      'rs_training_date',
      'Recruitment and selection training date',
      false,
      'When the member completed recruitment and selection training; training completed after the interview does not count for that panel.',
      [
        'R&S Training Date',
        'Recruitment Training Date',
        'Recruitment and Selection Training Date',
        'R&S Training Completed Date',
        'Date Trained',
      ],
      '2023-09-12',
    ),
    ethnicityField(false, 'panel member', 'fromWorkforce'),
    disabilityField(false, 'panel member', 'fromWorkforce'),
    sexField(false, 'fromWorkforce'),
  ],
};
