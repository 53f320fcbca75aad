/**
 * Analytics latency through the local Worker's HTTP API on the loaded ledger: ageing by customer as of the data
 * date (the "current" path: what is open now) and six months earlier (the "historical" path: allocations as of
 * D), DSO by vertical and one customer's metrics. The same ageing is computed by DuckDB in memory from the CSV
 * files; its figures must equal ours to the cent, and its time is the peer. Without DuckDB (not installed, and
 * BENCH_OFFLINE=1 forbids installing it) ours is measured alone and the last line says the peer was skipped.
 */
import { addMonths, daysInMonth } from '../shared/dates';
import { ApiError, describeFetchError } from './api';
import type { BenchContext } from './context';
import type { Dataset } from './dataset';
import type { DuckAgeingRow } from './duckdb-ageing';
import { ensureDuckDB } from './duckdb-install';
import { machineRows } from './machine';
import { fmtInt, fmtMoney, fmtMs, ms, ratio, sample, table, timed } from './report';
import type { LocalServer } from './server';

const BOUNDARIES = [30, 60, 90, 120];

interface AgeingLine { key: string; name: string; amounts: number[]; unapplied: number; total: number }
interface AgeingReply {
  asOf: string;
  currency: string;
  buckets: { label: string }[];
  rows: AgeingLine[];
  totals: Omit<AgeingLine, 'key' | 'name'>;
  check: { ledgerBalance: number; difference: number; balanced: boolean };
}

/** Longer than any reply should take; a hung request is reported as such rather than waited on for undici's 300 s. */
const REQUEST_TIMEOUT_MS = 180_000;

class MissingEndpoint extends Error {}

/** GET with the admin token. A 404 "no such endpoint" (not built yet) is a MissingEndpoint, not a failure. */
async function get<T>(server: LocalServer, pathAndQuery: string): Promise<T> {
  const what = `GET ${pathAndQuery}`;
  let res: Response;
  try {
    res = await fetch(new URL(pathAndQuery, server.url), {
      headers: { Authorization: `Bearer ${server.adminToken}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    throw new ApiError(what, null, timedOut ? `no reply within ${REQUEST_TIMEOUT_MS / 1000} s` : describeFetchError(err));
  }
  const text = await res.text();
  if (res.status === 404 && /no such endpoint/.test(text)) throw new MissingEndpoint(`${what}: 404 ${text}`);
  if (!res.ok) throw new ApiError(what, res.status, text);
  return JSON.parse(text) as T;
}

interface Outcome<T> {
  medianMs: number | null;
  samples: number[];
  last: T | null;
  /** Why there is no figure: the endpoint is missing, or the request failed (with the error). */
  note: string | null;
}

/** One warm-up, then `runs` timed calls; a failure is recorded, so one broken endpoint does not hide the rest. */
async function measure<T>(runs: number, fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    const s = await sample(runs, fn);
    return { medianMs: s.medianMs, samples: s.samples, last: s.last, note: null };
  } catch (err) {
    const note = err instanceof MissingEndpoint ? `skipped (${err.message})` : `FAILED: ${err instanceof Error ? err.message : String(err)}`;
    return { medianMs: null, samples: [], last: null, note };
  }
}

/** The same day six months earlier, or that month's last day (2026-10-31 → 2026-04-30). */
export function sixMonthsBefore(date: string): string {
  const first = addMonths(date, -6);
  const [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(y, m));
  return `${first.slice(0, 8)}${String(day).padStart(2, '0')}`;
}

const cents = (x: number) => Math.round(x * 100);

interface Comparison {
  oursRows: number;
  duckRows: number;
  /** Customers whose figures differ in any bucket, or appear on one side only. */
  mismatchedCustomers: string[];
  oursTotals: number[];
  duckTotals: number[];
  equal: boolean;
}

/** Bucket by bucket, then unapplied and total, in minor units; per customer and in total. */
function compare(ours: AgeingReply, duck: DuckAgeingRow[]): Comparison {
  const line = (amounts: number[], unapplied: number, total: number) => [...amounts, unapplied, total];
  const oursBy = new Map(ours.rows.map((r) => [r.key, line(r.amounts.map(cents), cents(r.unapplied), cents(r.total))]));
  const duckBy = new Map(duck.map((r) => [r.key, line(r.amounts, r.unapplied, r.total)]));
  const mismatched = [...new Set([...oursBy.keys(), ...duckBy.keys()])]
    .filter((k) => JSON.stringify(oursBy.get(k)) !== JSON.stringify(duckBy.get(k)))
    .sort();
  const oursTotals = line(ours.totals.amounts.map(cents), cents(ours.totals.unapplied), cents(ours.totals.total));
  const duckTotals = duck.reduce((acc, r) => acc.map((a, i) => a + line(r.amounts, r.unapplied, r.total)[i]!), oursTotals.map(() => 0));
  return {
    oursRows: ours.rows.length,
    duckRows: duck.length,
    mismatchedCustomers: mismatched,
    oursTotals,
    duckTotals,
    equal: mismatched.length === 0 && JSON.stringify(oursTotals) === JSON.stringify(duckTotals),
  };
}

interface DuckOutcome {
  current: Outcome<DuckAgeingRow[]>;
  historical: Outcome<DuckAgeingRow[]>;
  /** Load + derive, and what it derived; null when DuckDB was skipped. */
  load: { ms: number; documents: number; allocations: number } | null;
  /** Why there is no DuckDB figure (not installed and not allowed to be), or null. */
  skipped: string | null;
}

/** The peer: DuckDB ages the same CSV files at both dates, when it is installed or may be. */
async function duckAgeing(ctx: BenchContext, dataset: Dataset, current: string, historical: string): Promise<DuckOutcome> {
  const skipped = ensureDuckDB(ctx.log);
  if (skipped) {
    const none = { medianMs: null, samples: [], last: null, note: `skipped (${skipped})` };
    return { current: none, historical: none, load: null, skipped };
  }
  ctx.log('analytics: DuckDB: loading the CSV files and deriving allocations ...');
  const { DuckLedger } = await import('./duckdb-ageing');
  const loaded = await timed(() => DuckLedger.load(dataset.customersPath, dataset.ledgerPath));
  const duck = loaded.value;
  try {
    const counts = await duck.counts();
    ctx.log(`analytics: DuckDB ageing, 1 warm-up + ${ctx.options.runs} runs per date ...`);
    return {
      current: await measure(ctx.options.runs, () => duck.ageing(current, BOUNDARIES)),
      historical: await measure(ctx.options.runs, () => duck.ageing(historical, BOUNDARIES)),
      load: { ms: loaded.ms, ...counts },
      skipped: null,
    };
  } finally {
    duck.close();
  }
}

export async function runAnalytics(ctx: BenchContext): Promise<void> {
  const { runs } = ctx.options;
  const dataset = await ctx.dataset();
  const server = await ctx.loadedServer();
  const me = await get<{ dataDate: string | null }>(server, '/api/v1/me');
  if (!me.dataDate) throw new Error('the ledger has no data date: is it empty?');
  const current = me.dataDate;
  const historical = sixMonthsBefore(current);
  const ageingUrl = (asOf: string) => `/api/v1/ageing?asOf=${asOf}&basis=due&buckets=${BOUNDARIES.join(',')}&groupBy=customer`;

  ctx.log(`analytics: ageing by customer as of ${current} (data date), 1 warm-up + ${runs} runs ...`);
  const cur = await measure(runs, () => get<AgeingReply>(server, ageingUrl(current)));
  ctx.log(`analytics: ageing by customer as of ${historical}, 1 warm-up + ${runs} runs ...`);
  const hist = await measure(runs, () => get<AgeingReply>(server, ageingUrl(historical)));
  ctx.log('analytics: DSO (countback) by vertical ...');
  const dso = await measure(runs, () => get<unknown>(server, `/api/v1/dso?asOf=${current}&method=countback&groupBy=vertical`));
  // The customer with the largest balance: the most open items to read.
  const biggest = [...(cur.last?.rows ?? [])].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))[0]?.key ?? 'C00001';
  ctx.log(`analytics: metrics of customer ${biggest} ...`);
  const metrics = await measure(runs, () => get<unknown>(server, `/api/v1/customers/${encodeURIComponent(biggest)}/metrics?asOf=${current}`));

  const duck = await duckAgeing(ctx, dataset, current, historical);
  const duckCur = duck.current;
  const duckHist = duck.historical;
  const cmpCur = cur.last && duckCur.last ? compare(cur.last, duckCur.last) : null;
  const cmpHist = hist.last && duckHist.last ? compare(hist.last, duckHist.last) : null;

  const buckets = (cur.last ?? hist.last)?.buckets.map((b) => b.label) ?? [];
  const labels = [...buckets, 'unapplied', 'total'];
  const figure = (o: Outcome<unknown>) => (o.medianMs === null ? o.note ?? 'n/a' : fmtMs(o.medianMs));
  const versus = (ours: Outcome<unknown>, peer: Outcome<unknown>) =>
    ours.medianMs === null || peer.medianMs === null ? '' : `  (DuckDB ${fmtMs(peer.medianMs)}, ours ÷ DuckDB ${ratio(ours.medianMs, peer.medianMs)}×)`;
  const check = (o: Outcome<AgeingReply>) => (!o.last ? 'n/a' : o.last.check.balanced ? 'balanced' : `OFF by ${o.last.check.difference}`);
  const agreement = (c: Comparison | null) =>
    !c ? 'not compared (no figures from one side)'
      : c.equal ? `equal to the cent (${fmtInt(c.oursRows)} customers)`
        : `MISMATCH: ${c.mismatchedCustomers.length} customer(s) differ (ours ${fmtInt(c.oursRows)} rows, DuckDB ${fmtInt(c.duckRows)}), e.g. ${c.mismatchedCustomers.slice(0, 5).join(', ')}`;
  console.log(table(`Analytics: ${fmtInt(dataset.ledgerRows)} documents, ${fmtInt(dataset.customerRows)} customers; medians of ${runs} runs after 1 warm-up`, [
    ...machineRows(ctx.machine),
    ['code', ctx.code],
    ['ageing by customer, as of data date', `${current}  ${figure(cur)}${versus(cur, duckCur)}`],
    ['ageing by customer, 6 months earlier', `${historical}  ${figure(hist)}${versus(hist, duckHist)}`],
    ['DSO countback by vertical', figure(dso)],
    [`metrics of ${biggest}`, figure(metrics)],
    ['DuckDB load + derive (CSV → docs, allocations)', duck.load
      ? `${fmtMs(duck.load.ms)}  (${fmtInt(duck.load.documents)} docs, ${fmtInt(duck.load.allocations)} allocations)` : `skipped (${duck.skipped})`],
    ['ledger check (ours, current / historical)', `${check(cur)} / ${check(hist)}`],
    ['ours vs DuckDB, current', agreement(cmpCur)],
    ['ours vs DuckDB, historical', agreement(cmpHist)],
  ]));
  for (const [name, c] of [[`as of ${current}`, cmpCur], [`as of ${historical}`, cmpHist]] as const) {
    if (!c) continue;
    console.log(table(`Ageing totals ${name} (${cur.last?.currency ?? ''})`, [
      ['', ...labels],
      ['ours', ...c.oursTotals.map(fmtMoney)],
      ['DuckDB', ...c.duckTotals.map(fmtMoney)],
      ['difference', ...c.oursTotals.map((o, i) => fmtMoney(o - c.duckTotals[i]!))],
    ]));
  }
  const samples = (o: Outcome<unknown>) => JSON.stringify(o.samples.map(ms));
  console.log(`samples (ms): current ${samples(cur)}, historical ${samples(hist)}, DuckDB current ${samples(duckCur)}, ` +
    `DuckDB historical ${samples(duckHist)}, DSO ${samples(dso)}, metrics ${samples(metrics)}`);
  const median = (o: Outcome<unknown>) => (o.medianMs === null ? null : ms(o.medianMs));
  const ratioOf = (a: Outcome<unknown>, b: Outcome<unknown>) => (a.medianMs === null || b.medianMs === null ? null : ratio(a.medianMs, b.medianMs));
  const failures = Object.entries({ current: cur, historical: hist, dso, metrics, duckdbCurrent: duckCur, duckdbHistorical: duckHist })
    .filter(([, o]) => o.note?.startsWith('FAILED'))
    .map(([name, o]) => `${name}: ${o.note}`);
  console.log(JSON.stringify({
    bench: 'analytics',
    documents: dataset.ledgerRows,
    customers: dataset.customerRows,
    currentMs: median(cur),
    historicalMs: median(hist),
    duckdbMs: median(duckCur),
    currentRatio: ratioOf(cur, duckCur),
    historicalRatio: ratioOf(hist, duckHist),
    dsoMs: median(dso),
    metricsMs: median(metrics),
    duckdbHistoricalMs: median(duckHist),
    duckdbLoadMs: duck.load ? ms(duck.load.ms) : null,
    totalsEqual: cmpCur && cmpHist ? cmpCur.equal && cmpHist.equal : null,
    // The uniform keys every benchmark's last line has (issue 11): the current path against DuckDB.
    size: dataset.ledgerRows,
    oursMs: median(cur),
    peer: duck.skipped ? null : 'DuckDB',
    peerMs: median(duckCur),
    ratio: ratioOf(cur, duckCur),
    ...(duck.skipped ? { skipped: `DuckDB: ${duck.skipped}` } : {}),
    ...(failures.length ? { errors: failures } : {}),
  }));
}
