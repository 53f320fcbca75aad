import { OpenAPIHono } from '@hono/zod-openapi';
import { toDecimal } from '../../../shared/money';
import { CATEGORY_LABELS } from '../../../shared/reconciliation/labels';
import { reconcile, type Reconciliation } from '../../../shared/reconciliation/match';
import type { AppEnv } from '../env';
import { validationHook } from '../errors';
import { ledgerState } from '../queries/settings';
import { accountBalance, loadAccount } from '../reconciliation/account';
import { parseStatement } from '../reconciliation/statement';
import { getRecord, insertRecord, listRecords, SIGNOFF_ROLES, signOff, type StoredLine, type StoredRecord, type StoredUnmatched } from '../reconciliation/store';
import * as routes from './reconciliations.routes';

/** The engine's result with the statement's own lines beside each answer, in minor units. */
function annotate(r: Reconciliation, lines: { ref: string; date: string }[], amounts: number[]): { lines: StoredLine[]; unmatched: StoredUnmatched[] } {
  return {
    lines: r.lines.map((l) => ({ ...l, ref: lines[l.index]!.ref, date: lines[l.index]!.date, amount: amounts[l.index]! })),
    unmatched: r.unmatched,
  };
}

function moneyJson(currency: string) {
  const m = (v: number) => toDecimal(v, currency);
  return {
    balances: (r: { ourBalance: number; theirBalance: number; difference: number; unexplained: number }) => ({
      ourBalance: m(r.ourBalance), theirBalance: m(r.theirBalance), difference: m(r.difference), unexplained: m(r.unexplained),
    }),
    lines: (lines: StoredLine[]) => lines.map((l) => ({ ...l, amount: m(l.amount), difference: m(l.difference) })),
    unmatched: (u: StoredUnmatched[]) => u.map((x) => ({ ...x, amount: m(x.amount) })),
    breakdown: (b: Reconciliation['breakdown']) => b.map((x) => ({ category: x.category, label: CATEGORY_LABELS[x.category], amount: m(x.amount) })),
  };
}

function recordJson(rec: StoredRecord) {
  const j = moneyJson(rec.currency);
  return {
    id: rec.id, customerId: rec.customerId, asOf: rec.asOf, currency: rec.currency, version: rec.version, status: rec.status,
    ...j.balances(rec), lines: j.lines(rec.lines), unmatched: j.unmatched(rec.unmatched), breakdown: j.breakdown(rec.breakdown),
    notes: rec.notes, dataVersion: rec.dataVersion, preparedBy: rec.preparedBy, preparedAt: rec.preparedAt,
    signedOffBy: rec.signedOffBy, signedOffAt: rec.signedOffAt, signoffComment: rec.signoffComment,
    signOff: { roles: [...SIGNOFF_ROLES], notBy: rec.preparedBy },
  };
}

export const reconciliations = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.accountRoute, async (c) => {
    const q = c.req.valid('query');
    const account = await loadAccount(c.env.DB, q.customer, q.asOf, q.currency);
    const m = (v: number) => toDecimal(v, account.currency);
    return c.json({
      customerId: account.customerId, name: account.name, currency: account.currency, asOf: q.asOf, balance: m(accountBalance(account)),
      otherCurrencyDocuments: account.otherCurrencyDocuments,
      items: account.docs.filter((d) => d.open !== 0).map((d) => ({ docType: d.docType, docNo: d.docNo, date: d.date, dueDate: d.dueDate, amount: m(d.amount), open: m(d.open), reference: d.reference })),
    }, 200);
  })
  .openapi(routes.matchRoute, async (c) => {
    const input = c.req.valid('json');
    const account = await loadAccount(c.env.DB, input.customerId, input.asOf, input.currency);
    const { lines, options } = parseStatement(input, account.currency);
    const r = reconcile(account.docs, lines, options);
    const j = moneyJson(account.currency);
    const annotated = annotate(r, input.lines, lines.map((l) => l.amount));
    return c.json({
      customerId: account.customerId, asOf: input.asOf, currency: account.currency, ...j.balances(r),
      lines: j.lines(annotated.lines), unmatched: j.unmatched(annotated.unmatched), breakdown: j.breakdown(r.breakdown),
      otherCurrencyDocuments: account.otherCurrencyDocuments,
    }, 200);
  })
  .openapi(routes.submitRoute, async (c) => {
    const input = c.req.valid('json');
    const db = c.env.DB;
    const [account, state] = await Promise.all([loadAccount(db, input.customerId, input.asOf, input.currency), ledgerState(db)]);
    const { lines, options } = parseStatement(input, account.currency);
    const r = reconcile(account.docs, lines, options);
    const annotated = annotate(r, input.lines, lines.map((l) => l.amount));
    const explanations = new Map((input.unmatchedExplanations ?? []).map((e) => [e.docNo, e.explanation]));
    const rec = await insertRecord(db, {
      customerId: account.customerId, asOf: input.asOf, currency: account.currency,
      ourBalance: r.ourBalance, theirBalance: r.theirBalance, difference: r.difference, unexplained: r.unexplained, breakdown: r.breakdown,
      lines: annotated.lines.map((l) => (input.lines[l.index]!.explanation ? { ...l, explanation: input.lines[l.index]!.explanation } : l)),
      unmatched: annotated.unmatched.map((u) => (explanations.has(u.docNo) ? { ...u, explanation: explanations.get(u.docNo)! } : u)),
      options, notes: input.notes ?? '', dataVersion: state.dataVersion,
    }, c.get('principal').userId);
    return c.json(recordJson(rec), 201);
  })
  .openapi(routes.listRoute, async (c) => {
    const items = await listRecords(c.env.DB, c.req.valid('query'));
    return c.json({
      items: items.map((rec) => {
        const { lines: _l, unmatched: _u, breakdown: _b, notes: _n, dataVersion: _d, signoffComment: _s, signOff: _o, ...summary } = recordJson(rec);
        return summary;
      }),
    }, 200);
  })
  .openapi(routes.getRoute, async (c) => c.json(recordJson(await getRecord(c.env.DB, c.req.valid('param').id)), 200))
  .openapi(routes.signoffRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.header('Content-Type')?.includes('json') ? c.req.valid('json') : {};
    const p = c.get('principal');
    return c.json(recordJson(await signOff(c.env.DB, id, { userId: p.userId, role: p.role }, body?.comment ?? '')), 200);
  });
