// The customer's statement as pasted into the reconciliation sheet: which pasted columns hold the
// reference, date, amount and type (the pane's column mapping), and each cell read as Excel hands it
// over (a date may be a serial number, an amount a number or text such as "1,234.56" or "(50.00)").
// A bad cell is reported by its sheet row and column; nothing is sent while any cell is bad.
import { excelSerialToIso, isIsoDate } from '../../../shared/dates';
import { formatMoney, parseMoney, type Parsed } from '../../../shared/money';
import { columnLetter } from '../reports/sheet-layout';

export type LineType = 'invoice' | 'payment' | 'credit_note' | 'other';

/** Column letters of the pasted block; `type` is optional. */
export interface ColumnMapping {
  reference: string;
  date: string;
  amount: string;
  type: string | null;
}

export interface StatementOptions {
  mapping: ColumnMapping;
  /** The first pasted row holds the customer's column headings: skip it. */
  headingRow: boolean;
  /** How a date typed as text is read when it is not ISO (YYYY-MM-DD). */
  dateOrder: 'dmy' | 'mdy';
  /** Their statement is from their books (what they owe us as a credit): flip every sign. */
  flipSigns: boolean;
  currency: string;
}

/** A line as the match request takes it: the amount a decimal string, signed from our point of view. */
export interface StatementLine {
  ref: string;
  date: string;
  amount: string;
  type?: LineType;
}

export interface CellProblem {
  row: number;
  column: string;
  message: string;
}

export interface ReadStatement {
  /** The lines in sheet order, each with the sheet row it came from. */
  lines: { row: number; line: StatementLine }[];
  problems: CellProblem[];
}

const LETTERS = /^[A-Z]{1,3}$/;

/** A problem with the mapping itself, or null. Columns must lie inside the paste area [first, last]. */
export function checkMapping(mapping: ColumnMapping, first: string, last: string): string | null {
  const used = [mapping.reference, mapping.date, mapping.amount, ...(mapping.type ? [mapping.type] : [])];
  const index = (l: string) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  for (const l of used) {
    if (!LETTERS.test(l) || index(l) < index(first) || index(l) > index(last)) return `Mapping: columns must be letters from ${first} to ${last} (got "${l}").`;
  }
  if (new Set(used).size !== used.length) return 'Mapping: reference, date, amount and type must be different columns.';
  return null;
}

/**
 * Reads the paste area. `values` is the grid from `firstRow`, its first column `firstColumn` (index);
 * a row whose mapped cells are all empty is skipped.
 */
export function readStatement(values: unknown[][], firstRow: number, firstColumn: number, options: StatementOptions): ReadStatement {
  const { mapping } = options;
  const at = (letter: string) => [...letter].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1 - firstColumn;
  const cols = { reference: at(mapping.reference), date: at(mapping.date), amount: at(mapping.amount), type: mapping.type ? at(mapping.type) : null };
  const lines: ReadStatement['lines'] = [];
  const problems: CellProblem[] = [];
  let headingSkipped = !options.headingRow;
  values.forEach((cells, i) => {
    const row = firstRow + i;
    const get = (c: number | null) => (c === null ? '' : cells[c]);
    const raw = { ref: get(cols.reference), date: get(cols.date), amount: get(cols.amount), type: get(cols.type) };
    if (Object.values(raw).every(isBlank)) return;
    if (!headingSkipped) {
      headingSkipped = true;
      return;
    }
    const bad = (column: number | null, message: string) => problems.push({ row, column: columnLetter((column ?? 0) + firstColumn), message });
    const date = parseStatementDate(raw.date, options.dateOrder);
    if (!date.ok) bad(cols.date, date.message);
    const amount = parseAmount(raw.amount, options.currency);
    if (!amount.ok) bad(cols.amount, amount.message);
    const type = parseLineType(raw.type);
    if (!type.ok) bad(cols.type, type.message);
    if (!date.ok || !amount.ok || !type.ok) return;
    const signed = options.flipSigns ? -amount.value : amount.value;
    const line: StatementLine = { ref: referenceText(raw.ref), date: date.value, amount: formatMoney(signed === 0 ? 0 : signed, options.currency) };
    if (type.value) line.type = type.value;
    lines.push({ row, line });
  });
  return { lines, problems };
}

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function referenceText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return isBlank(value) ? '' : String(value).trim();
}

/** An Excel date serial, an ISO date (or date-time), or day/month/year text in the given order. */
export function parseStatementDate(value: unknown, order: 'dmy' | 'mdy'): Parsed<string> {
  if (isBlank(value)) return { ok: false, message: 'the date is missing' };
  if (typeof value === 'number') {
    const iso = excelSerialToIso(value);
    return iso ? { ok: true, value: iso } : { ok: false, message: `${value} is not an Excel date` };
  }
  const text = String(value).trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (iso) return isIsoDate(iso[1]!) ? { ok: true, value: iso[1]! } : { ok: false, message: `"${text}" is not a date` };
  const parts = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (parts) {
    const [a, b, y] = [Number(parts[1]), Number(parts[2]), parts[3]!];
    const [day, month] = order === 'dmy' ? [a, b] : [b, a];
    const year = y.length === 2 ? 2000 + Number(y) : Number(y);
    const candidate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (isIsoDate(candidate)) return { ok: true, value: candidate };
  }
  return { ok: false, message: `"${text}" is not a date (use an Excel date, YYYY-MM-DD, or ${order === 'dmy' ? 'DD/MM/YYYY' : 'MM/DD/YYYY'})` };
}

const SYMBOLS = /^[$€£¥]|[$€£¥]$/g;
const GROUPED = /^\d{1,3}(?:[, \u00a0\u202f']\d{3})+(?:\.\d+)?$/;

/**
 * An amount in minor units: a number as Excel holds it (read at Excel's 15 significant digits), or
 * text with thousands separators, a leading or trailing minus, parentheses for negatives, and the
 * account's currency code or a currency symbol around it.
 */
export function parseAmount(value: unknown, currency: string): Parsed<number> {
  if (isBlank(value)) return { ok: false, message: 'the amount is missing' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, message: `${value} is not an amount` };
    const text = String(Number(value.toPrecision(15)));
    if (/e/i.test(text)) return { ok: false, message: `${value} is out of range` };
    const parsed = parseMoney(text, currency, { allowNegative: true });
    return parsed.ok ? parsed : { ok: false, message: `${text} has more decimals than ${currency} allows` };
  }
  if (typeof value !== 'string') return { ok: false, message: `${String(value)} is not an amount` };
  const original = value.trim();
  let text = original.replace(new RegExp(`^${currency}\\s*|\\s*${currency}$`, 'g'), '').replace(SYMBOLS, '').trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) [negative, text] = [true, paren[1]!.trim()];
  if (/^-/.test(text)) [negative, text] = [!negative, text.slice(1).trim()];
  else if (/-$/.test(text)) [negative, text] = [!negative, text.slice(0, -1).trim()];
  if (GROUPED.test(text)) text = text.replace(/[, \u00a0\u202f']/g, '');
  if (!/^\d+(?:\.\d+)?$/.test(text)) return { ok: false, message: `"${original}" is not an amount (e.g. 1234.56, 1,234.56 or (1,234.56))` };
  const parsed = parseMoney(`${negative ? '-' : ''}${text}`, currency, { allowNegative: true });
  return parsed.ok ? parsed : { ok: false, message: `"${original}": ${parsed.message}` };
}

const TYPES: Record<string, LineType> = {
  invoice: 'invoice', inv: 'invoice', in: 'invoice', bill: 'invoice', debit: 'invoice', dr: 'invoice',
  payment: 'payment', pmt: 'payment', pay: 'payment', paid: 'payment', receipt: 'payment', remittance: 'payment',
  creditnote: 'credit_note', credit: 'credit_note', crn: 'credit_note', cn: 'credit_note', cr: 'credit_note',
  other: 'other', adj: 'other', adjustment: 'other', journal: 'other', jnl: 'other',
};

/** The type column is optional; a value in it must be one we know. */
export function parseLineType(value: unknown): Parsed<LineType | undefined> {
  if (isBlank(value)) return { ok: true, value: undefined };
  const key = String(value).toLowerCase().replace(/[^a-z]/g, '');
  const type = TYPES[key];
  return type ? { ok: true, value: type } : { ok: false, message: `"${String(value)}" is not a type (invoice, payment, credit note or other)` };
}

/** "row 24, column Q: the amount is missing" lines for the pane, at most `max` of them. */
export function describeProblems(problems: CellProblem[], max = 8): string {
  const shown = problems.slice(0, max).map((p) => `Row ${p.row}, column ${p.column}: ${p.message}.`);
  if (problems.length > max) shown.push(`… and ${problems.length - max} more.`);
  return shown.join('\n');
}
