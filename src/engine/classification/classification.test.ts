import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_SETTINGS } from '../settings.js';
import {
  closest,
  deriveGrade,
  epgGroup,
  ethnicityDeclared,
  ethnicityLabel,
  isClinical,
  onsBroadGroup,
  parseAfcBand,
  parseCaseType,
  parseContract,
  parseDisability,
  parseEthnicity,
  parseMedicalGrade,
  parseSex,
  parseStaffGroup,
  wdesCluster,
  wdesGroup,
  wresGroup,
} from './index.js';

const whiteBritish = CLASSIFICATION_SETTINGS['ethnicity.whiteBritishCodes'].default;
const value = <T>(p: { ok: true; value: T } | { ok: false; suggestions: string[] }): T => {
  if (!p.ok) throw new Error(`not parsed; suggestions ${p.suggestions.join(', ')}`);
  return p.value;
};

describe('ethnicity', () => {
  it.each([
    ['A White - British', 'A'],
    ['C2 White Northern Irish', 'C2'],
    ['CA White English', 'CA'],
    ['CP White Polish', 'CP'],
    ['LH Asian British', 'LH'],
    ['PD Black British', 'PD'],
    ['N Black or Black British - African', 'N'],
    ['Z Not Stated', 'Z'],
    ['Not stated', 'Z'],
    ['Prefer not to say', 'Z'],
    ['99', '99'],
    ['Unspecified', '99'],
    ['Undefined', '99'],
    ['', '99'],
    ['  ', '99'],
    ['H', 'H'],
    ['a', 'A'],
    ['White British', 'A'],
    ['White - Irish', 'B'],
    ['Black African', 'N'],
    ['Asian or Asian British: Indian', 'H'],
    ['White: English, Welsh, Scottish, Northern Irish or British', 'A'],
    ['Gypsy or Irish Traveller', 'CL'],
    ['Chinese', 'R'],
    ['Any other ethnic group', 'S'],
    ['A9 Local sub-category', 'A9'],
  ])('reads %j as %s', (raw, code) => {
    expect(value(parseEthnicity(raw))).toBe(code);
  });

  it('never guesses: an unknown value comes back with the closest known values', () => {
    const r = parseEthnicity('Whte Britsh');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestions[0]).toBe('A White - British');
    const i = parseEthnicity('I Indian');
    expect(i.ok).toBe(false); // I is not a national code
    expect(parseEthnicity('Martian').ok).toBe(false);
  });

  it('groups for WRES: White is A, B and every C, BME is D to S, unknown is its own group', () => {
    expect(['A', 'B', 'C', 'C2', 'CA', 'CL', 'CN', 'CP'].map(wresGroup)).toEqual(Array(8).fill('WHITE'));
    expect(['D', 'G', 'GA', 'H', 'LH', 'N', 'PD', 'R', 'S', 'SA'].map(wresGroup)).toEqual(
      Array(10).fill('BME'),
    );
    expect(['Z', '99'].map(wresGroup)).toEqual(['UNKNOWN', 'UNKNOWN']);
  });

  it('groups for the ethnicity pay gap with the configurable White British codes', () => {
    expect(epgGroup('A', whiteBritish)).toBe('WHITE_BRITISH');
    expect(epgGroup('CA', whiteBritish)).toBe('WHITE_BRITISH');
    expect(epgGroup('C2', whiteBritish)).toBe('WHITE_BRITISH');
    expect(epgGroup('B', whiteBritish)).toBe('ETHNIC_MINORITY');
    expect(epgGroup('CL', whiteBritish)).toBe('ETHNIC_MINORITY');
    expect(epgGroup('CA', ['A'])).toBe('ETHNIC_MINORITY');
    expect(epgGroup('Z', whiteBritish)).toBe('UNKNOWN');
    // A local sub-category of A is White British; a national sub-code of C is not unless listed.
    expect(epgGroup('A9', whiteBritish)).toBe('WHITE_BRITISH');
    expect(epgGroup('CP', [...whiteBritish, 'C'])).toBe('ETHNIC_MINORITY');
  });

  it('groups into ONS broad groups, with Chinese where the setting says', () => {
    expect(['CP', 'GD', 'LB', 'PC', 'S'].map((c) => onsBroadGroup(c, 'ASIAN'))).toEqual([
      'WHITE',
      'MIXED',
      'ASIAN',
      'BLACK',
      'OTHER',
    ]);
    expect(onsBroadGroup('R', 'ASIAN')).toBe('ASIAN');
    expect(onsBroadGroup('R', 'OTHER')).toBe('OTHER');
    expect(onsBroadGroup('99', 'ASIAN')).toBe('UNKNOWN');
  });

  it('labels codes and knows what counts as declared', () => {
    expect(ethnicityLabel('C2')).toBe('Northern Irish');
    expect(ethnicityLabel('H')).toBe('Asian or Asian British - Indian');
    expect(ethnicityLabel('A9')).toBe('White - British');
    expect(ethnicityDeclared('Z')).toBe(false);
    expect(ethnicityDeclared('CA')).toBe(true);
  });
});

describe('disability and sex', () => {
  it.each([
    ['Yes', 'Y'],
    ['Y', 'Y'],
    ['Disabled', 'Y'],
    ['No', 'N'],
    ['Not disabled', 'N'],
    ['Non-disabled', 'N'],
    ['Not Declared', 'U'],
    ['Prefer not to answer', 'U'],
    ['Unspecified', 'U'],
    ['', 'U'],
    ['I do not wish to disclose whether or not I have a disability', 'U'],
  ])('reads disability %j as %s', (raw, code) => {
    expect(value(parseDisability(raw))).toBe(code);
  });

  it('groups disability for WDES and suggests for unknown values', () => {
    expect((['Y', 'N', 'U'] as const).map(wdesGroup)).toEqual(['DISABLED', 'NON_DISABLED', 'UNKNOWN']);
    const r = parseDisability('Yess');
    expect(r.ok ? null : r.suggestions[0]).toBe('Yes');
  });

  it('reads sex', () => {
    expect(
      ['Female', 'F', 'Male', 'm', 'Unknown', '', 'Indeterminate'].map((s) => value(parseSex(s))),
    ).toEqual(['F', 'F', 'M', 'M', 'U', 'U', 'X']);
    expect(parseSex('Mael').ok).toBe(false);
  });
});

describe('grades', () => {
  it.each([
    ['Band 8a', 'AFC_8A'],
    ['8A', 'AFC_8A'],
    ['AfC Band 8 Range A', 'AFC_8A'],
    ['Band 8 - Range C', 'AFC_8C'],
    ['band 8d', 'AFC_8D'],
    ['Band 5', 'AFC_5'],
    ['5', 'AFC_5'],
    ['B3', 'AFC_3'],
    ['Review Body Band 9', 'AFC_9'],
    ['Agenda for Change Band 1', 'AFC_1'],
    ['Under Band 1', 'AFC_U1'],
  ])('reads AfC band %j as %s', (raw, code) => {
    expect(parseAfcBand(raw)).toBe(code);
  });

  it('refuses band text that is not a band', () => {
    expect(parseAfcBand('Band 8')).toBeNull();
    expect(parseAfcBand('Band 5a')).toBeNull();
    expect(parseAfcBand('Band 10')).toBeNull();
  });

  it.each([
    ['Consultant', 'MED_CONSULTANT'],
    ['Dental Surgeon acting as Hospital Consultant', 'MED_CONSULTANT'],
    ['Specialty Doctor', 'MED_CAREER'],
    ['Associate Specialist', 'MED_CAREER'],
    ['Staff Grade', 'MED_CAREER'],
    ['Specialist', 'MED_CAREER'],
    ['Foundation Year 1', 'MED_TRAINEE'],
    ['FY2', 'MED_TRAINEE'],
    ['Specialty Registrar', 'MED_TRAINEE'],
    ['Specialist Registrar', 'MED_TRAINEE'],
    ['Core Trainee', 'MED_TRAINEE'],
    ['ST3', 'MED_TRAINEE'],
    ['Senior House Officer', 'MED_TRAINEE'],
  ])('places medical grade %j in %s', (raw, code) => {
    expect(parseMedicalGrade(raw)).toBe(code);
  });

  it('derives the grade from pay band, grade text and staff group', () => {
    expect(value(deriveGrade({ payBand: 'Band 6', grade: 'Staff Nurse' }))).toBe('AFC_6');
    expect(value(deriveGrade({ payBand: 'Medical and Dental', grade: 'Consultant' }))).toBe('MED_CONSULTANT');
    expect(value(deriveGrade({ payBand: '', grade: 'Specialty Registrar', medical: true }))).toBe(
      'MED_TRAINEE',
    );
    expect(value(deriveGrade({ payBand: 'Medical and Dental', grade: 'Locum appointment' }))).toBe(
      'MED_OTHER',
    );
    expect(value(deriveGrade({ payBand: 'VSM', grade: 'Director of Finance' }))).toBe('VSM');
    expect(value(deriveGrade({ payBand: 'Very Senior Manager' }))).toBe('VSM');
    expect(value(deriveGrade({ payBand: 'Non-Executive Director' }))).toBe('NON_EXEC');
    expect(value(deriveGrade({ payBand: 'Local Pay' }))).toBe('NON_AFC');
    expect(value(deriveGrade({}))).toBeNull();
    // A recruitment export often gives the medical grade in its band column.
    expect(value(deriveGrade({ payBand: 'Consultant' }))).toBe('MED_CONSULTANT');
    const bad = deriveGrade({ payBand: 'Bnad 7' });
    expect(bad.ok ? null : bad.suggestions).toContain('Band 7');
  });

  it('places grades in the WDES metric 1 clusters', () => {
    expect(
      (
        [
          'AFC_U1',
          'AFC_4',
          'AFC_5',
          'AFC_7',
          'AFC_8A',
          'AFC_8B',
          'AFC_8C',
          'AFC_9',
          'VSM',
          'MED_CONSULTANT',
          'MED_CAREER',
          'MED_TRAINEE',
          'MED_OTHER',
          'NON_AFC',
          null,
        ] as const
      ).map(wdesCluster),
    ).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 6, 7, null, null, null]);
  });
});

describe('staff groups, contracts and case types', () => {
  it('reads ESR staff groups, including their abbreviations', () => {
    expect(value(parseStaffGroup('Add Prof Scientific and Technic'))).toBe('ADD_PROF_SCI_TECH');
    expect(value(parseStaffGroup('Nursing and Midwifery Registered'))).toBe('NURSING_MIDWIFERY');
    expect(value(parseStaffGroup('Administrative and Clerical'))).toBe('ADMIN_CLERICAL');
    expect(value(parseStaffGroup(''))).toBeNull();
    expect(parseStaffGroup('Nursing Midwifery Registerd').ok).toBe(false);
  });

  it('splits clinical and non-clinical by the configured staff groups', () => {
    const nonClinical = CLASSIFICATION_SETTINGS['workforce.nonClinicalStaffGroups'].default;
    expect(isClinical('ADMIN_CLERICAL', nonClinical)).toBe(false);
    expect(isClinical('ESTATES_ANCILLARY', nonClinical)).toBe(false);
    expect(isClinical('ADD_CLINICAL', nonClinical)).toBe(true);
    expect(isClinical('STUDENTS', nonClinical)).toBe(true);
    expect(isClinical(null, nonClinical)).toBeNull();
  });

  it('reads contract types and case types', () => {
    expect(
      ['Permanent', 'Fixed Term Temp', 'Bank', 'Honorary', ''].map((c) => value(parseContract(c))),
    ).toEqual(['permanent', 'fixed_term', 'bank', 'honorary', 'permanent']);
    expect(
      [
        'Disciplinary',
        'Capability - Performance',
        'Ill health capability',
        'Grievance',
        'Bullying and harassment',
      ].map((c) => value(parseCaseType(c))),
    ).toEqual([
      'disciplinary',
      'capability_performance',
      'capability_ill_health',
      'grievance',
      'dignity_at_work',
    ]);
    expect(parseCaseType('Disiplinary').ok).toBe(false);
  });

  it('suggests the nearest values, best first', () => {
    expect(closest('Permenant', ['Permanent', 'Bank', 'Locum'])).toEqual(['Permanent']);
    expect(closest('', ['Permanent'])).toEqual([]);
  });

  it('makes no guess from text far longer than every known value', () => {
    // A paragraph in a code column (a shifted column, a pasted note) names no code, even if it mentions one;
    // and a megabyte-long cell is not compared letter by letter with every known value.
    expect(closest(`White British staff ${'and more words '.repeat(20)}`, ['White British', 'Bank'])).toEqual(
      [],
    );
    expect(closest('White Britsh', ['White British', 'Bank'])).toEqual(['White British']);
  });
});
