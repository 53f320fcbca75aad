// Cash-in forecast (GET /forecast, 13 weeks): groups down, weeks across, then what is expected after the
// horizon, the past-due amount with no expected date, what is excluded (disputes, recovery) and the open
// balance they add up to; a chart of the expected receipts per week. And the Insights sheet (GET /insights):
// movers, concentration, over-limit and customers without history, each with its sentence.
import { ApiError } from '../api/client';
import { moneyText, sameVersion, standardFields, toMinor } from './common';
import type { Cell, Column, SheetPlan } from './sheet-plan';

export const FORECAST_WEEKS = 13;

interface ForecastLine { amounts: number[]; beyond: number; unscheduled: number; excluded: number; open: number }
export interface ForecastReply extends Record<string, unknown> {
  asOf: string;
  currency: string;
  weeks: { start: string; end: string }[];
  rows: (ForecastLine & { key: string; name: string })[];
  totals: ForecastLine;
  exclusions: { customerId: string; name: string; reason: string; amount: number }[];
  check: { reconciled: boolean };
}

interface Sentenced { customerId: string; name: string; sentence: string }
export interface InsightsReply extends Record<string, unknown> {
  asOf: string;
  since: string;
  currency: string;
  movers: (Sentenced & { driver: string; overdue: { before: number; now: number } })[];
  /** Customers whose credit grade worsened, with the score driver that lost most (absent from older servers). */
  gradeMovers?: (Sentenced & { grade: { before: string; now: string }; driver: string })[];
  concentration: { top: number; share: number; total: number; customers: { customerId: string; name: string; balance: number; share: number }[]; sentence: string };
  overLimit: (Sentenced & { over: number })[];
  withoutHistory: (Sentenced & { balance: number })[];
}

/** The two routes, through the reports API's plain GET. */
export interface ForecastApi {
  serverState(signal?: AbortSignal): Promise<{ dataVersion: number }>;
  forecast(query: { asOf: string; weeks: number; groupBy: string }, signal?: AbortSignal): Promise<ForecastReply>;
  insights(query: { asOf: string; top: number }, signal?: AbortSignal): Promise<InsightsReply>;
}

export async function fetchForecast(api: ForecastApi, options: { asOf: string; groupBy: string }, signal?: AbortSignal) {
  const before = await api.serverState(signal);
  const forecast = await api.forecast({ asOf: options.asOf, weeks: FORECAST_WEEKS, groupBy: options.groupBy }, signal);
  const after = await api.serverState(signal);
  if (!forecast.check.reconciled) throw new ApiError('bad_response', 'The forecast does not reconcile to the open balance.', null);
  return { groupBy: options.groupBy, forecast, dataVersion: sameVersion([before.dataVersion, after.dataVersion]) };
}

const GROUP_LABEL: Record<string, string> = { customer: 'Customer', vertical: 'Vertical', region: 'Region', collector: 'Collector' };

export function forecastSheet(data: Awaited<ReturnType<typeof fetchForecast>>, now: Date): SheetPlan {
  const { forecast: f } = data;
  const { currency } = f;
  const weekHeaders = f.weeks.map((w, i) => `W${i + 1} from ${w.start}`);
  const columns: Column[] = [
    { header: GROUP_LABEL[data.groupBy] ?? 'Group', kind: 'text' },
    ...(data.groupBy === 'customer' ? [{ header: 'Name', kind: 'text' as const }] : []),
    ...weekHeaders.map((header) => ({ header, kind: 'money' as const })),
    { header: 'Later', kind: 'money' },
    { header: 'Past due, no date', kind: 'money' },
    { header: 'Excluded', kind: 'money' },
    { header: 'Open balance', kind: 'money' },
  ];
  const rows: Cell[][] = f.rows.map((r) => [r.key, ...(data.groupBy === 'customer' ? [r.name] : []), ...r.amounts, r.beyond, r.unscheduled, r.excluded, r.open]);
  const { head, tail } = standardFields({ asOf: f.asOf, currency, dataVersion: data.dataVersion, now });
  const sum = Object.fromEntries(columns.slice(data.groupBy === 'customer' ? 2 : 1).map((c) => [c.header, { sum: true } as const]));
  const excluded = f.exclusions.map((e) => `${e.name} (${e.reason})`).join(', ');
  return {
    report: 'Cash-in Forecast',
    sheetName: 'Cash-in Forecast',
    tableName: 'CashInForecast',
    title: `Cash-in forecast: the ${FORECAST_WEEKS} weeks after ${f.asOf}`,
    currency,
    fields: [...head, { label: 'Group by', value: GROUP_LABEL[data.groupBy] ?? data.groupBy, kind: 'text' }, ...tail],
    note: {
      text: `Each row: weeks + later + past due with no expected date (${moneyText(toMinor(f.totals.unscheduled, currency), currency)} in all) + excluded = the open balance.${excluded ? ` Excluded: ${excluded}.` : ''}`,
      tone: 'plain',
    },
    columns,
    rows,
    totals: { [columns[0]!.header]: { label: 'Total' }, ...sum },
    charts: [
      {
        name: 'ForecastByWeek',
        type: 'ColumnClustered',
        title: `Expected receipts per week (${currency})`,
        columns: [{ header: 'Week', kind: 'text' }, { header: 'Expected', kind: 'money' }],
        rows: f.weeks.map((w, i) => [w.start, f.totals.amounts[i]!]),
      },
    ],
  };
}

export async function fetchInsights(api: ForecastApi, options: { asOf: string }, signal?: AbortSignal) {
  const before = await api.serverState(signal);
  const insights = await api.insights({ asOf: options.asOf, top: 10 }, signal);
  const after = await api.serverState(signal);
  return { insights, dataVersion: sameVersion([before.dataVersion, after.dataVersion]) };
}

export function insightsSheet(data: Awaited<ReturnType<typeof fetchInsights>>, now: Date): SheetPlan {
  const { insights: r } = data;
  const rows: Cell[][] = [
    ...r.movers.map((m) => [`Mover (${m.driver})`, m.customerId, m.name, m.overdue.now, m.sentence]),
    ...(r.gradeMovers ?? []).map((g) => [`Grade ${g.grade.before} to ${g.grade.now} (${g.driver})`, g.customerId, g.name, null, g.sentence]),
    ...(r.concentration.customers.length ? [['Concentration', '', '', r.concentration.total, r.concentration.sentence]] : []),
    ...r.overLimit.map((o) => ['Over limit', o.customerId, o.name, o.over, o.sentence]),
    ...r.withoutHistory.map((w) => ['No payment history', w.customerId, w.name, w.balance, w.sentence]),
  ];
  const { head, tail } = standardFields({ asOf: r.asOf, currency: r.currency, dataVersion: data.dataVersion, now });
  return {
    report: 'Insights',
    sheetName: 'Insights',
    tableName: 'Insights',
    title: `Collection insights as of ${r.asOf}`,
    currency: r.currency,
    fields: [...head, { label: 'Compared with', value: r.since, kind: 'text' }, ...tail],
    note: { text: 'Amount: overdue now (movers; none for grade changes), the total balance (concentration), the excess (over limit), the balance (no history).', tone: 'plain' },
    columns: [
      { header: 'Insight', kind: 'text' },
      { header: 'Customer', kind: 'text' },
      { header: 'Name', kind: 'text' },
      { header: 'Amount', kind: 'money' },
      { header: 'Sentence', kind: 'text' },
    ],
    rows,
    charts: [],
  };
}
