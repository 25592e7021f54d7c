const t0 = performance.now();
const libs = process.argv.slice(2);
for (const l of libs) await import(l);
console.log(libs.join(' '), (performance.now() - t0).toFixed(0), 'ms');
