// The "Disputes" sheet: the disputes register (all, or only the active ones) as a report table, one row per dispute
// with its version, so a later change can be sent with the version it was read at.
import { excelDate, generatedAt } from '../reports/common';
import { FIELD, type Cell, type Column, type SheetPlan } from '../reports/sheet-plan';
import type { Dispute } from './desk-api';
import { CUSTOMER_ID } from './worklist-sheet';

export const DISPUTES_REPORT = 'Disputes Register';
export const DISPUTES_SHEET = 'Disputes';

const COLUMNS: Column[] = [
  { header: 'Dispute ID', kind: 'text' },
  { header: CUSTOMER_ID, kind: 'text' },
  { header: 'Invoices', kind: 'text' },
  { header: 'Amount', kind: 'money' },
  { header: 'Currency', kind: 'text' },
  { header: 'Reason', kind: 'text' },
  { header: 'Owner', kind: 'text' },
  { header: 'Status', kind: 'text' },
  { header: 'Root cause', kind: 'text' },
  { header: 'Opened', kind: 'date' },
  { header: 'Resolved', kind: 'date' },
  { header: 'Version', kind: 'integer' },
];

export type DisputeFilter = 'all' | 'active';

/**
 * `currency` sets the money format's decimals (the ledger's functional currency); each row's own currency is in the
 * Currency column beside its amount.
 */
export function disputesSheet(items: readonly Dispute[], filter: DisputeFilter, currency: string, now: Date): SheetPlan {
  const rows: Cell[][] = items.map((d) => [
    d.id,
    d.customerId,
    d.invoices.join(', '),
    d.amount,
    d.currency,
    d.reason,
    d.owner || null,
    d.status,
    d.rootCause || null,
    excelDate(d.openedOn),
    excelDate(d.resolvedOn),
    d.version,
  ]);
  return {
    report: DISPUTES_REPORT,
    sheetName: DISPUTES_SHEET,
    tableName: 'Disputes',
    title: filter === 'active' ? 'Disputes register: open and in review' : 'Disputes register',
    currency,
    fields: [
      { label: 'Showing', value: filter === 'active' ? 'active (open, in review)' : 'all', kind: 'text' },
      { label: 'Disputes', value: items.length, kind: 'integer' },
      { label: FIELD.generated, value: generatedAt(now), kind: 'text' },
    ],
    note: { text: 'A dispute holds its amount apart in the ageing (Disputed) until it is resolved; the worklist leaves it out of the overdue it ranks by.', tone: 'plain' },
    columns: COLUMNS,
    rows,
    charts: [],
  };
}
