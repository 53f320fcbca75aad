// The "Targets" sheet: collectors × months for each metric, as a report table (written by the reports writer) the
// manager edits in place, with a Result column the pane fills after "Submit targets". Plain functions: the grid
// reply → a SheetPlan; the read-back table → target rows; the server's results → each row's Result text.
import { isPeriod } from '../../../shared/targets/periods';
import { generatedAt } from '../reports/common';
import { FIELD, type Cell, type Column, type SheetPlan } from '../reports/sheet-plan';
import type { GridReply, TargetInput, TargetResult } from './api';

export const GRID_REPORT = 'Targets';
export const GRID_SHEET = 'Targets';
export const GRID_TABLE = 'TargetsGrid';
export const COLLECTOR = 'Collector';
export const METRIC = 'Metric';
export const RESULT = 'Result';
export const ROWS = 'Rows';
/** The whole portfolio's row: a team target, for no one collector. */
export const TEAM = '*';

export const METRICS = ['collections', 'dso', 'overdue_over_60', 'promises_kept_rate'] as const;
const UNITS: Record<string, string> = { collections: 'amount', dso: 'days', overdue_over_60: 'amount', promises_kept_rate: '%' };

export function gridSheet(reply: GridReply, now: Date): SheetPlan {
  const months = reply.periods.map((p) => p.period);
  const value = (collector: string, metric: string, period: string): Cell => {
    const hit = reply.items.find((i) => i.period === period && i.metric === metric && i.vertical === null && (collector === TEAM ? i.collector === null : i.collector === collector));
    return hit ? hit.value : null;
  };
  const rows: Cell[][] = [TEAM, ...reply.collectors].flatMap((c) => METRICS.map((m) => [c, m, ...months.map((p) => value(c, m, p)), null]));
  const closed = reply.periods.filter((p) => p.state === 'closed').map((p) => p.period);
  const columns: Column[] = [{ header: COLLECTOR, kind: 'text' }, { header: METRIC, kind: 'text' }, ...months.map((p) => ({ header: p, kind: 'money' as const })), { header: RESULT, kind: 'text' }];
  return {
    report: GRID_REPORT,
    sheetName: GRID_SHEET,
    tableName: GRID_TABLE,
    title: 'Collection targets by collector and month',
    currency: reply.currency,
    fields: [
      { label: 'From', value: reply.from, kind: 'text' },
      { label: 'To', value: reply.to, kind: 'text' },
      { label: ROWS, value: rows.length, kind: 'integer' },
      { label: 'Closed months', value: closed.length ? closed.join(', ') : 'none', kind: 'text' },
      { label: 'Currency', value: reply.currency, kind: 'text' },
      { label: FIELD.generated, value: generatedAt(now), kind: 'text' },
    ],
    note: {
      text: `Type targets in the month columns (collections and overdue_over_60: ${reply.currency}; dso: days; promises_kept_rate: %), then Submit targets. ${TEAM} is the whole portfolio. A closed month cannot change unless an admin reopens it. Units: ${METRICS.map((m) => `${m} ${UNITS[m]}`).join(', ')}.`,
      tone: 'plain',
    },
    columns,
    rows,
    charts: [],
  };
}

export interface GridCell {
  /** Position of the row in the table body (0 = first row). */
  row: number;
  input: TargetInput;
}

const blank = (v: unknown) => v === null || v === undefined || String(v).trim() === '';

/** The table as read back → one target per filled month cell; empty cells are not sent (a target is never deleted). */
export function targetsFrom(header: unknown[], body: unknown[][]): GridCell[] {
  const names = header.map((h) => String(h));
  const collector = names.indexOf(COLLECTOR);
  const metric = names.indexOf(METRIC);
  if (collector < 0 || metric < 0) throw new Error(`The ${GRID_SHEET} sheet lacks the ${COLLECTOR} or ${METRIC} column. Get targets again.`);
  const months = names.map((n, i) => [n, i] as const).filter(([n]) => isPeriod(n));
  const out: GridCell[] = [];
  body.forEach((cells, row) => {
    const who = String(cells[collector] ?? '').trim();
    const what = String(cells[metric] ?? '').trim();
    if (!who || !what) return;
    for (const [period, i] of months) {
      const v = cells[i];
      if (blank(v)) continue;
      out.push({ row, input: { period, ...(who === TEAM ? {} : { collector: who }), metric: what, value: typeof v === 'number' ? v : String(v).trim() } });
    }
  });
  return out;
}

/** Each row's Result: "unchanged", or what happened month by month ("2026-07 updated (v2); 2026-08 rejected: …"). */
export function resultTexts(cells: readonly GridCell[], results: readonly TargetResult[]): Map<number, string> {
  const byRow = new Map<number, string[]>();
  cells.forEach((c, i) => {
    const r = results[i];
    if (!r) return;
    const text = r.status === 'rejected' ? `${c.input.period} rejected: ${r.reason ?? 'no reason given'}` : r.status === 'unchanged' ? '' : `${c.input.period} ${r.status} (v${r.version})`;
    byRow.set(c.row, [...(byRow.get(c.row) ?? []), text]);
  });
  return new Map([...byRow].map(([row, texts]) => [row, texts.filter(Boolean).join('; ') || 'unchanged']));
}
