/**
 * Reconciliation matching: a customer's statement of 5,000 lines against a 20,000-document account, through
 * the local Worker (POST /api/v1/reconciliations/match: reads the account from D1, matches, answers) and the
 * matching engine alone in Node on the same data. Goal (issue 6): under 2 s.
 *
 * The account: invoices over three years, payments each settling one to three of them (split rows), the last
 * months open. The statement mixes what customers send: our numbers as written, the same numbers written their
 * way (INV 000123 for I-123), payments with their own references (matched by amount and date), one payment for
 * two of our receipts (subset sum), payments short by a bank charge, payments in transit and charges we never
 * raised.
 *
 *   npm run bench -- reconcile [--runs 5]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays } from '../shared/dates';
import { formatMoney } from '../shared/money';
import { reconcile, type LedgerDoc, type StatementLine } from '../shared/reconciliation/match';
import { ApiError, postCsvFile } from './api';
import type { BenchContext } from './context';
import { machineRows } from './machine';
import { fmtInt, fmtMs, ms, ratio, sample, table } from './report';

/** RECONCILE_DOCUMENTS, RECONCILE_LINES: a smaller account for the smoke run (bench/smoke.test.ts). */
const DOCUMENTS = Number(process.env.RECONCILE_DOCUMENTS ?? 20_000);
const LINES = Number(process.env.RECONCILE_LINES ?? 5_000);
const CUSTOMER = 'RB1';
const START = '2023-10-01';
const AS_OF = '2026-09-30';

/** A small deterministic generator, so every run measures the same account. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Account {
  csv: string;
  docs: LedgerDoc[];
  statement: (StatementLine & { amount: number })[];
}

export function buildAccount(): Account {
  const rand = prng(42);
  const rows = ['doc_type,doc_no,customer_id,doc_date,due_date,amount,currency,fx_rate,applies_to,reference'];
  const invoices: { no: string; date: string; amount: number; open: number }[] = [];
  const payments: { no: string; date: string; amount: number; reference: string }[] = [];
  const days = 1095;
  // About 14,000 invoices and 6,000 payments: 20,000 documents.
  for (let i = 0; invoices.length + payments.length < DOCUMENTS; i++) {
    const date = addDays(START, Math.floor(((invoices.length + payments.length) / DOCUMENTS) * days));
    const amount = 5_000 + Math.floor(rand() * 500_000);
    invoices.push({ no: `I-${100_000 + invoices.length}`, date, amount, open: amount });
    rows.push(`INV,I-${100_000 + invoices.length - 1},${CUSTOMER},${date},${addDays(date, 30)},${formatMoney(amount, 'USD')},USD,,,`);
    if (invoices.length % 7 === 0 || invoices.length % 7 === 3 || invoices.length % 7 === 5) {
      // A payment of the last one to three unpaid invoices, 35 days later, unless that is after the as-of date.
      const payDate = addDays(date, 35);
      if (payDate > addDays(AS_OF, -60)) continue;
      const take = invoices.filter((inv) => inv.open > 0).slice(-(1 + Math.floor(rand() * 3)));
      const no = `P-${50_000 + payments.length}`;
      let total = 0;
      for (const inv of take) {
        rows.push(`PMT,${no},${CUSTOMER},${payDate},${payDate},${formatMoney(inv.open, 'USD')},USD,,${inv.no},REM${payments.length}`);
        total += inv.open;
        inv.open = 0;
      }
      payments.push({ no, date: payDate, amount: total, reference: `REM${payments.length}` });
    }
  }
  const docs: LedgerDoc[] = [
    ...invoices.map((i) => ({ docType: 'INV' as const, docNo: i.no, date: i.date, amount: i.amount, open: i.open, reference: '' })),
    ...payments.map((p) => ({ docType: 'PMT' as const, docNo: p.no, date: p.date, amount: -p.amount, open: 0, reference: p.reference })),
  ];

  const statement: Account['statement'] = [];
  const recent = invoices.slice(-LINES);
  for (let k = 0; statement.length < LINES; k++) {
    const inv = recent[k % recent.length]!;
    const r = k % 20;
    if (r < 12) statement.push({ ref: inv.no, date: inv.date, amount: inv.amount });
    else if (r < 15) statement.push({ ref: `INV ${inv.no.slice(2).padStart(8, '0')}`, date: inv.date, amount: inv.amount });
    else if (r === 15) {
      const p = payments[(k * 7) % payments.length]!;
      statement.push({ ref: `their ${k}`, date: addDays(p.date, -1), amount: -p.amount });
    } else if (r === 16) {
      const p = payments[(k * 11) % payments.length]!;
      statement.push({ ref: p.reference, date: p.date, amount: -(p.amount + 1_500) });
    } else if (r === 17) {
      const [a, b] = [payments[(k * 13) % (payments.length - 1)]!, payments[((k * 13) % (payments.length - 1)) + 1]!];
      statement.push({ ref: `combined ${k}`, date: b.date, amount: -(a.amount + b.amount) });
    } else if (r === 18) statement.push({ ref: `transit ${k}`, date: AS_OF, amount: -(1_000 + k) });
    else statement.push({ ref: `DN-${k}`, date: addDays(AS_OF, -3), amount: 777 + k });
  }
  return { csv: `${rows.join('\n')}\n`, docs, statement };
}

export async function runReconcile(ctx: BenchContext): Promise<void> {
  ctx.log(`building a ${fmtInt(DOCUMENTS)}-document account and a ${fmtInt(LINES)}-line statement ...`);
  const account = buildAccount();
  const engine = await sample(ctx.options.runs, async () => reconcile(account.docs, account.statement));
  const r = engine.last;
  const counts = (status: string) => r.lines.filter((l) => l.status === status).length;

  const server = await ctx.freshServer();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-rec-'));
  try {
    await writeFile(path.join(dir, 'customers.csv'), `customer_id,name,vertical,region,collector,currency,credit_limit,payment_terms_days\n${CUSTOMER},Bench Account,Bench,North,Bea,USD,0,30\n`);
    await writeFile(path.join(dir, 'ledger.csv'), account.csv);
    await postCsvFile(server.url, server.adminToken, '/api/v1/customers', path.join(dir, 'customers.csv'));
    const loaded = await postCsvFile(server.url, server.adminToken, '/api/v1/ledger', path.join(dir, 'ledger.csv'));
    ctx.log(`loaded ${fmtInt(loaded.rows)} ledger rows`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const body = JSON.stringify({ customerId: CUSTOMER, asOf: AS_OF, lines: account.statement.map((l) => ({ ...l, amount: formatMoney(l.amount, 'USD') })) });
  const api = await sample(ctx.options.runs, async () => {
    const res = await fetch(new URL('/api/v1/reconciliations/match', server.url), {
      method: 'POST', body, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.adminToken}` },
    });
    const text = await res.text();
    if (!res.ok) throw new ApiError('POST /reconciliations/match', res.status, text);
    return JSON.parse(text) as { lines: { status: string }[]; difference: number; unexplained: number };
  });
  const apiMatched = api.last.lines.filter((l) => l.status !== 'missing_in_ledger').length;
  if (apiMatched !== counts('matched') + counts('amount_difference')) {
    throw new Error(`the API matched ${apiMatched} lines, the engine ${counts('matched') + counts('amount_difference')}: they must agree`);
  }

  console.log(table(`Reconciliation: ${fmtInt(LINES)} statement lines against ${fmtInt(account.docs.length)} documents (median of ${ctx.options.runs})`, [
    ['what', 'median', 'goal'],
    ['POST /reconciliations/match (D1 read + match + reply)', fmtMs(api.medianMs), '< 2 s'],
    ['matching engine alone (Node)', fmtMs(engine.medianMs), ''],
    ['lines matched / amount difference / missing', `${counts('matched')} / ${counts('amount_difference')} / ${counts('missing_in_ledger')}`, ''],
    ...machineRows(ctx.machine),
  ]));
  console.log(JSON.stringify({ bench: 'reconcile', size: LINES, oursMs: ms(api.medianMs), peer: 'engine alone (Node, no HTTP or D1)', peerMs: ms(engine.medianMs), ratio: ratio(api.medianMs, engine.medianMs), code: ctx.code, documents: account.docs.length, lines: LINES, apiMedianMs: ms(api.medianMs), engineMedianMs: ms(engine.medianMs), apiSamples: api.samples.map(ms), matched: counts('matched'), amountDifference: counts('amount_difference'), missing: counts('missing_in_ledger') }));
}
