/** Creating organisations and their care group > directorate > department structure. */
import type { Db } from '../../storage/database.js';
import type { Clock } from '../../shared/clock.js';
import { invalidInput, notFound, type Problem } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import {
  normaliseOdsCode,
  ODS_CODE_PATTERN,
  ORGANISATION_KINDS,
  PATH_SEPARATOR,
  UNIT_LEVELS,
  type Organisation,
  type OrganisationKind,
  type OrgUnit,
} from './organisation.js';
import { organisationsRepository } from './organisations.repository.js';

export interface NewOrganisationInput {
  odsCode: string;
  name: string;
  kind: string;
  parentOdsCode?: string | null;
}

export function organisationsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  return {
    /** Every organisation, ICSs and trusts alike. */
    list: (): Promise<Organisation[]> => organisationsRepository(db).list(),

    /** The organisation with an ODS code (in any case, spaces around it ignored), or null. */
    findByOds: (odsCode: string): Promise<Organisation | null> =>
      organisationsRepository(db).findByOds(normaliseOdsCode(odsCode)),

    /** An organisation's care groups, directorates and departments. */
    unitsOf: (organisationId: string): Promise<OrgUnit[]> =>
      organisationsRepository(db).unitsOf(organisationId),

    async create(actor: Actor, input: NewOrganisationInput): Promise<Organisation> {
      const problems: Problem[] = [];
      const odsCode = normaliseOdsCode(input.odsCode);
      const repo = organisationsRepository(db);
      if (!ODS_CODE_PATTERN.test(odsCode))
        problems.push({
          field: 'odsCode',
          message: `ODS code must be 3 to 6 letters or digits (got '${input.odsCode}')`,
        });
      else if (await repo.findByOds(odsCode))
        problems.push({
          field: 'odsCode',
          message: `An organisation with ODS code ${odsCode} already exists`,
        });
      const name = input.name.trim();
      if (name === '' || name.length > 200)
        problems.push({ field: 'name', message: 'Enter the organisation’s name (up to 200 characters)' });
      if (!(ORGANISATION_KINDS as readonly string[]).includes(input.kind))
        problems.push({
          field: 'kind',
          message: `Kind must be one of ${ORGANISATION_KINDS.join(', ')} (got '${input.kind}')`,
        });
      let parentId: string | null = null;
      if (input.parentOdsCode) {
        const parent = await repo.findByOds(normaliseOdsCode(input.parentOdsCode));
        if (!parent)
          problems.push({
            field: 'parent',
            message: `No organisation has ODS code ${normaliseOdsCode(input.parentOdsCode)}`,
          });
        else parentId = parent.id;
      }
      if (problems.length > 0) throw invalidInput('The organisation cannot be created', problems);

      const now = clock.now();
      const org: Organisation = {
        id: newId(),
        odsCode,
        name,
        kind: input.kind as OrganisationKind,
        parentId,
        createdAt: now.toISOString(),
      };
      await db.transaction().execute(async (tx) => {
        await organisationsRepository(tx).insert(org);
        await auditRepository(tx).record(actor, now, {
          action: 'organisation.create',
          organisationId: org.id,
          entityType: 'organisation',
          entityId: org.id,
          summary: `Created ${org.name} (${org.odsCode})`,
          after: { odsCode, name, kind: org.kind, parent: input.parentOdsCode ?? null },
        });
      });
      return org;
    },

    /**
     * Makes sure every unit on each path exists (care group, then directorate, then department), creating
     * the missing ones. Returns the units created.
     */
    async ensureUnits(
      actor: Actor,
      organisationId: string,
      paths: readonly (readonly string[])[],
    ): Promise<OrgUnit[]> {
      const repo = organisationsRepository(db);
      const org = await repo.findById(organisationId);
      if (!org) throw notFound('Organisation not found');
      const problems: Problem[] = [];
      paths.forEach((p, i) => {
        if (p.length === 0 || p.length > UNIT_LEVELS.length)
          problems.push({
            field: `paths[${i}]`,
            message: `A unit path has 1 to ${UNIT_LEVELS.length} levels (care group, directorate, department)`,
          });
        p.forEach((name) => {
          if (name.trim() === '' || name.includes('>') || name.length > 200)
            problems.push({
              field: `paths[${i}]`,
              message: `Unit names must be 1 to 200 characters without '>' (got '${name}')`,
            });
        });
      });
      if (problems.length > 0) throw invalidInput('The units cannot be created', problems);

      const now = clock.now();
      return db.transaction().execute((tx) => ensureUnitPaths(tx, actor, org, paths, now));
    },
  };
}

/**
 * Creates the missing units on each path (care group, then directorate, then department) with one audit
 * event, inside the caller's transaction. Paths are trusted to be valid here; returns the units created.
 */
export async function ensureUnitPaths(
  tx: Db,
  actor: Actor,
  org: Organisation,
  paths: readonly (readonly string[])[],
  now: Date,
): Promise<OrgUnit[]> {
  const txRepo = organisationsRepository(tx);
  const byPath = new Map((await txRepo.unitsOf(org.id)).map((u) => [u.path, u]));
  const created: OrgUnit[] = [];
  for (const p of paths) {
    let parentId: string | null = null;
    for (let depth = 0; depth < Math.min(p.length, UNIT_LEVELS.length); depth++) {
      const names = p.slice(0, depth + 1).map((n) => n.trim());
      const path = names.join(PATH_SEPARATOR);
      let unit = byPath.get(path);
      if (!unit) {
        unit = {
          id: newId(),
          organisationId: org.id,
          parentId,
          level: UNIT_LEVELS[depth]!,
          name: names[depth]!,
          path,
        };
        await txRepo.insertUnit(unit, now.toISOString());
        byPath.set(path, unit);
        created.push(unit);
      }
      parentId = unit.id;
    }
  }
  if (created.length > 0)
    await auditRepository(tx).record(actor, now, {
      action: 'unit.create',
      organisationId: org.id,
      entityType: 'organisation',
      entityId: org.id,
      summary: `Created ${created.length} unit(s) in ${org.name}`,
      after: created.map((u) => u.path),
    });
  return created;
}

export type OrganisationsService = ReturnType<typeof organisationsService>;
