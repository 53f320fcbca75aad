import { OpenAPIHono } from '@hono/zod-openapi';
import { toDecimal } from '../../../shared/money';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { parseScope } from '../../../shared/scope';
import { customerDocuments, getCustomer, type CustomerRow } from '../queries/ledger';
import { functionalCurrency } from '../queries/settings';
import * as routes from './ledger.routes';

type DocType = 'INV' | 'CRN' | 'PMT' | 'ADJ' | 'UNB';
type Hold = 'none' | 'new_orders' | 'invoicing' | 'all';

function customerJson(row: CustomerRow, currency: string) {
  const { id: customer_id, credit_limit, hold, ...rest } = row;
  return { customer_id, ...rest, hold: hold as Hold, credit_limit: toDecimal(credit_limit, currency) };
}

export const ledger = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.getCustomer, async (c) => {
    const { id } = c.req.valid('param');
    const row = await getCustomer(c.env.DB, id);
    if (!row) throw new AppError('not_found', `unknown customer ${id}`);
    return c.json(customerJson(row, await functionalCurrency(c.env.DB)), 200);
  })
  .openapi(routes.listCustomers, async (c) => {
    const { scope: text } = c.req.valid('query');
    const scope = text ? parseScope(text) : { kind: 'all' as const, value: '' };
    if (!scope || scope.kind === 'customer') throw new AppError('bad_request', 'scope must be vertical:<name>, region:<name>, collector:<name> or *');
    const where = scope.kind === 'all' ? '?1 IS NOT NULL' : `${scope.kind} = ?1`;
    const { results } = await c.env.DB.prepare(`SELECT * FROM customers WHERE ${where} ORDER BY id`).bind(scope.value).all<CustomerRow>();
    const currency = await functionalCurrency(c.env.DB);
    return c.json({ items: results.map((r) => customerJson(r, currency)) }, 200);
  })
  .openapi(routes.listLedger, async (c) => {
    const { customer, after, limit } = c.req.valid('query');
    const db = c.env.DB;
    if (!(await getCustomer(db, customer))) throw new AppError('not_found', `unknown customer ${customer}`);
    const currency = await functionalCurrency(db);
    const { docs, allocations } = await customerDocuments(db, customer, after, limit);
    const currencyOf = new Map(docs.map((d) => [d.id, d.currency]));
    const items = docs.map((d) => ({
      doc_type: d.doc_type as DocType,
      doc_no: d.doc_no,
      applies_to: d.applies_to,
      doc_date: d.doc_date,
      due_date: d.due_date,
      amount: toDecimal(d.amount, d.currency),
      currency: d.currency,
      fx_rate: d.fx_rate,
      functional_amount: toDecimal(d.func_amount, currency),
      reference: d.reference,
      settled_on: d.settled_on,
      outstanding: toDecimal(d.open_func, currency),
      unapplied: toDecimal(d.unapplied_amount, d.currency),
      allocations: allocations
        .filter((a) => a.owner_id === d.id)
        .map((a) => ({
          doc_type: a.other_type,
          doc_no: a.other_no,
          date: a.alloc_date,
          amount: toDecimal(a.amount, currencyOf.get(a.owner_id) ?? d.currency),
          functional_amount: toDecimal(a.func_amount, currency),
        })),
    }));
    const next = docs.length === limit ? docs.at(-1)!.id : null;
    return c.json({ customer_id: customer, currency, items, next }, 200);
  });
