-- Collection targets by month, for a collector, a vertical or the whole portfolio. Every change is a new version;
-- nothing is overwritten or deleted. Values are exact integers: money in functional minor units, DSO days and
-- percentages in hundredths (45.5 days = 4550).
CREATE TABLE targets (
  id          INTEGER PRIMARY KEY,
  period      TEXT NOT NULL,  -- 'YYYY-MM'
  scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('collector', 'vertical', 'all')),
  scope_value TEXT NOT NULL,  -- '' for 'all'
  metric      TEXT NOT NULL CHECK (metric IN ('collections', 'dso', 'overdue_over_60', 'promises_kept_rate')),
  version     INTEGER NOT NULL CHECK (version >= 1),
  value       INTEGER NOT NULL CHECK (value >= 0),
  set_by      TEXT NOT NULL,
  set_at      TEXT NOT NULL,
  UNIQUE (period, scope_kind, scope_value, metric, version)
);

CREATE TRIGGER targets_no_update BEFORE UPDATE ON targets
BEGIN SELECT RAISE(ABORT, 'a target version is never changed: set a new version'); END;
CREATE TRIGGER targets_no_delete BEFORE DELETE ON targets
BEGIN SELECT RAISE(ABORT, 'target versions are kept'); END;

-- An admin reopened a closed period until a date (inclusive), so its targets can be corrected.
CREATE TABLE target_period_reopenings (
  id          INTEGER PRIMARY KEY,
  period      TEXT NOT NULL,
  until       TEXT NOT NULL,
  reason      TEXT NOT NULL,
  reopened_by TEXT NOT NULL,
  reopened_at TEXT NOT NULL
);
CREATE INDEX target_period_reopenings_period ON target_period_reopenings (period, until);
