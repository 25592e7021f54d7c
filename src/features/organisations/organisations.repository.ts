import type { Selectable } from 'kysely';
import type { Db } from '../../storage/database.js';
import type { OrganisationsTable, OrgUnitsTable } from '../../storage/schema.js';
import {
  ORGANISATION_KINDS,
  UNIT_LEVELS,
  type Organisation,
  type OrganisationKind,
  type OrgUnit,
  type UnitLevel,
} from './organisation.js';
import { readOnce } from '../../shared/read-scope.js';

function organisationFromRow(row: Selectable<OrganisationsTable>): Organisation {
  if (!(ORGANISATION_KINDS as readonly string[]).includes(row.kind))
    throw new Error(`organisation ${row.ods_code} has unknown kind '${row.kind}'`);
  return {
    id: row.id,
    odsCode: row.ods_code,
    name: row.name,
    kind: row.kind as OrganisationKind,
    parentId: row.parent_id,
    createdAt: row.created_at,
  };
}

function unitFromRow(row: Selectable<OrgUnitsTable>): OrgUnit {
  if (!(UNIT_LEVELS as readonly string[]).includes(row.level))
    throw new Error(`unit ${row.path} has unknown level '${row.level}'`);
  return {
    id: row.id,
    organisationId: row.organisation_id,
    parentId: row.parent_id,
    level: row.level as UnitLevel,
    name: row.name,
    path: row.path,
  };
}

export function organisationsRepository(db: Db) {
  return {
    async insert(org: Organisation): Promise<void> {
      await db
        .insertInto('organisations')
        .values({
          id: org.id,
          ods_code: org.odsCode,
          name: org.name,
          kind: org.kind,
          parent_id: org.parentId,
          created_at: org.createdAt,
        })
        .execute();
    },

    findByOds(odsCode: string): Promise<Organisation | null> {
      return readOnce(`organisations.findByOds:${odsCode}`, async () => {
        const row = await db
          .selectFrom('organisations')
          .selectAll()
          .where('ods_code', '=', odsCode)
          .executeTakeFirst();
        return row ? organisationFromRow(row) : null;
      });
    },

    async findById(id: string): Promise<Organisation | null> {
      const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? organisationFromRow(row) : null;
    },

    list(): Promise<Organisation[]> {
      return readOnce('organisations.list', async () => {
        const rows = await db
          .selectFrom('organisations')
          .selectAll()
          .orderBy('name')
          .orderBy('ods_code')
          .execute();
        return rows.map(organisationFromRow);
      });
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insertUnit(unit: OrgUnit, createdAt: string): Promise<void> {
      await db
        .insertInto('org_units')
        .values({
          id: unit.id,
          organisation_id: unit.organisationId,
          parent_id: unit.parentId,
          level: unit.level,
          name: unit.name,
          path: unit.path,
          created_at: createdAt,
        })
        .execute();
    },

    unitsOf(organisationId: string): Promise<OrgUnit[]> {
      return readOnce(`organisations.unitsOf:${organisationId}`, async () => {
        const rows = await db
          .selectFrom('org_units')
          .selectAll()
          .where('organisation_id', '=', organisationId)
          .orderBy('path')
          .execute();
        return rows.map(unitFromRow);
      });
    },

    async findUnitByPath(organisationId: string, path: string): Promise<OrgUnit | null> {
      const row = await db
        .selectFrom('org_units')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('path', '=', path)
        .executeTakeFirst();
      return row ? unitFromRow(row) : null;
    },
  };
}

export type OrganisationsRepository = ReturnType<typeof organisationsRepository>;
