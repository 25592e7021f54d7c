/**
 * A stale edit is reported one way, set out in plan-context.ts: an outcome typed `Stale`, or, where the
 * operation returns no outcome, the refusal `staleEdit` builds. These checks keep the plans service's
 * modules from growing a second way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isParityError } from '../../shared/errors.js';
import { staleEdit } from './plan-context.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => ({ name, text: readFileSync(path.join(here, name), 'utf8') }));

describe('stale edits in the plans service', () => {
  it('builds the refusal of a stale edit in plan-context.ts alone', () => {
    const elsewhere = modules
      .filter((m) => m.name !== 'plan-context.ts' && /\bconflict\(/.test(m.text))
      .map((m) => m.name);
    expect(modules.length).toBeGreaterThan(10);
    expect(elsewhere).toEqual([]);
  });

  it('declares the stale outcome in plan-context.ts alone', () => {
    const elsewhere = modules
      .filter((m) => m.name !== 'plan-context.ts' && /ok:\s*false;\s*current:/.test(m.text))
      .map((m) => m.name);
    expect(elsewhere).toEqual([]);
  });

  it('refuses with 409 wording that names what changed and what to do next', () => {
    const plan = staleEdit('plan');
    expect(isParityError(plan, 'CONFLICT')).toBe(true);
    expect(plan.message).toBe('Somebody else changed this plan a moment ago. Reload the page and try again.');
    expect(staleEdit('action', 'Reload the page to see their change, then add the KPI again.').message).toBe(
      'Somebody else changed this action a moment ago. Reload the page to see their change, then add the KPI again.',
    );
  });
});
