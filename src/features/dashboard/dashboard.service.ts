/**
 * The Culture Dashboard: views of the indicators for an organisation, a period and optionally a care
 * group, built from the indicators service's results (its cache, its care-group scope) and the engine's
 * public API, with the reference data loaded for the organisation (national and regional benchmarks, the
 * local population), representation targets, and the action plan's RAG status per indicator.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import { invalidInput } from '../../shared/errors.js';
import { PromiseCache } from '../../shared/lru.js';
import type { Db } from '../../storage/database.js';
import {
  NATIONAL_REFERENCES,
  type BenchmarkRecord,
  type PartLookup,
  type PopulationRecord,
} from '../../engine/index.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import { currentRecords } from '../datasets/current.js';
import { datasetsRepository } from '../datasets/datasets.repository.js';
import type { DataScope, IndicatorsService } from '../indicators/indicators.service.js';
import { PATH_SEPARATOR, type Organisation } from '../organisations/organisation.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { isRole, roleHas } from '../users/roles.js';
import { usersRepository } from '../users/users.repository.js';
import { planActions, type PlanActions } from './actions.js';
import { chartRenderer } from './charts.js';
import { ledgersRepository } from './ledgers.repository.js';
import { DashboardContext, type DashboardView, type ReferenceData } from './context.js';
import { coveringUnits } from './disclosure.js';
import {
  declarationTable,
  workforceScope,
  type DeclarationCell,
  type WorkforceScope,
} from './declaration.js';
import { bandShare, seniorShare } from './pages/pipeline.js';
import { tileFor, tilePeriods, type Tile } from './pages/tiles.js';
import {
  activeVersionStamps,
  targetsRepository,
  type Target,
  type TargetCharacteristic,
} from './dashboard.repository.js';

const CACHE_SIZE = 256;

export interface Snapshot {
  stamp: string;
  localDefinitions: unknown[];
  /** Reporting years with a staff-in-post snapshot at 31 March, newest first. */
  years: number[];
  /** The sets of several units the organisation's roles are limited to (`unionsOf`). */
  unions: string[][];
}

/** The Data page's view of the latest reporting year's staff in post (see `declaration`). */
export interface DeclarationSummary {
  year: number;
  people: WorkforceScope | null;
  /** The figures' labels: "Ethnicity recorded", "Disability recorded". */
  ethnicity: string;
  disability: string;
  whole: { ethnicity: DeclarationCell | null; disability: DeclarationCell | null };
  /** By care group, the year's cells of the Data quality page's tables. */
  rows: { label: string; ethnicity: DeclarationCell | null; disability: DeclarationCell | null }[];
}

export const TARGET_BANDS: readonly { value: string; text: string }[] = [
  { value: 'SENIOR', text: 'Band 8a and above, with VSM' },
  { value: 'AFC_8A', text: 'Band 8a' },
  { value: 'AFC_8B', text: 'Band 8b' },
  { value: 'AFC_8C', text: 'Band 8c' },
  { value: 'AFC_8D', text: 'Band 8d' },
  { value: 'AFC_9', text: 'Band 9' },
  { value: 'VSM', text: 'VSM (including executive board members)' },
  { value: 'AFC_7', text: 'Band 7' },
  { value: 'AFC_6', text: 'Band 6' },
  { value: 'MED_CONSULTANT', text: 'Consultants' },
];

/** A target band in words: "AFC_8A" -> "Band 8a". */
const bandText = (band: string): string => TARGET_BANDS.find((b) => b.value === band)?.text ?? band;

export function dashboardService(deps: { db: Db; clock: Clock; indicators: IndicatorsService }) {
  const { db, clock, indicators } = deps;
  const cache = new PromiseCache(CACHE_SIZE);
  const renderer = chartRenderer();
  const datasets = datasetsRepository(db);
  const targets = targetsRepository(db);
  const ledgers = ledgersRepository(db, deps.clock);

  /**
   * What the organisation's figures depend on, read once per request: a stamp naming every loaded
   * version, the settings, the local metrics and the recorded answers (WDES 9b) (cached results are keyed
   * by it, so an import, a deletion, a changed setting or a saved answer is seen at once by every server
   * process), the local metric definitions, and the reporting years with a staff-in-post snapshot at 31
   * March.
   */
  async function snapshot(org: Organisation): Promise<Snapshot> {
    const [versions, settings, metrics, recorded, unions] = await Promise.all([
      activeVersionStamps(db, org.id),
      indicators.settingsOf(org),
      indicators.localMetrics(org),
      indicators.recordedVersion(org),
      unionsOf(org),
    ]);
    const hash = createHash('sha256');
    for (const id of versions.map((v) => v.id).sort()) hash.update(`${id},`);
    hash.update(JSON.stringify(settings));
    hash.update(JSON.stringify(metrics.map((m) => [m.id, m.definition])));
    hash.update(`recorded:${recorded}`);
    // The ledger holds the views of the unit sets roles are limited to: a new set is prepared anew.
    hash.update(`unions:${JSON.stringify(unions)}`);
    const years = new Set<number>();
    for (const v of versions)
      if (v.dataset === 'workforce' && v.asAtDate?.endsWith('-03-31'))
        years.add(Number(v.asAtDate.slice(0, 4)));
    return {
      stamp: hash.digest('base64url'),
      localDefinitions: metrics.map((m) => m.definition),
      years: [...years].sort((a, b) => b - a),
      unions,
    };
  }

  /**
   * The sets of several units that accounts of the organisation may see the figures of ("All the units
   * your role covers"), each the units it covers (`coveringUnits`) and sorted, once each: the disclosure
   * ledger holds their views too, so that they are published like any unit's.
   */
  async function unionsOf(org: Organisation): Promise<string[][]> {
    const [grants, units] = await Promise.all([
      usersRepository(db).unitGrantsOf(org.id),
      organisationsRepository(db).unitsOf(org.id),
    ]);
    const pathOf = new Map(units.map((u) => [u.id, u.path]));
    const byUser = new Map<string, string[]>();
    for (const g of grants) {
      const path = pathOf.get(g.unitId);
      if (path === undefined || !isRole(g.role) || !roleHas(g.role, 'indicators.view')) continue;
      byUser.set(g.userId, [...(byUser.get(g.userId) ?? []), path]);
    }
    const sets = new Map<string, string[]>();
    for (const paths of byUser.values()) {
      const covering = coveringUnits(paths);
      if (covering.length > 1) sets.set(JSON.stringify(covering), covering);
    }
    return [...sets.keys()].sort().map((k) => sets.get(k)!);
  }

  async function context(view: DashboardView, known?: Snapshot): Promise<DashboardContext> {
    const [{ stamp, localDefinitions, unions }, all] = await Promise.all([
      known ?? snapshot(view.org),
      organisationsRepository(db).unitsOf(view.org.id),
    ]);
    const units = all
      .filter((u) => u.level === 'care_group')
      .map((u) => ({
        path: u.path,
        children: all
          .filter((d) => d.level === 'directorate' && d.path.startsWith(`${u.path}${PATH_SEPARATOR}`))
          .map((d) => d.path)
          .sort(),
      }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return new DashboardContext(view, {
      indicators,
      cache,
      stamp,
      localDefinitions,
      units,
      unions,
      ledgers,
    });
  }

  /**
   * Where the publication view of an organisation's year finds its counts: the disclosure ledger every
   * page of the organisation shares (disclosure.ts), for the figures of the given scope. Every output that
   * shows figures to a reader without full counts (the Indicators page, the plan's KPIs) publishes with it,
   * so a count reads the same there as on the dashboard.
   */
  async function publicationLookup(org: Organisation, year: number, scope: DataScope): Promise<PartLookup> {
    const ctx = await context({
      org,
      scope,
      scopeLabel: null,
      fullCounts: false,
      year,
      quarter: null,
      years: [year],
    });
    const d = await ctx.disclosure(year);
    const at = ctx.at(year, null);
    return (ind, part) => d.lookup(ind.id, part, at);
  }

  /**
   * The year's tile of every indicator and local metric, as the dashboard's overview builds it for the
   * person's view (their scope, full counts or the publication view): its headline figure, the previous
   * year's, and the change between the two as those figures read. Other pages that say how a figure
   * changed (the Indicators page) take it from here, so the change reads the same on every page.
   */
  async function yearTiles(
    org: Organisation,
    year: number,
    scope: DataScope,
    fullCounts: boolean,
  ): Promise<Map<string, Tile>> {
    const known = await snapshot(org);
    const view = { org, scope, scopeLabel: null, fullCounts, year, quarter: null, years: known.years };
    const periods = await tilePeriods(await context(view, known));
    const out = new Map<string, Tile>();
    for (const ind of periods.current.results.indicators) {
      const t = tileFor(ind.id, periods);
      if (t) out.set(ind.id, t);
    }
    for (const ind of periods.current.results.local) {
      const t = tileFor(ind.id, periods, true);
      if (t) out.set(ind.id, t);
    }
    return out;
  }

  /**
   * Resolves (or reads back) the disclosure ledger of every reporting year with data, and computes the
   * year's figures of the whole organisation and of each care group as their overviews ask for them, so
   * that the next reader's first view finds both kept (the figures in the database, for every process:
   * indicators.service.ts). Returns the years and the stamp they were prepared for.
   */
  async function prepare(org: Organisation): Promise<{ stamp: string; years: number[] }> {
    const known = await snapshot(org);
    const careGroups = (await organisationsRepository(db).unitsOf(org.id)).filter(
      (u) => u.level === 'care_group',
    );
    // The figures first (a fraction of a second a year), then the ledgers (seconds a year for a large trust).
    for (const year of known.years) {
      await indicators.compute(org, year, 'all');
      for (const unit of careGroups) await indicators.compute(org, year, [unit.path]);
    }
    for (const year of known.years) {
      const view = { org, scope: 'all' as const, scopeLabel: null, fullCounts: false, quarter: null };
      await (await context({ ...view, year, years: known.years }, known)).disclosure(year);
    }
    return { stamp: known.stamp, years: known.years };
  }

  /**
   * Computes and keeps what the organisation's overview opens on: the figures its tiles show and compare
   * (`tilePeriods`), the newest reporting year and the year before, each compared with its own year before,
   * for the whole organisation. An import ends with it (the Data page's and `parity import`), so the person
   * who loaded the files waits for the figures once, while the import finishes, and the first view after
   * it reads them. Every other year, each care group and the ledgers are the background preparer's
   * (`prepare`). Returns the newest year, or null when there is no reporting year yet.
   */
  async function ready(org: Organisation): Promise<number | null> {
    const year = (await snapshot(org)).years[0];
    if (year === undefined) return null;
    await indicators.computeYears(org, [year, year - 1], 'all');
    return year;
  }

  return {
    renderer,
    context,
    snapshot,
    ready,
    publicationLookup,
    yearTiles,
    prepare,
    /** The stamp the background preparer last finished the organisation for (server/prepare.ts), or null. */
    preparedStamp: (org: Organisation) => ledgers.preparedStamp(org.id),
    /** Records that the background preparer finished the organisation for `stamp`. */
    markPrepared: (org: Organisation, stamp: string) => ledgers.markPrepared(org.id, stamp),

    /** The whole organisation's share of BME or Disabled staff in a band (a trajectory starts from it). */
    async currentShare(
      org: Organisation,
      year: number,
      characteristic: string,
      band: string,
    ): Promise<number | null> {
      if (characteristic !== 'BME' && characteristic !== 'DISABLED') return null;
      const ctx = await context({
        org,
        scope: 'all',
        scopeLabel: null,
        fullCounts: true,
        year,
        quarter: null,
        years: [year],
      });
      const { results, published } = await ctx.annual(year);
      const share =
        band === 'SENIOR'
          ? seniorShare(results, published, characteristic)
          : characteristic === 'BME'
            ? bandShare(results, published, band)
            : null;
      return share?.percent ?? null;
    },

    /** Reporting years with data, newest first. */
    years: async (org: Organisation) => (await snapshot(org)).years,

    /**
     * The latest reporting year's staff in post for the Data page: who the snapshot holds, how many of
     * them the indicators count, and their declaration rates by care group, from the same computation as
     * the Data quality page (declaration.ts). Null when no snapshot at 31 March is loaded.
     */
    async declaration(org: Organisation, fullCounts: boolean): Promise<DeclarationSummary | null> {
      const known = await snapshot(org);
      const year = known.years[0];
      if (year === undefined) return null;
      const ctx = await context(
        { org, scope: 'all', scopeLabel: null, fullCounts, year, quarter: null, years: known.years },
        known,
      );
      const [people, ethnicity, disability] = await Promise.all([
        workforceScope(ctx, year),
        declarationTable(ctx, 'wres'),
        declarationTable(ctx, 'wdes'),
      ]);
      const last = (cells: readonly DeclarationCell[]) => cells.at(-1) ?? null;
      return {
        year,
        people,
        ethnicity: ethnicity.label,
        disability: disability.label,
        whole: { ethnicity: last(ethnicity.whole), disability: last(disability.whole) },
        rows: ethnicity.rows.map((r) => ({
          label: r.label,
          ethnicity: last(r.cells),
          disability: last(disability.rows.find((d) => d.key === r.key)?.cells ?? []),
        })),
      };
    },

    /**
     * The action plan of a financial year: RAG counts and linked actions per indicator, each with its status
     * today, for a view's scope (a care group's view: the trust-wide actions and the care group's own).
     */
    plan: (org: Organisation, planYear: number, scope: DashboardView['scope']): Promise<PlanActions> =>
      planActions(db, org.id, planYear, scope, clock.now().toISOString().slice(0, 10)),

    /**
     * Reference data: benchmarks loaded for the organisation or an organisation above it (an ICB loads the
     * regional figures once), then the national values the standards publish; the local population.
     */
    async reference(org: Organisation, lineage: readonly Organisation[]): Promise<ReferenceData> {
      const key = `reference#${lineage.map((o) => o.id).join(',')}`;
      const stamps = await Promise.all(lineage.map((o) => snapshot(o)));
      return cache.get(`${key}#${stamps.map((s) => s.stamp).join(',')}`, async () => {
        const benchmarks: BenchmarkRecord[] = [];
        for (const o of lineage)
          benchmarks.push(...(await currentRecords<BenchmarkRecord>(datasets, o.id, 'benchmarks')));
        for (const n of NATIONAL_REFERENCES)
          if (
            !benchmarks.some((b) => b.indicator === n.indicator && b.year === n.year && b.scope === n.scope)
          )
            benchmarks.push(n);
        const population = await currentRecords<PopulationRecord>(datasets, org.id, 'population');
        return { benchmarks, population };
      });
    },

    targets: (org: Organisation): Promise<Target[]> => targets.list(org.id),

    /**
     * Sets a trajectory: yearly targets rising (or falling) in a straight line from the share in `fromYear`
     * to `percent` in `toYear`, replacing any trajectory for that characteristic and band.
     */
    async saveTrajectory(
      actor: Actor,
      org: Organisation,
      input: {
        characteristic: string;
        band: string;
        fromYear: number;
        fromPercent: number | null;
        toYear: number;
        percent: number;
      },
    ): Promise<Target[]> {
      const problems: { field: string; message: string }[] = [];
      if (input.characteristic !== 'BME' && input.characteristic !== 'DISABLED')
        problems.push({ field: 'characteristic', message: 'Choose BME or Disabled staff' });
      if (!TARGET_BANDS.some((b) => b.value === input.band))
        problems.push({ field: 'band', message: 'Choose a band from the list' });
      else if (input.characteristic === 'DISABLED' && input.band !== 'SENIOR')
        problems.push({
          field: 'band',
          message:
            'WDES reports Disabled staff by cluster, not band: a Disabled target can be set for Band 8a and above only',
        });
      if (!Number.isFinite(input.percent) || input.percent < 0 || input.percent > 100)
        problems.push({ field: 'percent', message: 'Enter the target as a percentage from 0 to 100' });
      if (
        !Number.isInteger(input.toYear) ||
        input.toYear <= input.fromYear ||
        input.toYear > input.fromYear + 20
      )
        problems.push({
          field: 'toYear',
          message: `Enter the year to reach the target by: after ${input.fromYear} and no later than ${input.fromYear + 20}`,
        });
      if (problems.length > 0) throw invalidInput('The target has problems', problems);
      const start = input.fromPercent ?? input.percent;
      const steps = input.toYear - input.fromYear;
      const rows = Array.from({ length: steps + 1 }, (_, i) => ({
        year: input.fromYear + i,
        percent: Math.round((start + ((input.percent - start) * i) / steps) * 100) / 100,
      }));
      const characteristic = input.characteristic as TargetCharacteristic;
      const before = (await targets.list(org.id)).filter(
        (t) => t.characteristic === characteristic && t.band === input.band,
      );
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await targetsRepository(tx).replace(
          org.id,
          characteristic,
          input.band,
          rows,
          now.toISOString(),
          actor.label,
        );
        await auditRepository(tx).record(actor, now, {
          action: 'dashboard.target_save',
          organisationId: org.id,
          entityType: 'dashboard_target',
          entityId: `${characteristic}:${input.band}`,
          summary: `Set a ${characteristic === 'BME' ? 'BME' : 'Disabled'} representation target for ${bandText(input.band)}: ${input.percent}% by ${input.toYear}`,
          before,
          after: rows,
        });
      });
      return rows.map((r) => ({ ...r, characteristic, band: input.band }));
    },

    async removeTrajectory(
      actor: Actor,
      org: Organisation,
      characteristic: string,
      band: string,
    ): Promise<void> {
      const before = (await targets.list(org.id)).filter(
        (t) => t.characteristic === characteristic && t.band === band,
      );
      if (before.length === 0)
        throw invalidInput('There is no such target', [
          {
            field: 'band',
            message: `No ${characteristic === 'BME' ? 'BME' : 'Disabled'} target is set for ${bandText(band)}`,
          },
        ]);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await targetsRepository(tx).replace(
          org.id,
          characteristic as TargetCharacteristic,
          band,
          [],
          now.toISOString(),
          actor.label,
        );
        await auditRepository(tx).record(actor, now, {
          action: 'dashboard.target_delete',
          organisationId: org.id,
          entityType: 'dashboard_target',
          entityId: `${characteristic}:${band}`,
          summary: `Removed the ${characteristic === 'BME' ? 'BME' : 'Disabled'} representation target for ${bandText(band)}`,
          before,
        });
      });
    },
  };
}

export type DashboardService = ReturnType<typeof dashboardService>;
