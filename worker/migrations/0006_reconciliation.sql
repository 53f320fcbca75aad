-- Customer account reconciliations: each submission is a new version, never overwritten; the only change a
-- stored version accepts is its one sign-off.
CREATE TABLE reconciliations (
  id              TEXT PRIMARY KEY,
  customer_id     TEXT NOT NULL REFERENCES customers(id),
  as_of           TEXT NOT NULL,
  version         INTEGER NOT NULL CHECK (version >= 1),
  currency        TEXT NOT NULL,
  our_balance     INTEGER NOT NULL,  -- minor units of `currency`, signed
  their_balance   INTEGER NOT NULL,
  difference      INTEGER NOT NULL,
  unexplained     INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('agreed', 'differences')),
  breakdown       TEXT NOT NULL,     -- JSON [{category, amount}]
  lines           TEXT NOT NULL,     -- JSON: every statement line with its status, matches, difference, explanation
  unmatched       TEXT NOT NULL,     -- JSON: our open items the statement does not show, with explanations
  options         TEXT NOT NULL,     -- JSON: the matching tolerances used
  notes           TEXT NOT NULL DEFAULT '',
  data_version    INTEGER NOT NULL,  -- the ledger version it was matched against
  prepared_by     TEXT NOT NULL,
  prepared_at     TEXT NOT NULL,
  signed_off_by   TEXT,
  signed_off_at   TEXT,
  signoff_comment TEXT,
  UNIQUE (customer_id, as_of, version)
);
CREATE INDEX reconciliations_as_of ON reconciliations (as_of, customer_id);

CREATE TRIGGER reconciliations_no_delete BEFORE DELETE ON reconciliations
BEGIN SELECT RAISE(ABORT, 'reconciliations are kept: submit a new version instead'); END;
CREATE TRIGGER reconciliations_signoff_only BEFORE UPDATE ON reconciliations
WHEN OLD.signed_off_by IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.customer_id IS NOT OLD.customer_id OR NEW.as_of IS NOT OLD.as_of
  OR NEW.version IS NOT OLD.version OR NEW.currency IS NOT OLD.currency OR NEW.our_balance IS NOT OLD.our_balance
  OR NEW.their_balance IS NOT OLD.their_balance OR NEW.difference IS NOT OLD.difference
  OR NEW.unexplained IS NOT OLD.unexplained OR NEW.status IS NOT OLD.status OR NEW.breakdown IS NOT OLD.breakdown
  OR NEW.lines IS NOT OLD.lines OR NEW.unmatched IS NOT OLD.unmatched OR NEW.options IS NOT OLD.options
  OR NEW.notes IS NOT OLD.notes OR NEW.data_version IS NOT OLD.data_version
  OR NEW.prepared_by IS NOT OLD.prepared_by OR NEW.prepared_at IS NOT OLD.prepared_at
BEGIN SELECT RAISE(ABORT, 'a stored reconciliation is never changed; only its one sign-off is added'); END;

-- Quarterly balance confirmations: what was sent to whom; confirmed/disputed come from recorded reconciliations.
CREATE TABLE confirmations (
  quarter     TEXT NOT NULL,  -- '2026-Q3'
  customer_id TEXT NOT NULL REFERENCES customers(id),
  state       TEXT NOT NULL DEFAULT 'not_sent' CHECK (state IN ('not_sent', 'sent')),
  flagged     INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  note        TEXT NOT NULL DEFAULT '',
  updated_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (quarter, customer_id)
) WITHOUT ROWID;

-- Suggested allocations of unapplied cash an analyst accepted, for the ERP to post. A proposal is 'posted'
-- once the ledger carries every one of its allocations (evaluated when read).
CREATE TABLE allocation_proposals (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  doc_type    TEXT NOT NULL,
  doc_no      TEXT NOT NULL,
  currency    TEXT NOT NULL,
  allocations TEXT NOT NULL,  -- JSON [{invoiceNo, amount}] in minor units of `currency`
  note        TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX allocation_proposals_doc ON allocation_proposals (doc_type, doc_no);
