// DSO dashboard: twelve period ends (month-ends, the last one the as-of date when it falls mid-month)
// by vertical and for the company: countback DSO, BPDSO, ADD and the month's CEI, with a line chart
// of the company's DSO and BPDSO (and a target line once targets exist: see dso-targets.ts).
import { addMonths, endOfMonth } from '../../../shared/dates';
import { excelDate, sameVersion, standardFields } from './common';
import { mapLimited } from './concurrency';
import { noDsoTargets, type DsoTargetLookup } from './dso-targets';
import type { CeiReply, DsoReply, ReportsApi } from './api';
import type { Cell, Column, SheetPlan } from './sheet-plan';

export const PERIODS = 12;

export interface DsoOptions {
  asOf: string;
  method: 'countback' | 'standard';
}

export interface DsoPeriod {
  end: string;
  dso: DsoReply;
  cei: CeiReply;
}

export interface DsoData {
  options: DsoOptions;
  periods: DsoPeriod[];
  currency: string;
  dataVersion: number;
}

/** The `count` period ends up to `asOf`, oldest first: month-ends, then `asOf` itself when it is mid-month. */
export function periodEnds(asOf: string, count = PERIODS): string[] {
  const ends: string[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const end = endOfMonth(addMonths(asOf, -k));
    ends.push(end > asOf ? asOf : end);
  }
  return ends;
}

export async function fetchDso(api: ReportsApi, options: DsoOptions, onPeriod: (done: number, total: number) => void, signal?: AbortSignal): Promise<DsoData> {
  const ends = periodEnds(options.asOf);
  let done = 0;
  const periods = await mapLimited(ends, 3, async (end) => {
    const [dso, cei] = await Promise.all([
      api.dso({ asOf: end, method: options.method, groupBy: 'vertical' }, signal),
      api.cei({ asOf: end, months: 1, groupBy: 'vertical' }, signal),
    ]);
    onPeriod(++done, ends.length);
    return { end, dso, cei };
  });
  const after = await api.serverState(signal);
  return {
    options,
    periods,
    currency: periods[0]?.dso.currency ?? 'USD',
    dataVersion: sameVersion([...periods.map((p) => p.dso.dataVersion), after.dataVersion]),
  };
}

export function dsoSheet(data: DsoData, now: Date, targets: DsoTargetLookup = noDsoTargets): SheetPlan {
  const { currency, options } = data;
  const columns: Column[] = [
    { header: 'Period end', kind: 'date' },
    { header: 'Vertical', kind: 'text' },
    { header: 'AR', kind: 'money' },
    { header: 'Not yet due', kind: 'money' },
    { header: 'Sales behind DSO', kind: 'money' },
    { header: 'DSO', kind: 'days' },
    { header: 'BPDSO', kind: 'days' },
    { header: 'ADD', kind: 'days' },
    { header: 'CEI %', kind: 'days' },
    { header: 'Note', kind: 'text' },
  ];
  const rows: Cell[][] = [];
  for (const p of data.periods) {
    const cei = new Map([...p.cei.rows, p.cei.totals].map((l) => [l.key, l]));
    const lines = [...[...p.dso.rows].sort((a, b) => a.name.localeCompare(b.name)), p.dso.totals];
    for (const l of lines) {
      const c = cei.get(l.key);
      const reasons = [l.reason, c?.reason].filter(Boolean);
      rows.push([excelDate(p.end), l.key === p.dso.totals.key ? 'Company total' : l.name, l.ar, l.currentAr, l.sales, l.dso, l.bpdso, l.add, c?.cei ?? null, reasons.length ? [...new Set(reasons)].join('; ') : null]);
    }
  }

  const targetLine = data.periods.map((p) => targets('Total', p.end));
  const withTargets = targetLine.some((t) => t !== null);
  const chartColumns: Column[] = [
    { header: 'Period end', kind: 'text' },
    { header: 'DSO', kind: 'days' },
    { header: 'BPDSO', kind: 'days' },
    ...(withTargets ? [{ header: 'DSO target', kind: 'days' as const }] : []),
  ];
  const chartRows: Cell[][] = data.periods.map((p, i) => [p.end, p.dso.totals.dso, p.dso.totals.bpdso, ...(withTargets ? [targetLine[i] ?? null] : [])]);

  const last = data.periods.at(-1);
  const { head, tail } = standardFields({ asOf: last?.end ?? options.asOf, currency, dataVersion: data.dataVersion, now });
  return {
    report: 'DSO Dashboard',
    sheetName: 'DSO Dashboard',
    tableName: 'DSODashboard',
    title: 'DSO dashboard by vertical',
    currency,
    fields: [
      ...head,
      { label: 'Method', value: options.method === 'countback' ? 'Countback' : 'Standard (90 days)', kind: 'text' },
      { label: 'Periods', value: `${data.periods[0]?.end ?? ''} to ${last?.end ?? ''}`, kind: 'text' },
      { label: 'CEI', value: 'Calendar month to each period end', kind: 'text' },
      ...tail,
    ],
    note: {
      text: withTargets ? 'DSO targets are drawn as "DSO target".' : 'No DSO targets are set yet: the chart shows DSO and BPDSO only.',
      tone: 'plain',
    },
    columns,
    rows,
    charts: [{ name: 'DsoTrend', type: 'Line', title: 'Company DSO and BPDSO (days)', columns: chartColumns, rows: chartRows }],
  };
}
