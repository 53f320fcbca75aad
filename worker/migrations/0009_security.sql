-- Security (issue 10): token labels, and the audit log's hash chain.

-- A name the user gives a token ("Excel on my laptop"), shown with its prefix.
ALTER TABLE api_tokens ADD COLUMN label TEXT NOT NULL DEFAULT '';
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

-- The audit log's hash chain: one entry per audit_log row, in id order, each hash covering the row and the previous
-- hash: hash = SHA-256(prev_hash || '\n' || canonical JSON of the row). SQLite has no SHA-256, so the Worker computes
-- the hashes after the rows are committed (worker/src/audit/chain.ts) and appends them here; audit_log itself stays
-- strictly append-only, whatever statement wrote the row (the set-based import inserts included).
-- Concurrency: audit_log ids grow in commit order (D1 has one writer; rows are never deleted), and the trigger below
-- accepts only the next unchained row with the current head as its prev_hash. Two Workers chaining at once compute
-- the same entries; the second one's batch fails on its first insert and rolls back whole, so the chain never forks.
CREATE TABLE audit_chain (
  audit_id  INTEGER PRIMARY KEY REFERENCES audit_log(id),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL,
  chained_at TEXT NOT NULL
);
CREATE TRIGGER audit_chain_in_order BEFORE INSERT ON audit_chain
WHEN NEW.audit_id IS NOT (SELECT MIN(id) FROM audit_log WHERE id > COALESCE((SELECT MAX(audit_id) FROM audit_chain), 0))
  OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1),
                                   '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN SELECT RAISE(ABORT, 'audit_chain: not the next entry of the chain'); END;
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END;

-- Single sign-on (worker/src/security/jwt.ts): the identity a verified JWT names (its JWT_USER_CLAIM, `email` by
-- default), mapped to one of our users; role and authority stay ours.
ALTER TABLE users ADD COLUMN sso_subject TEXT;
CREATE UNIQUE INDEX users_sso_subject ON users (sso_subject) WHERE sso_subject IS NOT NULL;
