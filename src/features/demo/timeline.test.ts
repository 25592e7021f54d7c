/** The demo's calendar: its years from the day, its stories' dates moved to them, its plans' dates by rule. */
import { describe, expect, it } from 'vitest';
import { nthWeekday, planMilestoneDates } from '../plans/demo-plans.js';
import { demoTimeline, demoYears, onWeekday, shiftDate, shiftText, storyDate } from './timeline.js';

describe('the demo timeline', () => {
  it('takes the last complete reporting year on the day, and refuses a day that is not a date', () => {
    expect(demoYears('2024-12-31')).toEqual([2022, 2023, 2024]);
    expect(demoYears('2027-03-31')).toEqual([2024, 2025, 2026]);
    expect(demoYears('2027-04-01')).toEqual([2025, 2026, 2027]);
    expect(demoTimeline('2024-12-31').shift).toBe(0);
    expect(() => demoTimeline('2026-02-30')).toThrow('YYYY-MM-DD');
  });

  it('moves dates and words by whole years, keeping weekends and 29 February in order', () => {
    expect(shiftDate('2024-02-29', 1)).toBe('2025-02-28');
    expect(shiftDate('2024-02-29', 4)).toBe('2028-02-29');
    expect(onWeekday('2026-10-31')).toBe('2026-10-30'); // a Saturday
    expect(onWeekday('2026-11-01')).toBe('2026-10-30'); // a Sunday
    expect(onWeekday('2026-11-03')).toBe('2026-11-03');
    expect(storyDate('2024-12-13', demoTimeline('2026-12-06'), true)).toBe('2026-12-11'); // a Sunday
    expect(shiftText('Q1 2024/25 to Q4 2024/25; from April 2025', 2)).toBe(
      'Q1 2026/27 to Q4 2026/27; from April 2027',
    );
    expect(shiftText('Q4 2099/00', 1)).toBe('Q4 2100/01');
  });

  it('dates the plans by rule, as the demo always had them for 2023/24 and 2024/25', () => {
    expect(planMilestoneDates(2023)).toEqual({
      endorsedOn: '2023-09-13',
      approvedOn: '2023-10-26',
      publishedOn: '2023-10-31',
    });
    expect(planMilestoneDates(2024)).toEqual({
      endorsedOn: '2024-09-11',
      approvedOn: '2024-10-31',
      publishedOn: '2024-10-31',
    });
    // 31 October 2027 is a Sunday: published on the Friday before, never after the deadline.
    expect(planMilestoneDates(2027).publishedOn).toBe('2027-10-29');
    expect(nthWeekday(2027, 1, 2, 3)).toBe('2027-01-19');
  });
});
