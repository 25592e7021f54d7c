import { describe, expect, it } from 'vitest';
import { parseProtected, protectedDeclared, protectedGroups, protectedLabel } from './protected.js';

const value = (p: { ok: true; value: string } | { ok: false; suggestions: string[] }): string => {
  if (!p.ok) throw new Error(`not parsed; suggestions ${p.suggestions.join(', ')}`);
  return p.value;
};

describe('the other protected characteristics', () => {
  it.each([
    ['sexualOrientation', 'Heterosexual or Straight', 'HETEROSEXUAL'],
    ['sexualOrientation', 'Gay or Lesbian', 'GAY_LESBIAN'],
    ['sexualOrientation', '3', 'BISEXUAL'],
    ['sexualOrientation', 'Other sexual orientation not listed', 'OTHER'],
    ['sexualOrientation', 'Undecided', 'UNDECIDED'],
    ['sexualOrientation', 'Not stated (person asked but declined to provide a response)', 'NOT_STATED'],
    ['sexualOrientation', 'Unspecified', 'UNKNOWN'],
    ['sexualOrientation', '', 'UNKNOWN'],
    ['religion', 'Christianity', 'CHRISTIANITY'],
    ['religion', 'Muslim', 'ISLAM'],
    ['religion', 'I do not wish to disclose my religion/belief', 'NOT_STATED'],
    ['religion', 'Unspecified', 'UNKNOWN'],
    ['genderIdentity', 'Yes', 'SAME_AS_BIRTH'],
    ['genderIdentity', 'No', 'DIFFERENT_FROM_BIRTH'],
    ['genderIdentity', 'Prefer not to say', 'NOT_STATED'],
    ['maritalStatus', 'Legally Separated', 'SEPARATED'],
    ['maritalStatus', 'Civil Partnership', 'CIVIL_PARTNERSHIP'],
    ['maritalStatus', 'Not Disclosed', 'NOT_STATED'],
    ['maritalStatus', 'Unknown', 'UNKNOWN'],
    ['pregnancyMaternity', 'Maternity leave', 'PREGNANT_OR_MATERNITY'],
    ['pregnancyMaternity', 'No', 'NOT_PREGNANT_OR_MATERNITY'],
    ['religion', 'NOT_STATED', 'NOT_STATED'],
  ] as const)('reads %s %j as %s', (field, raw, code) => {
    expect(value(parseProtected(field, raw))).toBe(code);
  });

  it('refuses an unknown value with suggestions', () => {
    const p = parseProtected('religion', 'Christianty');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.suggestions).toContain('Christianity');
  });

  it('keeps prefer not to say apart from not recorded, last, and neither declared', () => {
    for (const field of ['sexualOrientation', 'religion', 'genderIdentity', 'maritalStatus'] as const) {
      const groups = protectedGroups(field);
      expect(groups.slice(-2)).toEqual(['NOT_STATED', 'UNKNOWN']);
      expect(protectedLabel(field, 'NOT_STATED')).toBe('Prefer not to say');
      expect(protectedLabel(field, 'UNKNOWN')).toBe('Not recorded');
    }
    expect(protectedDeclared('NOT_STATED')).toBe(false);
    expect(protectedDeclared('UNKNOWN')).toBe(false);
    expect(protectedDeclared('BISEXUAL')).toBe(true);
  });
});
