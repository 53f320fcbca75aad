// What the reconciliation and unapplied-cash sheets get written, as plain data: an address and the
// values, formats and fill for it. The plans are built and tested without Office; the glue
// (office/excel-reconciliation.ts) only applies them, number formats before values as the reports do.
import { isoToExcelSerial } from '../../../shared/dates';
import { numberFormatFor } from '../reports/sheet-plan';

export type CellValue = string | number | boolean;

export interface CellWrite {
  address: string;
  values?: CellValue[][];
  numberFormat?: string[][];
  /** A fill colour, or null to clear the fill. */
  fill?: string | null;
  fontColor?: string;
  bold?: boolean;
}

/** Colours by status: green agrees, amber differs in amount, red is missing on one side. */
export const STATUS_FILL = {
  matched: '#DFF6DD',
  amount_difference: '#FFF4CE',
  missing: '#FDE7E9',
} as const;

export const LABEL_COLOR = '#616161';
export const SECTION_FILL = '#F0F0F0';
export const PASTE_FILL = '#EAF3FB';

export const TEXT = '@';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const money = (currency: string) => numberFormatFor('money', currency);

/** A text cell: the Text format first, so ledger text ("=x", "00123") is kept as typed. */
export function textCell(address: string, text: string, extra: Omit<CellWrite, 'address' | 'values' | 'numberFormat'> = {}): CellWrite {
  return { address, values: [[text]], numberFormat: [[TEXT]], ...extra };
}

export function moneyCell(address: string, amount: number | null, currency: string, extra: Omit<CellWrite, 'address' | 'values' | 'numberFormat'> = {}): CellWrite {
  return { address, values: [[amount ?? '']], numberFormat: [[money(currency)]], ...extra };
}

export function dateValue(iso: string | null | undefined): CellValue {
  return iso ? isoToExcelSerial(iso) : '';
}

/** The cells of one row given per column kind: strings always Text, numbers per kind. */
export function rowFormats(values: CellValue[], kinds: ('text' | 'money' | 'date' | 'number' | 'percent')[], currency: string): string[] {
  return values.map((v, i) => {
    const kind = kinds[i] ?? 'text';
    if (typeof v === 'string' && (v !== '' || kind === 'text')) return TEXT;
    if (kind === 'money') return money(currency);
    if (kind === 'date') return DATE_FORMAT;
    if (kind === 'percent') return '0%';
    if (kind === 'number') return '0';
    return TEXT;
  });
}

/** Column index (0 = A) of letters; inverse of columnLetter. */
export function columnIndex(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}
