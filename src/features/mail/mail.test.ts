import { describe, expect, it } from 'vitest';
import { lateDigest, packIssued, updateReminder, type WindowFacts } from './compose.js';
import { retryDelayMinutes } from './mail.js';
import { everyText } from './mail.routes.js';
import { readUnsubscribeToken, unsubscribeToken } from './tokens.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

const FACTS: WindowFacts = {
  organisation: 'Dales & Hills <NHS> Trust',
  planTitle: 'Plan <2025/26>',
  planHref: 'https://parity.example/o/DHF/plans/p1',
  quarter: 'Q3 2025/26',
  quarterWords: 'October to December 2025',
  forum: 'People Group',
  meetsOn: '2026-01-14',
  opensOn: '2025-12-24',
  closesOn: '2026-01-07',
};
const ACTIONS = [
  {
    ref: 2,
    title: 'Train panels <script>alert(1)</script> & "mentors"',
    href: 'https://parity.example/o/DHF/plans/p1/actions/a2/update?x=1&y=2',
    lastUpdateOn: null,
  },
];

describe('unsubscribe tokens', () => {
  it('name the choice they were made for, and nothing else', () => {
    const token = unsubscribeToken(SECRET, 'user:0190-abc');
    expect(readUnsubscribeToken(SECRET, token)).toBe('user:0190-abc');
    expect(readUnsubscribeToken(SECRET, unsubscribeToken(SECRET, 'address:a@b.nhs.uk'))).toBe(
      'address:a@b.nhs.uk',
    );
    // Another installation's secret, an altered key, a cut signature, or not a token at all.
    expect(readUnsubscribeToken('another-secret-of-at-least-thirty-two-chars', token)).toBeNull();
    const [, signature] = token.split('.');
    const forged = `${Buffer.from('user:someone-else').toString('base64url')}.${signature}`;
    expect(readUnsubscribeToken(SECRET, forged)).toBeNull();
    expect(readUnsubscribeToken(SECRET, token.slice(0, -3))).toBeNull();
    expect(readUnsubscribeToken(SECRET, 'nonsense')).toBeNull();
    expect(readUnsubscribeToken(SECRET, undefined)).toBeNull();
  });
});

describe('the words of each email', () => {
  it('escapes what people wrote in the HTML, keeps it whole in the text, and says whether it is optional', () => {
    const open = updateReminder({
      closing: false,
      lead: 'Sam <Lead>',
      facts: FACTS,
      actions: ACTIONS,
      unsubscribeUrl: 'https://parity.example/mail/unsubscribe?token=t&x=1',
    });
    expect(open.subject).toBe('Q3 2025/26 updates are open until 7 January 2026');
    expect(open.html).not.toContain('<script>');
    expect(open.html).toContain(
      'Train panels &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;mentors&quot;',
    );
    expect(open.html).toContain('href="https://parity.example/o/DHF/plans/p1/actions/a2/update?x=1&amp;y=2"');
    expect(open.html).toContain('Dear Sam &lt;Lead&gt;,');
    expect(open.text).toContain('A2: Train panels <script>alert(1)</script> & "mentors"');
    expect(open.text).toContain('https://parity.example/o/DHF/plans/p1/actions/a2/update?x=1&y=2');
    expect(open.text).toContain('This is optional email.');
    expect(open.text).toContain('https://parity.example/mail/unsubscribe?token=t&x=1');
    expect(open.text).toContain('The updates go to the People Group on 14 January 2026.');

    const closing = updateReminder({
      ...{ lead: 'Sam', facts: FACTS, actions: ACTIONS },
      closing: true,
      unsubscribeUrl: 'u',
    });
    expect(closing.subject).toBe('Reminder: your Q3 2025/26 update is due by 7 January 2026');
    expect(closing.text).toContain('sent even if you have turned optional email off');
    expect(closing.text).not.toContain('This is optional email.');
  });

  it('keeps a subject to one line whatever a title holds', () => {
    const digest = lateDigest({
      owner: 'Priya',
      facts: { ...FACTS, forum: 'People\r\nBcc: everyone@example.com' },
      actions: [{ ...ACTIONS[0]!, leads: 'Head of Employee Relations' }],
      unsubscribeUrl: 'u',
    });
    expect(digest.subject).not.toMatch(/[\r\n]/);
    expect(digest.subject).toBe(
      'Q3 2025/26: 1 update missing for the People Bcc: everyone@example.com on 14 January 2026',
    );
    expect(digest.text).toContain('Head of Employee Relations');
    const pack = packIssued({
      organisation: FACTS.organisation,
      forum: 'Trust Board',
      meetsOn: '2026-01-28',
      quarter: 'Q3 2025/26',
      careGroup: null,
      fileName: 'DHF-quarterly-pack-Q3-2025-26.pdf',
      issueHref: 'https://parity.example/o/DHF/meetings/m/packs/i',
      issuedBy: 'Priya Patel',
      unsubscribeUrl: 'u',
    });
    expect(pack.html).toContain('Dales &amp; Hills &lt;NHS&gt; Trust’s quarterly equality pack');
    expect(pack.text).toContain('This is optional email.');
  });

  it('waits longer after each failed try, up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(retryDelayMinutes)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });
});

describe('how often the scheduler looks, in words', () => {
  it('says hours, minutes or seconds as a person would', () => {
    expect(everyText(3600)).toBe('hour');
    expect(everyText(7200)).toBe('2 hours');
    expect(everyText(300)).toBe('5 minutes');
    expect(everyText(60)).toBe('minute');
    expect(everyText(90)).toBe('90 seconds');
  });
});
