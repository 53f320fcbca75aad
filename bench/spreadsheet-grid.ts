/**
 * The analyst's ageing workbook, the same whichever spreadsheet recalculates it: sheet Ageing (first, so a CSV
 * export is that sheet) with one row per customer and a SUMIFS per bucket over sheet OpenItems (customer, due
 * date, outstanding, days past due as of D, a value computed when writing). Formulas carry no cached values.
 */
import { daysBetween } from '../shared/dates';

export interface OpenItem { customer: string; due: string; days: number; amount: number }

export const BOUNDARIES = [30, 60, 90, 120];
export const LABELS = ['Current', '1-30', '31-60', '61-90', '91-120', '121+'];
/** Inclusive day ranges per bucket; null = open. */
const RANGES: [number | null, number | null][] = [[null, 0], [1, 30], [31, 60], [61, 90], [91, 120], [121, null]];
/** Excel's and Calc's .xlsx row limit, header included. */
export const SHEET_ROWS = 1_048_576;

/** A recalculated grid: customer → minor units per bucket (LABELS order). */
export type Grid = Map<string, number[]>;

export interface Recalc { ms: number; grid: Grid | null; error: string | null }

/** A spreadsheet that recalculates the workbook: LibreOffice Calc headless, or HyperFormula in this process. */
export interface SpreadsheetPeer {
  /** Name and version, for the table and the JSON's `peer`. */
  name: string;
  /** What one timed recalculation covers, for the table. */
  timed: string;
  /** Lays the workbook out (untimed: `prepareMs`); `recalculate` is then timed, as often as asked. */
  prepare(items: OpenItem[], asOf: string, label: string): Promise<PreparedWorkbook>;
  close(): Promise<void>;
}

export interface PreparedWorkbook {
  customers: number;
  prepareMs: number;
  recalculate(): Promise<Recalc>;
  dispose(): Promise<void>;
}

export const cents = (x: number) => Math.round(x * 100);

/** Sorted distinct customers: the grid's rows, in order. */
export function customersOf(items: readonly OpenItem[]): string[] {
  return [...new Set(items.map((i) => i.customer))].sort();
}

/**
 * Ageing's formulas for sheet row `r` (1-based; row 1 is the header), without the leading "=": one SUMIFS per
 * bucket, then their SUM.
 */
export function ageingFormulas(r: number): string[] {
  const crit = ([lo, hi]: [number | null, number | null]) =>
    [lo === null ? '' : `, OpenItems!D:D, ">="&${lo}`, hi === null ? '' : `, OpenItems!D:D, "<="&${hi}`].join('');
  return [...RANGES.map((range) => `SUMIFS(OpenItems!C:C, OpenItems!A:A, $A${r}${crit(range)})`), `SUM(B${r}:G${r})`];
}

export const AGEING_HEADER = ['Customer', ...LABELS, 'Total'];
export const openItemsHeader = (asOf: string) => ['Customer', 'Due date', `Outstanding ${asOf}`, 'Days past due'];

/** A date as spreadsheets store it: days since 1899-12-30. */
export function serialDate(iso: string): number {
  return daysBetween('1899-12-30', iso);
}
