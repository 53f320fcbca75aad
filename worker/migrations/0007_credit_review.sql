-- Credit review: limit and terms decisions, their approvals, credit-insurance cover and the grade policy.
-- Money is INTEGER functional minor units; dates ISO TEXT; timestamps ISO 8601 TEXT.

-- Credit-insurance cover per customer (one policy each). Changing it bumps the customer's version.
CREATE TABLE credit_insurance (
  customer_id    TEXT PRIMARY KEY REFERENCES customers(id),
  insurer        TEXT NOT NULL,
  insured_amount INTEGER NOT NULL CHECK (insured_amount >= 0),
  expires_on     TEXT NOT NULL,
  updated_by     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);

-- Maximum credit limit by grade (admin). Empty: no grade has a maximum.
CREATE TABLE credit_policy (
  grade     TEXT PRIMARY KEY CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  max_limit INTEGER NOT NULL CHECK (max_limit >= 0)
);

-- A decision on a customer's limit, terms, hold or review date, made on one customer version. Only decisions that
-- were applied or sent for approval are stored; a rejected submission writes nothing. A pending one becomes
-- 'applied' or 'rejected' through its approval.
CREATE TABLE limit_decisions (
  id                   TEXT PRIMARY KEY,
  customer_id          TEXT NOT NULL REFERENCES customers(id),
  customer_version     INTEGER NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('applied', 'pending_approval', 'rejected')),
  reason               TEXT NOT NULL,   -- the decider's reason
  status_reason        TEXT,            -- why it waits, or why it was rejected
  old_limit            INTEGER NOT NULL,
  new_limit            INTEGER NOT NULL,
  old_terms_days       INTEGER NOT NULL,
  new_terms_days       INTEGER NOT NULL,
  old_hold             TEXT NOT NULL,
  new_hold             TEXT NOT NULL,
  old_next_review_date TEXT,
  new_next_review_date TEXT,
  snapshot             TEXT NOT NULL,   -- JSON: the metrics the decision was made on (score, grade, drivers, exposure, …)
  requested_by         TEXT NOT NULL,
  requested_at         TEXT NOT NULL,
  applied_at           TEXT
);
CREATE INDEX limit_decisions_customer ON limit_decisions (customer_id, requested_at);

-- One per decision that waits: who may approve it and what became of it.
CREATE TABLE approvals (
  id                 TEXT PRIMARY KEY,
  decision_id        TEXT NOT NULL UNIQUE REFERENCES limit_decisions(id),
  required_authority INTEGER NOT NULL,
  policy_exception   INTEGER NOT NULL CHECK (policy_exception IN (0, 1)),
  approver_role      TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by         TEXT,
  decided_at         TEXT,
  comment            TEXT
);
CREATE INDEX approvals_pending ON approvals (status, required_authority);

-- Stays empty. A write batch inserts a row here whose `ok` is its precondition (e.g. "the customer is still at
-- version 7"); a false one breaks the CHECK and D1 rolls the whole batch back, so a write made on a stale read
-- changes nothing even when another write slips in between the read and the batch. The batch's last statement
-- deletes its row.
CREATE TABLE batch_assertions (
  what TEXT NOT NULL,
  ok   INTEGER NOT NULL CHECK (ok = 1)
);
