// What a report sheet holds, before any address is known: a title, a header block of fields, a note
// line, one table (columns, rows, an optional totals row) and optional charts over small side blocks.
// Each report module builds one of these from API replies; sheet-layout.ts turns it into addresses
// and 2-D arrays; office/excel-report-writer.ts writes those. Nothing here touches Office.
import { minorUnitExponent } from '../../../shared/money';

/** A cell as Office.js writes it. null is an empty cell. */
export type Cell = string | number | boolean | null;

/**
 * How a column's cells are written. `text` cells get the Text number format ("@") before their
 * values, so Excel stores a ledger string such as `=HYPERLINK(...)`, `+cmd` or `00123` as typed.
 */
export type ColumnKind = 'text' | 'money' | 'integer' | 'days' | 'percent' | 'date' | 'score';

export interface Column {
  header: string;
  kind: ColumnKind;
}

/** A header-block field: a label over its value. */
export interface HeaderField {
  label: string;
  value: Cell;
  kind?: ColumnKind;
}

/**
 * A live Excel check in the header block: TRUE while SUM(the table column) equals the named field,
 * to the currency's decimals. Our formula over the written cells, never ledger text.
 */
export interface BalanceCheckField {
  label: string;
  sumOf: string;
  equals: string;
}

/** Totals row: per column header, the sum of the column, or a ratio of other totals. */
export type TotalRule = { sum: true } | { ratio: { numerator: string[]; denominator: string[] } } | { label: string };

export interface ChartSpec {
  /** The chart's name in the workbook (also its title unless `title` is given). */
  name: string;
  type: 'ColumnStacked' | 'ColumnClustered' | 'Line' | 'LineMarkers';
  title: string;
  /** The side block the chart is drawn from: first column = categories, one series per further column. */
  columns: Column[];
  rows: Cell[][];
}

/** Highlight whole table rows where a column's value is below zero (e.g. headroom: over the limit). */
export interface NegativeRowHighlight {
  column: string;
  fill: string;
  fontColor: string;
}

export interface SheetPlan {
  /** Stable id stored in the header block ("Report" field) so a sheet is recognised as ours. */
  report: string;
  sheetName: string;
  tableName: string;
  title: string;
  currency: string;
  fields: HeaderField[];
  /** Optional live check appended to the header block. */
  balanceCheck?: BalanceCheckField;
  /** The line under the header block (the check line, or a note). */
  note?: { text: string; tone: 'good' | 'bad' | 'plain' };
  columns: Column[];
  rows: Cell[][];
  totals?: Record<string, TotalRule>;
  highlightNegative?: NegativeRowHighlight;
  charts: ChartSpec[];
}

/** Header-block labels the add-in reads back (staleness, ownership). */
export const FIELD = {
  report: 'Report',
  asOf: 'As of',
  dataVersion: 'Data version',
  generated: 'Generated',
  status: 'Status',
} as const;

export const STATUS = {
  writing: 'INCOMPLETE: being written',
  complete: 'Complete',
} as const;

/** Excel number format code of a column kind; money follows the currency's minor units. */
export function numberFormatFor(kind: ColumnKind, currency: string): string {
  switch (kind) {
    case 'text':
      return '@';
    case 'money': {
      const exp = minorUnitExponent(currency);
      const body = exp > 0 ? `#,##0.${'0'.repeat(exp)}` : '#,##0';
      return `${body};[Red]-${body}`;
    }
    case 'integer':
      return '#,##0';
    case 'days':
      return '0.00';
    case 'percent':
      return '0.0%';
    case 'date':
      return 'yyyy-mm-dd';
    case 'score':
      return '0';
  }
}

/**
 * Format code for one cell: every string gets the Text format whatever its column, so no string
 * from the ledger is ever parsed by Excel (formula, number, date or boolean).
 */
export function cellFormat(value: Cell, kind: ColumnKind, currency: string): string {
  if (typeof value === 'string') return '@';
  if (value === null) return kind === 'text' ? '@' : numberFormatFor(kind, currency);
  return numberFormatFor(kind, currency);
}

/** The value Office.js is given: null becomes '' (an empty cell). */
export function cellValue(value: Cell): string | number | boolean {
  return value === null ? '' : value;
}
