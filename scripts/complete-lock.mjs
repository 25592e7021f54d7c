#!/usr/bin/env node
// Adds to package-lock.json the platform-specific optional binaries (DuckDB's node bindings) that `npm install`
// leaves out when the registry it talks to lacks them. `npm ci` refuses a lock file that misses any dependency,
// even one it would skip on this platform, so run this after `npm install` changes the lock file.
// test/unit/lockfile.test.ts fails while anything is missing.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const platforms = {
  'darwin-arm64': { cpu: ['arm64'], os: ['darwin'] },
  'darwin-x64': { cpu: ['x64'], os: ['darwin'] },
  'linux-arm64': { cpu: ['arm64'], os: ['linux'], libc: ['glibc'] },
  'linux-arm64-musl': { cpu: ['arm64'], os: ['linux'], libc: ['musl'] },
  'linux-x64': { cpu: ['x64'], os: ['linux'], libc: ['glibc'] },
  'linux-x64-musl': { cpu: ['x64'], os: ['linux'], libc: ['musl'] },
  'win32-arm64': { cpu: ['arm64'], os: ['win32'] },
  'win32-x64': { cpu: ['x64'], os: ['win32'] },
};
const packages = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (packages[`node_modules/${dep}`]) continue;
    const platform = platforms[/-bindings-(.+)$/.exec(dep)?.[1] ?? ''];
    if (!platform) {
      console.error(`${dep} (optional dependency of ${key}) is missing and is not a known platform binary`);
      process.exitCode = 1;
      continue;
    }
    packages[`node_modules/${dep}`] = {
      version,
      cpu: platform.cpu,
      dev: entry.dev,
      ...(platform.libc ? { libc: platform.libc } : {}),
      license: entry.license,
      optional: true,
      os: platform.os,
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b, 'en')));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} missing platform binaries added`);
