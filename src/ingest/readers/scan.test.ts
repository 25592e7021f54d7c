import { describe, expect, it } from 'vitest';
import { breaksIn, detectDelimiter, findOpenQuote, scanRecords } from './scan.js';

function* chunksOf(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('delimiter detection', () => {
  it('is not fooled by preamble lines full of commas', () => {
    const sample = [
      'Staff In Post, Detail, run 01/04/2024, 09:15',
      'Organisation: Example Trust, Leeds',
      '',
      'Assignment;Staff Group;Band;FTE',
      '1;Nursing;5;1,0',
      '2;Medical;8a;0,6',
      '3;Admin, Clerical;3;1,0',
    ].join('\n');
    expect(detectDelimiter(sample, true)).toBe(';');
  });

  it('prefers the delimiter with more fields when two agree equally', () => {
    expect(detectDelimiter('a\tb;c\td\n1\t2;3\t4\n', true)).toBe('\t');
  });

  it('ignores a record cut by the end of the sample', () => {
    expect(detectDelimiter('a;b\n1;2\n3;4\n5,6,7,8,9', false)).toBe(';');
  });

  it('defaults to comma', () => {
    expect(detectDelimiter('', true)).toBe(',');
    expect(detectDelimiter('Name\nAnn\n', true)).toBe(',');
  });
});

describe('the scanner', () => {
  it('counts lines through quoted line breaks and all line endings', () => {
    const { records } = scanRecords('a,"b\r\nc"\rd\n\ne,f', ',');
    expect(records.map((r) => [r.line, r.fields, r.empty, r.partial])).toEqual([
      [1, 2, false, false],
      [3, 1, false, false],
      [4, 1, true, false],
      [5, 2, false, true],
    ]);
  });

  it('finds where an unclosed quote opened', () => {
    expect(scanRecords('a,b\n"ok",x\ny,"open\nz', ',').openQuoteLine).toBe(3);
    expect(scanRecords('a,"b""",c\n', ',').openQuoteLine).toBeNull();
  });

  it('finds the quote line from a record line, across chunks and CR LF', async () => {
    const text = 'h1,h2\r\nx,"a\r\nb",c,"never\r\nclosed\r\n';
    for (const size of [1, 2, 3, 7, 100]) {
      expect(await findOpenQuote(chunksOf(text, size), ',', 2, 1000)).toBe(3);
    }
  });

  it('counts the line breaks inside values', () => {
    expect(breaksIn(['a\r\nb', 'c\nd\re', 'f'])).toBe(3);
  });
});
