-- The collections desk: what was done with each customer, what they promised, what they dispute.
-- Amounts are minor units of the customer's currency unless a column says otherwise.

CREATE TABLE activities (
  id               TEXT PRIMARY KEY,
  customer_id      TEXT NOT NULL REFERENCES customers(id),
  kind             TEXT NOT NULL CHECK (kind IN ('call', 'email', 'letter', 'visit', 'note', 'dunning', 'statement')),
  invoices         TEXT NOT NULL DEFAULT '[]',  -- JSON [docNo]
  outcome          TEXT NOT NULL DEFAULT '',
  note             TEXT NOT NULL DEFAULT '',
  next_action_date TEXT,
  occurred_on      TEXT NOT NULL,               -- the day it happened (ISO date)
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL
);
CREATE INDEX activities_customer ON activities (customer_id, occurred_on);
CREATE INDEX activities_author ON activities (created_by, occurred_on);
CREATE INDEX activities_next ON activities (next_action_date) WHERE next_action_date IS NOT NULL;

CREATE TABLE promises (
  id            TEXT PRIMARY KEY,
  customer_id   TEXT NOT NULL REFERENCES customers(id),
  invoices      TEXT NOT NULL,                  -- JSON [docNo], at least one
  amount        INTEGER NOT NULL CHECK (amount > 0),
  currency      TEXT NOT NULL,
  made_on       TEXT NOT NULL,                  -- payments from this day count towards it
  promised_date TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  cancelled_at  TEXT,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  CHECK (promised_date >= made_on)
);
CREATE INDEX promises_customer ON promises (customer_id, promised_date);
CREATE INDEX promises_date ON promises (promised_date);

CREATE TABLE disputes (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  invoices    TEXT NOT NULL,                    -- JSON [docNo], at least one
  amount      INTEGER NOT NULL CHECK (amount > 0),
  currency    TEXT NOT NULL,
  reason      TEXT NOT NULL CHECK (reason IN ('pricing', 'quantity', 'quality', 'delivery', 'billing_error', 'other')),
  owner       TEXT NOT NULL DEFAULT '',         -- e.g. sales, billing
  status      TEXT NOT NULL CHECK (status IN ('open', 'in_review', 'resolved_credit_note', 'resolved_customer_pays', 'rejected')),
  root_cause  TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  opened_on   TEXT NOT NULL,
  resolved_on TEXT,                             -- set when the status becomes a resolution or rejected
  version     INTEGER NOT NULL DEFAULT 1,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX disputes_customer ON disputes (customer_id, opened_on);
CREATE INDEX disputes_open ON disputes (status) WHERE resolved_on IS NULL;
