-- Collections, part B: dunning letters and statements, cheques and letters of credit, escalation and holds,
-- write-offs and recovery, random audits. Money is INTEGER minor units (the column says which currency); dates are
-- ISO 'YYYY-MM-DD' TEXT; timestamps ISO 8601 TEXT.

-- Dunning levels keyed on days past due of the customer's oldest open item (negative: a reminder before it is due).
-- The template is HTML with merge fields ({{customer.name}}, {{openItems}}, {{total}}, {{daysPastDue}}, …).
CREATE TABLE dunning_levels (
  level                INTEGER PRIMARY KEY CHECK (level >= 1),
  name                 TEXT NOT NULL,
  min_days_past_due    INTEGER NOT NULL UNIQUE,
  channel              TEXT NOT NULL CHECK (channel IN ('email', 'letter')),
  template             TEXT NOT NULL,
  updated_by           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
INSERT INTO dunning_levels (level, name, min_days_past_due, channel, template, updated_by, updated_at) VALUES
  (1, 'Friendly reminder', -5, 'email',
   '<p>Dear {{customer.name}},</p><p>This is a friendly reminder that the following items fall due shortly or are now due.</p>{{openItems}}<p>Total: <strong>{{total}}</strong></p><p>Thank you for arranging payment.</p>',
   'system', '2026-01-01T00:00:00Z'),
  (2, 'First reminder', 1, 'email',
   '<p>Dear {{customer.name}},</p><p>Our records show the following items unpaid, the oldest {{daysPastDue}} days past due.</p>{{openItems}}<p>Total: <strong>{{total}}</strong></p><p>Please pay or tell us why not.</p>',
   'system', '2026-01-01T00:00:00Z'),
  (3, 'Second reminder', 30, 'letter',
   '<p>Dear {{customer.name}},</p><p>Despite our reminder, these items remain unpaid, the oldest {{daysPastDue}} days past due.</p>{{openItems}}<p>Total: <strong>{{total}}</strong></p><p>Please pay within 7 days.</p>',
   'system', '2026-01-01T00:00:00Z'),
  (4, 'Final notice', 60, 'letter',
   '<p>Dear {{customer.name}},</p><p>FINAL NOTICE. The items below are {{daysPastDue}} days past due. Unless paid within 7 days we will place your account on hold and may pass it to a collection agency.</p>{{openItems}}<p>Total: <strong>{{total}}</strong></p>',
   'system', '2026-01-01T00:00:00Z');

-- One dunning run that produced letters (a preview stores nothing).
CREATE TABLE dunning_runs (
  id          TEXT PRIMARY KEY,
  as_of       TEXT NOT NULL,
  collector   TEXT,
  letters     INTEGER NOT NULL,
  skipped     TEXT NOT NULL,  -- JSON [{customerId, reason}]
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE dunning_letters (
  id            TEXT PRIMARY KEY,
  run_id        TEXT NOT NULL REFERENCES dunning_runs(id),
  customer_id   TEXT NOT NULL REFERENCES customers(id),
  level         INTEGER NOT NULL,
  channel       TEXT NOT NULL,
  as_of         TEXT NOT NULL,
  days_past_due INTEGER NOT NULL,
  total_func    INTEGER NOT NULL,  -- functional minor units
  html          TEXT NOT NULL,
  activity_id   TEXT NOT NULL REFERENCES activities(id)
);
CREATE INDEX dunning_letters_customer ON dunning_letters (customer_id, as_of);
CREATE INDEX dunning_letters_run ON dunning_letters (run_id);

-- Cheques received. A post-dated cheque (state 'received') is expected cash, not a payment; the ERP books the payment
-- (a PMT, linked here by payment_doc_no) once it is deposited. A returned cheque re-opens the balance in the ledger
-- with a debit ADJ (reversal_doc_no) dated the return date.
CREATE TABLE cheques (
  id              TEXT PRIMARY KEY,
  customer_id     TEXT NOT NULL REFERENCES customers(id),
  cheque_no       TEXT NOT NULL,
  bank            TEXT NOT NULL DEFAULT '',
  amount          INTEGER NOT NULL CHECK (amount > 0),  -- minor units of `currency`
  currency        TEXT NOT NULL,
  cheque_date     TEXT NOT NULL,  -- the date written on it: not to be deposited before
  received_on     TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('received', 'deposited', 'cleared', 'returned', 'cancelled')),
  deposited_on    TEXT,
  cleared_on      TEXT,
  returned_on     TEXT,
  return_reason   TEXT,
  payment_doc_no  TEXT,           -- the PMT in the ledger
  reversal_doc_no TEXT,           -- the ADJ this app wrote when it was returned
  note            TEXT NOT NULL DEFAULT '',
  version         INTEGER NOT NULL DEFAULT 1,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_by      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (customer_id, cheque_no)
);
CREATE INDEX cheques_state ON cheques (state, cheque_date);

CREATE TABLE letters_of_credit (
  id                TEXT PRIMARY KEY,
  customer_id       TEXT NOT NULL REFERENCES customers(id),
  lc_no             TEXT NOT NULL,
  issuing_bank      TEXT NOT NULL DEFAULT '',
  amount            INTEGER NOT NULL CHECK (amount > 0),
  currency          TEXT NOT NULL,
  expiry_date       TEXT NOT NULL,
  documents_due     TEXT NOT NULL,
  state             TEXT NOT NULL CHECK (state IN ('issued', 'documents_presented', 'paid', 'expired', 'cancelled')),
  note              TEXT NOT NULL DEFAULT '',
  version           INTEGER NOT NULL DEFAULT 1,
  created_by        TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_by        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (customer_id, lc_no)
);

-- Escalation rules (admin) and the flags they, or a returned cheque, raise. A flag stays until cleared.
CREATE TABLE escalation_rules (
  id         TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('overdue_over_days', 'broken_promises', 'grade')),
  days       INTEGER,        -- overdue_over_days: items more than this many days past due
  amount     INTEGER,        -- overdue_over_days: more than this much of them, functional minor units
  count      INTEGER,        -- broken_promises: at least this many broken (or partly kept) promises
  grade      TEXT,           -- grade: this grade
  level      TEXT NOT NULL,  -- who it escalates to, e.g. 'team lead', 'credit manager'
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE escalation_flags (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  source      TEXT NOT NULL,  -- the rule id, or 'returned_cheque'
  level       TEXT NOT NULL,
  reason      TEXT NOT NULL,
  flagged_on  TEXT NOT NULL,
  flagged_by  TEXT NOT NULL,
  cleared_on  TEXT,
  cleared_by  TEXT,
  clear_note  TEXT
);
CREATE INDEX escalation_flags_customer ON escalation_flags (customer_id, flagged_on);
-- At most one open flag per customer and source.
CREATE UNIQUE INDEX escalation_flags_open ON escalation_flags (customer_id, source) WHERE cleared_on IS NULL;

-- Every hold change made from the collections desk, with its reason (customers.hold holds the current one).
CREATE TABLE hold_history (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  old_hold    TEXT NOT NULL,
  new_hold    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  changed_by  TEXT NOT NULL,
  changed_at  TEXT NOT NULL
);
CREATE INDEX hold_history_customer ON hold_history (customer_id, changed_at);

-- Write-off proposals: approved within delegated authority (not by the proposer), exported as ADJ rows for the ERP.
CREATE TABLE write_offs (
  id                 TEXT PRIMARY KEY,
  customer_id        TEXT NOT NULL REFERENCES customers(id),
  currency           TEXT NOT NULL,
  items              TEXT NOT NULL,   -- JSON [{invoiceNo, amount, funcAmount}] (amount: minor units of `currency`)
  amount             INTEGER NOT NULL CHECK (amount > 0),
  func_amount        INTEGER NOT NULL CHECK (func_amount >= 0),  -- what the approver's authority must cover
  reason             TEXT NOT NULL,
  doc_no             TEXT NOT NULL UNIQUE,  -- the ADJ the ERP posts
  state              TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected')),
  approver_role      TEXT NOT NULL,
  proposed_by        TEXT NOT NULL,
  proposed_at        TEXT NOT NULL,
  decided_by         TEXT,
  decided_at         TEXT,
  comment            TEXT
);
CREATE INDEX write_offs_state ON write_offs (state, proposed_at);

-- Accounts passed to a collection agency or to legal.
CREATE TABLE recovery_transfers (
  id             TEXT PRIMARY KEY,
  customer_id    TEXT NOT NULL REFERENCES customers(id),
  kind           TEXT NOT NULL CHECK (kind IN ('agency', 'legal')),
  agent          TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('transferred', 'in_progress', 'recovered', 'partly_recovered', 'unrecoverable', 'withdrawn')),
  amount_func    INTEGER NOT NULL,  -- the balance handed over, functional minor units
  transferred_on TEXT NOT NULL,
  closed_on      TEXT,
  note           TEXT NOT NULL DEFAULT '',
  history        TEXT NOT NULL,     -- JSON [{state, on, by, note}]
  version        INTEGER NOT NULL DEFAULT 1,
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX recovery_transfers_customer ON recovery_transfers (customer_id, transferred_on);

-- Random audits of an executive's work: the seed and the drawn items are kept, so the draw can be repeated.
CREATE TABLE audit_samples (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL,   -- whose work
  from_date   TEXT NOT NULL,
  to_date     TEXT NOT NULL,
  seed        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  population  INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE audit_sample_items (
  sample_id   TEXT NOT NULL REFERENCES audit_samples(id),
  position    INTEGER NOT NULL,
  item_type   TEXT NOT NULL,   -- activity, promise, dispute, limit_decision, write_off
  item_id     TEXT NOT NULL,
  summary     TEXT NOT NULL,
  result      TEXT CHECK (result IN ('ok', 'finding')),
  comment     TEXT,
  reviewed_by TEXT,
  reviewed_at TEXT,
  PRIMARY KEY (sample_id, position)
) WITHOUT ROWID;

-- The organisation's letterhead on letters and statements (admin).
INSERT INTO settings (key, value) VALUES ('letterhead', '{"name":"","address":"","contact":"","logoUrl":""}');
