/** Loading data in the browser: upload, preview with mapping and problems, correct, confirm, history, delete. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { buildTestApp, type TestApp } from '../support/app.js';

const ESR = [
  'Staff in Post - Detail',
  'Organisation: DHF Demo Hospitals NHS Foundation Trust',
  'Effective Date: 31/03/2024',
  '',
  'Employee Number,Assignment Number,Org L4,Org L5,Staff Group,Pay Band,Assignment Category,Ethnic Origin,Disability Flag,Gender',
  '1001,1001-1,Medicine and Emergency Care,Emergency Medicine,Nursing and Midwifery Registered,Band 5,Permanent,A White - British,No,Female',
  '1002,1002-1,Surgery and Anaesthetics,Theatres,Medical and Dental,Medical and Dental,Permanent,N Black or Black British - African,Yes,Male',
  '1003,1003-1,Corporate Services,Finance,Administrative and Clerical,Band 4,Permanent,Whte Britsh,Not Declared,Female',
].join('\n');

const RECRUITMENT_WITH_ERRORS = [
  'Applicant,Ethnic Origin,Disabled,Shortlisted,Offered,Submitted',
  'A1,A,No,Yes,Yes,2023-06-01',
  'A2,N,No,Maybe,No,2023-06-02',
].join('\n');

describe('loading data in the browser', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: true, settings: { uploadMaxMegabytes: 1 } });
  });
  afterAll(async () => t?.close());

  it('previews a file with its mapping and warnings, then loads it on confirmation', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    const page = await analyst.get('/o/DHF/data');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nothing has been loaded yet.');
    const upload = await analyst.upload('/o/DHF/data/upload', { dataset: '', asAt: '' }, [
      { field: 'files', name: 'staff-in-post.csv', content: ESR, type: 'text/csv' },
    ]);
    expect(upload.statusCode).toBe(303);
    const previewUrl = upload.headers.location as string;
    expect(previewUrl).toMatch(/^\/o\/DHF\/data\/uploads\/[0-9a-f-]{36}$/);
    const preview = await analyst.get(previewUrl);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('ESR staff in post report');
    expect(preview.body).toContain('Row 5');
    // The snapshot date box holds the date the file gives, as its hint asks for one.
    expect(preview.body).toMatch(/name="asAt_0"[^>]*value="31\/03\/2024"/);
    // The date the file covers, written as every other page writes a date.
    expect(preview.body).toMatch(/Covers\s*<\/dt>\s*<dd[^>]*>\s*31 March 2024\s*<\/dd>/);
    expect(preview.body).toContain('<option value="Employee Number" selected>Employee Number</option>');
    expect(preview.body).toContain(
      'Ethnicity &#39;Whte Britsh&#39; is not a known value; counted as not known. Closest known values: A White - British',
    );
    expect(preview.body).toContain('Load 1 file');
    // Nothing is saved before confirmation.
    expect((await t.services.datasets.versions(await orgOf(t))).length).toBe(0);
    const confirmed = await analyst.post(`${previewUrl}/confirm`);
    expect(confirmed.statusCode).toBe(303);
    const data = await analyst.get('/o/DHF/data');
    expect(data.body).toContain(
      'Loaded 3 workforce snapshot (staff in post) records from staff-in-post.csv.',
    );
    expect(data.body).toContain('staff-in-post.csv');
    expect(data.body).toContain('Declaration by care group');
    // The staged files are gone: a second confirmation cannot load them again.
    expect((await analyst.post(`${previewUrl}/confirm`)).statusCode).toBe(404);
  });

  it('shows every error, offers no load, and takes corrections to the dataset and columns', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    await analyst.get('/o/DHF/data');
    const upload = await analyst.upload('/o/DHF/data/upload', { dataset: '', asAt: '' }, [
      { field: 'files', name: 'trac.csv', content: RECRUITMENT_WITH_ERRORS },
    ]);
    const previewUrl = upload.headers.location as string;
    const preview = await analyst.get(previewUrl);
    expect(preview.body).toContain('Nothing can be loaded yet');
    expect(preview.body).not.toContain('Load 1 file');
    expect(preview.body).toContain('There is a problem');
    expect(preview.body).toContain('Required column missing');
    // Map the unrecognised date column by hand and check again.
    const recheck = await analyst.post(previewUrl, {
      dataset_0: 'recruitment',
      shown_0: 'recruitment',
      map_0_application_id: 'Applicant',
      map_0_ethnicity: 'Ethnic Origin',
      map_0_disability: 'Disabled',
      map_0_shortlisted: 'Shortlisted',
      map_0_appointed: 'Offered',
      map_0_application_date: 'Submitted',
    });
    expect(recheck.statusCode).toBe(303);
    const again = await analyst.get(previewUrl);
    expect(again.body).not.toContain('Required column missing');
    expect(again.body).toContain('Shortlisted: Maybe is not yes or no');
    // The problem is on row 3 of the file (each example's cells carry their heading, for narrow screens).
    expect(again.body).toMatch(/<td role="cell" class="nhsuk-table__cell"><span[^>]*>Row <\/span>3<\/td>/);
    const refused = await analyst.post(`${previewUrl}/confirm`);
    expect(refused.statusCode).toBe(400);
    expect((await analyst.post(`${previewUrl}/cancel`)).statusCode).toBe(303);
    expect((await analyst.get(previewUrl)).statusCode).toBe(404);
  });

  it('keeps one person’s upload from another person', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    await analyst.get('/o/DHF/data');
    const upload = await analyst.upload('/o/DHF/data/upload', {}, [
      { field: 'files', name: 'esr.csv', content: ESR },
    ]);
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    expect((await admin.get(upload.headers.location as string)).statusCode).toBe(404);
  });

  it('refuses a file over the size limit with a clear page', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    await analyst.get('/o/DHF/data');
    const big = Buffer.alloc(1024 * 1024 + 10, 'a');
    const r = await analyst.upload('/o/DHF/data/upload', {}, [
      { field: 'files', name: 'huge.csv', content: big },
    ]);
    expect(r.statusCode).toBe(413);
    expect(r.body).toContain('The upload is too large');
  });

  it('lists every version with its details, and deletes one with confirmation', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    const [version] = await t.services.datasets.versions(await orgOf(t));
    const detail = await analyst.get(`/o/DHF/data/versions/${version!.id}`);
    expect(detail.body).toContain('Employee Number');
    expect(detail.body).toContain(version!.fileSha256);
    const unconfirmed = await analyst.post(`/o/DHF/data/versions/${version!.id}/delete`, {});
    expect(unconfirmed.statusCode).toBe(400);
    const deleted = await analyst.post(`/o/DHF/data/versions/${version!.id}/delete`, { confirm: 'yes' });
    expect(deleted.statusCode).toBe(303);
    const page = await analyst.get('/o/DHF/data');
    expect(page.body).toContain('Deleted');
  });

  it('does not let viewers or action leads see or load data', async () => {
    for (const who of ['viewer', 'lead', 'caregroup']) {
      const a = t.agent();
      await a.signIn(who, DEMO_PASSWORD);
      expect((await a.get('/o/DHF/data')).statusCode, who).toBe(403);
      expect((await a.get('/o/DHF')).body, who).not.toContain('href="/o/DHF/data"');
    }
  });
});

async function orgOf(t: TestApp) {
  const { organisationsRepository } =
    await import('../../src/features/organisations/organisations.repository.js');
  return (await organisationsRepository(t.database.db).findByOds('DHF'))!;
}
