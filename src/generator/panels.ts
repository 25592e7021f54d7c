/**
 * Interview panels for the financial year, canonical headers, one row per panel member: one panel for
 * each vacancy of the year's recruitment export that shortlisted anyone (the same reference, band and
 * unit), interviewing a few days after shortlisting and before any offer. Members are staff in post named
 * by staff number (their characteristics are ESR's, so the file leaves them blank): a chair from the
 * recruiting care group at the post's grade or above, a second member from it, and often an independent
 * member from another care group. Panels for Band 8a and above more often have an independent member and
 * an ethnic minority representative, and a member from outside the trust (named by the recruitment
 * system's id, with their own ethnicity); recruitment and selection training rises year by year, and a few
 * members are trained only after the interview.
 */
import { DATASETS } from '../ingest/schemas/index.js';
import { ETHNICITIES, GRADES } from './catalogue.js';
import { unitNames, yesNo, type DatasetContext, type DatasetRows } from './context.js';
import { dayOf, isoDate } from './dates.js';
import { PATTERNS } from './parameters.js';
import { RECRUITMENT_KEYS, recruitmentRows } from './recruitment.js';
import { Rng } from './random.js';
import type { PersonState } from './simulate.js';
import type { Cell } from './writers.js';

export const PANEL_KEYS = DATASETS.panels.fields
  .map((f) => f.key)
  .filter((k) => k !== 'org_path' && k !== 'grade' && k !== 'disability' && k !== 'sex');

/** The panel make-up the generator aims at (shares of panels; training share of members). */
const PANELS = {
  /** Members trained in recruitment and selection in the anchor year, and the rise per year. */
  trained: 0.6,
  trainedTrendPerYear: 0.08,
  /** Of trained members, those whose training came after the interview. */
  trainedAfter: 0.06,
  independent: { senior: 0.6, other: 0.25 },
  /** Senior panels (8a and above) with an ethnic minority representative from elsewhere in the trust. */
  representative: 0.35,
  representativeTrendPerYear: 0.1,
  /** Senior panels with a member from outside the trust (a stakeholder or another trust's manager). */
  external: 0.15,
  externalBme: 0.4,
} as const;

const SENIOR = new Set(['B8A', 'B8B', 'B8C', 'B8D', 'B9', 'VSM']);
const BME_EXTERNAL = ['H', 'J', 'N', 'M', 'R'].map((c) => ETHNICITIES.findIndex((e) => e.code === c));
const WHITE_EXTERNAL = ETHNICITIES.findIndex((e) => e.code === 'A');

interface Vacancy {
  reference: string;
  band: string;
  staffGroup: string;
  careGroup: string;
  directorate: string;
  department: string;
  shortlisted: number;
}

const dayFromUk = (text: string): number =>
  dayOf(Number(text.slice(6, 10)), Number(text.slice(3, 5)), Number(text.slice(0, 2)));

/** The year's vacancies that shortlisted, from the recruitment export itself (so the two agree). */
function vacancies(ctx: DatasetContext): Vacancy[] {
  const at = (k: string) => RECRUITMENT_KEYS.indexOf(k);
  const [ref, band, group, cg, dir, dep, short] = [
    'vacancy_id',
    'pay_band',
    'staff_group',
    'care_group',
    'directorate',
    'department',
    'shortlisted_date',
  ].map(at) as [number, number, number, number, number, number, number];
  const out = new Map<string, Vacancy>();
  for (const row of recruitmentRows(ctx).rows) {
    const date = row[short];
    if (typeof date !== 'string' || date === '') continue;
    const reference = String(row[ref]);
    const day = dayFromUk(date);
    const v = out.get(reference);
    if (v) v.shortlisted = Math.max(v.shortlisted, day);
    else
      out.set(reference, {
        reference,
        band: String(row[band]),
        staffGroup: String(row[group]),
        careGroup: String(row[cg]),
        directorate: String(row[dir]),
        department: String(row[dep]),
        shortlisted: day,
      });
  }
  return [...out.values()];
}

export function panelRows(ctx: DatasetContext): DatasetRows {
  const rng = Rng.for(ctx.seed, ctx.history.plan.odsCode, 'panels', ctx.year);
  const years = ctx.year - PATTERNS.anchorYear;
  const pTrained = Math.min(0.95, Math.max(0.2, PANELS.trained + PANELS.trainedTrendPerYear * years));
  const pRepresentative = Math.min(
    0.9,
    Math.max(0.1, PANELS.representative + PANELS.representativeTrendPerYear * years),
  );
  // Staff in post (not bank-only) by care group, who may sit on panels.
  const byCareGroup = new Map<string, PersonState[]>();
  const everyone: PersonState[] = [];
  for (const s of ctx.state.snapshot) {
    if (s.main.contract === 'Bank') continue;
    const careGroup = unitNames(ctx, s.main)[0];
    const list = byCareGroup.get(careGroup) ?? [];
    list.push(s);
    byCareGroup.set(careGroup, list);
    everyone.push(s);
  }
  const gradeIndex = new Map(GRADES.map((g, i) => [g.tracBand, i]));
  const seniorStaff = everyone.filter((s) => s.main.grade >= 6 && !GRADES[s.main.grade]!.medical);

  function* rows(): Generator<Cell[]> {
    if (everyone.length === 0) return;
    let externals = 0;
    for (const v of vacancies(ctx)) {
      const grade = gradeIndex.get(v.band) ?? 0;
      const senior = SENIOR.has(GRADES[grade]?.id ?? '');
      const interview = v.shortlisted + 3 + rng.int(4);
      const home = byCareGroup.get(v.careGroup) ?? everyone;
      const atGrade = home.filter((s) => s.main.grade >= grade);
      const used = new Set<string>();
      const members: { state: PersonState | null; role: string; independent: boolean }[] = [];
      const add = (pool: readonly PersonState[], role: string, independent: boolean) => {
        for (let tries = 0; tries < 6 && pool.length > 0; tries++) {
          const s = rng.pick(pool);
          if (used.has(s.person.staffNumber)) continue;
          used.add(s.person.staffNumber);
          members.push({ state: s, role, independent });
          return;
        }
      };
      add(atGrade.length > 0 ? atGrade : home, 'Chair', false);
      add(home, 'Member', false);
      const elsewhere = seniorStaff.filter((s) => unitNames(ctx, s.main)[0] !== v.careGroup);
      if (rng.chance(senior ? PANELS.independent.senior : PANELS.independent.other))
        add(elsewhere, 'Independent member', true);
      if (senior && rng.chance(pRepresentative))
        add(
          elsewhere.filter((s) => s.person.group === 'B'),
          'Inclusion representative',
          true,
        );
      if (senior && rng.chance(PANELS.external))
        members.push({ state: null, role: 'Stakeholder', independent: true });
      for (const m of members) {
        const trained = rng.chance(pTrained);
        const after = trained && rng.chance(PANELS.trainedAfter);
        const trainedDay = after ? interview + 1 + rng.int(60) : interview - 1 - rng.int(1000);
        const external = m.state === null;
        const ethnicity = external
          ? ETHNICITIES[rng.chance(PANELS.externalBme) ? rng.pick(BME_EXTERNAL) : WHITE_EXTERNAL]!.trac
          : '';
        const values: Readonly<Record<string, Cell>> = {
          vacancy_id: v.reference,
          interview_date: isoDate(interview),
          pay_band: v.band,
          staff_group: v.staffGroup,
          care_group: v.careGroup,
          directorate: v.directorate,
          department: v.department,
          staff_number: m.state?.person.staffNumber ?? '',
          member_id: external ? `EXT-${ctx.year}-${String(++externals).padStart(4, '0')}` : '',
          role: m.role,
          independent: yesNo(m.independent),
          rs_trained: yesNo(trained),
          rs_training_date: trained ? isoDate(trainedDay) : '',
          ethnicity,
        };
        yield PANEL_KEYS.map((k) => values[k] ?? null);
      }
    }
  }
  return { layout: { header: PANEL_KEYS }, rows: rows() };
}
