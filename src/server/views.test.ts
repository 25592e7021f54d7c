/**
 * The view filters that put numbers and dates in the house style (issue 13): counts with thousands
 * separators, pounds and pence, dates as people write them; text such as a withheld "*" passes through.
 */
import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from './views.js';

const env = createViewEnvironment({ cache: false });
const render = (template: string, context: object = {}) => env.renderString(template, context);

describe('number and date filters', () => {
  it('groups counts and money in thousands', () => {
    expect(render('{{ 2400 | count }}')).toBe('2,400');
    expect(render('{{ 1234567 | count }}')).toBe('1,234,567');
    expect(render('{{ 10668.544 | pounds }}')).toBe('£10,668.54');
    expect(render('{{ 16.7 | pounds }}')).toBe('£16.70');
    expect(render('{{ 1234.5 | grouped(1) }}')).toBe('1,234.5');
  });

  it('passes text through, so a withheld count stays withheld', () => {
    expect(render('{{ n | count }}', { n: '*' })).toBe('*');
    expect(render('{{ n | pounds }}', { n: '*' })).toBe('*');
  });

  it('writes dates as people do', () => {
    expect(render('{{ "2024-09-11" | date }}')).toBe('11 September 2024');
    expect(render('{{ "2024-03-31" | date }}')).toBe('31 March 2024');
    // A timestamp is read in London time: 23:30 UTC on 31 March 2024 is 1 April in London (BST).
    expect(render('{{ "2024-03-31T23:30:00.000Z" | date }}')).toBe('1 April 2024');
    expect(render('{{ "" | date }}')).toBe('');
    expect(render('{{ "2024-09-11T08:05:00.000Z" | dateTime }}')).toBe('11 September 2024 at 09:05');
  });
});
