/** Bundles `<dist>/cli/main.js` into `<dist>/bundle/` and writes its code fingerprint; returns the bundle's size in bytes. */
export function bundleCli(dist: string): Promise<number>;
