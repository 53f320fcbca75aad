/** The canonical ledger import row: text in, a validated document in functional and document minor units out. */
import { isIsoDate } from '../dates';
import { CURRENCY_CODE, parseMoney, parseRate, toFunctional } from '../money';

export const LEDGER_COLUMNS = [
  'doc_type', 'doc_no', 'customer_id', 'doc_date', 'due_date', 'amount', 'currency', 'fx_rate', 'applies_to', 'reference',
] as const;
export const LEDGER_REQUIRED = ['doc_type', 'doc_no', 'customer_id', 'doc_date', 'amount', 'currency'] as const;

export const DOC_TYPES = ['INV', 'CRN', 'PMT', 'ADJ', 'UNB'] as const;
export type DocType = (typeof DOC_TYPES)[number];
/** D: debit open item; C: credit that settles or sits unapplied; U: unbilled (exposure only). */
export type DocKind = 'D' | 'C' | 'U';

/** Above this, a foreign-currency document's exact allocation arithmetic could overflow 64-bit integers. */
export const MAX_FX_DOCUMENT_MINOR = 3_000_000_000;

export interface LedgerDocument {
  doc_type: DocType;
  doc_no: string;
  applies_to: string;
  customer_id: string;
  kind: DocKind;
  doc_date: string;
  /** '' when the file leaves it blank: the invoice's due date then follows the customer's terms. */
  due_date: string;
  amount: number;
  currency: string;
  fx_rate: string;
  func_amount: number;
  reference: string;
}

export interface CellProblem {
  column: string | null;
  message: string;
}

export type RowResult = { ok: true; doc: LedgerDocument; warnings: string[] } | { ok: false; problems: CellProblem[] };

const MAX_TEXT = 100;

function kindOf(type: DocType, amount: number): DocKind {
  if (type === 'UNB') return 'U';
  if (type === 'INV' || (type === 'ADJ' && amount > 0)) return 'D';
  return 'C';
}

export function parseLedgerRow(v: Record<string, string | undefined>, functionalCurrency: string): RowResult {
  const problems: CellProblem[] = [];
  const warnings: string[] = [];
  const get = (k: string) => (v[k] ?? '').trim();
  const bad = (column: string, message: string) => problems.push({ column, message });

  const type = get('doc_type').toUpperCase();
  if (!(DOC_TYPES as readonly string[]).includes(type)) bad('doc_type', `unknown doc_type "${get('doc_type')}" (use ${DOC_TYPES.join(', ')})`);
  for (const col of ['doc_no', 'customer_id'] as const) {
    if (!get(col)) bad(col, `${col} is required`);
    else if (get(col).length > MAX_TEXT) bad(col, `${col} is longer than ${MAX_TEXT} characters`);
  }
  const docDate = get('doc_date');
  if (!isIsoDate(docDate)) bad('doc_date', `"${docDate}" is not a date (YYYY-MM-DD)`);
  const dueDate = get('due_date');
  if (dueDate && !isIsoDate(dueDate)) bad('due_date', `"${dueDate}" is not a date (YYYY-MM-DD)`);
  else if (dueDate && isIsoDate(docDate) && dueDate < docDate) bad('due_date', `due_date ${dueDate} is before doc_date ${docDate}`);

  const currency = get('currency').toUpperCase();
  if (!CURRENCY_CODE.test(currency)) bad('currency', `"${get('currency')}" is not an ISO 4217 currency code`);
  const rate = parseRate(get('fx_rate'));
  if (!rate.ok) bad('fx_rate', rate.message);
  else if (currency === functionalCurrency && rate.value !== '1') bad('fx_rate', `a ${currency} document is in the functional currency: its fx_rate must be 1 or blank`);
  else if (currency !== functionalCurrency && !get('fx_rate') && CURRENCY_CODE.test(currency)) {
    warnings.push(`${currency} document with a blank fx_rate: a rate of 1 was assumed`);
  }

  const amount = CURRENCY_CODE.test(currency) ? parseMoney(get('amount'), currency, { allowNegative: type === 'ADJ' }) : null;
  // A payment's or credit note's unapplied row may be zero: what an ERP exports once the whole of it is allocated
  // (and what an allocation-proposal file says), so the row that held the unapplied cash is brought to nothing.
  const zeroAllowed = (type === 'PMT' || type === 'CRN') && !get('applies_to');
  if (amount && !amount.ok) bad('amount', amount.message);
  else if (amount?.ok && amount.value === 0 && !zeroAllowed) bad('amount', 'amount must not be zero (only a PMT or CRN row with a blank applies_to, an unapplied remainder, may be 0)');
  else if (amount?.ok && currency !== functionalCurrency && Math.abs(amount.value) > MAX_FX_DOCUMENT_MINOR) {
    bad('amount', `foreign-currency documents above ${MAX_FX_DOCUMENT_MINOR} minor units are not supported`);
  }

  const appliesTo = get('applies_to');
  if (appliesTo.length > MAX_TEXT) bad('applies_to', `applies_to is longer than ${MAX_TEXT} characters`);
  if (appliesTo && (type === 'INV' || type === 'UNB')) bad('applies_to', `an ${type} cannot apply to another document; leave applies_to blank`);
  if (appliesTo && type === 'ADJ' && amount?.ok && amount.value > 0) {
    bad('applies_to', 'a positive adjustment raises the balance and cannot settle an invoice; leave applies_to blank');
  }
  const reference = get('reference');
  if (reference.length > 200) bad('reference', 'reference is longer than 200 characters');

  if (problems.length || !amount?.ok || !rate.ok) return { ok: false, problems };
  const docType = type as DocType;
  return {
    ok: true,
    warnings,
    doc: {
      doc_type: docType,
      doc_no: get('doc_no'),
      applies_to: appliesTo,
      customer_id: get('customer_id'),
      kind: kindOf(docType, amount.value),
      doc_date: docDate,
      due_date: dueDate || (docType === 'INV' ? '' : docDate),
      amount: amount.value,
      currency,
      fx_rate: rate.value,
      func_amount: Math.abs(toFunctional(amount.value, currency, rate.value, functionalCurrency)),
      reference,
    },
  };
}
