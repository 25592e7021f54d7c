import { describe, expect, it } from 'vitest';
import { clip, readBoolean, readDate, readInteger, readNumber, readPath } from './values.js';

const ok = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('reading cells', () => {
  it.each([
    ['2024-03-31', '2024-03-31'],
    ['2024-3-1', '2024-03-01'],
    ['2024-03-31T00:00:00', '2024-03-31'],
    ['2024-03-31 13:45', '2024-03-31'],
    ['31/03/2024', '2024-03-31'],
    ['1/4/2024', '2024-04-01'],
    ['31-03-2024', '2024-03-31'],
    ['31.03.2024', '2024-03-31'],
    ['31/03/24', '2024-03-31'],
    ['31-Mar-2024', '2024-03-31'],
    ['31 March 2024', '2024-03-31'],
    ['1 sept 2023', '2023-09-01'],
    ['', null],
  ])('reads the date %j', (text, iso) => {
    expect(ok(readDate(text))).toBe(iso);
  });

  it('reads spreadsheet serial dates', () => {
    expect(ok(readDate(45382))).toBe('2024-03-31');
    expect(ok(readDate(1))).toBe('1899-12-31');
  });

  it('refuses impossible and month-first dates with a reason', () => {
    for (const bad of ['2024-02-30', '31/02/2024', '13/13/2024', 'March', '2024/13/01', '31-Foo-2024'])
      expect(readDate(bad).ok, bad).toBe(false);
    const us = readDate('03/31/2024');
    expect(us.ok ? null : us.message).toContain('month-first');
  });

  it('reads amounts with pounds, commas and spaces', () => {
    expect(ok(readNumber('£2,500.00'))).toBe(2500);
    expect(ok(readNumber(' 0.8 '))).toBe(0.8);
    expect(ok(readNumber('1 234'))).toBe(1234);
    expect(ok(readNumber(37.5))).toBe(37.5);
    expect(ok(readNumber(''))).toBeNull();
    expect(readNumber('12a').ok).toBe(false);
    expect(readNumber('1,23').ok).toBe(false);
    expect(ok(readInteger('42'))).toBe(42);
    expect(readInteger('42.5').ok).toBe(false);
  });

  it('reads yes and no in the words extracts use', () => {
    expect(
      ['Yes', 'y', 'TRUE', '1', 'Formal', 'Primary', 'Shortlisted', 'Executive'].map((t) =>
        ok(readBoolean(t)),
      ),
    ).toEqual(Array(8).fill(true));
    expect(
      ['No', 'n', 'false', '0', 'Informal', 'Secondary', 'Non-Executive', 'Not shortlisted'].map((t) =>
        ok(readBoolean(t)),
      ),
    ).toEqual(Array(8).fill(false));
    expect(ok(readBoolean(''))).toBeNull();
    expect(ok(readBoolean(true))).toBe(true);
    expect(readBoolean('perhaps').ok).toBe(false);
  });

  it('splits organisation paths on the usual separators', () => {
    expect(readPath('Medicine > Emergency > ED')).toEqual(['Medicine', 'Emergency', 'ED']);
    expect(readPath('Medicine|Emergency')).toEqual(['Medicine', 'Emergency']);
    expect(readPath(' Surgery / Theatres ')).toEqual(['Surgery', 'Theatres']);
    expect(readPath('')).toEqual([]);
  });

  it('cuts text to a length without cutting a character in half', () => {
    expect(clip('abcdef', 4)).toBe('abcd');
    expect(clip('abc', 4)).toBe('abc');
    expect(clip('abc😀def', 4)).toBe('abc');
    expect(clip('abc😀def', 5)).toBe('abc😀');
  });
});
