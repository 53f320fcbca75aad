import { OpenAPIHono } from '@hono/zod-openapi';
import { toDecimal } from '../../../shared/money';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { customerDocuments, getCustomer } from '../queries/ledger';
import { functionalCurrency } from '../queries/settings';
import * as routes from './ledger.routes';

type DocType = 'INV' | 'CRN' | 'PMT' | 'ADJ' | 'UNB';
type Hold = 'none' | 'new_orders' | 'invoicing' | 'all';

export const ledger = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.getCustomer, async (c) => {
    const { id } = c.req.valid('param');
    const row = await getCustomer(c.env.DB, id);
    if (!row) throw new AppError('not_found', `unknown customer ${id}`);
    const currency = await functionalCurrency(c.env.DB);
    const { id: customer_id, credit_limit, hold, ...rest } = row;
    return c.json({ customer_id, ...rest, hold: hold as Hold, credit_limit: toDecimal(credit_limit, currency) }, 200);
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
