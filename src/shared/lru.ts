/**
 * Small least-recently-used caches, the one kind Parity keeps in process: computed results, loaded records,
 * drawn charts. Reading an entry makes it the newest; past `capacity` entries the oldest is dropped.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`capacity must be at least 1 (got ${capacity})`);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry for `key`, made the newest; undefined when there is none. */
  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key)!;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Stores `value` as the newest entry, dropping the oldest when the cache is full. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** Forgets `key`; when `only` is given, only while `key` still holds that value. */
  delete(key: K, only?: V): void {
    if (only === undefined || this.#entries.get(key) === only) this.#entries.delete(key);
  }
}

/**
 * An LRU cache of work in progress or done: `get` starts `make` for a missing key and hands every caller
 * the same promise. A computation that fails is forgotten, so the next caller tries again.
 */
export class PromiseCache<T = unknown> {
  readonly #entries: LruCache<string, Promise<T>>;

  constructor(capacity: number) {
    this.#entries = new LruCache(capacity);
  }

  get size(): number {
    return this.#entries.size;
  }

  get<R extends T>(key: string, make: () => Promise<R>): Promise<R> {
    const found = this.#entries.get(key);
    if (found) return found as Promise<R>;
    const made = make();
    this.#entries.set(key, made);
    made.catch(() => this.#entries.delete(key, made));
    return made;
  }
}
