-- The receivables ledger. Money is INTEGER minor units; dates are ISO 'YYYY-MM-DD' TEXT.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES
  ('functional_currency', 'USD'),
  ('data_version', '0'),   -- bumped by every write that changes a figure
  ('data_date', ''),       -- latest document date in the ledger
  ('limit_grace_days', '15'), -- recommended credit limit: days of sales beyond terms
  ('limit_policy_max', '');   -- recommended credit limit cap, functional minor units; '' = none

CREATE TABLE users (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'controller', 'manager', 'admin')),
  authority  INTEGER NOT NULL DEFAULT 0 CHECK (authority >= 0), -- functional minor units
  created_at TEXT NOT NULL,
  disabled_at TEXT
);

CREATE TABLE api_tokens (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id),
  prefix     TEXT NOT NULL,          -- shown to identify a token; never enough to use it
  hash       TEXT NOT NULL UNIQUE,   -- SHA-256 hex of the whole token
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);

CREATE TABLE customers (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  vertical           TEXT NOT NULL DEFAULT '',
  region             TEXT NOT NULL DEFAULT '',
  collector          TEXT NOT NULL DEFAULT '',
  currency           TEXT NOT NULL,
  credit_limit       INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0), -- functional minor units
  payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days >= 0),
  hold               TEXT NOT NULL DEFAULT 'none' CHECK (hold IN ('none', 'new_orders', 'invoicing', 'all')),
  risk_class         TEXT,
  next_review_date   TEXT,
  version            INTEGER NOT NULL DEFAULT 1,
  updated_at         TEXT NOT NULL
);
CREATE INDEX customers_vertical ON customers (vertical);
CREATE INDEX customers_region ON customers (region);
CREATE INDEX customers_collector ON customers (collector);

CREATE TABLE import_batches (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('customers', 'ledger')),
  user_id     TEXT NOT NULL,
  preset      TEXT,
  status      TEXT NOT NULL CHECK (status IN ('staging', 'committed', 'failed')),
  rows        INTEGER NOT NULL DEFAULT 0,
  inserted    INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  error       TEXT
);

-- kind: 'D' debit open item (INV, positive ADJ), 'C' credit (PMT, CRN, negative ADJ), 'U' unbilled (UNB).
-- A payment split over invoices is several rows with the same doc_no and different applies_to.
CREATE TABLE documents (
  id                INTEGER PRIMARY KEY,
  doc_type          TEXT NOT NULL CHECK (doc_type IN ('INV', 'CRN', 'PMT', 'ADJ', 'UNB')),
  doc_no            TEXT NOT NULL,
  applies_to        TEXT NOT NULL DEFAULT '',  -- '' = unapplied
  customer_id       TEXT NOT NULL REFERENCES customers(id),
  kind              TEXT NOT NULL CHECK (kind IN ('D', 'C', 'U')),
  doc_date          TEXT NOT NULL,
  due_date          TEXT NOT NULL,
  amount            INTEGER NOT NULL,          -- document currency minor units, as imported (ADJ signed)
  currency          TEXT NOT NULL,
  fx_rate           TEXT NOT NULL DEFAULT '1', -- functional units per document unit, exact decimal text
  func_amount       INTEGER NOT NULL CHECK (func_amount >= 0), -- |amount| in functional minor units
  reference         TEXT NOT NULL DEFAULT '',
  import_batch_id   TEXT,
  -- Derived by the import, from allocations:
  settled_on        TEXT,                      -- debit: date its allocations first covered it in full
  open_func         INTEGER NOT NULL DEFAULT 0, -- debit: functional amount still open after every allocation
  unapplied_amount  INTEGER NOT NULL DEFAULT 0, -- credit: document-currency part not applied to any invoice
  unapplied_func    INTEGER NOT NULL DEFAULT 0, -- credit: the same at the credit's own rate
  UNIQUE (doc_type, doc_no, applies_to)
);
CREATE INDEX documents_customer ON documents (customer_id, doc_date);
CREATE INDEX documents_open ON documents (kind, settled_on, doc_date);
-- What is open now, and unapplied credit: the small sets the current ageing reads.
CREATE INDEX documents_open_now ON documents (customer_id, due_date) WHERE kind = 'D' AND settled_on IS NULL;
CREATE INDEX documents_unapplied ON documents (customer_id, doc_date) WHERE kind = 'C' AND unapplied_func > 0;
CREATE INDEX documents_date ON documents (doc_date, doc_type);
CREATE INDEX documents_applies_to ON documents (applies_to, kind) WHERE applies_to <> '';

-- Which credit settles which debit, for how much (debit's currency), on which date.
CREATE TABLE allocations (
  id            INTEGER PRIMARY KEY,
  settlement_id INTEGER NOT NULL REFERENCES documents(id),
  invoice_id    INTEGER NOT NULL REFERENCES documents(id),
  alloc_date    TEXT NOT NULL,
  amount        INTEGER NOT NULL CHECK (amount > 0), -- debit's currency minor units
  func_amount   INTEGER NOT NULL CHECK (func_amount >= 0), -- at the debit's own rate
  UNIQUE (settlement_id, invoice_id)
);
CREATE INDEX allocations_invoice ON allocations (invoice_id, alloc_date);

-- Append-only: who, when, what, before/after. Written in the same batch as the change.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT,
  before    TEXT,
  after     TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Rows of an import in progress; moved into the ledger in one atomic batch, or dropped.
CREATE TABLE staging_customers (
  batch_id           TEXT NOT NULL,
  row_no             INTEGER NOT NULL,
  id                 TEXT NOT NULL,
  name               TEXT NOT NULL,
  vertical           TEXT NOT NULL,
  region             TEXT NOT NULL,
  collector          TEXT NOT NULL,
  currency           TEXT NOT NULL,
  credit_limit       INTEGER NOT NULL,
  payment_terms_days INTEGER NOT NULL,
  PRIMARY KEY (batch_id, row_no)
);
CREATE INDEX staging_customers_id ON staging_customers (batch_id, id);

CREATE TABLE staging_documents (
  batch_id     TEXT NOT NULL,
  row_no       INTEGER NOT NULL,
  doc_type     TEXT NOT NULL,
  doc_no       TEXT NOT NULL,
  applies_to   TEXT NOT NULL,
  customer_id  TEXT NOT NULL,
  kind         TEXT NOT NULL,
  doc_date     TEXT NOT NULL,
  due_date     TEXT NOT NULL,
  amount       INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  fx_rate      TEXT NOT NULL,
  func_amount  INTEGER NOT NULL,
  reference    TEXT NOT NULL,
  PRIMARY KEY (batch_id, row_no)
);
CREATE INDEX staging_documents_key ON staging_documents (batch_id, doc_type, doc_no, applies_to);

-- Invoices (by doc_no) whose allocations an import in progress must recompute.
CREATE TABLE import_affected (
  batch_id TEXT NOT NULL,
  doc_no   TEXT NOT NULL,
  PRIMARY KEY (batch_id, doc_no)
) WITHOUT ROWID;
