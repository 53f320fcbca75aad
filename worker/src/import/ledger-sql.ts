/** SQL of the ledger import. ?1 is always the import batch id. */

export const STAGED_COLUMNS = [
  'row_no', 'doc_type', 'doc_no', 'applies_to', 'customer_id', 'kind', 'doc_date', 'due_date', 'amount', 'currency',
  'fx_rate', 'func_amount', 'reference',
] as const;

const SAME_KEY = 'd.doc_type = s.doc_type AND d.doc_no = s.doc_no AND d.applies_to = s.applies_to';
const SAME_VALUES = (d: string, s: string) =>
  ['customer_id', 'kind', 'doc_date', 'due_date', 'amount', 'currency', 'fx_rate', 'func_amount', 'reference']
    .map((c) => `${d}.${c} = ${s}.${c}`)
    .join(' AND ');
const AS_JSON = (t: string) =>
  `json_object('customer_id', ${t}.customer_id, 'doc_date', ${t}.doc_date, 'due_date', ${t}.due_date, 'amount', ${t}.amount, ` +
  `'currency', ${t}.currency, 'fx_rate', ${t}.fx_rate, 'reference', ${t}.reference)`;

/** Problems only the ledger can reveal, as (row_no, column, message). */
export const CHECKS = {
  unknownCustomer: `
    SELECT s.row_no, 'customer_id' AS col, 'unknown customer "' || s.customer_id || '" (import it with POST /api/v1/customers first)' AS message
    FROM staging_documents s LEFT JOIN customers c ON c.id = s.customer_id
    WHERE s.batch_id = ?1 AND c.id IS NULL ORDER BY s.row_no LIMIT 1000`,
  duplicateInFile: `
    SELECT s.row_no, 'doc_no' AS col,
      'the same document (' || s.doc_type || ' ' || s.doc_no || CASE WHEN s.applies_to <> '' THEN ' applied to ' || s.applies_to ELSE '' END ||
      ') is also on row ' || k.first_row AS message
    FROM (
      SELECT doc_type, doc_no, applies_to, MIN(row_no) AS first_row FROM staging_documents WHERE batch_id = ?1
      GROUP BY doc_type, doc_no, applies_to HAVING COUNT(*) > 1
    ) k
    JOIN staging_documents s INDEXED BY staging_documents_key
      ON s.batch_id = ?1 AND s.doc_type = k.doc_type AND s.doc_no = k.doc_no AND s.applies_to = k.applies_to AND s.row_no > k.first_row
    ORDER BY s.row_no LIMIT 1000`,
  /** A settlement must name an invoice (in this file or the ledger) of the same customer and currency, dated no later. */
  badSettlement: `
    SELECT s.row_no, 'applies_to' AS col,
      CASE
        WHEN inv_customer IS NULL THEN 'applies_to "' || s.applies_to || '" names no invoice (INV) in this file or the ledger'
        WHEN inv_customer <> s.customer_id THEN 'invoice ' || s.applies_to || ' belongs to customer ' || inv_customer || ', not ' || s.customer_id
        WHEN inv_currency <> s.currency THEN 'invoice ' || s.applies_to || ' is in ' || inv_currency || '; a ' || s.currency || ' document cannot settle it'
        ELSE 'dated ' || s.doc_date || ', before invoice ' || s.applies_to || ' (' || inv_date || '); leave applies_to blank for a prepayment'
      END AS message
    FROM (
      SELECT s.*, COALESCE(si.customer_id, di.customer_id) AS inv_customer, COALESCE(si.currency, di.currency) AS inv_currency,
             COALESCE(si.doc_date, di.doc_date) AS inv_date
      FROM staging_documents s
      LEFT JOIN staging_documents si ON si.batch_id = s.batch_id AND si.doc_type = 'INV' AND si.doc_no = s.applies_to AND si.applies_to = ''
      LEFT JOIN documents di ON di.doc_type = 'INV' AND di.doc_no = s.applies_to AND di.applies_to = ''
      WHERE s.batch_id = ?1 AND s.applies_to <> ''
    ) s
    WHERE inv_customer IS NULL OR inv_customer <> s.customer_id OR inv_currency <> s.currency OR s.doc_date < inv_date
    ORDER BY s.row_no LIMIT 1000`,
  /** An invoice changed in this file must stay consistent with settlements already in the ledger. */
  invoiceVsLedgerSettlements: `
    SELECT s.row_no, 'customer_id' AS col,
      'invoice ' || s.doc_no || ' already has settlement ' || c.doc_type || ' ' || c.doc_no || ' from ' || c.customer_id || ' in ' || c.currency ||
      ' dated ' || c.doc_date || '; change that settlement first' AS message
    FROM staging_documents s
    JOIN documents c INDEXED BY documents_applies_to ON c.applies_to = s.doc_no AND c.applies_to <> '' AND c.kind = 'C'
    LEFT JOIN staging_documents sc ON sc.batch_id = s.batch_id AND sc.doc_type = c.doc_type AND sc.doc_no = c.doc_no AND sc.applies_to = c.applies_to
    WHERE s.batch_id = ?1 AND s.doc_type = 'INV' AND sc.row_no IS NULL
      AND (c.customer_id <> s.customer_id OR c.currency <> s.currency OR c.doc_date < s.doc_date)
    ORDER BY s.row_no LIMIT 1000`,
};

/** Blank invoice due dates follow the customer's terms. */
export const FILL_DUE_DATES = `
  UPDATE staging_documents SET due_date = (
    SELECT date(staging_documents.doc_date, '+' || c.payment_terms_days || ' days') FROM customers c WHERE c.id = staging_documents.customer_id)
  WHERE batch_id = ?1 AND due_date = ''`;

export const COUNT = `
  SELECT COUNT(*) AS rows,
    COALESCE(SUM(d.id IS NULL), 0) AS inserted,
    COALESCE(SUM(d.id IS NOT NULL AND ${SAME_VALUES('d', 's')}), 0) AS unchanged
  FROM staging_documents s LEFT JOIN documents d ON ${SAME_KEY}
  WHERE s.batch_id = ?1`;

/** Invoices whose allocations may change: new or changed invoices, and those named by new or changed settlements. */
export const MARK_AFFECTED = `
  INSERT OR IGNORE INTO import_affected (batch_id, doc_no)
  SELECT ?1, CASE WHEN s.doc_type = 'INV' THEN s.doc_no ELSE s.applies_to END
  FROM staging_documents s LEFT JOIN documents d ON ${SAME_KEY}
  WHERE s.batch_id = ?1 AND (s.doc_type = 'INV' OR s.applies_to <> '') AND (d.id IS NULL OR NOT (${SAME_VALUES('d', 's')}))`;

export const AUDIT_UPDATES = `
  INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after)
  SELECT ?2, ?3, 'ledger.update', 'document',
    s.doc_type || ' ' || s.doc_no || CASE WHEN s.applies_to <> '' THEN ' > ' || s.applies_to ELSE '' END,
    ${AS_JSON('d')}, ${AS_JSON('s')}
  FROM staging_documents s JOIN documents d ON ${SAME_KEY}
  WHERE s.batch_id = ?1 AND NOT (${SAME_VALUES('d', 's')})`;

export const UPSERT = `
  INSERT INTO documents (doc_type, doc_no, applies_to, customer_id, kind, doc_date, due_date, amount, currency, fx_rate,
                         func_amount, reference, import_batch_id, unapplied_amount, unapplied_func, open_func)
  SELECT doc_type, doc_no, applies_to, customer_id, kind, doc_date, due_date, amount, currency, fx_rate, func_amount, reference, ?1,
         CASE kind WHEN 'C' THEN abs(amount) ELSE 0 END, CASE kind WHEN 'C' THEN func_amount ELSE 0 END,
         CASE kind WHEN 'D' THEN func_amount ELSE 0 END
  FROM staging_documents WHERE batch_id = ?1 ORDER BY row_no
  ON CONFLICT (doc_type, doc_no, applies_to) DO UPDATE SET
    customer_id = excluded.customer_id, kind = excluded.kind, doc_date = excluded.doc_date, due_date = excluded.due_date,
    amount = excluded.amount, currency = excluded.currency, fx_rate = excluded.fx_rate, func_amount = excluded.func_amount,
    reference = excluded.reference, import_batch_id = excluded.import_batch_id,
    unapplied_amount = excluded.unapplied_amount, unapplied_func = excluded.unapplied_func, open_func = excluded.open_func
  WHERE NOT (${SAME_VALUES('documents', 'excluded')})`;

const AFFECTED_INVOICES = `
  SELECT d.id FROM import_affected a JOIN documents d ON d.doc_type = 'INV' AND d.doc_no = a.doc_no AND d.applies_to = ''
  WHERE a.batch_id = ?1`;

export const DELETE_ALLOCATIONS = `DELETE FROM allocations WHERE invoice_id IN (${AFFECTED_INVOICES})`;

/**
 * Settlements cover an invoice in date order (then ledger order) until it is paid; the rest of a settlement stays
 * unapplied. Functional amounts are taken at the invoice's own booked rate by cumulative integer division, so an
 * invoice paid in full in its currency is closed to the last minor unit.
 */
export const INSERT_ALLOCATIONS = `
  INSERT INTO allocations (settlement_id, invoice_id, alloc_date, amount, func_amount)
  SELECT settlement_id, invoice_id, alloc_date, after - before,
    (after * q + (after * r) / inv_amount) - (before * q + (before * r) / inv_amount)
  FROM (
    SELECT settlement_id, invoice_id, alloc_date, inv_amount, inv_func / inv_amount AS q, inv_func % inv_amount AS r,
      MIN(cum, inv_amount) AS after, MIN(cum - paid, inv_amount) AS before
    FROM (
      SELECT c.id AS settlement_id, i.id AS invoice_id, c.doc_date AS alloc_date, i.amount AS inv_amount, i.func_amount AS inv_func,
        abs(c.amount) AS paid,
        SUM(abs(c.amount)) OVER (PARTITION BY i.id ORDER BY c.doc_date, c.id ROWS UNBOUNDED PRECEDING) AS cum
      FROM documents i JOIN documents c INDEXED BY documents_applies_to ON c.applies_to = i.doc_no AND c.applies_to <> '' AND c.kind = 'C'
      WHERE i.id IN (${AFFECTED_INVOICES})
    )
  )
  WHERE after > before`;

/** Reset the affected invoices, then settle them from their allocations in one aggregated pass. */
export const RESET_SETTLED = `
  UPDATE documents SET settled_on = NULL, open_func = func_amount WHERE id IN (${AFFECTED_INVOICES})`;

export const UPDATE_SETTLED_ON = `
  UPDATE documents SET
    settled_on = CASE WHEN x.applied >= documents.amount THEN x.last_date END,
    open_func = documents.func_amount - x.applied_func
  FROM (
    SELECT a.invoice_id, SUM(a.amount) AS applied, SUM(a.func_amount) AS applied_func, MAX(a.alloc_date) AS last_date
    FROM allocations a WHERE a.invoice_id IN (${AFFECTED_INVOICES}) GROUP BY a.invoice_id
  ) AS x
  WHERE documents.id = x.invoice_id`;

/** Credits naming an affected invoice: what they did not apply, in their own currency and at their own rate. */
export const UPDATE_UNAPPLIED = `
  UPDATE documents SET
    unapplied_amount = abs(amount) - x.applied,
    unapplied_func = func_amount - (x.applied * (func_amount / abs(amount)) + (x.applied * (func_amount % abs(amount))) / abs(amount))
  FROM (
    SELECT c.id AS credit_id, COALESCE(SUM(a.amount), 0) AS applied
    FROM import_affected f
    JOIN documents c INDEXED BY documents_applies_to ON c.applies_to = f.doc_no AND c.applies_to <> '' AND c.kind = 'C'
    LEFT JOIN allocations a ON a.settlement_id = c.id
    WHERE f.batch_id = ?1
    GROUP BY c.id
  ) AS x
  WHERE documents.id = x.credit_id`;

export const OVERPAYMENTS = `
  SELECT c.doc_type, c.doc_no, c.applies_to, c.unapplied_amount, c.currency
  FROM documents c INDEXED BY documents_applies_to
  WHERE c.kind = 'C' AND c.applies_to <> '' AND c.unapplied_amount > 0 AND c.applies_to IN (SELECT doc_no FROM import_affected WHERE batch_id = ?1)
  ORDER BY c.doc_no LIMIT 1000`;

export const UPDATE_DATA_DATE = `
  UPDATE settings SET value = MAX(value, COALESCE((SELECT MAX(doc_date) FROM staging_documents WHERE batch_id = ?1), ''))
  WHERE key = 'data_date'`;
