/**
 * Loaded into a `parity` child process by the atomicity test (`node --import tsx --import <this file>`).
 * It writes a line to stdout, synchronously and in order with the command's own output, when a
 * transaction begins, each record chunk is inserted, a commit is sent and a commit returns, so that the
 * test can kill the process at a moment of its choosing and name the phase it interrupted. It only
 * watches the database drivers: every statement runs exactly as it would without it.
 */
import { writeSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import pg from 'pg';

/** The test that reads these lines (test/db/import-atomicity.test.ts) knows them by this prefix. */
const PHASE_PREFIX = '@phase ';

type Marker = 'begin' | 'chunk' | 'commit';

function markerOf(sql: unknown): Marker | null {
  if (typeof sql !== 'string') return null;
  if (/^\s*begin\b/i.test(sql)) return 'begin';
  if (/^\s*commit\b/i.test(sql)) return 'commit';
  if (/^\s*insert into "dataset_record_chunks"/i.test(sql)) return 'chunk';
  return null;
}

const mark = (what: string): void => {
  writeSync(1, `\n${PHASE_PREFIX}${what}\n`);
};

type Method = (...args: unknown[]) => unknown;

const prepare = Reflect.get(Sqlite.prototype, 'prepare') as Method;
Reflect.set(Sqlite.prototype, 'prepare', function (this: Sqlite.Database, source: string) {
  const statement = Reflect.apply(prepare, this, [source]) as Sqlite.Statement;
  const marker = markerOf(source);
  if (!marker) return statement;
  const run = Reflect.get(statement, 'run') as Method;
  Reflect.set(statement, 'run', (...parameters: unknown[]) => {
    mark(marker);
    const result = Reflect.apply(run, statement, parameters);
    if (marker === 'commit') mark('committed');
    return result;
  });
  return statement;
});

const query = Reflect.get(pg.Client.prototype, 'query') as Method;
Reflect.set(pg.Client.prototype, 'query', function (this: pg.Client, ...args: unknown[]) {
  const first = args[0];
  const marker = markerOf(typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text);
  if (marker) mark(marker);
  const result = Reflect.apply(query, this, args);
  if (marker === 'commit' && result instanceof Promise)
    result.then(
      () => mark('committed'),
      () => {},
    );
  return result;
});
