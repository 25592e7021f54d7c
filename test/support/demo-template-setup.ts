import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplateDir: string;
  }
}

/**
 * Names the folder where the run's prepared demo database is made (demo-template.ts). Every project that
 * lists this setup runs it in the one vitest process, so they all name the same folder and share one copy.
 */
export default function setup(project: TestProject): () => void {
  const dir = path.join(tmpdir(), `parity-demo-template-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  project.provide('demoTemplateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
