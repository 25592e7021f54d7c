import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD } from '../features/demo/demo.js';
import { EXIT } from './exit-codes.js';
import { run } from './main.js';
import { MIGRATIONS } from '../storage/migrations/index.js';

const saved = { ...process.env };
let out: string[] = [];
let err: string[] = [];

async function parity(...args: string[]): Promise<number> {
  out = [];
  err = [];
  return run(args, (line) => err.push(line));
}

/** Each test's own folder (its database), removed after it. */
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-cli-'));
  for (const key of Object.keys(process.env))
    if (key.startsWith('PARITY_') || key === 'DATABASE_URL' || key === 'PORT') delete process.env[key];
  Object.assign(process.env, {
    PARITY_ENV: 'test',
    DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}`,
    PARITY_SESSION_SECRET: 'cli-test-secret-of-at-least-32-characters',
    PARITY_PSEUDONYMISATION_KEY: 'cli-test-pseudonymisation-key-of-32-chars',
  });
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk: string | Uint8Array) => (out.push(String(chunk)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk: string | Uint8Array) => (err.push(String(chunk)), true),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

describe('the parity command', () => {
  it.each([
    [[]],
    [['serve']],
    [['migrate']],
    [['backup']],
    [['restore']],
    [['demo']],
    [['user', 'add']],
    [['user', 'role']],
    [['user', 'password']],
    [['user', 'list']],
    [['org', 'add']],
    [['org', 'list']],
    [['import']],
    [['data', 'list']],
    [['data', 'delete']],
    [['compute']],
    [['metric', 'examples']],
    [['metric', 'add']],
    [['metric', 'list']],
    [['metric', 'remove']],
    [['generate']],
    [['settings', 'list']],
    [['settings', 'set']],
    [['settings', 'reset']],
  ])('has --help for %j', async (command) => {
    expect(await parity(...command, '--help')).toBe(EXIT.OK);
    expect(out.join('')).toContain(`Usage: parity${command.length ? ` ${command.join(' ')}` : ''}`);
  });

  it('exits 2 for a wrong command line', async () => {
    expect(await parity('bogus')).toBe(EXIT.USAGE);
    expect(err.join('')).toContain("unknown command 'bogus'");
    expect(await parity('user', 'add', 'someone')).toBe(EXIT.USAGE);
    expect(err.join('')).toContain("required option '--name <full name>' not specified");
    expect(await parity('serve', '--port', 'eighty')).toBe(EXIT.USAGE);
    expect(err.join('')).toContain('port must be a whole number from 1 to 65535');
  });

  it('exits 3 for invalid settings, listing each problem', async () => {
    process.env.PORT = 'abc';
    process.env.PARITY_LOG_LEVEL = 'loud';
    expect(await parity('migrate')).toBe(EXIT.BAD_INPUT);
    expect(err).toContain('parity: The configuration has 2 problem(s)');
    expect(err).toContain("  - PORT: must be a whole number from 1 to 65535 (got 'abc')");
  });

  it('exits 1 when the database cannot be reached', async () => {
    process.env.DATABASE_URL = 'postgres://parity@127.0.0.1:1/parity';
    expect(await parity('migrate')).toBe(EXIT.FAILURE);
    expect(err.join('\n')).toContain(
      'Cannot connect to the database at postgres://parity@127.0.0.1:1/parity',
    );
  });

  it('migrates, and says when there is nothing to do', async () => {
    expect(await parity('migrate')).toBe(EXIT.OK);
    // Every registered migration, in order (0004 and later come with the plans and the dashboard).
    const names = Object.keys(MIGRATIONS);
    expect(names.slice(0, 4)).toEqual(['0001_foundation', '0002_datasets', '0003_metrics', '0004_plans']);
    expect(out.join('\n')).toContain(`applied ${names.length} migration(s): ${names.join(', ')}`);
    expect(await parity('migrate')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('is up to date');
    expect(await parity('migrate', '--status')).toBe(EXIT.OK);
    expect(out.join('\n')).toMatch(/^applied {2}0001_foundation/m);
  });

  it('backs up and restores only what it can, saying why not', async () => {
    expect(await parity('backup')).toBe(EXIT.USAGE);
    expect(err.join('')).toContain("required option '--out <file>' not specified");
    // Nothing to back up: the database does not exist yet, and is not made by trying.
    expect(await parity('backup', '--out', path.join(dir, 'b'))).toBe(EXIT.BAD_INPUT);
    expect(err.join('\n')).toContain('There is no database at');
    expect(await parity('restore', path.join(dir, 'missing.backup'))).toBe(EXIT.BAD_INPUT);
    expect(err.join('\n')).toContain(`There is no file ${path.join(dir, 'missing.backup')} to restore from.`);
    process.env.DATABASE_URL = 'pglite:memory';
    expect(await parity('backup', '--out', path.join(dir, 'b'))).toBe(EXIT.BAD_INPUT);
    expect(err.join('\n')).toContain('Backup and restore are not supported for pglite:memory');
  });

  it('creates the demo once, and refuses it in production', async () => {
    expect(await parity('demo', '--no-data')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain(`password for all: ${DEMO_PASSWORD}`);
    expect(await parity('demo', '--no-data')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('already exists');
    expect(await parity('org', 'list')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('DHF\tDemo Hospitals NHS Foundation Trust\ttrust\tDIC');
    Object.assign(process.env, { PARITY_ENV: 'production', PARITY_PUBLIC_URL: 'https://p.example' });
    expect(await parity('demo', '--no-data')).toBe(EXIT.BAD_INPUT);
    // Nor through the server's shortcut: it refuses before opening the database or listening.
    expect(await parity('serve', '--demo', '--port', '3999')).toBe(EXIT.BAD_INPUT);
    expect(err.join('\n')).toContain('cannot be created in production');
  });

  it('manages organisations, accounts and roles', async () => {
    expect(await parity('org', 'add', '--ods', 'rxx', '--name', 'Example Hospitals NHS Trust')).toBe(EXIT.OK);
    expect(await parity('org', 'add', '--ods', 'RXX', '--name', '', '--kind', 'hospital')).toBe(
      EXIT.BAD_INPUT,
    );
    expect(err).toContain('  - odsCode: An organisation with ODS code RXX already exists');
    expect(err).toContain("  - kind: Kind must be one of trust, ics, other (got 'hospital')");

    expect(
      await parity('user', 'add', 'j.smith', '--name', 'Jo Smith', '--org', 'RXX', '--role', 'analyst'),
    ).toBe(EXIT.OK);
    const password = /Password \(shown once\): (\S+)/.exec(out.join('\n'))?.[1];
    expect(password).toHaveLength(20);
    expect(out).toContain('j.smith is Analyst (EDI lead) for Example Hospitals NHS Trust.');
    expect(await parity('user', 'add', 'j.smith', '--name', 'Again')).toBe(EXIT.BAD_INPUT);
    expect(err).toContain('  - username: The username j.smith is already taken');

    expect(await parity('user', 'role', 'j.smith', '--org', 'RXX', '--role', 'viewer')).toBe(EXIT.OK);
    expect(out).toContain('j.smith is Viewer for Example Hospitals NHS Trust.');
    expect(await parity('user', 'role', 'j.smith', '--org', 'NOPE', '--role', 'viewer')).toBe(EXIT.BAD_INPUT);
    expect(await parity('user', 'role', 'j.smith', '--org', 'RXX', '--role', 'emperor')).toBe(EXIT.BAD_INPUT);
    expect(await parity('user', 'role', 'nobody', '--org', 'RXX', '--role', 'viewer')).toBe(EXIT.BAD_INPUT);
    expect(await parity('user', 'list', '--org', 'RXX')).toBe(EXIT.OK);
    expect(out).toContain('j.smith\tJo Smith\tViewer\twhole organisation');
    expect(await parity('user', 'role', 'j.smith', '--org', 'RXX', '--remove')).toBe(EXIT.OK);
    expect(await parity('user', 'role', 'j.smith', '--org', 'RXX', '--remove')).toBe(EXIT.BAD_INPUT);

    expect(await parity('user', 'password', 'j.smith')).toBe(EXIT.OK);
    const next = /New password \(shown once\): (\S+)/.exec(out.join('\n'))?.[1];
    expect(next).toHaveLength(20);
    expect(next).not.toBe(password);
    expect(
      await parity('user', 'add', 'sso.only', '--name', 'SSO Only', '--sso', '--email', 'sso.only@nhs.net'),
    ).toBe(EXIT.OK);
    expect(await parity('user', 'list')).toBe(EXIT.OK);
    expect(out).toContain('sso.only\tSSO Only\tsso.only@nhs.net\tactive\tsso only');
  });

  it('loads an interview panel file and computes a shipped panel metric from it', async () => {
    const examples = path.resolve(import.meta.dirname, '../../examples');
    expect(await parity('demo', '--no-data')).toBe(EXIT.OK);
    const files = [path.join(examples, 'workforce.csv'), path.join(examples, 'panels.csv')];
    expect(await parity('import', ...files, '--org', 'DHF')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('Saved 2 file(s) for Demo Hospitals NHS Foundation Trust');
    expect(await parity('metric', 'add', '--org', 'DHF', '--example', 'panels-8a-trained-member')).toBe(
      EXIT.OK,
    );
    expect(
      await parity('compute', '--org', 'DHF', '--indicator', 'panels-8a-trained-member', '--format', 'csv'),
    ).toBe(EXIT.OK);
    // Two panels for Band 8a and above (DHF-24-00017 and DHF-24-00044), each chaired by a trained member.
    expect(out).toContain('panels-8a-trained-member,main,Counts and rates,All,Numerator,2');
    expect(out).toContain('panels-8a-trained-member,main,Counts and rates,All,Denominator,2');
    // Panels have no characteristic: their one group is everyone, printed once.
    expect(out.filter((l) => l.startsWith('panels-8a-trained-member,main,Counts and rates,'))).toEqual([
      'panels-8a-trained-member,main,Counts and rates,All,Numerator,2',
      'panels-8a-trained-member,main,Counts and rates,All,Denominator,2',
      'panels-8a-trained-member,main,Counts and rates,All,Rate,100.0%',
    ]);
  }, 60_000);

  it('loads the example files, computes the indicators and manages local metrics', async () => {
    const examples = path.resolve(import.meta.dirname, '../../examples');
    expect(await parity('demo', '--no-data')).toBe(EXIT.OK);
    expect(
      await parity(
        'import',
        path.join(examples, 'workforce.csv'),
        path.join(examples, 'recruitment.csv'),
        path.join(examples, 'cases.csv'),
        '--org',
        'DHF',
        '--dry-run',
      ),
    ).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('Dry run: nothing was saved.');
    // Declaration rates in the Data page's words and precision, not "98%" here and "98.0%" there.
    expect(out).toContain('  Ethnicity recorded: 49 (98.0%; 1 chose not to say, 0 not known)');
    expect(out).toContain('  Disability recorded: 41 (82.0%; 9 not declared or not known)');
    // The case log's two cases (examples/cases.csv): both name an ethnicity; one disability is "Not
    // Declared". Counted as records, since one person may have several cases.
    expect(out).toContain('  Records: 2');
    expect(out).toContain('  Disability recorded: 1 (50.0%; 1 not declared or not known)');
    expect(await parity('data', 'list', '--org', 'DHF')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('Nothing has been loaded');
    expect(
      await parity(
        'import',
        path.join(examples, 'workforce.csv'),
        path.join(examples, 'recruitment.csv'),
        path.join(examples, 'cases.csv'),
        '--org',
        'DHF',
      ),
    ).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('Saved 3 file(s) for Demo Hospitals NHS Foundation Trust');
    // The import ends with the overview's figures kept, for every process: the compute below reads them.
    expect(out).toContain('Figures for reporting year 2024 computed and kept.');
    expect(await parity('compute', '--org', 'DHF', '--indicator', 'WRES2')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain(
      'WRES2: Appointment from shortlisting\n  Relative likelihood of White applicants being appointed from shortlisting',
    );
    expect(await parity('compute', '--org', 'DHF', '--indicator', 'WRES2', '--format', 'csv')).toBe(EXIT.OK);
    expect(out[0]).toBe('indicator,part,table,row,column,value');
    expect(await parity('compute', '--org', 'DHF', '--format', 'json')).toBe(EXIT.OK);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ year: 2024, period: { snapshotDate: '2024-03-31' } });
    expect(await parity('compute', '--org', 'DCM')).toBe(EXIT.BAD_INPUT);
    expect(await parity('metric', 'add', '--org', 'DHF', '--example', 'leavers-by-ethnicity')).toBe(EXIT.OK);
    expect(await parity('metric', 'list', '--org', 'DHF')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('leavers-by-ethnicity');
    expect(await parity('metric', 'add', '--org', 'DHF', '--example', 'nope')).toBe(EXIT.BAD_INPUT);
    expect(
      await parity(
        'settings',
        'set',
        '--org',
        'DHF',
        'stats.lowCountThreshold=5',
        'wres.indicator3.windowYears=1',
      ),
    ).toBe(EXIT.OK);
    expect(await parity('settings', 'list', '--org', 'DHF')).toBe(EXIT.OK);
    expect(out).toContain('stats.lowCountThreshold\t5 (default 10)\tUNCONFIRMED');
    expect(await parity('settings', 'set', '--org', 'DHF', 'stats.lowCountThreshold=-1', 'no.such=1')).toBe(
      EXIT.BAD_INPUT,
    );
    expect(err.join('\n')).toContain('no.such: is not a setting');
    expect(await parity('compute', '--org', 'DHF', '--format', 'json')).toBe(EXIT.OK);
    expect(
      (JSON.parse(out.join('\n')) as { settings: Record<string, unknown> }).settings[
        'stats.lowCountThreshold'
      ],
    ).toBe(5);
    expect(await parity('settings', 'reset', '--org', 'DHF')).toBe(EXIT.OK);
    expect(await parity('import', path.join(examples, 'no-such-file.csv'), '--org', 'DHF')).toBe(
      EXIT.BAD_INPUT,
    );
    const list = await parity('data', 'list', '--org', 'DHF');
    expect(list).toBe(EXIT.OK);
    const id = out.join('\n').split('\t')[0]!;
    expect(await parity('data', 'delete', id, '--org', 'DHF')).toBe(EXIT.OK);
  }, 60_000);
});
