/**
 * Cash-in forecast backtest (issue 12): replays the demo company's history. At each month-end M it asks the
 * local Worker for the forecast of the next 4 weeks (GET /api/v1/forecast?asOf=M&weeks=4&groupBy=customer), ours
 * (`method=history`) and the naive one (`method=due`: every item on its due date), and compares both with what
 * was actually received: payments dated in each week applied to invoices issued by M (so open at M), in the
 * functional currency at the invoice's rate, as the ledger settles them. Error: WAPE, Σ|forecast − actual| ÷
 * Σ actual, over weeks × customers and over weeks for the whole company.
 *
 *   npm run bench -- forecast
 *   FORECAST_CUSTOMERS=20 npm run bench -- forecast      # tiny: the demo company with 20 customers (smoke run)
 *
 * FORECAST_CUSTOMERS (default 300) and FORECAST_SEED (default 42) choose the demo company; --documents and
 * --customers are the other benchmarks' and are ignored here. The month-ends are those with 12 months of history
 * behind them and 4 weeks of history after them. The last line is the JSON every benchmark ends with: `oursMs` /
 * `peerMs` the median time of one GET /forecast (ours / naive), `ratio` = ours ÷ naive WAPE, company × week.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays, addMonths, daysBetween, endOfMonth } from '../shared/dates';
import { wape } from '../shared/forecast/backtest';
import { parseMoney, toFunctional } from '../shared/money';
import { DEMO_DEFAULTS, generateDemo, writeDemoCsv } from '../scripts/demo/generator';
import { ApiError, postCsvFile } from './api';
import type { BenchContext } from './context';
import { machineRows } from './machine';
import { fmtInt, fmtMs, median, ms, ratio, timed, table } from './report';

const WEEKS = 4;
const FUNCTIONAL = 'USD';
const CUSTOMERS = Number(process.env.FORECAST_CUSTOMERS ?? DEMO_DEFAULTS.customers);
const SEED = Number(process.env.FORECAST_SEED ?? DEMO_DEFAULTS.seed);
const DEMO = { customers: CUSTOMERS, seed: SEED };

interface Cells {
  /** customer → week → functional minor units */
  byCustomer: Map<string, number[]>;
}

interface Payment { customerId: string; date: string; func: number; invoiceDate: string }

/** Every applied payment of the demo ledger, in functional minor units at its invoice's rate (read once). */
function demoPayments(): Payment[] {
  const invoices = new Map<string, { date: string; currency: string; rate: string }>();
  const payments: Payment[] = [];
  const rows = [...generateDemo(DEMO).ledger()];
  for (const r of rows) {
    if (r.doc_type === 'INV') invoices.set(`${r.customer_id}\u0000${r.doc_no}`, { date: r.doc_date, currency: r.currency, rate: r.fx_rate || '1' });
  }
  for (const r of rows) {
    if (r.doc_type !== 'PMT' || !r.applies_to) continue;
    const inv = invoices.get(`${r.customer_id}\u0000${r.applies_to}`);
    if (!inv) continue;
    const parsed = parseMoney(r.amount, r.currency);
    if (!parsed.ok) throw new Error(`demo row ${r.doc_no}: ${parsed.message}`);
    payments.push({ customerId: r.customer_id, date: r.doc_date, func: toFunctional(parsed.value, inv.currency, inv.rate, FUNCTIONAL), invoiceDate: inv.date });
  }
  return payments;
}

/** Payments after M on invoices issued by M (so open at M), by customer and week (weeks start the day after M). */
function actualReceipts(payments: Payment[], asOf: string): Cells {
  const byCustomer = new Map<string, number[]>();
  for (const p of payments) {
    if (p.date <= asOf || p.invoiceDate > asOf) continue;
    const week = Math.floor((daysBetween(asOf, p.date) - 1) / 7);
    if (week >= WEEKS) continue;
    const cells = byCustomer.get(p.customerId) ?? Array(WEEKS).fill(0);
    cells[week] += p.func;
    byCustomer.set(p.customerId, cells);
  }
  return { byCustomer };
}

/** The forecast by customer and week, and how long the request took. */
async function forecastCells(url: string, token: string, asOf: string, method: 'history' | 'due'): Promise<Cells & { ms: number }> {
  const { value: res, ms: took } = await timed(() => fetch(new URL(`/api/v1/forecast?asOf=${asOf}&weeks=${WEEKS}&groupBy=customer&method=${method}`, url), { headers: { Authorization: `Bearer ${token}` } }).then(async (r) => ({ ok: r.ok, status: r.status, text: await r.text() })));
  const text = res.text;
  if (!res.ok) throw new ApiError(`GET /forecast ${asOf} ${method}`, res.status, text);
  const body = JSON.parse(text) as { rows: { key: string; amounts: number[] }[]; check: { reconciled: boolean } };
  if (!body.check.reconciled) throw new Error(`forecast as of ${asOf} does not reconcile`);
  return { byCustomer: new Map(body.rows.map((r) => [r.key, r.amounts.map((a) => Math.round(a * 100))])), ms: took };
}

/** Flattened cells over the union of customers, and the company's weekly totals. */
function cellsOf(forecast: Cells, actual: Cells): { f: number[]; a: number[]; fTotal: number[]; aTotal: number[] } {
  const keys = [...new Set([...forecast.byCustomer.keys(), ...actual.byCustomer.keys()])].sort();
  const zero = Array(WEEKS).fill(0) as number[];
  const f = keys.flatMap((k) => forecast.byCustomer.get(k) ?? zero);
  const a = keys.flatMap((k) => actual.byCustomer.get(k) ?? zero);
  const total = (xs: number[]) => zero.map((_, w) => xs.filter((_, i) => i % WEEKS === w).reduce((s, x) => s + x, 0));
  return { f, a, fTotal: total(f), aTotal: total(a) };
}

export async function runForecast(ctx: BenchContext): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ar-bench-forecast-'));
  try {
    const demo = await writeDemoCsv(dir, DEMO);
    const server = await ctx.freshServer();
    ctx.log(`loading the demo company (${fmtInt(demo.customers)} customers, ${fmtInt(demo.ledgerRows)} ledger rows) ...`);
    await postCsvFile(server.url, server.adminToken, '/api/v1/customers', demo.customersPath);
    await postCsvFile(server.url, server.adminToken, '/api/v1/ledger', demo.ledgerPath);

    const end = DEMO_DEFAULTS.endDate;
    const first = endOfMonth(addMonths(end, -(DEMO_DEFAULTS.months - 12)));
    const monthEnds: string[] = [];
    for (let m = first; addDays(m, 7 * WEEKS) <= end; m = endOfMonth(addMonths(m, 1))) monthEnds.push(m);

    const all = { ours: { f: [] as number[], a: [] as number[] }, naive: { f: [] as number[], a: [] as number[] }, oursTotal: { f: [] as number[], a: [] as number[] }, naiveTotal: { f: [] as number[], a: [] as number[] } };
    const took = { ours: [] as number[], naive: [] as number[] };
    const rows: string[][] = [['month-end', 'received (4 weeks)', 'ours: WAPE by customer', 'naive', 'ours: WAPE company', 'naive']];
    const pct = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} %`);
    const payments = demoPayments();
    for (const m of monthEnds) {
      const actual = actualReceipts(payments, m);
      const oursReply = await forecastCells(server.url, server.adminToken, m, 'history');
      const naiveReply = await forecastCells(server.url, server.adminToken, m, 'due');
      took.ours.push(oursReply.ms);
      took.naive.push(naiveReply.ms);
      const ours = cellsOf(oursReply, actual);
      const naive = cellsOf(naiveReply, actual);
      all.ours.f.push(...ours.f); all.ours.a.push(...ours.a);
      all.naive.f.push(...naive.f); all.naive.a.push(...naive.a);
      all.oursTotal.f.push(...ours.fTotal); all.oursTotal.a.push(...ours.aTotal);
      all.naiveTotal.f.push(...naive.fTotal); all.naiveTotal.a.push(...naive.aTotal);
      rows.push([m, fmtInt(ours.aTotal.reduce((s, x) => s + x, 0) / 100), pct(wape(ours.f, ours.a)), pct(wape(naive.f, naive.a)), pct(wape(ours.fTotal, ours.aTotal)), pct(wape(naive.fTotal, naive.aTotal))]);
    }
    const result = {
      customerWeeks: { ours: wape(all.ours.f, all.ours.a), naive: wape(all.naive.f, all.naive.a) },
      companyWeeks: { ours: wape(all.oursTotal.f, all.oursTotal.a), naive: wape(all.naiveTotal.f, all.naiveTotal.a) },
    };
    rows.push(['all', fmtInt(all.oursTotal.a.reduce((s, x) => s + x, 0) / 100), pct(result.customerWeeks.ours), pct(result.customerWeeks.naive), pct(result.companyWeeks.ours), pct(result.companyWeeks.naive)]);
    const sum = (xs: number[]) => Math.round(xs.reduce((t, x) => t + x, 0) / 100);
    const oursMs = median(took.ours);
    const peerMs = median(took.naive);
    console.log(table(`Cash-in forecast backtest: ${monthEnds.length} month-ends, the next ${WEEKS} weeks, demo company (seed ${SEED}, ${fmtInt(demo.customers)} customers, ${fmtInt(demo.ledgerRows)} ledger rows)`, rows));
    console.log(table('Totals, time, machine', [
      ['forecast, 4 weeks × month-ends', `ours ${fmtInt(sum(all.oursTotal.f))}, naive ${fmtInt(sum(all.naiveTotal.f))}; received ${fmtInt(sum(all.oursTotal.a))}`],
      ['GET /forecast by customer, median', `ours ${fmtMs(oursMs)}, naive ${fmtMs(peerMs)} (${monthEnds.length} requests each)`],
      ['code', ctx.code],
      ...machineRows(ctx.machine),
    ]));
    const r1 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
    const beats = result.customerWeeks.ours !== null && result.companyWeeks.ours !== null &&
      result.customerWeeks.ours < result.customerWeeks.naive! && result.companyWeeks.ours < result.companyWeeks.naive!;
    console.log(beats ? 'ours beats the naive forecast on both measures' : 'ours does NOT beat the naive forecast on both measures');
    console.log(JSON.stringify({
      bench: 'forecast', size: demo.ledgerRows, oursMs: ms(oursMs), peer: 'naive (due date)', peerMs: ms(peerMs),
      ratio: result.companyWeeks.ours !== null && result.companyWeeks.naive ? ratio(result.companyWeeks.ours, result.companyWeeks.naive) : null,
      wapeCompanyWeek: { ours: r1(result.companyWeeks.ours), naive: r1(result.companyWeeks.naive) },
      wapeCustomerWeek: { ours: r1(result.customerWeeks.ours), naive: r1(result.customerWeeks.naive) },
      beatsNaive: beats, customers: demo.customers, seed: SEED, monthEnds: monthEnds.length, weeks: WEEKS,
      forecastOurs: sum(all.oursTotal.f), forecastNaive: sum(all.naiveTotal.f), received: sum(all.oursTotal.a), code: ctx.code,
    }));
  } finally {
    await ctx.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
