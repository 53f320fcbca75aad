/**
 * One customer's account as of a date, in one currency, as the reconciliation engine reads it: every document
 * (a payment split over invoices is one document), its signed full amount and the part still open on the date.
 * Unbilled revenue is not on a customer's statement, so it is left out. Amounts are document-currency minor units.
 */
import type { LedgerDoc } from '../../../shared/reconciliation/match';
import { AppError } from '../errors';

export interface AccountDoc extends LedgerDoc {
  dueDate: string;
}

export interface Account {
  customerId: string;
  name: string;
  currency: string;
  docs: AccountDoc[];
  /** Documents of this customer in other currencies, not part of this reconciliation. */
  otherCurrencyDocuments: number;
}

// A debit is open by its amount less allocations dated ≤ D; a credit's unapplied part never changes after its date.
const ACCOUNT_SQL = `
  SELECT d.doc_type, d.doc_no, d.kind, MIN(d.doc_date) AS doc_date, MIN(d.due_date) AS due_date, MAX(d.reference) AS reference,
    SUM(ABS(d.amount)) AS amount,
    SUM(CASE WHEN d.kind = 'D'
      THEN ABS(d.amount) - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?2), 0)
      ELSE d.unapplied_amount END) AS open
  FROM documents d INDEXED BY documents_customer
  WHERE d.customer_id = ?1 AND d.doc_date <= ?2 AND d.currency = ?3 AND d.kind <> 'U'
  GROUP BY d.doc_type, d.doc_no, d.kind
  ORDER BY doc_date, d.doc_no`;

interface Row {
  doc_type: LedgerDoc['docType'];
  doc_no: string;
  kind: 'D' | 'C';
  doc_date: string;
  due_date: string;
  reference: string;
  amount: number;
  open: number;
}

export async function loadAccount(db: D1Database, customerId: string, asOf: string, currency?: string): Promise<Account> {
  const customer = await db.prepare('SELECT id, name, currency FROM customers WHERE id = ?1').bind(customerId).first<{ id: string; name: string; currency: string }>();
  if (!customer) throw new AppError('not_found', `no customer ${customerId}`);
  const cur = currency ?? customer.currency;
  const [docs, others] = await db.batch([
    db.prepare(ACCOUNT_SQL).bind(customerId, asOf, cur),
    db.prepare("SELECT COUNT(*) AS n FROM documents INDEXED BY documents_customer WHERE customer_id = ?1 AND doc_date <= ?2 AND currency <> ?3 AND kind <> 'U'").bind(customerId, asOf, cur),
  ]);
  return {
    customerId,
    name: customer.name,
    currency: cur,
    docs: (docs!.results as unknown as Row[]).map((r) => {
      const s = r.kind === 'D' ? 1 : -1;
      return { docType: r.doc_type, docNo: r.doc_no, date: r.doc_date, dueDate: r.due_date, reference: r.reference ?? '', amount: s * r.amount, open: s * Math.max(0, r.open) };
    }),
    otherCurrencyDocuments: Number((others!.results[0] as { n: number }).n),
  };
}

export const accountBalance = (a: Account) => a.docs.reduce((s, d) => s + d.open, 0);
