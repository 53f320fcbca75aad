-- Idempotent writes: the first answer to (user, Idempotency-Key) is kept and replayed for retries.
-- status 'in_flight' while the first request runs; 'done' with the stored answer afterwards.
CREATE TABLE idempotency_keys (
  user_id         TEXT NOT NULL,
  key             TEXT NOT NULL,
  request_hash    TEXT NOT NULL,  -- SHA-256 of method, path, query and body
  status          TEXT NOT NULL CHECK (status IN ('in_flight', 'done')),
  response_status INTEGER,
  response_body   TEXT,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
