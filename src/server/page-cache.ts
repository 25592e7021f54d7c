/**
 * Rendered pages kept in this process, for the routes that ask (`config.pageCache`): the busiest pages a
 * board member or a care-group manager opens again and again (the dashboard and its indicator pages).
 *
 * A page is kept for the one session it was rendered for (it carries that person's name, navigation and
 * form token), under the address asked for, the database's change stamp (storage/changes.ts: any committed
 * change, from any process, gives a new one), and the day (an action's status depends on the date). A
 * request that finds its page answers with it after the access checks every request passes (the session
 * is still live, the role still reaches the organisation) without reading or computing anything else. A
 * page with a flash message, or answered with any other status, is never kept. Nothing leaves the process:
 * the page still goes out marked `no-store`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../shared/clock.js';
import { LruCache } from '../shared/lru.js';
import type { Db } from '../storage/database.js';
import { changeStamp } from '../storage/changes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's rendered page may be kept for its session (server/page-cache.ts). */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    /** Where this request's page is kept once rendered; null when it is not to be kept. */
    pageKey: string | null;
  }
}

export interface PageCache {
  /** Answers the request with its kept page (true), or names where its page will be kept (false). */
  answer(request: FastifyRequest, reply: FastifyReply, flashed: boolean): Promise<boolean>;
  /** Keeps the page rendered for `request`, if it is one to keep. */
  keep(request: FastifyRequest, status: number, html: Buffer): void;
  readonly size: number;
}

export function createPageCache(options: { db: Db; clock: Clock; pages: number }): PageCache {
  const pages = options.pages > 0 ? new LruCache<string, Buffer>(options.pages) : null;
  return {
    get size() {
      return pages?.size ?? 0;
    },
    async answer(request, reply, flashed) {
      request.pageKey = null;
      if (!pages || !request.routeOptions.config.pageCache) return false;
      if ((request.method !== 'GET' && request.method !== 'HEAD') || !request.auth || flashed) return false;
      const day = options.clock.now().toISOString().slice(0, 10);
      const stamp = await changeStamp(options.db);
      const key = JSON.stringify([request.auth.id, request.auth.principal.user.id, day, stamp, request.url]);
      const kept = pages.get(key);
      if (!kept) {
        request.pageKey = key;
        return false;
      }
      await reply.code(200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(kept);
      return true;
    },
    keep(request, status, html) {
      if (pages && request.pageKey && status === 200) pages.set(request.pageKey, html);
    },
  };
}
