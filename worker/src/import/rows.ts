/**
 * Reads an import body (CSV or JSON) as batches of records keyed by column name, streaming CSV so a
 * million-row file never sits in memory whole. Papa Parse does the field parsing; we only cut the stream
 * at record boundaries (a newline outside quotes).
 */
import Papa from 'papaparse';
import { AppError, type ErrorDetail } from '../errors';

export interface RawRow {
  /** 1-based record number as a spreadsheet shows it: the CSV header is row 1; JSON items start at 1. */
  row: number;
  values: Record<string, string>;
}

export interface RowSource {
  columns: string[];
  batches: AsyncGenerator<RawRow[]>;
  /** Problems with the file itself (malformed CSV), gathered while reading. */
  problems: ErrorDetail[];
}

export const MAX_ROWS = 2_000_000;
/** Hostile-input caps (issue 10): a header wider than any ERP export we map, a record longer than any real row. */
export const MAX_COLUMNS = 200;
export const MAX_RECORD_CHARS = 1024 * 1024;
function checkWidth(columns: string[]) {
  if (columns.length > MAX_COLUMNS) {
    throw new AppError('validation_failed', `the file has ${columns.length} columns; at most ${MAX_COLUMNS}`, [{ row: 1, column: null, message: `more than ${MAX_COLUMNS} columns` }]);
  }
}

/** The request as the import needs it; `text` may come from a body the router already read. */
export interface ImportBody {
  contentType: string | undefined;
  stream: ReadableStream<Uint8Array> | null;
  text: () => Promise<string>;
}

export async function openRows(body: ImportBody, required: readonly string[], batchSize = 2000): Promise<RowSource> {
  const type = (body.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return jsonRows(await body.text(), required, batchSize);
  if (['text/csv', 'text/plain', 'application/csv', 'application/octet-stream', ''].includes(type)) {
    if (!body.stream) throw new AppError('bad_request', 'the request body is empty');
    return csvRows(body.stream, required, batchSize);
  }
  throw new AppError('unsupported_media_type', `send text/csv or application/json, not ${type}`);
}

function normaliseHeader(cells: string[]): string[] {
  return cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim().toLowerCase());
}

function checkColumns(columns: string[], required: readonly string[]) {
  const missing = required.filter((r) => !columns.includes(r));
  if (missing.length) {
    throw new AppError('validation_failed', `missing column(s): ${missing.join(', ')}`,
      missing.map((column) => ({ row: 1, column, message: `the header has no ${column} column` })));
  }
}

async function csvRows(body: ReadableStream<Uint8Array>, required: readonly string[], batchSize: number): Promise<RowSource> {
  // fatal: a file in another encoding (Latin-1, UTF-16) is refused rather than imported with replacement characters.
  const reader = body.pipeThrough(new TextDecoderStream('utf-8', { fatal: true })).getReader();
  const problems: ErrorDetail[] = [];
  let buffer = '';
  let scanned = 0;
  let inQuotes = false;
  let lastBreak = -1;
  let done = false;

  /** Next run of complete records from the stream, or null at the end. */
  async function nextText(): Promise<string | null> {
    while (!done) {
      const { value, done: end } = await reader.read().catch((err: unknown) => {
        if (err instanceof AppError || !(err instanceof TypeError)) throw err;
        throw new AppError('validation_failed', 'the file is not UTF-8 text: save it as "CSV UTF-8"; nothing was imported', [{ row: 1, column: null, message: 'not UTF-8' }]);
      });
      if (end) {
        done = true;
        break;
      }
      buffer += value;
      for (let i = scanned; i < buffer.length; i++) {
        const ch = buffer.charCodeAt(i);
        if (ch === 34) inQuotes = !inQuotes;
        else if (ch === 10 && !inQuotes) lastBreak = i;
      }
      scanned = buffer.length;
      if (buffer.length - (lastBreak + 1) > MAX_RECORD_CHARS) {
        throw new AppError('payload_too_large', `a record (or an unclosed quote) runs past ${MAX_RECORD_CHARS} characters; nothing was imported`);
      }
      if (lastBreak >= 0 && lastBreak > 256 * 1024) return take(lastBreak + 1);
    }
    if (buffer.length === 0) return null;
    return take(buffer.length);
  }
  function take(end: number): string {
    const text = buffer.slice(0, end);
    buffer = buffer.slice(end);
    scanned = buffer.length;
    lastBreak = -1; // we cut at the last newline outside quotes: any newline left is inside a quoted field
    return text;
  }

  let recordNo = 0;
  let columns: string[] | null = null;
  let pending: string[][] = [];
  let pendingStart = 0;

  async function fill(): Promise<boolean> {
    const text = await nextText();
    if (text === null) return false;
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
    const startRecord = recordNo;
    for (const e of parsed.errors) {
      if (problems.length < 1000) problems.push({ row: startRecord + (e.row ?? 0) + 1, column: null, message: `malformed CSV: ${e.message}` });
    }
    pending = parsed.data;
    pendingStart = startRecord;
    recordNo += parsed.data.length;
    return true;
  }

  // The header.
  while (pending.length === 0 && (await fill()));
  if (pending.length === 0) throw new AppError('validation_failed', 'the file is empty', [{ row: 1, column: null, message: 'no header row' }]);
  columns = normaliseHeader(pending[0]!);
  checkWidth(columns);
  checkColumns(columns, required);
  pending = pending.slice(1);
  pendingStart += 1;

  const cols = columns;
  async function* batches(): AsyncGenerator<RawRow[]> {
    let out: RawRow[] = [];
    for (;;) {
      for (let i = 0; i < pending.length; i++) {
        const cells = pending[i]!;
        const row = pendingStart + i + 1;
        if (row > MAX_ROWS + 1) throw new AppError('payload_too_large', `imports are limited to ${MAX_ROWS} rows; split the file`);
        if (cells.length !== cols.length) {
          if (problems.length < 1000) problems.push({ row, column: null, message: `expected ${cols.length} fields, found ${cells.length}` });
          continue;
        }
        const values: Record<string, string> = {};
        for (let j = 0; j < cols.length; j++) values[cols[j]!] = cells[j]!;
        out.push({ row, values });
        if (out.length >= batchSize) {
          yield out;
          out = [];
        }
      }
      pending = [];
      if (!(await fill())) break;
    }
    if (out.length) yield out;
  }
  return { columns, batches: batches(), problems };
}

function jsonRows(text: string, required: readonly string[], batchSize: number): RowSource {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'the body is not valid JSON');
  }
  const found = Array.isArray(data) ? data : (data as { rows?: unknown })?.rows;
  if (!Array.isArray(found)) throw new AppError('bad_request', 'send a JSON array of rows, or {"rows": [...]}');
  const items: unknown[] = found;
  if (items.length > MAX_ROWS) throw new AppError('payload_too_large', `imports are limited to ${MAX_ROWS} rows; split the file`);
  const problems: ErrorDetail[] = [];
  const columns = [...new Set(items.flatMap((i) => (i && typeof i === 'object' ? Object.keys(i) : [])))].map((c) => c.toLowerCase());
  checkWidth(columns);
  if (items.length) checkColumns(columns, required);
  async function* batches(): AsyncGenerator<RawRow[]> {
    for (let start = 0; start < items.length; start += batchSize) {
      const out: RawRow[] = [];
      items.slice(start, start + batchSize).forEach((item, k) => {
        const row = start + k + 1;
        if (!item || typeof item !== 'object' || Array.isArray(item)) {
          problems.push({ row, column: null, message: 'each row must be an object' });
          return;
        }
        const values: Record<string, string> = {};
        for (const [key, val] of Object.entries(item)) {
          if (val === null || val === undefined) values[key.toLowerCase()] = '';
          else if (typeof val === 'string' || typeof val === 'number') values[key.toLowerCase()] = String(val);
          else problems.push({ row, column: key, message: `${key} must be a string or a number` });
        }
        out.push({ row, values });
      });
      yield out;
    }
  }
  return { columns, batches: batches(), problems };
}
