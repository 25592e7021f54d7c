/**
 * Nothing Parity answers is kept by a browser or a shared proxy unless the route says so: pages, exports
 * and redirects carry `Cache-Control: no-store`; the stylesheet may be cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';

describe('caching', () => {
  let t: TestApp;
  let admin: Agent;
  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
  });
  afterAll(async () => t?.close());

  it('keeps exports, pages and redirects out of every cache', async () => {
    const plans = await admin.get('/o/DHF/plans');
    const plan = /\/o\/DHF\/plans\/([0-9a-f-]{36})/.exec(plans.body)?.[1];
    expect(plan).toBeDefined();
    const urls = [
      '/o/DHF/plans',
      '/o/DHF/plans/template.xlsx',
      ...['csv', 'xlsx', 'docx', 'html'].map((f) => `/o/DHF/plans/${plan}/export/${f}`),
      '/o/DHF/dashboard',
      '/o/DHF/audit',
      '/health',
    ];
    for (const url of urls) {
      const r = await admin.get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
    const redirect = await t.agent().get('/o/DHF/dashboard');
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers['cache-control']).toBe('no-store');
  });

  it('lets the stylesheet be cached', async () => {
    const page = await admin.get('/o/DHF/plans');
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(page.body)?.[1];
    expect(css).toBeDefined();
    const r = await admin.get(css!);
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).not.toBe('no-store');
  });
});
