/**
 * Answers of read-only reports and function batches, kept in the isolate's memory and served again while nothing
 * they could show has changed. Excel recalculates the same cells over and over; 50 people on one ledger ask the
 * same questions.
 *
 * Never stale: the key holds `cache_version`, which triggers move in the same transaction as every write
 * (worker/migrations/0013_versions.sql). The version is read before the handler reads anything (in the same statement
 * as the caller's identity, worker/src/auth.ts), so an answer stored under version v was computed on data at least
 * as new as v; a request that starts after a write has answered reads a later version and can only match answers
 * computed after that write. The key also holds the route, the exact
 * query and body, the caller's view of the ledger (`viewKey`: a collector's portfolio is never served to anyone else)
 * and role, and the UTC day (answers that default a date to today).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { handlerPath } from './auth';
import type { AppEnv } from './env';
import { viewKey } from './portfolio';

/** Reads whose answer depends only on the stored data, the request, the view and the day. */
const CACHED = new Set([
  'POST /api/v1/functions/batch',
  'GET /api/v1/ageing',
  'GET /api/v1/open-items',
  'GET /api/v1/dso',
  'GET /api/v1/cei',
  'GET /api/v1/customers/:id/metrics',
]);

const MAX_BYTES = 16 * 1024 * 1024;
const MAX_ENTRY_BYTES = 1024 * 1024;
const MAX_LOADS = 64;

interface Entry {
  body: string;
  type: string;
}

/** A byte-bounded LRU of the answers for the newest version seen; older versions are dropped as soon as one is newer. */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private version = -1;

  constructor(private readonly maxBytes = MAX_BYTES) {}

  get(version: number, key: string): Entry | undefined {
    const e = version === this.version ? this.entries.get(key) : undefined;
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(version: number, key: string, e: Entry): void {
    if (version < this.version || e.body.length > MAX_ENTRY_BYTES) return;
    if (version > this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.version = version;
    }
    const size = key.length + e.body.length;
    const old = this.entries.get(key);
    if (old) this.bytes -= key.length + old.body.length;
    this.entries.delete(key);
    this.entries.set(key, e);
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= k.length + v.body.length;
    }
  }
}

const answers = new AnswerCache();
/** The version and view each cached route's request was keyed on, for the loads it may share. */
const keyed = new WeakMap<Context, { version: number; view: string }>();
const loads = new Map<string, Promise<unknown>>();
let loadsVersion = -1;

export type ShareLoad = <T>(key: string, load: () => Promise<T>) => Promise<T>;

/**
 * For a cached route's request: runs a data load (e.g. the ageing of every customer on a date) once for every request
 * that sees the same data (same cache version and view), under the same reasoning as the answers. Undefined for
 * other requests. `key` must name everything the load depends on besides the stored data and the view.
 */
export function shareLoads(c: Context): ShareLoad | undefined {
  const k = keyed.get(c);
  if (!k) return undefined;
  return <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (k.version < loadsVersion) return load();
    if (k.version > loadsVersion) {
      loads.clear();
      loadsVersion = k.version;
    }
    const id = `${k.view}\u0000${key}`;
    let p = loads.get(id) as Promise<T> | undefined;
    if (!p) {
      const started = load();
      p = started;
      loads.set(id, started);
      // A failed load is not kept: the next request tries again.
      started.catch(() => loads.get(id) === started && loads.delete(id));
      if (loads.size > MAX_LOADS) loads.delete(loads.keys().next().value!);
    }
    return p;
  };
}

export async function cacheVersion(db: D1Database): Promise<number> {
  return (await db.prepare('SELECT n FROM cache_version WHERE id = 1').first<{ n: number }>())?.n ?? 0;
}

/** After authentication (it needs the caller's view and role). Marks each answer `X-Cache: hit` or `miss`. */
export const responseCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  const route = `${c.req.method} ${handlerPath(c) ?? ''}`;
  const principal = c.get('principal');
  if (!CACHED.has(route) || !principal) return next();
  // Read with the caller's token or SSO identity (one query fewer per hit); the bootstrap administrator reads it here.
  const version = c.get('cacheVersion') ?? (await cacheVersion(c.env.DB));
  const url = new URL(c.req.url);
  const query = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = c.req.method === 'POST' ? await c.req.text() : '';
  const view = viewKey(c);
  const key = JSON.stringify([route, url.pathname, query, body, view, principal.role, new Date().toISOString().slice(0, 10)]);
  const hit = answers.get(version, key);
  if (hit) return c.body(hit.body, 200, { 'Content-Type': hit.type, 'X-Cache': 'hit' });
  keyed.set(c, { version, view });
  await next();
  c.res.headers.set('X-Cache', 'miss');
  if (c.res.status !== 200) return;
  answers.set(version, key, { body: await c.res.clone().text(), type: c.res.headers.get('Content-Type') ?? 'application/json' });
};
