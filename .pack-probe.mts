import { WebClient } from '/work/main/test/support/server-process.js';
import { DEMO_PASSWORD } from '/work/main/src/features/demo/demo.js';
import { tablesOf } from '/work/main/test/support/html.js';
const c = WebClient.of('http://127.0.0.1:3999');
await c.signIn(process.argv[2] ?? 'caregroup', DEMO_PASSWORD);
const home = await c.get('/o/DHF/publication');
const links = [...home.body.matchAll(/href="([^"]*pack[^"]*)"/g)].map((m) => m[1]);
console.log(links.slice(0, 12));
const url = process.argv[3];
if (url) {
  const r = await c.get(url);
  for (const t of tablesOf(r.body)) {
    console.log('##', t.caption);
    for (const row of [...t.header, ...t.body].slice(0, 14)) console.log(row.map((x) => x.text).join(' | '));
  }
}
for (const y of [2025, 2026]) {
  const d = await c.get(`/o/DHF/dashboard?year=${y}`);
  const vals = ['WRES2', 'WRES4', 'WDES1', 'WRES1'].map((id) => {
    const m = new RegExp(`id="tile-${id}"[\\s\\S]*?class="parity-tile__value">([\\s\\S]*?)</p>`).exec(d.body);
    return `${id} ${m ? m[1]!.replace(/<[^>]+>/g, '').trim().split(/\s+/)[0] : null}`;
  });
  console.log('dashboard', y, d.statusCode, vals.join(', '));
}
