/** The canonical import format's columns, and CSV text produced in chunks rather than one huge string. */
import type { CustomerRow } from './customers';
import type { LedgerRow } from './history';

export const CUSTOMER_COLUMNS = [
  'customer_id', 'name', 'vertical', 'region', 'collector', 'currency', 'credit_limit', 'payment_terms_days',
] as const satisfies readonly (keyof CustomerRow)[];

export const LEDGER_COLUMNS = [
  'doc_type', 'doc_no', 'customer_id', 'doc_date', 'due_date', 'amount', 'currency', 'fx_rate', 'applies_to', 'reference',
] as const satisfies readonly (keyof LedgerRow)[];

/** Big enough to keep per-chunk overhead negligible, small enough that a million rows never sit in memory. */
const CHUNK_CHARS = 64 * 1024;

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function* csvChunks<Row extends object>(
  columns: readonly (keyof Row & string)[], rows: Iterable<Row>,
): Generator<string> {
  let chunk = `${columns.join(',')}\n`;
  for (const row of rows) {
    chunk += `${columns.map((c) => field(String(row[c]))).join(',')}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
