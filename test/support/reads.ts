/**
 * Which tables a piece of work reads: a Kysely plugin to put on the services' connection, and `during`,
 * which runs the work and gives back the table of each SELECT it ran, in order.
 */
import type { KyselyPlugin } from 'kysely';

export interface ReadObserver {
  readonly plugin: KyselyPlugin;
  during<T>(work: () => Promise<T>): Promise<{ value: T; tables: string[] }>;
}

export function readObserver(): ReadObserver {
  let tables: string[] | null = null;
  return {
    plugin: {
      transformQuery(args) {
        const node = args.node as {
          kind: string;
          from?: { froms: { table?: { identifier?: { name: string } } }[] };
        };
        if (tables && node.kind === 'SelectQueryNode')
          for (const f of node.from?.froms ?? []) tables.push(f.table?.identifier?.name ?? '?');
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    },
    async during(work) {
      tables = [];
      try {
        const value = await work();
        return { value, tables };
      } finally {
        tables = null;
      }
    },
  };
}
