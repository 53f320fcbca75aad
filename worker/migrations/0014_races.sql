-- Races (issue 10: never lose or double a write).

-- A customer's statements for a period are changed in place (the same period again replaces them): they carry a
-- version that a replacement names and moves by one. A period with no statements yet is at version 0.
ALTER TABLE customer_financials ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- What open proposals already give to an invoice is read by customer (worker/src/reconciliation/unapplied.ts),
-- on every listing of unapplied cash and inside every write of proposals.
CREATE INDEX allocation_proposals_customer ON allocation_proposals (customer_id);
