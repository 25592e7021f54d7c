import { describe, expect, it } from 'vitest';
import { describeChange } from './present.js';

describe("an audit event's before and after", () => {
  it('reads fields and codes as words, dates as people write them, and keeps nested values', () => {
    const items = describeChange({
      adverseDirection: 'LOWER_IS_BETTER',
      population: {
        where: [{ field: 'grade', op: 'ne', value: 'NON_EXEC' }],
        at: { type: 'financialYear', dateField: 'startDate' },
      },
      breakdown: ['careGroup'],
      postedOn: '2024-12-13',
      bankOnly: false,
      narrative: 'Sixty-six per cent trained.',
    });
    const text = JSON.stringify(items);
    expect(text).not.toMatch(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[a-z]+[A-Z][a-zA-Z]*\b/);
    expect(items[0]).toEqual({ label: 'Adverse direction', text: 'Lower is better', items: [] });
    expect(items.find((i) => i.label === 'Posted on')?.text).toBe('13 December 2024');
    expect(items.find((i) => i.label === 'Bank only')?.text).toBe('no');
    expect(items.find((i) => i.label === 'Breakdown')?.text).toBe('Care group');
    expect(items.find((i) => i.label === 'Narrative')?.text).toBe('Sixty-six per cent trained.');
    const where = items.find((i) => i.label === 'Population')!.items.find((i) => i.label === 'Where')!;
    expect(where.items[0]!.items).toContainEqual({
      label: 'Value',
      text: 'Non-executive director',
      items: [],
    });
  });
});
