/**
 * Importing existing plans through the browser routes: Word documents built here with the `docx` package
 * in five table layouts taken from the seed plans (merged indicator cells, "Key Action Area" headings,
 * metadata rows above the header, "As above" and Yes/No standard columns, G/R status and a repeated
 * header), a CSV in Parity's template, and an XLSX exported by Parity and read back.
 */
import {
  AlignmentType,
  Document,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
} from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';

type CellSpec = string | string[] | { text: string | string[]; merge?: 'restart' | 'continue' };

/** A cell: a string is one paragraph, an array is paragraphs, and "- " makes a Word list item. */
function cell(spec: CellSpec): TableCell {
  const s = typeof spec === 'object' && !Array.isArray(spec) ? spec : { text: spec };
  const paras = (Array.isArray(s.text) ? s.text : [s.text]).map((p) =>
    p.startsWith('- ')
      ? new Paragraph({ numbering: { reference: 'bullets', level: 0 }, children: [new TextRun(p.slice(2))] })
      : new Paragraph({ children: [new TextRun(p)] }),
  );
  return new TableCell({
    children: paras.length > 0 ? paras : [new Paragraph('')],
    verticalMerge:
      s.merge === 'restart'
        ? VerticalMergeType.RESTART
        : s.merge === 'continue'
          ? VerticalMergeType.CONTINUE
          : undefined,
  });
}

const table = (rows: CellSpec[][]) =>
  new Table({ rows: rows.map((r) => new TableRow({ children: r.map(cell) })) });

async function docx(children: (Paragraph | Table)[]): Promise<Buffer> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT }],
        },
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });

describe('importing existing plans', () => {
  let t: TestApp;
  let analyst: Agent;
  let year = 2015;

  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
  });
  afterAll(async () => t?.close());

  /** A new plan, the file uploaded to it, and the preview page. */
  async function upload(fileName: string, content: Buffer) {
    await analyst.get('/o/DHF/plans');
    const created = await analyst.post('/o/DHF/plans', {
      year: String(year++),
      title: `Import of ${fileName}`,
    });
    expect(created.statusCode).toBe(303);
    const planUrl = String(created.headers.location);
    await analyst.get(`${planUrl}/import`);
    const uploaded = await analyst.upload(`${planUrl}/import`, {}, [
      { field: 'file', name: fileName, content },
    ]);
    expect(uploaded.statusCode, uploaded.body.slice(0, 2000)).toBe(303);
    const previewUrl = String(uploaded.headers.location);
    const preview = await analyst.get(previewUrl);
    expect(preview.statusCode).toBe(200);
    return { planUrl, previewUrl, preview: preview.body, planId: planUrl.split('/').pop()! };
  }

  async function confirm(previewUrl: string, form: Record<string, string> = {}) {
    await analyst.get(previewUrl);
    const done = await analyst.post(`${previewUrl}/confirm`, form);
    expect(done.statusCode, done.body.slice(0, 3000)).toBe(303);
  }

  async function actionsOf(planId: string) {
    const db = t.database.db;
    const actions = await db
      .selectFrom('plan_actions')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('ref')
      .execute();
    const out = [];
    for (const a of actions) {
      const indicators = await db
        .selectFrom('plan_action_indicators')
        .select('indicator')
        .where('action_id', '=', a.id)
        .orderBy('position')
        .execute();
      const leads = await db
        .selectFrom('plan_action_leads')
        .select('name')
        .where('action_id', '=', a.id)
        .orderBy('position')
        .execute();
      const updates = await db
        .selectFrom('plan_action_updates')
        .selectAll()
        .where('action_id', '=', a.id)
        .execute();
      out.push({
        ...a,
        indicators: indicators.map((i) => i.indicator),
        leads: leads.map((l) => l.name),
        updates,
      });
    }
    return out;
  }

  /** Selected option of a column's mapping select, by the header shown beside it. */
  const mappedAs = (html: string, header: string) => {
    const row = html.slice(html.indexOf(`>${header}</th>`));
    return /<option value="([a-z]+)" selected/.exec(row)?.[1];
  };

  it('reads a layout with merged indicator cells, bullets, statuses in brackets and actions pasted under several indicators', async () => {
    const file = await docx([
      p('NHS Workforce Race Equality Standard (WRES)'),
      p('Action Plan 2024-25'),
      p('Primary Author(s) of this Action plan'),
      p('Alex Morgan, People Quality Manager'),
      p('Sam Reid, EDI Engagement Lead'),
      p('Publication Date:'),
      p('October 2024'),
      p('Sources of Information underpinning the Action Plan'),
      p('Staff Survey data'),
      p('Electronic Staff Records data'),
      p(
        'It is intended that the WRES Action Plan will strongly align with those actions detailed within the WDES, Gender Pay Gap and EDS.',
      ),
      table([
        [
          'WRES Indicators',
          'Agreed Actions',
          'KPIs and Timelines for monitoring actions',
          'How will actions be made sustainable',
        ],
        [
          { text: 'Indicator 1: Recruitment and Promotion', merge: 'restart' },
          ['Run a coaching programme for internal candidates.', '(Ongoing)'],
          ['Key metrics include:', '- number of participants;', '- promotions that follow.'],
          'Reviewed at the EDI Steering Group.',
        ],
        [
          { text: '', merge: 'continue' },
          ['Launch a Culture Dashboard reported by care group.', '(New)'],
          'Live by Q4 2024/25',
          'Quarterly at People Group.',
        ],
        [
          'Indicator 2: Appointments',
          ['Launch a Culture Dashboard reported by care group.', '(New)'],
          'Live by Q4 2024/25',
          'Quarterly at People Group.',
        ],
        [
          'Indicator 3: Disciplinary',
          ['Keep the case review panel for employee relations cases.', '(Completed)'],
          'Monthly',
          'Reported to the Executive Team.',
        ],
      ]),
    ]);
    const { previewUrl, preview, planId, planUrl } = await upload('wres-2024-25.docx', file);
    expect(mappedAs(preview, 'WRES Indicators')).toBe('indicator');
    expect(mappedAs(preview, 'Agreed Actions')).toBe('action');
    expect(mappedAs(preview, 'KPIs and Timelines for monitoring actions')).toBe('kpis');
    expect(mappedAs(preview, 'How will actions be made sustainable')).toBe('sustainability');
    expect(preview).toContain('will become <strong>3 actions</strong>');
    expect(preview).toContain('Plan details found in the file');
    expect(preview).toContain('Alex Morgan, People Quality Manager');
    expect(preview).toContain('were merged into it');
    expect(
      await t.database.db.selectFrom('plan_actions').selectAll().where('plan_id', '=', planId).execute(),
    ).toHaveLength(0);
    await confirm(previewUrl, { applyDetails: 'yes' });
    const actions = await actionsOf(planId);
    expect(actions.map((a) => [a.indicators, a.status])).toEqual([
      [['WRES1'], 'ongoing'],
      [['WRES1', 'WRES2'], 'new'],
      [['WRES3'], 'completed'],
    ]);
    expect(actions[0]!.text).toBe('Run a coaching programme for internal candidates.');
    expect(actions[0]!.kpi_text).toBe(
      'Key metrics include:\n\n- number of participants;\n- promotions that follow.',
    );
    // This layout has no timescale column: the timelines stay in the KPI text, and there is no due date.
    expect(actions[1]!.due_date).toBeNull();
    expect(actions[1]!.kpi_text).toBe('Live by Q4 2024/25');
    const plan = await t.database.db
      .selectFrom('plans')
      .selectAll()
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(plan.authors_json)).toEqual([
      { name: 'Alex Morgan', role: 'People Quality Manager' },
      { name: 'Sam Reid', role: 'EDI Engagement Lead' },
    ]);
    expect(plan.publication_date).toBe('2024-10-31');
    expect(plan.sources).toContain('Electronic Staff Records data');
    expect(plan.alignment).toContain('strongly align');
    const page = await analyst.get(`${planUrl}?view=indicator`);
    expect(
      page.body.slice(page.body.indexOf('<h2>Actions</h2>')).match(/A2: Launch a Culture Dashboard/g),
    ).toHaveLength(2);
  });

  it('reads tables under "Key Action Area" headings with leads, timescales, updates and a RAG progress column', async () => {
    const header = [
      'Metric',
      'Current Actions',
      'Update',
      'Intended Outcome / Actions',
      'Lead',
      'Timescales',
      'Progress',
    ];
    const file = await docx([
      p('Workforce Race Equality Standard Action plan 2023'),
      p('This document highlights the actions which have been approved at Trust Board on 31st October 2023.'),
      p('Key Action Area – Representative Workforce and Recruitment'),
      table([
        header,
        [
          'To ensure that the relative likelihood of BME staff being appointed from shortlisting is the same as that of white staff',
          'Put a BME representative on every panel for band 8a and above.',
          'Panels for senior posts now include a representative.',
          'Representative panels for all senior posts.',
          ['Recruitment Group', 'Head of Resourcing'],
          'Q4 23/24',
          'On track',
        ],
      ]),
      p('Key Action Area – Bullying and Harassment'),
      table([
        header,
        [
          'To reduce the numbers of BME staff experiencing harassment, bullying or abuse from patients, relatives or the public',
          'Appoint Equity Guardians across the Trust.',
          'Champion roles are being mapped.',
          'Support for staff who experience racism.',
          'People Directorate',
          'Q3/Q4 2023/24',
          'Slippage likely',
        ],
      ]),
    ]);
    const { previewUrl, preview, planId } = await upload('wres-2023.docx', file);
    expect(mappedAs(preview, 'Progress')).toBe('rag');
    expect(mappedAs(preview, 'Update')).toBe('progress');
    expect(mappedAs(preview, 'Lead')).toBe('leads');
    expect(mappedAs(preview, 'Timescales')).toBe('timescale');
    expect(mappedAs(preview, 'Intended Outcome / Actions')).toBe('outcome');
    await confirm(previewUrl, { applyDetails: 'yes' });
    const actions = await actionsOf(planId);
    expect(actions.map((a) => [a.indicators, a.theme, a.rag, a.due_date])).toEqual([
      [['WRES2'], 'Representative Workforce and Recruitment', 'on_track', '2024-03-31'],
      [['WRES5'], 'Bullying and Harassment', 'slippage', '2024-03-31'],
    ]);
    expect(actions[0]!.leads).toEqual(['Recruitment Group', 'Head of Resourcing']);
    expect(actions[0]!.updates.map((u) => u.narrative)).toEqual([
      'Panels for senior posts now include a representative.',
    ]);
    const plan = await t.database.db
      .selectFrom('plans')
      .selectAll()
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    expect(plan.board_approval_date).toBe('2023-10-31');
  });

  it('reads a table whose plan details sit above an unlabelled indicator column, and lets the mapping be corrected', async () => {
    const file = await docx([
      table([
        ['WRES Race Action Plan', '', '', ''],
        ['Trust: Year:', 'Example Hospitals NHS Foundation Trust 2022/2023', '', ''],
        ['Primary author(s) of this Action Plan', 'Nicola Example/Elizabeth Example', '', ''],
        ['Plan endorsed by:', 'Equality and Diversity Steering Group', '', ''],
        [
          '',
          'Please specify which actions are different to current practice, and which are continuation',
          'Please specify KPIs and timelines for monitoring the actions',
          'How will actions be made sustainable',
        ],
        [
          'Actions around WRES Indicator 1: Recruitment and Promotion',
          'Improve monitoring data for recruitment of BAME applicants (New).',
          'Quarterly reporting at the People Group, first report January 2023.',
          'Reporting to continue quarterly.',
        ],
        [
          '',
          'Continue to deliver civility training (Continued).',
          'Ongoing requirement.',
          'Continued delivery of training.',
        ],
        [
          'Actions around WRES Indicator 6: Bullying Harassment from Staff',
          'Continue to deliver civility training (Continued).',
          'Ongoing requirement.',
          'Continued delivery of training.',
        ],
      ]),
    ]);
    const { previewUrl, preview, planId } = await upload('race-plan-2022.docx', file);
    expect(mappedAs(preview, 'Column 1 (no heading)')).toBe('indicator');
    expect(
      mappedAs(
        preview,
        'Please specify which actions are different to current practice, and which are continuation',
      ),
    ).toBe('action');
    // The person says the KPI column is not to be imported, and reads the preview again.
    await analyst.get(previewUrl);
    const remap = await analyst.post(previewUrl, {
      map_0_0: 'indicator',
      map_0_1: 'action',
      map_0_2: 'ignore',
      map_0_3: 'sustainability',
      standard: 'WRES',
    });
    expect(remap.statusCode).toBe(303);
    const again = await analyst.get(previewUrl);
    expect(mappedAs(again.body, 'Please specify KPIs and timelines for monitoring the actions')).toBe(
      'ignore',
    );
    // A mapping without an action column is refused, and says why.
    const bad = await analyst.post(previewUrl, {
      map_0_0: 'indicator',
      map_0_1: 'ignore',
      map_0_2: 'ignore',
      map_0_3: 'ignore',
      standard: 'WRES',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('choose the column that holds the actions');
    await analyst.post(previewUrl, {
      map_0_0: 'indicator',
      map_0_1: 'action',
      map_0_2: 'ignore',
      map_0_3: 'sustainability',
      standard: 'WRES',
    });
    await confirm(previewUrl, { applyDetails: 'yes' });
    const actions = await actionsOf(planId);
    expect(actions.map((a) => [a.text, a.indicators, a.status, a.kpi_text])).toEqual([
      ['Improve monitoring data for recruitment of BAME applicants', ['WRES1'], 'new', ''],
      ['Continue to deliver civility training', ['WRES1', 'WRES6'], 'continued', ''],
    ]);
    const plan = await t.database.db
      .selectFrom('plans')
      .selectAll()
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    expect(plan.endorsed_by).toBe('Equality and Diversity Steering Group');
  });

  it('reads "As above", WRES and WDES named together, Yes/No standard columns and business-as-usual timescales', async () => {
    const file = await docx([
      table([
        [
          'Indicator',
          'Performance (column needs updating)',
          'Action to be taken',
          'WRES',
          'WDES',
          'Other PCs',
          'Responsibility',
          'Timescale',
        ],
        [
          ['WRES 1 and 2', 'WDES 1 and 2', 'Workforce representation and recruitment'],
          'WRES: 1.17 WDES: 0.89',
          'Introduce pay gap reporting beyond gender from March 2024.',
          'Yes',
          'Yes',
          'Yes',
          'Heads of Recruitment',
          'January 2024',
        ],
        [
          'As above',
          'As above',
          'Keep de-biasing recruitment training as business as usual.',
          'Yes',
          'Yes',
          'No',
          'Business as usual',
          'Business as usual',
        ],
        [
          ['WDES 8', 'Adequate adjustments'],
          '74.7%',
          'Review the reasonable adjustment policy.',
          'No',
          'Yes',
          'Yes',
          'Head of E&I',
          'December 2023',
        ],
        [
          'WRES 3',
          '1.06',
          'Equality analysis of formal cases.',
          'Yes',
          'Yes',
          'Yes',
          'Heads of E&I and Employee Relations',
          'Sometime soon',
        ],
      ]),
    ]);
    const { previewUrl, preview, planId } = await upload('wres-wdes-2023.docx', file);
    expect(mappedAs(preview, 'WRES')).toBe('wres');
    expect(mappedAs(preview, 'Other PCs')).toBe('other');
    expect(mappedAs(preview, 'Performance (column needs updating)')).toBe('progress');
    expect(preview).toContain('has no date Parity can read');
    await confirm(previewUrl);
    const actions = await actionsOf(planId);
    expect(
      actions.map((a) => [
        a.indicators,
        a.serves_wres,
        a.serves_wdes,
        a.serves_other,
        (JSON.parse(a.timescale_json) as { kind: string }).kind,
      ]),
    ).toEqual([
      [['WRES1', 'WRES2', 'WDES1', 'WDES2'], 1, 1, 1, 'point'],
      [['WRES1', 'WRES2', 'WDES1', 'WDES2'], 1, 1, 0, 'bau'],
      [['WDES8'], 0, 1, 1, 'point'],
      [['WRES3'], 1, 1, 1, 'text'],
    ]);
    expect(actions[1]!.leads).toEqual(['Business as usual']);
    expect(actions[0]!.due_date).toBe('2024-01-31');
  });

  it('reads numbered indicators, bulleted actions, leads in separate paragraphs, G/R status and a repeated header row', async () => {
    const header = ['WRES indicator', 'Actions', 'Lead', 'Progress', 'Outcome', 'Date', 'Status'];
    const file = await docx([
      table([
        header,
        [
          '1. % of BME staff in each of the AfC bands compared with the overall workforce',
          ['- Develop the Model Employer Strategy', '- Establish reverse mentoring'],
          ['E, D & I Lead', '', 'Head of HR'],
          ['- Succession planning is in place'],
          ['- Close the gap in senior posts'],
          'Mar 23',
          'G',
        ],
        header,
        [
          '4. Relative likelihood of staff accessing non-mandatory training and CPD.',
          ['- Find out why fewer BME staff access training'],
          'Head of OD',
          ['- A training needs analysis has started'],
          ['- Every member of staff has an appraisal'],
          'Mar 23',
          'R',
        ],
      ]),
    ]);
    const { previewUrl, preview, planId } = await upload('wres-2022-23.docx', file);
    expect(mappedAs(preview, 'Status')).toBe('rag');
    expect(mappedAs(preview, 'Progress')).toBe('progress');
    expect(mappedAs(preview, 'Date')).toBe('timescale');
    await confirm(previewUrl);
    const actions = await actionsOf(planId);
    expect(actions.map((a) => [a.indicators, a.rag, a.due_date, a.leads])).toEqual([
      [['WRES1'], 'on_track', '2023-03-31', ['E, D & I Lead', 'Head of HR']],
      [['WRES4'], 'critical', '2023-03-31', ['Head of OD']],
    ]);
    expect(actions[0]!.text).toBe('- Develop the Model Employer Strategy\n- Establish reverse mentoring');
    expect(actions[1]!.updates[0]!.narrative).toBe('- A training needs analysis has started');
  });

  it('reads a CSV in Parity’s template, and refuses files it cannot read with a clear message', async () => {
    const csv = [
      'Indicators,Theme,Action,Status,Leads,Timescale,KPIs,Intended outcome,How it will be sustained,Latest update,RAG,WRES,WDES,Other protected characteristics',
      '"WRES 5; WDES 4a (i); EDS 2B; HIA 6",Safety,"Roll out the violence reduction strategy","Ongoing","Head of Security","Q2 2024/25","Incidents by ethnicity",Fewer incidents,Monthly review,"Strategy launched",G,Yes,Yes,No',
      '"GPG mean; local:appraisal-compliance-by-ethnicity",Pay,"=SUM(1,2) is not a formula here","New","Head of Reward","2025/26",,,,,,Yes,No,No',
    ].join('\r\n');
    const { previewUrl, planId } = await upload('template.csv', Buffer.from(csv));
    await confirm(previewUrl);
    const actions = await actionsOf(planId);
    expect(actions.map((a) => [a.indicators, a.status, a.rag])).toEqual([
      [['WRES5', 'WDES4a_i', 'EDS:2B', 'HIA6'], 'ongoing', 'on_track'],
      [['GPG_MEAN', 'local:appraisal-compliance-by-ethnicity'], 'new', null],
    ]);
    expect(actions[1]!.text).toBe('=SUM(1,2) is not a formula here');
    expect(actions[1]!.due_date).toBe('2026-03-31');

    await analyst.get('/o/DHF/plans');
    const created = await analyst.post('/o/DHF/plans', { year: String(year++), title: 'Bad files' });
    const planUrl = String(created.headers.location);
    await analyst.get(`${planUrl}/import`);
    const old = await analyst.upload(`${planUrl}/import`, {}, [
      { field: 'file', name: 'plan.doc', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]) },
    ]);
    expect(old.statusCode).toBe(400);
    expect(old.body).toContain('old .doc format');
    const none = await analyst.upload(`${planUrl}/import`, {}, []);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose a Word (.docx), Excel (.xlsx) or CSV file');
  });

  it('imports a plan Parity exported as XLSX back into another plan, action for action', async () => {
    // The plan imported from the first layout above is exported, then imported into a new plan.
    const source = await t.database.db
      .selectFrom('plans')
      .selectAll()
      .where('title', '=', 'Import of wres-2024-25.docx')
      .executeTakeFirstOrThrow();
    const exported = await analyst.get(`/o/DHF/plans/${source.id}/export/xlsx`);
    expect(exported.statusCode).toBe(200);
    const { previewUrl, planId } = await upload('exported.xlsx', exported.rawPayload);
    await confirm(previewUrl);
    const before = await actionsOf(source.id);
    const after = await actionsOf(planId);
    const shape = (list: typeof before) =>
      list.map((a) => [
        a.text,
        a.indicators,
        a.status,
        a.kpi_text,
        a.sustainability,
        a.timescale_json,
        a.leads,
      ]);
    expect(shape(after)).toEqual(shape(before));
  });
});
