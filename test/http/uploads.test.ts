/**
 * Uploads are read only where a route takes files, only from someone allowed to send them, only after the
 * form token, and never into memory: a real server on loopback answers a refused upload while the client is
 * still sending it, and keeps answering other people while a large file is being read. What waits between
 * preview and confirmation is sealed, and once loaded no raw identifier is left anywhere in the database
 * file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';

const FULL = process.env.PARITY_PROOFS === 'full';

/** A staff-in-post file with NI numbers and names (columns Parity must not keep), `people` rows. */
function staffFile(people: number): string {
  const lines = [
    'Employee Number,National Insurance Number,Full Name,Email,Org L4,Org L5,Staff Group,Pay Band,Assignment Category,Ethnic Origin,Disability Flag,Gender,Effective Date',
  ];
  const groups = ['Medicine and Emergency Care,Emergency Medicine', 'Surgery and Anaesthetics,Theatres'];
  for (let i = 0; i < people; i++) {
    const ni = `QQ${String(100000 + (i % 900000)).padStart(6, '0')}C`;
    lines.push(
      `${700000 + i},${ni},Person Zyxwvut${i},zyxwvut${i}@example.nhs.uk,${groups[i % 2]},Nursing and Midwifery Registered,Band ${5 + (i % 3)},Permanent,${i % 4 === 0 ? 'N Black or Black British - African' : 'A White - British'},No,${i % 2 ? 'Male' : 'Female'},31/03/2024`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Sends a request head and `sent` bytes of a body declared far larger, and waits for the answer. */
function answerBeforeBody(
  port: number,
  head: string,
  firstBytes: Buffer,
): Promise<{ status: number; headers: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error('no answer while the body was still being sent'));
    });
    socket.on('data', (d) => {
      received += d.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end >= 0) {
        socket.destroy();
        resolve({ status: Number(received.slice(9, 12)), headers: received.slice(0, end) });
      }
    });
    socket.on('error', reject);
    socket.write(head);
    socket.write(firstBytes);
    // The rest of the declared body never comes: only an answer that did not wait for it arrives.
  });
}

const BOUNDARY = '----parityproof';
const multipartHead = (url: string, length: number, extra = '') =>
  `POST ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n${extra}\r\n`;
const filePart = (field: string, name: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${'a'.repeat(64 * 1024)}`,
  );
const fieldPart = (name: string, value: string) =>
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);

const uploadDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('parity-upload-'));

describe('uploads', () => {
  let t: TestApp;
  let port: number;
  let analyst: Agent;

  beforeAll(async () => {
    t = await buildTestApp({ demo: true, settings: { uploadMaxMegabytes: FULL ? 120 : 40 } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
    analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    await analyst.get('/o/DHF/data');
  });
  afterAll(async () => t?.close());

  it('answers a multipart body anywhere but an upload route without reading it', async () => {
    const declared = 1024 ** 3;
    const signIn = await answerBeforeBody(
      port,
      multipartHead('/sign-in', declared),
      filePart('x', 'big.bin'),
    );
    expect(signIn.status).toBe(415);
    const cookie = `cookie: ${analyst.cookieHeader()}\r\n`;
    const plans = await answerBeforeBody(
      port,
      multipartHead('/o/DHF/plans', declared, cookie),
      Buffer.concat([fieldPart('_csrf', analyst.token!), filePart('file', 'big.bin')]),
    );
    expect(plans.status).toBe(415);
  });

  it('refuses an upload before reading a file: not signed in, not allowed, or no form token first', async () => {
    const declared = 1024 ** 3;
    const anonymous = await answerBeforeBody(
      port,
      multipartHead('/o/DHF/data/upload', declared),
      filePart('files', 'big.csv'),
    );
    expect(anonymous.status).toBe(401);

    const viewer = t.agent();
    await viewer.signIn('viewer', DEMO_PASSWORD);
    const forbidden = await answerBeforeBody(
      port,
      multipartHead('/o/DHF/data/upload', declared, `cookie: ${viewer.cookieHeader()}\r\n`),
      Buffer.concat([fieldPart('_csrf', viewer.token!), filePart('files', 'big.csv')]),
    );
    expect(forbidden.status).toBe(403);

    const cookie = `cookie: ${analyst.cookieHeader()}\r\n`;
    const fileFirst = await answerBeforeBody(
      port,
      multipartHead('/o/DHF/data/upload', declared, cookie),
      Buffer.concat([filePart('files', 'big.csv')]),
    );
    expect(fileFirst.status).toBe(403);
    const wrongToken = await answerBeforeBody(
      port,
      multipartHead('/o/DHF/data/upload', declared, cookie),
      Buffer.concat([fieldPart('_csrf', 'not-the-token'), filePart('files', 'big.csv')]),
    );
    expect(wrongToken.status).toBe(403);
  });

  it('stops reading a file at the size limit and leaves no temporary file behind', async () => {
    const small = await buildTestApp({ demo: true, settings: { uploadMaxMegabytes: 1 } });
    try {
      const a = small.agent();
      await a.signIn('analyst', DEMO_PASSWORD);
      await a.get('/o/DHF/data');
      const before = uploadDirs();
      const r = await a.upload('/o/DHF/data/upload', {}, [
        { field: 'files', name: 'huge.csv', content: Buffer.alloc(1024 * 1024 + 10, 'a') },
      ]);
      expect(r.statusCode).toBe(413);
      expect(r.body).toContain('The upload is too large');
      expect(uploadDirs().filter((d) => !before.includes(d))).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('keeps a staged file sealed, shows its preview without reading it again, and leaves no raw identifier in the database file', async () => {
    const before = uploadDirs();
    const upload = await analyst.upload('/o/DHF/data/upload', { dataset: '', asAt: '' }, [
      { field: 'files', name: 'staff.csv', content: staffFile(300), type: 'text/csv' },
    ]);
    expect(upload.statusCode).toBe(303);
    expect(uploadDirs().filter((d) => !before.includes(d))).toEqual([]);
    const previewUrl = upload.headers.location as string;

    const staged = await t.services.db
      .selectFrom('staged_upload_contents')
      .select(['file_id', 'content'])
      .execute();
    expect(staged).toHaveLength(1);
    const blob = Buffer.from(staged[0]!.content);
    expect(blob.includes('QQ100000C')).toBe(false);
    expect(blob.includes('Zyxwvut')).toBe(false);
    expect(blob.includes('700000')).toBe(false);

    // The preview is shown from what the upload's check found: it does not need the file again.
    const sealed = staged[0]!.content;
    await t.services.db
      .updateTable('staged_upload_contents')
      .set({ content: Buffer.from('gone') })
      .execute();
    const preview = await analyst.get(previewUrl);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('300 rows, 300 records');
    await t.services.db.updateTable('staged_upload_contents').set({ content: sealed }).execute();

    expect((await analyst.post(`${previewUrl}/confirm`)).statusCode).toBe(303);
    expect(await t.services.db.selectFrom('staged_uploads').select('id').execute()).toEqual([]);
    expect(await t.services.db.selectFrom('staged_upload_contents').select('file_id').execute()).toEqual([]);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(t.services.db);
    const file = t.database.url.replace(/^sqlite:/, '');
    for (const f of [file, `${file}-wal`].filter((f) => existsSync(f))) {
      const bytes = readFileSync(f);
      expect(bytes.includes('QQ100000C'), path.basename(f)).toBe(false);
      expect(bytes.includes('QQ100299C'), path.basename(f)).toBe(false);
      expect(bytes.includes('Zyxwvut'), path.basename(f)).toBe(false);
      expect(bytes.includes('@example.nhs.uk'), path.basename(f)).toBe(false);
    }
  });

  it('keeps answering other requests while a large file is read', async () => {
    const people = FULL ? 530_000 : 60_000;
    const body = Buffer.from(staffFile(people));
    const latencies: number[] = [];
    let uploading = true;
    const probe = (async () => {
      while (uploading) {
        const started = performance.now();
        const r = await fetch(`http://127.0.0.1:${port}/sign-in`);
        await r.text();
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const started = performance.now();
    const form = new FormData();
    form.append('_csrf', analyst.token!);
    form.append('files', new Blob([body], { type: 'text/csv' }), 'large.csv');
    const r = await fetch(`http://127.0.0.1:${port}/o/DHF/data/upload`, {
      method: 'POST',
      body: form,
      headers: { cookie: analyst.cookieHeader() },
      redirect: 'manual',
    });
    const took = performance.now() - started;
    uploading = false;
    await probe;
    expect(r.status).toBe(303);
    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.floor(latencies.length * 0.95)]!;
    console.log(
      `upload of ${(body.length / 1024 / 1024).toFixed(1)} MB (${people} rows) took ${(took / 1000).toFixed(1)} s; ${latencies.length} other requests meanwhile, p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
    );
    expect(latencies.length).toBeGreaterThan(10);
    expect(p95).toBeLessThan(200);
  });
});
