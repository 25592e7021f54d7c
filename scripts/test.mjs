// The whole test suite, as CI and the README run it: system packages, build, lint, format, type check,
// then every vitest project (unit, db on SQLite/PGlite/PostgreSQL, http, browser). Ends with one line:
// "N passed, M failed", counting each check and each test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './system-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const env = { ...process.env, TZ: 'Europe/London', FORCE_COLOR: process.env.FORCE_COLOR ?? '1' };
let passed = 0;
let failed = 0;
const failures = [];

function step(name, command, args) {
  const started = Date.now();
  console.log(`\n== ${name}: ${[path.basename(command), ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(
    `== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return ok;
}

function check(name, command, args) {
  if (step(name, command, args)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

try {
  ensureSystemDeps();
  passed++;
} catch (error) {
  console.error(`system packages: ${error.message}`);
  failed++;
  failures.push('system packages');
}

check('build', process.execPath, [path.join(root, 'scripts/build.mjs')]);
check('lint', bin('eslint'), ['.', '--max-warnings', '0']);
check('format', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
check('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);

const report = path.join(root, 'test-results', 'vitest.json');
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });
step('tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  // A skipped or unfinished test is not a pass: nothing is skipped in this suite.
  const notPassed = results.numFailedTests + results.numPendingTests + results.numTodoTests;
  failed += notPassed;
  for (const file of results.testResults) {
    for (const t of file.assertionResults)
      if (t.status !== 'passed')
        failures.push(`${path.relative(root, file.name)} > ${t.fullName} (${t.status})`);
    // A file that fails to load has no test results of its own: count it once.
    if (file.status === 'failed' && file.assertionResults.every((t) => t.status === 'passed')) {
      failed++;
      failures.push(`${path.relative(root, file.name)}: ${String(file.message).split('\n')[0]}`);
    }
  }
} else {
  failed++;
  failures.push('tests: vitest wrote no report');
}

if (failures.length > 0) {
  console.log('\nFailed:');
  for (const f of failures) console.log(`  - ${f}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
