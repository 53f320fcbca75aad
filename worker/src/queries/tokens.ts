/** API tokens: only the SHA-256 hash and a visible prefix are stored. */

export interface TokenRow {
  id: string;
  user_id: string;
  prefix: string;
  label: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

const COLUMNS = 'id, user_id, prefix, label, created_at, expires_at, revoked_at';

export function tokenJson(t: TokenRow, now: string) {
  return {
    id: t.id,
    userId: t.user_id,
    prefix: t.prefix,
    label: t.label,
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    revokedAt: t.revoked_at,
    active: t.revoked_at === null && (t.expires_at === null || t.expires_at > now),
  };
}

export async function tokensOf(db: D1Database, userId: string): Promise<TokenRow[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE user_id = ?1 ORDER BY created_at DESC, id`).bind(userId).all<TokenRow>();
  return results;
}

export function tokenById(db: D1Database, id: string): Promise<TokenRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?1`).bind(id).first<TokenRow>();
}

export function userExists(db: D1Database, id: string): Promise<{ id: string } | null> {
  return db.prepare('SELECT id FROM users WHERE id = ?1').bind(id).first<{ id: string }>();
}

export function insertToken(db: D1Database, t: TokenRow & { hash: string }): D1PreparedStatement {
  return db
    .prepare('INSERT INTO api_tokens (id, user_id, prefix, hash, label, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
    .bind(t.id, t.user_id, t.prefix, t.hash, t.label, t.created_at, t.expires_at);
}

export function revokeStatement(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL').bind(id, at);
}
