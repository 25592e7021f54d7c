import { describe, expect, it } from 'vitest';
import { describeIssue, IssueCollector } from './issues.js';

describe('collecting issues', () => {
  it('quotes a huge value by its start and length, in the value and in the message', () => {
    // A megabyte in one cell would otherwise be kept twice in each of 20 examples, and shown and stored so.
    const value = `Whi${'t'.repeat(1_000_000)}e`;
    const issues = new IssueCollector();
    issues.add({
      kind: 'UNKNOWN_CODE',
      file: 'staff.csv',
      row: 7,
      column: 'Ethnic Origin',
      value,
      message: `Ethnic origin '${value}' is not a known value; counted as not known.`,
    });
    const example = issues.report().kinds[0]!.examples[0]!;
    expect(example.value).toBe(`Whi${'t'.repeat(197)}… (1,000,004 characters)`);
    expect(example.message).toBe(
      `Ethnic origin '${example.value}' is not a known value; counted as not known.`,
    );
    expect(describeIssue(example).length).toBeLessThan(400);
  });

  it('keeps an ordinary value and message as they are', () => {
    const issues = new IssueCollector();
    issues.add({
      kind: 'BAD_VALUE',
      file: 'a.csv',
      row: 2,
      column: 'Age',
      value: 'ten',
      message: 'Age: ten is not a number',
    });
    expect(issues.report().kinds[0]!.examples[0]).toMatchObject({
      value: 'ten',
      message: 'Age: ten is not a number',
    });
  });
});
