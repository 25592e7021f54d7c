import { describe, expect, it } from 'vitest';
import {
  columnOf,
  decodeEscapes,
  isBuiltInDateFormat,
  isDateFormat,
  normaliseIsoDate,
  serialToIso,
} from './cells.js';

describe('Excel date serials', () => {
  it.each([
    [45382, '2024-03-31'],
    [45382.5, '2024-03-31T12:00:00'],
    [45382.545219907406, '2024-03-31T13:05:07'],
    [45382.99999999, '2024-04-01'], // rounds to the next midnight
    [1, '1900-01-01'], // ESR's placeholder date
    [59, '1900-02-28'],
    [60, '1900-02-29'], // Excel's phantom leap day, left for validation to reject
    [61, '1900-03-01'],
    [2_958_465, '9999-12-31'],
  ])('%d is %s', (serial, iso) => {
    expect(serialToIso(serial, false)).toBe(iso);
  });

  it('counts from 1904 when the workbook says so', () => {
    expect(serialToIso(0, true)).toBe('1904-01-01');
    expect(serialToIso(43844, true)).toBe('2024-01-15');
  });

  it('leaves numbers outside Excel dates alone', () => {
    expect(serialToIso(-1, false)).toBeNull();
    expect(serialToIso(2_958_466, false)).toBeNull();
    expect(serialToIso(Number.NaN, false)).toBeNull();
  });

  it('normalises ISO text dates written by other tools', () => {
    expect(normaliseIsoDate('2024-03-31T00:00:00Z')).toBe('2024-03-31');
    expect(normaliseIsoDate('2024-03-31T09:30:00.000')).toBe('2024-03-31T09:30:00');
    expect(normaliseIsoDate('2024-03-31T09:30')).toBe('2024-03-31T09:30:00');
    expect(normaliseIsoDate('not a date')).toBe('not a date');
  });
});

describe('number formats', () => {
  it.each([
    'dd/mm/yyyy',
    'd-mmm-yy',
    'yyyy-mm-dd hh:mm:ss',
    '[$-F800]dddd, mmmm dd, yyyy',
    'h:mm AM/PM',
    '[h]:mm',
  ])('%s is a date or time', (code) => {
    expect(isDateFormat(code)).toBe(true);
  });

  it.each([
    'General',
    '0.00',
    '#,##0',
    '[Red]-0.00',
    '"Band "0',
    '0" days"',
    '[$£-809]#,##0.00',
    '@',
    '0;[Red]-0',
  ])('%s is not', (code) => {
    expect(isDateFormat(code)).toBe(false);
  });

  it('knows the built-in date formats', () => {
    expect([14, 15, 22, 45].every(isBuiltInDateFormat)).toBe(true);
    expect([0, 1, 2, 9, 49].some(isBuiltInDateFormat)).toBe(false);
  });
});

describe('cell references and escapes', () => {
  it('reads column letters', () => {
    expect(columnOf('A1')).toBe(1);
    expect(columnOf('z9')).toBe(26);
    expect(columnOf('AB12')).toBe(28);
    expect(columnOf('XFD1048576')).toBe(16_384);
    expect(columnOf('12')).toBeNull();
  });

  it('decodes _xHHHH_ escapes, keeping an escaped underscore literal', () => {
    expect(decodeEscapes('line_x000D_\nnext')).toBe('line\r\nnext');
    expect(decodeEscapes('ref_x005F_x0041_')).toBe('ref_x0041_');
    expect(decodeEscapes('plain_text')).toBe('plain_text');
  });

  it('decodes an escaped surrogate pair to its character, and half of one to U+FFFD', () => {
    expect(decodeEscapes('_xD83D__xDE00_')).toBe('😀');
    expect(decodeEscapes('a_xD800_b')).toBe('a\ufffdb');
    expect(decodeEscapes('_xDE00__xD83D_')).toBe('\ufffd\ufffd');
  });
});
