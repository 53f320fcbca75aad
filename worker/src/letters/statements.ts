/** Monthly statements for one customer or all customers of a collector, as printable HTML. */
import { startOfMonth } from '../../../shared/dates';
import { page, printable, sumByCurrency } from '../../../shared/letters/html';
import { statementBody } from '../../../shared/letters/statement';
import { AppError } from '../errors';
import { auditStatement } from '../queries/settings';
import { activityStatement, creditsOf, customersFor, letterhead, openItemsOf } from './ledger-reads';

export interface Statement {
  customerId: string;
  customerName: string;
  invoices: string[];
  /** Balance per currency (open items less unapplied credit), minor units. */
  balance: Map<string, number>;
  html: string;
}

export async function buildStatements(db: D1Database, f: { asOf: string; customerId?: string; collector?: string }): Promise<{ statements: Statement[]; html: string }> {
  const customers = await customersFor(db, f);
  if (f.customerId && !customers.length) throw new AppError('not_found', `no customer ${f.customerId}`);
  const ids = customers.map((c) => c.id);
  const from = startOfMonth(f.asOf);
  const [items, credits, head] = await Promise.all([openItemsOf(db, ids, f.asOf), creditsOf(db, ids, from, f.asOf), letterhead(db)]);
  const statements: Statement[] = [];
  const pages: string[] = [];
  for (const cu of customers) {
    const open = items.get(cu.id) ?? [];
    const unapplied = credits.unapplied.get(cu.id) ?? [];
    const payments = credits.payments.get(cu.id) ?? [];
    // A customer with nothing open, nothing unapplied and no payment this month gets no statement.
    if (!open.length && !unapplied.length && !payments.length) continue;
    const body = page(head, f.asOf, statementBody({ customer: cu, asOf: f.asOf, items: open, payments, unapplied }));
    pages.push(body);
    const balance = sumByCurrency(open, (i) => i.currency, (i) => i.open);
    for (const u of unapplied) balance.set(u.currency, (balance.get(u.currency) ?? 0) - u.amount);
    statements.push({ customerId: cu.id, customerName: cu.name, invoices: open.map((i) => i.docNo), balance, html: printable(`Statement ${cu.name} ${f.asOf}`, [body]) });
  }
  return { statements, html: printable(`Statements as of ${f.asOf}`, pages) };
}

export function recordStatements(db: D1Database, statements: readonly Statement[], x: { asOf: string; userId: string; at: string }): D1PreparedStatement[] {
  return statements.flatMap((s) => {
    const id = crypto.randomUUID();
    return [
      activityStatement(db, { id, customerId: s.customerId, kind: 'statement', invoices: s.invoices, outcome: 'sent', note: `Statement as of ${x.asOf}`, occurredOn: x.asOf, userId: x.userId, at: x.at }),
      auditStatement(db, { at: x.at, userId: x.userId, action: 'activity.statement', entity: 'activity', entityId: id, after: { customerId: s.customerId, asOf: x.asOf } }),
    ];
  });
}
