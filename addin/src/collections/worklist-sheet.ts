// The "Worklist" sheet: today's worklist as a report table (written by the reports writer, so every ledger string
// lands as text), and the cells of a customer's row that change after the pane logs an activity or records a
// promise. Plain functions: the reply → a SheetPlan; a row and a change → cell writes.
import { generatedAt, excelDate, moneyText, toMinor } from '../reports/common';
import { columnLetter } from '../reports/sheet-layout';
import { FIELD, numberFormatFor, type Cell, type Column, type SheetPlan } from '../reports/sheet-plan';
import type { Activity, PromiseToPay, WorklistPromise, WorklistReply } from './desk-api';

export const WORKLIST_REPORT = 'Collections Worklist';
export const WORKLIST_SHEET = 'Worklist';
export const CUSTOMER_ID = 'Customer ID';
export const COUNT_FIELD = 'Customers';
export const WORKLIST = { lastActivity: 'Last activity', nextAction: 'Next action', promises: 'Open promises' } as const;

const COLUMNS: Column[] = [
  { header: 'Rank', kind: 'integer' },
  { header: CUSTOMER_ID, kind: 'text' },
  { header: 'Customer', kind: 'text' },
  { header: 'Collector', kind: 'text' },
  { header: 'Priority', kind: 'days' },
  { header: 'Why', kind: 'text' },
  { header: 'Overdue', kind: 'money' },
  { header: 'Disputed', kind: 'money' },
  { header: 'Grade', kind: 'text' },
  { header: WORKLIST.promises, kind: 'text' },
  { header: WORKLIST.lastActivity, kind: 'text' },
  { header: WORKLIST.nextAction, kind: 'date' },
  { header: 'Next step', kind: 'text' },
];

/** "2026-10-15 1,000.00 USD open" */
export function promiseText(p: Pick<WorklistPromise, 'promisedDate' | 'amount' | 'currency' | 'state'>): string {
  return `${p.promisedDate} ${moneyText(toMinor(p.amount, p.currency), p.currency)} ${p.currency} ${p.state.replace('_', ' ')}`;
}

/** "2026-10-14 call: left voicemail" */
export function activityText(a: { occurredOn: string; kind: string; outcome: string }): string {
  return `${a.occurredOn} ${a.kind}${a.outcome ? `: ${a.outcome}` : ''}`;
}

export function worklistSheet(reply: WorklistReply, now: Date): SheetPlan {
  const rows: Cell[][] = reply.items.map((i, rank) => [
    rank + 1,
    i.customerId,
    i.name,
    i.collector,
    i.priority,
    i.reasons.join('; '),
    i.overdue,
    i.disputed,
    i.grade,
    i.promises.map(promiseText).join('; ') || null,
    i.lastActivity ? activityText(i.lastActivity) : null,
    excelDate(i.nextActionDate),
    i.nextStep,
  ]);
  return {
    report: WORKLIST_REPORT,
    sheetName: WORKLIST_SHEET,
    tableName: 'Worklist',
    title: `Collections worklist for ${reply.date}${reply.collector ? `: ${reply.collector}` : ''}`,
    currency: reply.currency,
    fields: [
      { label: FIELD.asOf, value: reply.date, kind: 'text' },
      { label: 'Collector', value: reply.collector ?? 'all', kind: 'text' },
      { label: COUNT_FIELD, value: reply.items.length, kind: 'integer' },
      { label: 'Currency', value: reply.currency, kind: 'text' },
      { label: FIELD.generated, value: generatedAt(now), kind: 'text' },
    ],
    note: { text: 'Highest priority first. Select a customer’s row, then log an activity or record a promise in the pane.', tone: 'plain' },
    columns: COLUMNS,
    rows,
    charts: [],
  };
}

export interface CellWrite {
  address: string;
  values: (string | number)[][];
  numberFormat: string[][];
}

/** What changed for a customer after a write: the activity logged, or the promise recorded. */
export type RowChange = { activity: Activity } | { promise: PromiseToPay };

/**
 * The cells of the customer's row to rewrite, given the table as read back (header row, body rows, the sheet row of
 * the first body row). An activity sets Last activity and, when it has one, Next action; a promise is appended to
 * Open promises. Empty when the customer is not on the sheet.
 */
export function rowWrites(header: readonly unknown[], body: readonly (readonly unknown[])[], firstRow: number, customerId: string, change: RowChange): CellWrite[] {
  const col = (h: string) => header.findIndex((x) => x === h);
  const idAt = col(CUSTOMER_ID);
  const index = idAt < 0 ? -1 : body.findIndex((r) => String(r[idAt] ?? '').trim() === customerId);
  if (index < 0) return [];
  const row = firstRow + index;
  const cell = (name: string, value: string | number, kind: Column['kind']): CellWrite[] => {
    const at = col(name);
    if (at < 0) return [];
    return [{ address: `${columnLetter(at)}${row}`, values: [[value]], numberFormat: [[typeof value === 'string' ? '@' : numberFormatFor(kind, '')]] }];
  };
  if ('activity' in change) {
    const a = change.activity;
    return [...cell(WORKLIST.lastActivity, activityText(a), 'text'), ...(a.nextActionDate ? cell(WORKLIST.nextAction, excelDate(a.nextActionDate)!, 'date') : [])];
  }
  const before = String(body[index]![col(WORKLIST.promises)] ?? '').trim();
  const added = promiseText(change.promise);
  return cell(WORKLIST.promises, before ? `${before}; ${added}` : added, 'text');
}
