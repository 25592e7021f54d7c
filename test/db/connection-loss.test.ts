/**
 * A PostgreSQL connection that the server ends while it sits idle in Parity's pool (a restart, an
 * administrator's pg_terminate_backend) must not take the process down: the pool drops it, warns, and the
 * next query runs on a new connection.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

describe('PostgreSQL: an idle pooled connection ended by the server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('postgres', { migrate: false });
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('is dropped with a warning, and the next query succeeds on a new connection', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      const pid = before.rows[0]!.pid;
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await admin.end();
      // The pool notices the closed socket on its own; give the event loop a moment to deliver it.
      for (let i = 0; i < 50 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(warnings.join('\n')).toMatch(/ParityDatabaseWarning: PostgreSQL connection lost while idle/);
      const after = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      expect(after.rows[0]!.pid).not.toBe(pid);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
