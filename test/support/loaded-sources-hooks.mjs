// The loader hooks of loaded-sources.mjs: they run in the loader's own thread, and write one line a module.
import { appendFileSync } from 'node:fs';

let file = '';

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  const text = result.source === null || result.source === undefined ? '' : String(result.source);
  // The bundle marks each bundled module's code with a `// node_modules/<package>/...` comment.
  const packages = [
    ...new Set([...text.matchAll(/^\/\/ node_modules\/((?:@[^/\s]+\/)?[^/\s]+)\//gm)].map((m) => m[1])),
  ];
  if (file) appendFileSync(file, `${JSON.stringify({ url, packages })}\n`);
  return result;
}
