// Installs what the tests need from Debian that npm cannot provide: PostgreSQL's server binaries,
// Chromium, and LibreOffice (Writer and Calc) with poppler's pdftotext for the plan export checks. Runs only when something is missing; needs root (CI machines are root). Safe to run twice.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(`${base}/${v}/bin/initdb`) && existsSync(`${base}/${v}/bin/pg_ctl`))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? `${base}/${versions[0]}/bin` : null;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const SOFFICE_PATH = '/usr/bin/soffice';
export const PDFTOTEXT_PATH = '/usr/bin/pdftotext';
/** pdfinfo and pdffonts come with pdftotext in poppler-utils. */
export const PDFINFO_PATH = '/usr/bin/pdfinfo';

/**
 * Opens files in LibreOffice as a reader would and prints them to PDF in `outdir`, with a throwaway
 * profile beside it (so nothing is shared with other runs or another test running at the same time).
 * Returns the PDFs' paths, in the order of the files.
 */
export function officeToPdf(files, outdir) {
  execFileSync(
    SOFFICE_PATH,
    [
      `-env:UserInstallation=${pathToFileURL(`${outdir}-profile`).href}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      outdir,
      ...files,
    ],
    { stdio: 'pipe', timeout: 170_000 },
  );
  return files.map((f) => `${outdir}/${f.replace(/^.*\//, '').replace(/\.[^.]+$/, '')}.pdf`);
}

const REQUIREMENTS = [
  { pkg: 'postgresql', present: () => postgresBinDir() !== null },
  { pkg: 'chromium', present: () => existsSync(CHROMIUM_PATH) },
  // The exported action plans are opened in a real office suite (converted to PDF) and their text read back.
  {
    pkg: 'libreoffice-writer-nogui',
    present: () => existsSync(SOFFICE_PATH) && existsSync('/usr/lib/libreoffice/program/libswlo.so'),
  },
  { pkg: 'libreoffice-calc-nogui', present: () => existsSync('/usr/lib/libreoffice/program/libsclo.so') },
  { pkg: 'poppler-utils', present: () => existsSync(PDFTOTEXT_PATH) },
];

export function ensureSystemDeps({ log = (line) => console.log(line) } = {}) {
  const missing = REQUIREMENTS.filter((r) => !r.present()).map((r) => r.pkg);
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The tests need these Debian packages: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`system: installing ${missing.join(', ')} with apt-get (once per machine)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  const still = REQUIREMENTS.filter((r) => !r.present()).map((r) => r.pkg);
  if (still.length > 0) throw new Error(`apt-get finished but ${still.join(', ')} is still missing`);
  return missing;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const installed = ensureSystemDeps();
  console.log(
    installed.length > 0
      ? `system: installed ${installed.join(', ')}`
      : 'system: PostgreSQL, Chromium, LibreOffice and pdftotext are present',
  );
}
