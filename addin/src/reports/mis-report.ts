// MIS summary: for the last twelve months, billed revenue (invoices, less credit notes), unbilled
// (open-order value dated in the month), debtors (the receivable balance at each month end) and the ECL
// provision against them, with a chart. The totals row adds up the month's flows, never the balances.
import { excelDate, fromMinor, sameVersion, standardFields, toMinor } from './common';
import type { MisReply, MisRollRates, ReportsApi } from './api';
import type { Cell, Column, SheetPlan } from './sheet-plan';

export const MIS_MONTHS = 12;

export interface MisOptions {
  asOf: string;
}

export interface MisData {
  options: MisOptions;
  mis: MisReply;
  dataVersion: number;
}

export async function fetchMis(api: ReportsApi, options: MisOptions, signal?: AbortSignal): Promise<MisData> {
  const before = await api.serverState(signal);
  const mis = await api.mis({ asOf: options.asOf, months: MIS_MONTHS }, signal);
  const after = await api.serverState(signal);
  return { options, mis, dataVersion: sameVersion([before.dataVersion, after.dataVersion]) };
}

export function misSheet(data: MisData, now: Date): SheetPlan {
  const { mis } = data;
  const { currency } = mis;
  const columns: Column[] = [
    { header: 'Month', kind: 'text' },
    { header: 'Month end', kind: 'date' },
    { header: 'Billed (invoices)', kind: 'money' },
    { header: 'Credit notes', kind: 'money' },
    { header: 'Net billed', kind: 'money' },
    { header: 'Unbilled', kind: 'money' },
    { header: 'Debtors', kind: 'money' },
    { header: 'ECL provision', kind: 'money' },
    { header: 'Debtors net of provision', kind: 'money' },
  ];
  const less = (a: number, b: number) => fromMinor(toMinor(a, currency) - toMinor(b, currency), currency);
  const rows: Cell[][] = mis.months.map((m) => [
    m.month,
    excelDate(m.end),
    m.billed,
    m.creditNotes,
    less(m.billed, m.creditNotes),
    m.unbilled,
    m.debtors,
    m.provision,
    less(m.debtors, m.provision),
  ]);
  const { head, tail } = standardFields({ asOf: mis.asOf, currency, dataVersion: data.dataVersion, now });
  const first = mis.months[0]?.month ?? '';
  const last = mis.months.at(-1)?.month ?? '';
  return {
    report: 'MIS Summary',
    sheetName: 'MIS Summary',
    tableName: 'MISSummary',
    title: 'MIS summary: billing, unbilled, debtors and provisions',
    currency,
    fields: [
      ...head,
      { label: 'Months', value: `${first} to ${last}`, kind: 'text' },
      { label: 'Provision matrix', value: mis.matrix ?? null, kind: 'text' },
      ...(mis.rollRates ? [{ label: `Roll rates ${mis.rollRates.from} to ${mis.rollRates.to}`, value: rollRatesText(mis.rollRates), kind: 'text' as const }] : []),
      ...tail,
    ],
    note: { text: 'Billed, credit notes and unbilled are the documents dated in each month; debtors and the ECL provision are balances at the month end.', tone: 'plain' },
    columns,
    rows,
    totals: { Month: { label: 'Total' }, 'Billed (invoices)': { sum: true }, 'Credit notes': { sum: true }, 'Net billed': { sum: true }, Unbilled: { sum: true } },
    charts: [
      {
        name: 'MisTrend',
        type: 'ColumnClustered',
        title: `Billing, unbilled, debtors and provision (${currency})`,
        columns: [
          { header: 'Month', kind: 'text' },
          { header: 'Net billed', kind: 'money' },
          { header: 'Unbilled', kind: 'money' },
          { header: 'Debtors', kind: 'money' },
          { header: 'ECL provision', kind: 'money' },
        ],
        rows: rows.map((r) => [r[0]!, r[4]!, r[5]!, r[6]!, r[7]!]),
      },
    ],
  };
}

/** One line a reader can paste: per bucket, where its opening balance went by the next month-end. */
export function rollRatesText(r: MisRollRates): string {
  const pct = (n: number) => `${n.toFixed(1)} %`;
  return r.buckets
    .map(({ bucket, percent: p }) => `${bucket}: ${pct(p.rolledForward)} rolled forward, ${pct(p.collected)} collected, ${pct(p.writtenOff)} written off, ${pct(p.stayed)} stayed, ${pct(p.credited)} credited`)
    .join('; ');
}
