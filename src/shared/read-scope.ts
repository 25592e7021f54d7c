/**
 * Reads made once per request: a page asks for the same organisation, its units, its data versions, its
 * settings, its local metrics and its recorded answers from several places (access check, dashboard,
 * indicators, plan), and inside a read scope each of those reads reaches the database once and is shared.
 * The server opens a scope for every GET and HEAD request (src/server/app.ts), which change nothing these
 * reads return; outside a scope (the CLI, a worker, a request that writes) every read goes to the database.
 * Callers treat what they get as read-only, since others in the request hold the same value.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs `fn` (and everything it starts) in a new read scope. */
export function inReadScope<T>(fn: () => T): T {
  return scope.run(new Map(), fn);
}

/** `read()` once per read scope under `key` (the reading function's name and its arguments). */
export function readOnce<T>(key: string, read: () => Promise<T>): Promise<T> {
  const memo = scope.getStore();
  if (!memo) return read();
  let found = memo.get(key) as Promise<T> | undefined;
  if (!found) {
    found = read();
    memo.set(key, found);
    // A failed read is not kept: the next caller in the request asks the database again.
    found.catch(() => memo.delete(key));
  }
  return found;
}
