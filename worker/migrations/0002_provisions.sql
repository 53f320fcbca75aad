-- IFRS 9 provision matrices (simplified approach): loss rates by ageing bucket, versioned, never edited in place.
CREATE TABLE provision_matrices (
  id          TEXT PRIMARY KEY,           -- name@version
  name        TEXT NOT NULL,
  version     INTEGER NOT NULL,
  boundaries  TEXT NOT NULL,              -- JSON: inclusive upper bounds in days past due, e.g. [30,60,90]
  rates_ppm   TEXT NOT NULL,              -- JSON: one rate per bucket (Current first), parts per million
  overlay     TEXT NOT NULL DEFAULT '1',  -- forward-looking multiplier on every rate
  note        TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (name, version)
);

-- The illustrative matrix of the IFRS 9 example (current 0.3 %, 1-30 1.6 %, 31-60 3.6 %, 61-90 6.6 %, over 90 10.6 %).
-- It is a starting point to replace with the company's own history, not a policy.
INSERT INTO provision_matrices (id, name, version, boundaries, rates_ppm, overlay, note, created_by, created_at)
VALUES ('default@1', 'default', 1, '[30,60,90]', '[3000,16000,36000,66000,106000]', '1',
        'IFRS 9 illustrative example rates; replace with rates from your own loss history', 'system', '2026-01-01T00:00:00Z');
INSERT INTO settings (key, value) VALUES ('default_provision_matrix', 'default');
