/**
 * Import presets: map the rows of a real ERP export onto the canonical ledger columns, before the canonical
 * validation (parseLedgerRow) runs. Pure code: a preset resolves the file's header once, then maps row by row.
 * Headers arrive lower-cased and trimmed (see worker/src/import/rows.ts); problems name the export's own columns.
 */
import { isIsoDate } from '../dates';
import { CURRENCY_CODE, formatMoney, minorUnitExponent, parseMoney, type Parsed } from '../money';
import type { CellProblem } from './ledger-row';
import { LEDGER_COLUMNS } from './ledger-row';

export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

export interface PresetOptions {
  /** The ledger's functional currency. */
  functionalCurrency: string;
  /** Currency for rows whose file has no currency column or a blank one (defaults to the functional currency). */
  defaultCurrency?: string;
}

export type MapResult =
  | { ok: true; values: Record<LedgerColumn, string> }
  | { ok: false; problems: CellProblem[] }
  | { skip: true; reason: string };

export interface ResolvedPreset {
  /** Canonical column → the export's column that feeds it (for problem messages). */
  sources: Partial<Record<LedgerColumn, string>>;
  map(values: Record<string, string | undefined>): MapResult;
}

export interface Preset {
  name: string;
  description: string;
  /** Check the (lower-cased) header; missing columns come back as problems on row 1. */
  resolve(columns: readonly string[], opts: PresetOptions): { ok: true; preset: ResolvedPreset } | { ok: false; problems: CellProblem[] };
}

// ---------------------------------------------------------------------------------------------------------------
// Cell parsers

/**
 * An amount as an ERP prints it → canonical decimal text ("-1234.56"). Accepts thousands separators
 * ("1,234.56", "1.234,56", "1 234,56"), a leading or trailing minus ("1,234.56-") and parentheses ("(12.00)").
 * With both "," and "." the later one is the decimal mark; a lone separator is a thousands separator only when
 * it is followed by exactly three digits and groups correctly.
 */
export function normaliseAmount(text: string): Parsed<string> {
  const raw = text.trim();
  let t = raw.replace(/[\s\u00a0\u202f']/g, '');
  const fail = (): Parsed<string> => ({ ok: false, message: `"${raw}" is not an amount (e.g. 1234.56, 1,234.56 or 1,234.56-)` });
  if (!t) return { ok: false, message: 'the amount is blank' };
  let negative = false;
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true;
    t = t.slice(1, -1);
  }
  const lead = t.startsWith('-') || t.startsWith('+') ? t[0] : '';
  const trail = t.endsWith('-') || t.endsWith('+') ? t[t.length - 1] : '';
  if (lead && trail) return fail();
  if (lead) t = t.slice(1);
  if (trail) t = t.slice(0, -1);
  if ((lead === '-' || trail === '-') && negative) return fail();
  if (lead === '-' || trail === '-') negative = true;
  if (!/^[\d.,]+$/.test(t) || !/\d/.test(t)) return fail();

  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  let decimalMark: string | null = null;
  if (lastDot >= 0 && lastComma >= 0) decimalMark = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? '.' : ',';
    const count = t.split(mark).length - 1;
    const after = t.length - t.lastIndexOf(mark) - 1;
    // "1,234" and "1.234.567" group thousands; "12,5", "1234.56" and "1.234" (a lone dot) are decimals.
    decimalMark = count > 1 || (mark === ',' && after === 3) ? null : mark;
  }
  const group = decimalMark === null ? (t.includes(',') ? ',' : '.') : decimalMark === '.' ? ',' : '.';
  let whole = t;
  let frac = '';
  if (decimalMark) {
    const at = t.lastIndexOf(decimalMark);
    whole = t.slice(0, at);
    frac = t.slice(at + 1);
    if (!/^\d+$/.test(frac)) return fail();
  }
  if (whole.includes(group)) {
    if (!new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(whole)) return fail();
    whole = whole.split(group).join('');
  }
  if (!/^\d*$/.test(whole) || (whole === '' && frac === '')) return fail();
  const body = `${whole || '0'}${frac ? `.${frac}` : ''}`;
  return { ok: true, value: negative ? `-${body}` : body };
}

/** Parse an export's amount straight to signed minor units of `currency`. */
export function parseExportAmount(text: string, currency: string): Parsed<number> {
  const n = normaliseAmount(text);
  if (!n.ok) return n;
  return parseMoney(n.value, currency, { allowNegative: true });
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};

function iso(y: string, m: number | string, d: string): string | null {
  const out = `${y}-${String(m).padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(out) ? out : null;
}

/** "31.10.2026" (SAP) or "2026-10-31" → ISO, else null. */
export function parseDottedDate(text: string): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  return m ? iso(m[3]!, m[2]!, m[1]!) : null;
}

/** "5 Oct 2026", "05 October 2026", "5-Oct-2026" (Xero) or "2026-10-05" → ISO, else null. */
export function parseNamedMonthDate(text: string): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const m = /^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4})$/.exec(t);
  if (!m) return null;
  const month = MONTHS[m[2]!.toLowerCase()];
  return month ? iso(m[3]!, month, m[1]!) : null;
}

/**
 * local ÷ document as exact decimal text with at most 12 decimals (rounded half away from zero), from minor units.
 * 12 decimals make doc × rate reproduce the export's local amount to the minor unit for any supported amount.
 */
export function rateFromAmounts(localMinor: number, localCurrency: string, docMinor: number, docCurrency: string): Parsed<string> {
  if (docMinor === 0) return { ok: false, message: 'the document amount is zero: no exchange rate can be derived' };
  if (localMinor === 0 || localMinor < 0 !== docMinor < 0) {
    return { ok: false, message: 'the local-currency amount must be non-zero and have the same sign as the document amount' };
  }
  const DIGITS = 12;
  // rate = (L / 10^eL) / (D / 10^eD); scaled by 10^DIGITS.
  let num = BigInt(Math.abs(localMinor)) * 10n ** BigInt(DIGITS + minorUnitExponent(docCurrency));
  const den = BigInt(Math.abs(docMinor)) * 10n ** BigInt(minorUnitExponent(localCurrency));
  num = (num * 2n + den) / (den * 2n);
  if (num === 0n) return { ok: false, message: 'the exchange rate rounds to zero' };
  const digits = num.toString().padStart(DIGITS + 1, '0');
  const whole = digits.slice(0, digits.length - DIGITS);
  const frac = digits.slice(digits.length - DIGITS).replace(/0+$/, '');
  return { ok: true, value: frac ? `${whole}.${frac}` : whole };
}

// ---------------------------------------------------------------------------------------------------------------
// Header resolution

type Wanted = Record<string, { aliases: readonly string[]; required: boolean }>;

function resolveHeader<K extends string>(columns: readonly string[], wanted: Record<K, { aliases: readonly string[]; required: boolean }>):
  { ok: true; cols: Partial<Record<K, string>> } | { ok: false; problems: CellProblem[] } {
  const cols: Partial<Record<K, string>> = {};
  const problems: CellProblem[] = [];
  for (const key of Object.keys(wanted) as K[]) {
    const w = (wanted as Wanted)[key]!;
    const found = w.aliases.find((a) => columns.includes(a));
    if (found) cols[key] = found;
    else if (w.required) {
      problems.push({ column: w.aliases[0]!, message: `the header has no ${w.aliases.map((a) => `"${a}"`).join(' or ')} column` });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, cols };
}

function blankRow(): Record<LedgerColumn, string> {
  return Object.fromEntries(LEDGER_COLUMNS.map((c) => [c, ''])) as Record<LedgerColumn, string>;
}

function currencyOf(text: string, fallback: string): string {
  return (text.trim() || fallback).toUpperCase();
}

// ---------------------------------------------------------------------------------------------------------------
// SAP FBL5N open-item list

/** SAP document types (standard configuration); anything else is "other". */
export const SAP_INVOICE_TYPES = ['RV', 'DR'];
export const SAP_CREDIT_MEMO_TYPES = ['DG'];
export const SAP_PAYMENT_TYPES = ['DZ'];

const FBL5N_COLUMNS = {
  customer: { aliases: ['customer', 'account', 'customer number'], required: true },
  docNo: { aliases: ['document number', 'documentno', 'document no.', 'doc. no.'], required: true },
  docType: { aliases: ['document type', 'type', 'doc. type'], required: true },
  docDate: { aliases: ['document date', 'doc. date'], required: true },
  dueDate: { aliases: ['net due date', 'net due dt', 'due date'], required: false },
  amount: { aliases: ['amount in doc. curr.', 'amount in document currency', 'amount in dc', 'amount'], required: true },
  currency: { aliases: ['document currency', 'currency', 'curr.'], required: false },
  local: { aliases: ['amount in local currency', 'amount in lc', 'amt in loc.cur.'], required: false },
  localCurrency: { aliases: ['local currency', 'lcurr', 'local curr.'], required: false },
  reference: { aliases: ['reference', 'ref. doc.'], required: false },
  assignment: { aliases: ['assignment'], required: false },
} as const;

export const sapFbl5n: Preset = {
  name: 'sap-fbl5n',
  description: 'SAP FBL5N customer open-item list exported as CSV',
  resolve(columns, opts) {
    const header = resolveHeader(columns, FBL5N_COLUMNS);
    if (!header.ok) return header;
    const c = header.cols;
    const fallback = opts.defaultCurrency ?? opts.functionalCurrency;
    const sources: Partial<Record<LedgerColumn, string>> = {
      doc_type: c.docType, doc_no: c.docNo, customer_id: c.customer, doc_date: c.docDate, due_date: c.dueDate,
      amount: c.amount, currency: c.currency ?? 'currency', fx_rate: c.local ?? 'fx_rate', reference: c.reference ?? c.assignment,
    };
    return {
      ok: true,
      preset: {
        sources,
        map(v) {
          const get = (k: keyof typeof FBL5N_COLUMNS) => (c[k] ? (v[c[k]!] ?? '').trim() : '');
          const problems: CellProblem[] = [];
          if (!get('customer') && !get('docNo')) return { skip: true, reason: 'no customer and no document number (a total line?)' };
          const out = blankRow();
          out.doc_no = get('docNo');
          out.customer_id = get('customer');
          out.reference = get('reference') || get('assignment');

          const docDate = parseDottedDate(get('docDate'));
          if (!docDate) problems.push({ column: c.docDate!, message: `"${get('docDate')}" is not a date (DD.MM.YYYY or YYYY-MM-DD)` });
          const dueText = get('dueDate');
          const dueDate = dueText ? parseDottedDate(dueText) : '';
          if (dueDate === null) problems.push({ column: c.dueDate!, message: `"${dueText}" is not a date (DD.MM.YYYY or YYYY-MM-DD)` });

          const currency = currencyOf(get('currency'), fallback);
          if (!CURRENCY_CODE.test(currency)) {
            problems.push({ column: c.currency ?? 'currency', message: `"${get('currency')}" is not an ISO 4217 currency code` });
            return { ok: false, problems };
          }
          const amount = parseExportAmount(get('amount'), currency);
          if (!amount.ok) {
            problems.push({ column: c.amount!, message: amount.message });
            return { ok: false, problems };
          }
          if (amount.value === 0) {
            problems.push({ column: c.amount!, message: 'amount must not be zero' });
            return { ok: false, problems };
          }

          const sapType = get('docType').toUpperCase();
          const positive = amount.value > 0;
          if (positive) out.doc_type = SAP_INVOICE_TYPES.includes(sapType) ? 'INV' : 'ADJ';
          else if (SAP_CREDIT_MEMO_TYPES.includes(sapType) || SAP_INVOICE_TYPES.includes(sapType)) out.doc_type = 'CRN';
          else if (SAP_PAYMENT_TYPES.includes(sapType)) out.doc_type = 'PMT';
          else out.doc_type = 'ADJ';
          // A negative ADJ stays signed (unapplied credit); CRN and PMT carry the absolute amount.
          const shown = out.doc_type === 'ADJ' ? amount.value : Math.abs(amount.value);
          out.amount = formatMoney(shown, currency);
          out.currency = currency;
          out.doc_date = docDate ?? get('docDate');
          // Credits take their own date as due date (the ledger's rule for a blank one); SAP's may precede it.
          out.due_date = positive && dueDate ? dueDate : '';

          if (currency !== opts.functionalCurrency && c.local && get('local')) {
            const localCurrency = currencyOf(get('localCurrency'), opts.functionalCurrency);
            if (localCurrency !== opts.functionalCurrency) {
              problems.push({
                column: c.localCurrency ?? c.local,
                message: `local currency ${localCurrency} is not the functional currency ${opts.functionalCurrency}: no exchange rate can be derived`,
              });
            } else {
              const local = parseExportAmount(get('local'), localCurrency);
              if (!local.ok) problems.push({ column: c.local, message: local.message });
              else {
                const rate = rateFromAmounts(local.value, localCurrency, amount.value, currency);
                if (!rate.ok) problems.push({ column: c.local, message: rate.message });
                else out.fx_rate = rate.value;
              }
            }
          }
          return problems.length ? { ok: false, problems } : { ok: true, values: out };
        },
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Xero Aged Receivables Detail

const XERO_COLUMNS = {
  contact: { aliases: ['contact', 'contact name'], required: true },
  invoiceDate: { aliases: ['invoice date', 'date'], required: true },
  dueDate: { aliases: ['due date'], required: false },
  number: { aliases: ['invoice number', 'number', 'invoice no', 'invoice #'], required: true },
  reference: { aliases: ['reference', 'invoice reference'], required: false },
  amount: { aliases: ['amount due', 'due', 'total'], required: true },
  currency: { aliases: ['currency', 'currency code'], required: false },
} as const;

export const xeroAgedReceivables: Preset = {
  name: 'xero-aged-receivables',
  description: 'Xero "Aged Receivables Detail" report exported as CSV',
  resolve(columns, opts) {
    const header = resolveHeader(columns, XERO_COLUMNS);
    if (!header.ok) return header;
    const c = header.cols;
    const fallback = opts.defaultCurrency ?? opts.functionalCurrency;
    const sources: Partial<Record<LedgerColumn, string>> = {
      doc_type: c.amount, doc_no: c.number, customer_id: c.contact, doc_date: c.invoiceDate, due_date: c.dueDate,
      amount: c.amount, currency: c.currency ?? 'currency', reference: c.reference,
    };
    return {
      ok: true,
      preset: {
        sources,
        map(v) {
          const get = (k: keyof typeof XERO_COLUMNS) => (c[k] ? (v[c[k]!] ?? '').trim() : '');
          if (!get('number') && (!get('contact') || /^total\b/i.test(get('contact')))) {
            return { skip: true, reason: 'no invoice number (a heading or total line)' };
          }
          const problems: CellProblem[] = [];
          const out = blankRow();
          out.doc_no = get('number');
          out.customer_id = get('contact');
          out.reference = get('reference');
          const docDate = parseNamedMonthDate(get('invoiceDate'));
          if (!docDate) problems.push({ column: c.invoiceDate!, message: `"${get('invoiceDate')}" is not a date (e.g. 5 Oct 2026 or 2026-10-05)` });
          const dueText = get('dueDate');
          const dueDate = dueText ? parseNamedMonthDate(dueText) : '';
          if (dueDate === null) problems.push({ column: c.dueDate!, message: `"${dueText}" is not a date (e.g. 5 Oct 2026 or 2026-10-05)` });
          const currency = currencyOf(get('currency'), fallback);
          if (!CURRENCY_CODE.test(currency)) {
            problems.push({ column: c.currency ?? 'currency', message: `"${get('currency')}" is not an ISO 4217 currency code` });
            return { ok: false, problems };
          }
          const amount = parseExportAmount(get('amount'), currency);
          if (!amount.ok) problems.push({ column: c.amount!, message: amount.message });
          else if (amount.value === 0) problems.push({ column: c.amount!, message: 'the amount due must not be zero' });
          if (problems.length || !amount.ok) return { ok: false, problems };
          // The open part of an invoice; a negative line (credit note, overpayment) is unapplied credit.
          out.doc_type = amount.value > 0 ? 'INV' : 'CRN';
          out.amount = formatMoney(Math.abs(amount.value), currency);
          out.currency = currency;
          out.doc_date = docDate!;
          out.due_date = amount.value > 0 ? (dueDate ?? '') : '';
          return { ok: true, values: out };
        },
      },
    };
  },
};

export const PRESETS: Record<string, Preset> = {
  [sapFbl5n.name]: sapFbl5n,
  [xeroAgedReceivables.name]: xeroAgedReceivables,
};
export const PRESET_NAMES = Object.keys(PRESETS);

export function findPreset(name: string): Preset | undefined {
  return Object.prototype.hasOwnProperty.call(PRESETS, name) ? PRESETS[name] : undefined;
}
