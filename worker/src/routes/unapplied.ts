import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isIsoDate } from '../../../shared/dates';
import { formatMoney, parseMoney, toDecimal } from '../../../shared/money';
import { suggestAllocations } from '../../../shared/reconciliation/unapplied';
import type { AppEnv } from '../env';
import { AppError, validationHook, type ErrorDetail } from '../errors';
import { ledgerState } from '../queries/settings';
import { guardedBatch } from '../batch-guard';
import { invoicesKey, listProposals, proposalsFit, unappliedCredits, type Proposal, type ProposalNeeds } from '../reconciliation/unapplied';
import { resolveAsOf } from './analytics';
import { errorResponses } from './common';

const Money = z.number().describe('Decimal, document currency');
const AllocationSchema = z.object({ invoiceNo: z.string(), amount: Money });
const ProposalSchema = z.object({
  id: z.string(), customerId: z.string(), docType: z.string(), docNo: z.string(), currency: z.string(), allocations: z.array(AllocationSchema),
  note: z.string(), createdBy: z.string(), createdAt: z.string(), state: z.enum(['open', 'posted']),
});

const listRoute = createRoute({
  method: 'get',
  path: '/unapplied',
  summary: 'Unapplied payments and credits on a date, each with suggested allocations to the customer’s open invoices',
  description:
    'Rules: invoice numbers in the payment reference (confidence 0.95 when they take the whole amount, else 0.7); one open invoice of exactly ' +
    'the amount (0.85, or 0.6 when several share it); a subset of open invoices, oldest first, summing to it (0.5). Suggestions are for what is ' +
    'not already in an open proposal, of the payment and of each invoice.',
  request: { query: z.object({ asOf: z.string().refine(isIsoDate, 'asOf must be a date YYYY-MM-DD').optional(), customer: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(2000).default(500) }) },
  responses: {
    200: {
      description: 'Unapplied items with suggestions',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            items: z.array(z.object({
              customerId: z.string(), customerName: z.string(), docType: z.string(), docNo: z.string(), date: z.string(), currency: z.string(),
              reference: z.string(), unapplied: Money, proposed: Money,
              suggestions: z.array(z.object({ rule: z.enum(['reference', 'exact_amount', 'subset_sum']), confidence: z.number(), allocations: z.array(AllocationSchema) })),
            })),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const proposeRoute = createRoute({
  method: 'post',
  path: '/unapplied/proposals',
  summary: 'Record accepted allocations of unapplied cash as proposals for the ERP to post (all or nothing)',
  description:
    'Never more than a payment’s unapplied part or an invoice’s open amount, less what open proposals already take (422). The write checks ' +
    'it again with every proposal stored until then: of two submissions racing for the same payment or invoice, the one that no longer fits ' +
    'is refused with 409 and nothing of it is stored.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(z.object({
              docType: z.enum(['PMT', 'CRN', 'ADJ']), docNo: z.string().min(1).max(64),
              allocations: z.array(z.object({ invoiceNo: z.string().min(1).max(64), amount: z.union([z.string().max(40), z.number()]) })).min(1).max(200),
              note: z.string().max(500).optional(),
            })).min(1).max(1000),
          }),
        },
      },
    },
  },
  responses: { 201: { description: 'Stored', content: { 'application/json': { schema: z.object({ items: z.array(ProposalSchema) }) } } }, ...errorResponses(401, 403, 409, 422) },
});

const proposalsRoute = createRoute({
  method: 'get',
  path: '/unapplied/proposals',
  summary: 'Allocation proposals; a proposal is posted once an import carries every one of its allocations',
  request: { query: z.object({ state: z.enum(['open', 'posted']).optional() }) },
  responses: { 200: { description: 'Proposals', content: { 'application/json': { schema: z.object({ items: z.array(ProposalSchema) }) } } }, ...errorResponses(400, 401, 403) },
});

const csvRoute = createRoute({
  method: 'get',
  path: '/unapplied/proposals.csv',
  summary: 'Open proposals as canonical ledger rows for the ERP to post',
  description: 'One row per allocation (the payment applied to the invoice), and the payment’s unapplied row brought down to what is left (0 when nothing is), so the ERP’s next export, or this file imported as it is, balances.',
  responses: { 200: { description: 'CSV in the canonical ledger layout', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(401, 403) },
});

function proposalJson(p: Proposal) {
  return { ...p, allocations: p.allocations.map((a) => ({ invoiceNo: a.invoiceNo, amount: toDecimal(a.amount, p.currency) })) };
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) || /^[=+\-@\t]/.test(v) ? `"${(/^[=+\-@\t]/.test(v) ? `'${v}` : v).replaceAll('"', '""')}"` : v);

export const unapplied = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const asOf = resolveAsOf(q.asOf, await ledgerState(c.env.DB));
    const { credits, openInvoices } = await unappliedCredits(c.env.DB, asOf, q.customer ?? null, q.limit);
    return c.json({
      asOf,
      items: credits.map((cr) => {
        const m = (v: number) => toDecimal(v, cr.currency);
        const left = cr.unapplied - cr.proposed;
        const invoices = (openInvoices.get(invoicesKey(cr.customerId, cr.currency)) ?? []).map((inv) => ({ ...inv, open: inv.open - inv.proposed }));
        const suggestions = suggestAllocations({ amount: left, reference: cr.reference }, invoices);
        return {
          customerId: cr.customerId, customerName: cr.customerName, docType: cr.docType, docNo: cr.docNo, date: cr.date, currency: cr.currency,
          reference: cr.reference, unapplied: m(cr.unapplied), proposed: m(cr.proposed),
          suggestions: suggestions.map((s) => ({ ...s, allocations: s.allocations.map((a) => ({ invoiceNo: a.invoiceNo, amount: m(a.amount) })) })),
        };
      }),
    }, 200);
  })
  .openapi(proposeRoute, async (c) => {
    const input = c.req.valid('json');
    const db = c.env.DB;
    const state = await ledgerState(db);
    const asOf = state.dataDate ?? new Date().toISOString().slice(0, 10);
    const problems: ErrorDetail[] = [];
    const stored: Proposal[] = [];
    const statements: D1PreparedStatement[] = [];
    const at = new Date().toISOString();
    const userId = c.get('principal').userId;
    // What this submission takes from each credit and gives to each invoice, checked now and again inside the write.
    const fromCredit = new Map<string, ProposalNeeds['credits'][number]>();
    const toInvoice = new Map<string, ProposalNeeds['invoices'][number]>();
    // Only the credits this submission names, and their customers' open invoices.
    const { credits, openInvoices } = await unappliedCredits(db, asOf, null, input.items.length, input.items);
    for (const [i, item] of input.items.entries()) {
      const where = `json.items.${i}`;
      const credit = credits.find((cr) => cr.docType === item.docType && cr.docNo === item.docNo);
      if (!credit) {
        problems.push({ path: where, message: `${item.docType} ${item.docNo} has no unapplied amount` });
        continue;
      }
      const m = (v: number) => toDecimal(v, credit.currency);
      const invoices = new Map((openInvoices.get(invoicesKey(credit.customerId, credit.currency)) ?? []).map((inv) => [inv.docNo, inv]));
      let total = 0;
      const allocations: Proposal['allocations'] = [];
      item.allocations.forEach((a, j) => {
        const amount = parseMoney(String(a.amount), credit.currency);
        const inv = invoices.get(a.invoiceNo);
        const key = `${invoicesKey(credit.customerId, credit.currency)}\u0000${a.invoiceNo}`;
        const taken = toInvoice.get(key)?.amount ?? 0;
        if (!amount.ok || amount.value === 0) problems.push({ path: `${where}.allocations.${j}.amount`, message: amount.ok ? 'an allocation must be more than zero' : amount.message });
        else if (!inv) problems.push({ path: `${where}.allocations.${j}.invoiceNo`, message: `${a.invoiceNo} is not an open invoice of ${credit.customerId} in ${credit.currency}` });
        else if (amount.value + taken > inv.open - inv.proposed) {
          const already = inv.proposed ? `, of which ${m(inv.proposed)} is already proposed` : '';
          problems.push({ path: `${where}.allocations.${j}.amount`, message: `more than ${a.invoiceNo}'s open ${m(inv.open)}${already}` });
        } else {
          total += amount.value;
          toInvoice.set(key, { customerId: credit.customerId, currency: credit.currency, invoiceNo: a.invoiceNo, amount: taken + amount.value });
          allocations.push({ invoiceNo: a.invoiceNo, amount: amount.value });
        }
      });
      const creditKey = `${item.docType}\u0000${item.docNo}`;
      const before = fromCredit.get(creditKey)?.amount ?? 0;
      const available = credit.unapplied - credit.proposed - before;
      if (total > available) problems.push({ path: `${where}.allocations`, message: `allocations total ${m(total)}, more than the ${m(available)} of ${item.docType} ${item.docNo} not yet applied or proposed` });
      fromCredit.set(creditKey, { docType: item.docType, docNo: item.docNo, amount: before + total });
      const p: Proposal = { id: crypto.randomUUID(), customerId: credit.customerId, docType: item.docType, docNo: item.docNo, currency: credit.currency, allocations, note: item.note ?? '', createdBy: userId, createdAt: at, state: 'open' };
      stored.push(p);
      statements.push(
        db.prepare('INSERT INTO allocation_proposals (id, customer_id, doc_type, doc_no, currency, allocations, note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)')
          .bind(p.id, p.customerId, p.docType, p.docNo, p.currency, JSON.stringify(p.allocations), p.note, userId, at),
        db.prepare("INSERT INTO audit_log (at, user_id, action, entity, entity_id, after) VALUES (?1, ?2, 'allocation_proposal.create', 'allocation_proposal', ?3, ?4)")
          .bind(at, userId, p.id, JSON.stringify({ docType: p.docType, docNo: p.docNo, allocations: p.allocations })),
      );
    }
    if (problems.length) throw new AppError('validation_failed', 'no proposal was stored', problems);
    const needs = { credits: [...fromCredit.values()], invoices: [...toInvoice.values()] };
    if (!(await guardedBatch(db, proposalsFit(db, asOf, needs), statements))) {
      const named = needs.credits.map((cr) => `${cr.docType} ${cr.docNo}`).join(', ');
      throw new AppError('conflict', `${named} or the invoices named were proposed or changed by another request meanwhile; no proposal was stored: reload and propose again`);
    }
    return c.json({ items: stored.map(proposalJson) }, 201);
  })
  .openapi(proposalsRoute, async (c) => c.json({ items: (await listProposals(c.env.DB, c.req.valid('query').state)).map(proposalJson) }, 200))
  .openapi(csvRoute, async (c) => {
    const db = c.env.DB;
    const open = await listProposals(db, 'open');
    const lines = ['doc_type,doc_no,customer_id,doc_date,due_date,amount,currency,fx_rate,applies_to,reference'];
    const byDoc = new Map<string, Proposal[]>();
    for (const p of open) byDoc.set(`${p.docType}\u0000${p.docNo}`, [...(byDoc.get(`${p.docType}\u0000${p.docNo}`) ?? []), p]);
    // The credits' own fields, for every proposed document in one query (CROSS JOIN: json_each first, then each
    // document by its unique key; without statistics the planner would otherwise scan every credit).
    const { results } = await db
      .prepare(
        `SELECT d.doc_type, d.doc_no, MIN(d.doc_date) AS doc_date, MIN(d.due_date) AS due_date, MIN(d.fx_rate) AS fx_rate, MAX(d.reference) AS reference,
           SUM(d.unapplied_amount) AS unapplied
         FROM json_each(?1) j CROSS JOIN documents d ON d.doc_type = json_extract(j.value, '$[0]') AND d.doc_no = json_extract(j.value, '$[1]') AND d.kind = 'C'
         GROUP BY d.doc_type, d.doc_no`,
      )
      .bind(JSON.stringify([...byDoc.values()].map((ps) => [ps[0]!.docType, ps[0]!.docNo])))
      .all<{ doc_type: string; doc_no: string; doc_date: string; due_date: string; fx_rate: string; reference: string; unapplied: number }>();
    const credits = new Map(results.map((r) => [`${r.doc_type}\u0000${r.doc_no}`, r]));
    for (const [key, proposals] of byDoc) {
      const p0 = proposals[0]!;
      const doc = credits.get(key);
      if (!doc) continue;
      const row = (amount: number, appliesTo: string, reference: string) =>
        [p0.docType, p0.docNo, p0.customerId, doc.doc_date, doc.due_date, formatMoney(amount, p0.currency), p0.currency, doc.fx_rate, appliesTo, reference].map((v) => csvCell(String(v))).join(',');
      let allocated = 0;
      for (const p of proposals) {
        for (const a of p.allocations) {
          lines.push(row(a.amount, a.invoiceNo, `${doc.reference} (proposal ${p.id})`.trim()));
          allocated += a.amount;
        }
      }
      // The unapplied row itself, brought down to what is left (0 when all of it is allocated), so importing this file balances.
      lines.push(row(Math.max(0, doc.unapplied - allocated), '', doc.reference));
    }
    return c.body(`${lines.join('\n')}\n`, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="allocation-proposals.csv"' });
  });
