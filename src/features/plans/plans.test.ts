/** The pure parts of action plans: timescales, indicator references, formatted text, RAG, KPIs, spreadsheet safety. */
import { describe, expect, it } from 'vitest';
import { safeCell } from './export/model.js';
import { classifyHeader, splitStatus } from './import/layout.js';
import { readKpi } from './kpis.js';
import { escapeHtml, normaliseText, parseBlocks, titleOf, toHtml } from './markup.js';
import { financialYearLabel, parseActionStatus, parseRag, quarterLabelOf } from './plan.js';
import { findReferences, isReference } from './references.js';
import { dueDateOf, parseTimescale, timescaleLabel } from './timescale.js';

describe('timescales', () => {
  it.each([
    ['Q4 2023/24', 'Q4 2023/24', '2024-03-31'],
    ['Q4 23/24', 'Q4 2023/24', '2024-03-31'],
    ['Q4, 2022/23', 'Q4 2022/23', '2023-03-31'],
    ['Q1 2024/25', 'Q1 2024/25', '2024-06-30'],
    ['Q3 2024', 'Q3 2024/25', '2024-12-31'],
    ['Q4 2024', 'Q4 2023/24', '2024-03-31'],
    ['2025/26', '2025/26', '2026-03-31'],
    ['March 2024', 'March 2024', '2024-03-31'],
    ['Mar 23', 'March 2023', '2023-03-31'],
    ['February 2024', 'February 2024', '2024-02-29'],
    ['31/10/2024', '31 October 2024', '2024-10-31'],
    ['31st October 2023', '31 October 2023', '2023-10-31'],
    ['2025-03-31', '31 March 2025', '2025-03-31'],
    ['Q1 2024/25 to Q3 2024/25', 'Q1 2024/25 to Q3 2024/25', '2024-12-31'],
    ['Q3/Q4 2023/24', 'Q3 2023/24 to Q4 2023/24', '2024-03-31'],
    ['Ongoing during 23/24', 'Ongoing to the end of 2023/24', '2024-03-31'],
    ['Ongoing', 'Ongoing', null],
    ['Business as usual', 'Business as usual', null],
    ['3-year project up to 2025', '3-year project up to 2025', null],
    ['', '', null],
  ])('reads %j as %j, due %j, and reads its own label back the same', (input, label, due) => {
    const t = parseTimescale(input);
    expect(timescaleLabel(t)).toBe(label);
    expect(dueDateOf(t)).toBe(due);
    expect(parseTimescale(timescaleLabel(t))).toEqual(t);
  });

  it('refuses impossible dates and mismatched years rather than guessing', () => {
    expect(parseTimescale('31/02/2024').kind).toBe('text');
    expect(parseTimescale('Q4 2023/25').kind).toBe('text');
  });
});

describe('financial years and quarters', () => {
  it('labels years and quarters as the NHS does (Q1 = April to June)', () => {
    expect(financialYearLabel(2024)).toBe('2024/25');
    expect(financialYearLabel(2099)).toBe('2099/00');
    expect(quarterLabelOf('2024-04-01')).toBe('Q1 2024/25');
    expect(quarterLabelOf('2024-12-31')).toBe('Q3 2024/25');
    expect(quarterLabelOf('2025-02-10')).toBe('Q4 2024/25');
  });
});

describe('indicator references in the words of existing plans', () => {
  it.each([
    ['Indicator 1: Recruitment and Promotion', 'WRES', ['WRES1']],
    ['Actions around WRES Indicator 3: Disciplinary', 'WRES', ['WRES3']],
    ['WRES 1 and 2\nWDES 1 and 2', 'WRES', ['WRES1', 'WRES2', 'WDES1', 'WDES2']],
    ['WRES 7\nWDES 5', 'WRES', ['WRES7', 'WDES5']],
    ['WDES 4a', 'WDES', ['WDES4a_i', 'WDES4a_ii', 'WDES4a_iii']],
    ['WDES 4a (ii)', 'WDES', ['WDES4a_ii']],
    ['Metric 9', 'WDES', ['WDES9a', 'WDES9b']],
    ['4. Relative likelihood of staff accessing non-mandatory training', 'WRES', ['WRES4']],
    ['To ensure BME staff are as likely to be appointed from shortlisting as white staff', 'WRES', ['WRES2']],
    ['EDS 2B and High Impact Action 6', null, ['EDS:2B', 'HIA6']],
    ['Gender pay gap', null, ['GPG_MEAN', 'GPG_MEDIAN']],
    ['GPG mean; local:appraisal-compliance', null, ['GPG_MEAN', 'local:appraisal-compliance']],
    ['Nothing to see here', 'WDES', []],
  ] as const)('reads %j (%s) as %j', (text, standard, ids) => {
    expect(findReferences(text, standard)).toEqual(ids);
  });

  it('knows the form of every reference it can store', () => {
    for (const id of ['WRES1', 'WDES4a_iii', 'GPG_MEAN', 'EDS:3C', 'HIA1', 'local:mentoring-participants'])
      expect(isReference(id), id).toBe(true);
    for (const id of ['WRES10', 'EDS:4A', 'HIA7', 'local:', '<script>'])
      expect(isReference(id), id).toBe(false);
  });
});

describe('formatted text', () => {
  it('turns Word bullets and stray characters into plan markup', () => {
    expect(normaliseText('First line\r\n\r\n\r\n• one\r\n·\ttwo\u200b\n  – three  ')).toBe(
      'First line\n\n- one\n- two\n- three',
    );
  });

  it('keeps paragraphs, line breaks and bullet lists, and escapes everything', () => {
    const text = 'Intro <b>bold</b>\nsecond line\n\n- a & b\n- "c"\n\nEnd';
    expect(parseBlocks(text)).toEqual([
      { kind: 'paragraph', lines: ['Intro <b>bold</b>', 'second line'] },
      { kind: 'list', items: ['a & b', '"c"'] },
      { kind: 'paragraph', lines: ['End'] },
    ]);
    expect(toHtml(text)).toBe(
      '<p>Intro &lt;b&gt;bold&lt;/b&gt;<br>second line</p><ul><li>a &amp; b</li><li>&quot;c&quot;</li></ul><p>End</p>',
    );
    expect(escapeHtml(`<img src=x onerror='y'>`)).toBe('&lt;img src=x onerror=&#39;y&#39;&gt;');
  });

  it('gives an action a one-line title cut at a word', () => {
    expect(titleOf('Do this. Then that.')).toBe('Do this.');
    expect(titleOf('word '.repeat(60), 30)).toBe('word word word word word word…');
  });

  it('splits the status a plan writes in brackets off the action', () => {
    expect(splitStatus('Run the programme.\n\n(Ongoing)')).toEqual({
      text: 'Run the programme.',
      status: 'ongoing',
    });
    expect(splitStatus('Improve monitoring data (New).')).toEqual({
      text: 'Improve monitoring data',
      status: 'new',
    });
    expect(splitStatus('(Ongoing – deferred from 2022-23)')).toEqual({ text: '', status: 'ongoing' });
    expect(splitStatus('No status here')).toEqual({ text: 'No status here', status: null });
  });
});

describe('statuses and RAG as plans write them', () => {
  it.each([
    ['G', 'on_track'],
    ['On track', 'on_track'],
    ['Amber', 'slippage'],
    ['Slippage likely', 'slippage'],
    ['R', 'critical'],
    ['Critical', 'critical'],
    ['Blue', 'complete'],
    ['purple', null],
    ['', null],
  ])('reads the RAG %j as %j', (text, rag) => expect(parseRag(text)).toBe(rag));

  it('reads an organisation’s own labels', () => {
    const labels = { on_track: 'Fine', slippage: 'Wobbly', critical: 'Stuck', complete: 'Done' };
    expect(parseRag('wobbly', labels)).toBe('slippage');
  });

  it.each([
    ['(Continuing)', 'continued'],
    ['New', 'new'],
    ['Ongoing', 'ongoing'],
    ['Completed', 'completed'],
    ['Maybe', null],
  ])('reads the status %j as %j', (text, status) => expect(parseActionStatus(text)).toBe(status));

  it('classifies the column headings of the seed plans', () => {
    expect(classifyHeader('KPIs and Timelines for monitoring actions')).toBe('kpis');
    expect(classifyHeader('Intended Outcome / Actions')).toBe('outcome');
    expect(classifyHeader('How will actions be made sustainable')).toBe('sustainability');
    expect(classifyHeader('Please specify which actions are different to current practice')).toBe('action');
    expect(classifyHeader('Responsibility')).toBe('leads');
    expect(classifyHeader('Other PCs')).toBe('other');
    expect(classifyHeader('WRES Indicators')).toBe('indicator');
    expect(classifyHeader('Timescales')).toBe('timescale');
  });
});

describe('measured KPIs', () => {
  const kpi = {
    id: 'k',
    label: 'Appointment gap',
    indicator: 'WRES2',
    measure: 'relativeLikelihood',
    target: 1.25,
    direction: 'down' as const,
  };
  it.each([
    [1.6, 1.42, 'better', 'on course'],
    [1.42, 1.6, 'worse', 'off course'],
    [1.3, 1.25, 'better', 'met'],
    [1.3, 1.3, 'same', 'off course'],
    [null, 1.1, 'unknown', 'met'],
  ] as const)('last year %s, now %s: %s, %s', (previous, current, trend, course) => {
    const r = readKpi(kpi, { previous, current });
    expect([r.trend, r.course]).toEqual([trend, course]);
  });

  it('shows nothing of a figure hidden for small numbers', () => {
    const r = readKpi(kpi, { previous: 1.6, current: 1.4 }, true);
    expect([r.text.current, r.course]).toEqual(['*', 'no data']);
  });
});

describe('spreadsheet cells', () => {
  it.each(['=1+1', '+44', '-2', '@SUM(A1)', '\tx', '\rx'])('neutralises %j', (v) =>
    expect(safeCell(v)).toBe(`'${v}`),
  );
  it('leaves other text alone', () => expect(safeCell('Plain text = fine')).toBe('Plain text = fine'));
});
