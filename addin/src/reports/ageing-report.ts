// AR Ageing: the aged balance by customer (with vertical, region, collector, credit limit, headroom,
// score and grade) or by vertical, region or collector; buckets, unapplied, total, % over 90 days;
// a totals row; the check line Σ buckets + unapplied = ledger balance; a stacked column chart of the
// buckets by vertical. Customers over their limit (headroom < 0) are highlighted.
import { gradeFor } from '../../../shared/analytics/credit-score';
import { BASIS_LABEL, fromMinor, moneyText, sameVersion, standardFields, toMinor } from './common';
import type { AgeingReply, BatchResult, CustomerInfo, ReportsApi } from './api';
import type { Cell, Column, SheetPlan, TotalRule } from './sheet-plan';

export type AgeingGroupBy = 'customer' | 'vertical' | 'region' | 'collector';

export interface AgeingOptions {
  asOf: string;
  basis: 'due' | 'document';
  /** Boundaries as typed, e.g. "30,60,90,120". */
  buckets: string;
  groupBy: AgeingGroupBy;
}

export interface AgeingData {
  options: AgeingOptions;
  ageing: AgeingReply;
  byVertical: AgeingReply;
  /** Customer master data by id (customer grouping only). */
  customers: Map<string, CustomerInfo>;
  /** Per row of `ageing`, in order: the credit limit, headroom and score figures. */
  limits: (number | null)[];
  headroom: (number | null)[];
  scores: (number | null)[];
  dataVersion: number;
}

const numberOf = (r: BatchResult | undefined): number | null => (r && 'value' in r && typeof r.value === 'number' ? r.value : null);

export async function fetchAgeing(api: ReportsApi, options: AgeingOptions, signal?: AbortSignal): Promise<AgeingData> {
  const query = { asOf: options.asOf, basis: options.basis, buckets: options.buckets };
  const [ageing, byVertical] = await Promise.all([
    api.ageing({ ...query, groupBy: options.groupBy }, signal),
    options.groupBy === 'vertical' ? null : api.ageing({ ...query, groupBy: 'vertical' }, signal),
  ]);
  const customers = new Map<string, CustomerInfo>();
  let limits: (number | null)[];
  let headroom: (number | null)[];
  let scores: (number | null)[];
  const versions = [ageing.dataVersion, (byVertical ?? ageing).dataVersion];
  if (options.groupBy === 'customer') {
    const list = await api.customers(signal);
    for (const c of list) customers.set(c.customer_id, c);
    const calls = ageing.rows.flatMap((r) => [
      { fn: 'HEADROOM', args: [r.key, options.asOf] },
      { fn: 'CREDITSCORE', args: [r.key, options.asOf] },
    ]);
    const reply = await api.batch(calls, signal);
    if (calls.length) versions.push(reply.dataVersion);
    limits = ageing.rows.map((r) => customers.get(r.key)?.credit_limit ?? null);
    headroom = ageing.rows.map((_, i) => numberOf(reply.results[2 * i]));
    scores = ageing.rows.map((_, i) => numberOf(reply.results[2 * i + 1]));
  } else {
    const scope = (key: string) => `${options.groupBy}:${key}`;
    const calls = ageing.rows.flatMap((r) => [
      { fn: 'CREDITLIMIT', args: [scope(r.key)] },
      { fn: 'HEADROOM', args: [scope(r.key), options.asOf] },
    ]);
    const reply = await api.batch(calls, signal);
    if (calls.length) versions.push(reply.dataVersion);
    limits = ageing.rows.map((_, i) => numberOf(reply.results[2 * i]));
    headroom = ageing.rows.map((_, i) => numberOf(reply.results[2 * i + 1]));
    scores = ageing.rows.map(() => null);
  }
  return { options, ageing, byVertical: byVertical ?? ageing, customers, limits, headroom, scores, dataVersion: sameVersion(versions) };
}

/** The smallest boundary of at least 90 days: "% over 90" asks about the buckets beyond it. */
export function over90Threshold(buckets: AgeingReply['buckets']): number | null {
  const ends = buckets.map((b) => b.to).filter((t): t is number => t !== null && t >= 90);
  return ends.length ? Math.min(...ends) : null;
}

/** Share of the open items (Σ buckets, before unapplied) in buckets beyond `threshold` days; null when nothing is open. */
export function shareOver(amounts: number[], buckets: AgeingReply['buckets'], threshold: number, currency: string): number | null {
  const minor = amounts.map((a) => toMinor(a, currency));
  const gross = minor.reduce((s, a) => s + a, 0);
  if (gross <= 0) return null;
  const over = minor.reduce((s, a, i) => s + ((buckets[i]!.from ?? -Infinity) > threshold ? a : 0), 0);
  return over / gross;
}

const GROUP_HEADER: Record<AgeingGroupBy, string> = { customer: 'Customer', vertical: 'Vertical', region: 'Region', collector: 'Collector' };

export function ageingSheet(data: AgeingData, now: Date): SheetPlan {
  const { ageing, options } = data;
  const { currency, buckets } = ageing;
  const threshold = over90Threshold(buckets);
  const overHeader = threshold === null ? null : `% over ${threshold}`;
  const bucketColumns: Column[] = buckets.map((b) => ({ header: b.label, kind: 'money' }));
  const amountColumns: Column[] = [...bucketColumns, { header: 'Unapplied', kind: 'money' }, { header: 'Total', kind: 'money' }, ...(overHeader ? [{ header: overHeader, kind: 'percent' as const }] : [])];
  const byCustomer = options.groupBy === 'customer';

  const columns: Column[] = byCustomer
    ? [
        { header: 'Customer ID', kind: 'text' },
        { header: 'Customer', kind: 'text' },
        { header: 'Vertical', kind: 'text' },
        { header: 'Region', kind: 'text' },
        { header: 'Collector', kind: 'text' },
        { header: 'Credit limit', kind: 'money' },
        { header: 'Headroom', kind: 'money' },
        { header: 'Score', kind: 'score' },
        { header: 'Grade', kind: 'text' },
        ...amountColumns,
      ]
    : [{ header: GROUP_HEADER[options.groupBy], kind: 'text' }, ...amountColumns, { header: 'Credit limit', kind: 'money' }, { header: 'Headroom', kind: 'money' }];

  const rows: Cell[][] = ageing.rows.map((r, i) => {
    const amounts: Cell[] = [...r.amounts, r.unapplied, r.total, ...(threshold === null ? [] : [shareOver(r.amounts, buckets, threshold, currency)])];
    if (!byCustomer) return [r.name, ...amounts, data.limits[i] ?? null, data.headroom[i] ?? null];
    const c = data.customers.get(r.key);
    const score = data.scores[i] ?? null;
    return [r.key, r.name, c?.vertical ?? null, c?.region ?? null, c?.collector ?? null, data.limits[i] ?? null, data.headroom[i] ?? null, score, score === null ? null : gradeFor(score), ...amounts];
  });

  // The check: Σ over the rows written, in minor units, against the ledger balance from the server's other path.
  const written = ageing.rows.reduce((s, r) => s + r.amounts.reduce((t, a) => t + toMinor(a, currency), 0) + toMinor(r.unapplied, currency), 0);
  const ledger = toMinor(ageing.check.ledgerBalance, currency);
  const balanced = written === ledger && ageing.check.balanced;
  const note = balanced
    ? { text: `✓ Check: Σ buckets + unapplied = ledger balance: ${moneyText(written, currency)} = ${moneyText(ledger, currency)}`, tone: 'good' as const }
    : { text: `✗ Check failed: Σ buckets + unapplied = ${moneyText(written, currency)}, ledger balance ${moneyText(ledger, currency)}, difference ${moneyText(written - ledger, currency)}`, tone: 'bad' as const };

  const totals: Record<string, TotalRule> = { [columns[0]!.header]: { label: 'Total' } };
  for (const c of columns) if (c.kind === 'money') totals[c.header] = { sum: true };
  if (overHeader) {
    const overBuckets = buckets.filter((b) => (b.from ?? -Infinity) > threshold!).map((b) => b.label);
    totals[overHeader] = { ratio: { numerator: overBuckets, denominator: buckets.map((b) => b.label) } };
  }

  const { head, tail } = standardFields({ asOf: ageing.asOf, currency, dataVersion: data.dataVersion, now });
  return {
    report: 'AR Ageing',
    sheetName: 'AR Ageing',
    tableName: 'ARAgeing',
    title: `AR Ageing by ${options.groupBy}`,
    currency,
    fields: [
      ...head,
      { label: 'Basis', value: BASIS_LABEL[ageing.basis] ?? ageing.basis, kind: 'text' },
      { label: 'Bucket set', value: options.buckets, kind: 'text' },
      { label: 'Group by', value: GROUP_HEADER[options.groupBy], kind: 'text' },
      ...tail,
      { label: 'Ledger balance', value: ageing.check.ledgerBalance, kind: 'money' },
      { label: 'Difference', value: fromMinor(written - ledger, currency), kind: 'money' },
    ],
    balanceCheck: { label: 'Balanced (live)', sumOf: 'Total', equals: 'Ledger balance' },
    note,
    columns,
    rows,
    totals,
    highlightNegative: { column: 'Headroom', fill: '#FDE7E9', fontColor: '#A4262C' },
    charts: [
      {
        name: 'AgeingByVertical',
        type: 'ColumnStacked',
        title: `Ageing by vertical (${currency})`,
        columns: [{ header: 'Vertical', kind: 'text' }, ...bucketColumns],
        rows: data.byVertical.rows.map((r) => [r.name, ...r.amounts]),
      },
    ],
  };
}
