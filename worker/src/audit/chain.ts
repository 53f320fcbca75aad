/**
 * The audit log's hash chain (migration 0009): every audit_log row gets, in id order, an audit_chain entry whose hash
 * covers the row and the previous entry's hash. Rows are chained after they are committed (SQLite on D1 has no
 * SHA-256), by the write middleware below and by the verification endpoint; the database refuses any entry that is not
 * the next one with the current head as its prev_hash, so concurrent chainers can never fork the chain.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

export const GENESIS = '0'.repeat(64);
const CHUNK = 500;

interface AuditRow {
  id: number;
  at: string;
  user_id: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash of one entry: the previous hash and the row exactly as stored (before/after are the stored JSON text). */
export function entryHash(prevHash: string, r: AuditRow): Promise<string> {
  return sha256Hex(`${prevHash}\n${JSON.stringify([r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.before, r.after])}`);
}

async function head(db: D1Database): Promise<{ auditId: number; hash: string }> {
  const row = await db.prepare('SELECT audit_id, hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1').first<{ audit_id: number; hash: string }>();
  return row ? { auditId: row.audit_id, hash: row.hash } : { auditId: 0, hash: GENESIS };
}

/** Chains audit rows not chained yet, oldest first, at most `maxRows`; returns how many this call chained. */
export async function chainAudit(db: D1Database, maxRows = Number.MAX_SAFE_INTEGER): Promise<number> {
  let chained = 0;
  let conflicts = 0;
  while (chained < maxRows) {
    const start = await head(db);
    const { results } = await db
      .prepare('SELECT id, at, user_id, action, entity, entity_id, before, after FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2')
      .bind(start.auditId, Math.min(CHUNK, maxRows - chained))
      .all<AuditRow>();
    if (results.length === 0) break;
    const at = new Date().toISOString();
    const statements: D1PreparedStatement[] = [];
    let prev = start.hash;
    for (const r of results) {
      const hash = await entryHash(prev, r);
      statements.push(db.prepare('INSERT INTO audit_chain (audit_id, prev_hash, hash, chained_at) VALUES (?1, ?2, ?3, ?4)').bind(r.id, prev, hash, at));
      prev = hash;
    }
    try {
      await db.batch(statements);
      chained += results.length;
    } catch (err) {
      // Another request chained these rows first: its batch won, ours rolled back whole. Read the new head and go on.
      if (!/not the next entry|UNIQUE|PRIMARY KEY/i.test(String(err)) || ++conflicts > 5) throw err;
    }
  }
  return chained;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  chained: number;
  unchained: number;
  head: { auditId: number; hash: string } | null;
  firstProblem: { auditId: number; problem: string } | null;
}

/** Recomputes every hash from the rows as they are now; the first row that does not match is reported. */
export async function verifyAudit(db: D1Database): Promise<ChainReport> {
  let prev = GENESIS;
  let afterId = 0;
  let entries = 0;
  let chained = 0;
  let lastChained: { auditId: number; hash: string } | null = null;
  let firstUnchained: number | null = null;
  const fail = (auditId: number, problem: string): ChainReport => ({ ok: false, entries, chained, unchained: entries - chained, head: lastChained, firstProblem: { auditId, problem } });
  for (;;) {
    const { results } = await db
      .prepare(
        `SELECT l.id, l.at, l.user_id, l.action, l.entity, l.entity_id, l.before, l.after, c.prev_hash, c.hash
         FROM audit_log l LEFT JOIN audit_chain c ON c.audit_id = l.id WHERE l.id > ?1 ORDER BY l.id LIMIT 2000`,
      )
      .bind(afterId)
      .all<AuditRow & { prev_hash: string | null; hash: string | null }>();
    if (results.length === 0) break;
    for (const r of results) {
      entries++;
      afterId = r.id;
      if (r.hash === null) {
        firstUnchained ??= r.id;
        continue;
      }
      if (firstUnchained !== null) return fail(firstUnchained, 'this row is not in the chain but later rows are: inserted afterwards');
      if (r.prev_hash !== prev) return fail(r.id, 'the entry does not follow the previous one: a row before it was removed or the chain was altered');
      if ((await entryHash(prev, r)) !== r.hash) return fail(r.id, 'the row differs from what was chained: it was changed after it was written');
      prev = r.hash;
      chained++;
      lastChained = { auditId: r.id, hash: r.hash };
    }
  }
  const orphan = await db
    .prepare('SELECT c.audit_id FROM audit_chain c LEFT JOIN audit_log l ON l.id = c.audit_id WHERE l.id IS NULL ORDER BY c.audit_id LIMIT 1')
    .first<{ audit_id: number }>();
  if (orphan) return fail(orphan.audit_id, 'the chain has an entry for this row but the row is gone: it was deleted');
  return { ok: true, entries, chained, unchained: entries - chained, head: lastChained, firstProblem: null };
}

/** After every write (its audit rows are committed by then), chain what is new; a failure here never fails the write. */
const READS_SENT_AS_POST = new Set(['/api/v1/functions/batch', '/api/v1/reconciliations/match']);

export const chainAfterWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.req.method === 'GET' || c.res.status >= 400 || READS_SENT_AS_POST.has(new URL(c.req.url).pathname)) return;
  try {
    await chainAudit(c.env.DB, 20_000);
  } catch (err) {
    console.error('audit chain: left for the next write', err);
  }
};
