/** A loaded file's own declaration counts, as the Data page and `parity import` word them. */
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../engine/settings.js';
import { fileDeclaration } from './declaration.js';

const { settings } = resolveSettings({});

describe('fileDeclaration', () => {
  it('counts a case log’s blanks apart, as taken from the workforce record, not as recorded or not known', () => {
    // 8 cases: ethnicity 5 blank, 1 not known (99), 1 not stated (Z), 1 recorded; disability 4 blank,
    // 1 not declared, 3 recorded.
    const d = fileDeclaration(
      {
        total: 8,
        ethnicityNotStated: 1,
        ethnicityNotKnown: 1,
        disabilityUnknown: 1,
        ethnicityFromWorkforce: 5,
        disabilityFromWorkforce: 4,
      },
      settings,
      'records',
    );
    expect(d).toEqual({
      people: '8',
      noun: 'records',
      ethnicity: '1 (12.5%; 1 chose not to say, 1 not known, 5 blank and taken from the workforce record)',
      disability: '3 (37.5%; 1 not declared or not known, 4 blank and taken from the workforce record)',
    });
  });

  it('words counts kept before blanks were counted apart as it always did', () => {
    const d = fileDeclaration(
      { total: 2400, ethnicityNotStated: 55, ethnicityNotKnown: 39, disabilityUnknown: 384 },
      settings,
    );
    expect(d.ethnicity).toBe('2,306 (96.1%; 55 chose not to say, 39 not known)');
    expect(d.disability).toBe('2,016 (84.0%; 384 not declared or not known)');
    expect(d.noun).toBe('people');
  });
});
