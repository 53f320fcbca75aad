// Open items: every open item as of the date (the drill-down behind the ageing), with days past due
// (or since the document) and its bucket. Fetched 10,000 at a time; the check line ties the items,
// bucket by bucket, to the ageing of the same scope.
import { bucketIndex, bucketSet, checkBoundaries, type Bucket } from '../../../shared/analytics/ageing';
import { ApiError } from '../api/client';
import { BASIS_LABEL, excelDate, fromMinor, moneyText, sameVersion, standardFields, toMinor } from './common';
import { OPEN_ITEMS_PAGE, type AgeingReply, type CustomerInfo, type OpenItem, type ReportsApi } from './api';
import type { Cell, Column, SheetPlan } from './sheet-plan';

export interface OpenItemsOptions {
  asOf: string;
  basis: 'due' | 'document';
  buckets: string;
  /** One customer id, or empty for every customer. */
  customer: string;
}

export interface OpenItemsData {
  options: OpenItemsOptions;
  asOf: string;
  currency: string;
  items: OpenItem[];
  names: Map<string, string>;
  ageing: AgeingReply;
  dataVersion: number;
}

export function parseBoundaries(text: string): number[] {
  const parts = text.split(',').map((p) => (/^\s*\d+\s*$/.test(p) ? Number(p) : p.trim()));
  const checked = checkBoundaries(parts);
  if (!checked.ok) throw new ApiError('invalid_buckets', `Buckets: ${checked.message}`, null);
  return checked.value;
}

export async function fetchOpenItems(api: ReportsApi, options: OpenItemsOptions, onFetched: (count: number) => void, signal?: AbortSignal): Promise<OpenItemsData> {
  const customer = options.customer.trim() || undefined;
  const [ageing, customers] = await Promise.all([
    api.ageing({ asOf: options.asOf, basis: options.basis, buckets: options.buckets, groupBy: 'all', scope: customer }, signal),
    api.customers(signal),
  ]);
  const items: OpenItem[] = [];
  let offset: number | null = 0;
  let asOf = options.asOf;
  let currency = ageing.currency;
  while (offset !== null) {
    const page = await api.openItemsPage({ asOf: options.asOf, basis: options.basis, customer, limit: OPEN_ITEMS_PAGE, offset }, signal);
    for (const item of page.items) items.push(item);
    ({ asOf, currency } = page);
    offset = page.next;
    onFetched(items.length);
  }
  // The pages must come from the version the ageing came from.
  const after = await api.serverState(signal);
  const names = new Map<string, string>(customers.map((c: CustomerInfo) => [c.customer_id, c.name]));
  return { options, asOf, currency, items, names, ageing, dataVersion: sameVersion([ageing.dataVersion, after.dataVersion]) };
}

export function openItemsSheet(data: OpenItemsData, now: Date): SheetPlan {
  const { options, currency, items } = data;
  const buckets: Bucket[] = bucketSet(parseBoundaries(options.buckets), options.basis);
  const daysHeader = options.basis === 'due' ? 'Days past due' : 'Days since document';
  const columns: Column[] = [
    { header: 'Customer ID', kind: 'text' },
    { header: 'Customer', kind: 'text' },
    { header: 'Type', kind: 'text' },
    { header: 'Document', kind: 'text' },
    { header: 'Document date', kind: 'date' },
    { header: 'Due date', kind: 'date' },
    { header: daysHeader, kind: 'integer' },
    { header: 'Bucket', kind: 'text' },
    { header: 'Doc currency', kind: 'text' },
    { header: 'Amount (doc currency)', kind: 'money' },
    { header: `Amount (${currency})`, kind: 'money' },
    { header: `Outstanding (${currency})`, kind: 'money' },
    { header: 'Reference', kind: 'text' },
  ];
  const perBucket = buckets.map(() => 0);
  let outstanding = 0;
  const rows: Cell[][] = items.map((item) => {
    const b = bucketIndex(item.days, buckets);
    const minor = toMinor(item.outstanding, currency);
    perBucket[b]! += minor;
    outstanding += minor;
    return [
      item.customer_id,
      data.names.get(item.customer_id) ?? null,
      item.doc_type,
      item.doc_no,
      excelDate(item.doc_date),
      excelDate(item.due_date),
      item.days,
      buckets[b]!.label,
      item.currency,
      item.amount,
      item.functional_amount,
      item.outstanding,
      item.reference,
    ];
  });

  const aged = data.ageing.totals.amounts.map((a) => toMinor(a, currency));
  const ties = aged.length === perBucket.length && aged.every((a, i) => a === perBucket[i]);
  const agedTotal = aged.reduce((s, a) => s + a, 0);
  const note = ties
    ? { text: `✓ Check: Σ outstanding of ${items.length.toLocaleString('en-US')} open items = Σ ageing buckets, bucket by bucket: ${moneyText(outstanding, currency)}`, tone: 'good' as const }
    : { text: `✗ Check failed: Σ outstanding ${moneyText(outstanding, currency)} against Σ ageing buckets ${moneyText(agedTotal, currency)}`, tone: 'bad' as const };

  const { head, tail } = standardFields({ asOf: data.asOf, currency, dataVersion: data.dataVersion, now });
  return {
    report: 'Open Items',
    sheetName: 'Open Items',
    tableName: 'OpenItems',
    title: options.customer.trim() ? `Open items of ${options.customer.trim()}` : 'Open items',
    currency,
    fields: [
      ...head,
      { label: 'Basis', value: BASIS_LABEL[options.basis] ?? options.basis, kind: 'text' },
      { label: 'Bucket set', value: options.buckets, kind: 'text' },
      { label: 'Customer', value: options.customer.trim() || 'All', kind: 'text' },
      { label: 'Items', value: items.length, kind: 'integer' },
      { label: 'Outstanding', value: fromMinor(outstanding, currency), kind: 'money' },
      ...tail,
    ],
    note,
    columns,
    rows,
    totals: { 'Customer ID': { label: 'Total' }, [`Amount (${currency})`]: { sum: true }, [`Outstanding (${currency})`]: { sum: true } },
    charts: [],
  };
}
