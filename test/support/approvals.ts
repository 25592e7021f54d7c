/**
 * Stand-ins for the board approval tests: a small report document with an "at a glance" table, a plugin
 * that makes one table's inserts fail (a full disk, a lost connection) inside whatever transaction runs
 * them, and a reader of the typed error a call throws.
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  RootOperationNode,
} from 'kysely';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import type { Plan } from '../../src/features/plans/plan.js';
import type { PublicationDocument } from '../../src/features/publication/document.js';
import { isParityError, type ParityError } from '../../src/shared/errors.js';

/** A stand-in report: its title, the facts given, and an "at a glance" table with one figure. */
export function stubDocument(
  org: Organisation,
  year: number,
  plan: Plan | null,
  facts: { label: string; value: string }[],
  figure: string,
): PublicationDocument {
  return {
    kind: 'report',
    title: `Report ${year}`,
    subtitle: org.name,
    organisation: { code: org.odsCode, name: org.name },
    year,
    view: 'publication',
    marking: null,
    facts: [{ label: 'Plan status', value: plan?.status ?? 'as stored' }, ...facts],
    generatedAt: '2026-05-01T08:00:00.000Z',
    sections: [
      {
        id: 'summary',
        title: 'Summary',
        blocks: [
          {
            kind: 'table',
            id: 'at-a-glance',
            caption: 'At a glance',
            columns: [{ text: 'Indicator' }, { text: 'Figure' }, { text: 'This year' }],
            rows: [[{ text: 'WRES 2: Appointment' }, { text: 'Relative likelihood' }, { text: figure }]],
          },
        ],
      },
    ],
  };
}

/** Makes every insert into `table` fail, as a full disk or a lost connection would. */
export const failingInsertInto = (table: string): KyselyPlugin => ({
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === table)
      throw new Error(`insert into ${table} failed`);
    return node;
  },
  transformResult: (args: PluginTransformResultArgs) => Promise.resolve(args.result),
});

export async function problemsOf(work: Promise<unknown>): Promise<ParityError> {
  try {
    await work;
  } catch (error) {
    if (isParityError(error)) return error;
    throw error;
  }
  throw new Error('expected a ParityError');
}
