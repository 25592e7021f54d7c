/**
 * Static assets, all served by Parity itself (no CDN): the compiled stylesheet, Parity's scripts, and the
 * design system's script, images and manifest. Only the names listed here can be fetched.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PUBLIC } from './routing.js';
import { NHSUK_DIR } from './views.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package root: two levels above both src/server and dist/server. */
export const PACKAGE_ROOT = path.resolve(here, '../..');
/** Where the build writes the compiled stylesheet. */
export const BUILT_ASSETS_DIR = path.join(PACKAGE_ROOT, 'dist', 'public');
const OWN_ASSETS_DIR = path.join(here, 'public');
const NHSUK_ASSETS = path.join(NHSUK_DIR, 'nhsuk');

function locate(name: string): { root: string; file: string } | null {
  if (name === 'parity.css' || name === 'parity.css.map') return { root: BUILT_ASSETS_DIR, file: name };
  if (/^[a-z-]+\.js$/.test(name) && existsSync(path.join(OWN_ASSETS_DIR, name)))
    return { root: OWN_ASSETS_DIR, file: name };
  if (name === 'nhsuk-frontend.min.js' || name === 'nhsuk-frontend.min.js.map')
    return { root: NHSUK_ASSETS, file: name };
  if (name === 'manifest.json' || /^images\/[a-z0-9-]+\.(svg|png|ico)$/.test(name))
    return { root: path.join(NHSUK_ASSETS, 'assets'), file: name };
  return null;
}

export async function registerAssets(
  app: FastifyInstance,
  options: { maxAgeSeconds: number },
): Promise<void> {
  await app.register(fastifyStatic, { root: OWN_ASSETS_DIR, serve: false });
  app.get<{ Params: { '*': string } }>('/assets/*', { config: { access: PUBLIC } }, (request, reply) => {
    const found = locate(request.params['*']);
    if (!found) return reply.callNotFound();
    return reply.sendFile(found.file, found.root, { maxAge: options.maxAgeSeconds * 1000, immutable: false });
  });
}
