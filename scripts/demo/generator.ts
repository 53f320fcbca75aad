/**
 * The deterministic demo dataset: a believable company's customers and two years of receivables, in the
 * canonical import format. Same options → byte-identical CSV. Rows are produced lazily, one customer's
 * history at a time, so a million-row ledger streams in bounded memory.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dayNumber, isIsoDate, startOfMonth, addMonths, type IsoDate } from '../../shared/dates';
import { CUSTOMER_COLUMNS, LEDGER_COLUMNS, csvChunks } from './csv';
import { ROWS_PER_INVOICE, customerName, customerProfile, customerRow, type CustomerRow, type VolumeHint } from './customers';
import { rateTable } from './fx';
import { DocNumbers, customerLedger, type Calendar, type LedgerRow } from './history';

export type { CustomerRow } from './customers';
export type { LedgerRow, DocType } from './history';
export { CUSTOMER_COLUMNS, LEDGER_COLUMNS } from './csv';

export interface DemoOptions {
  seed?: number;
  customers?: number;
  months?: number;
  /** Last day of the history: the "today" of the demo. */
  endDate?: IsoDate;
  /** Target number of ledger rows; when set, invoicing volume is steered to land close to it. */
  documents?: number;
}

export type ResolvedDemoOptions = Required<Omit<DemoOptions, 'documents'>> & { documents: number | undefined };

export const DEMO_DEFAULTS = { seed: 42, customers: 300, months: 24, endDate: '2026-10-31' } as const;

export interface DemoDataset {
  options: ResolvedDemoOptions;
  customers(): Generator<CustomerRow>;
  ledger(): Generator<LedgerRow>;
  customersCsv(): Generator<string>;
  ledgerCsv(): Generator<string>;
}

export function generateDemo(opts: DemoOptions = {}): DemoDataset {
  const options = resolve(opts);
  const { seed, customers: count, months, endDate, documents } = options;
  const volume: VolumeHint = { months, rowsPerCustomer: documents === undefined ? undefined : documents / count };
  const calendar: Calendar = { startMonth: addMonths(startOfMonth(endDate), -(months - 1)), months, endDay: dayNumber(endDate) };

  function* customers(): Generator<CustomerRow> {
    const taken = new Set<string>();
    for (let i = 0; i < count; i++) {
      const profile = customerProfile(seed, i, volume);
      const base = customerName(seed, profile);
      let name = base;
      for (let branch = 2; taken.has(name); branch++) name = `${base} (${branch})`;
      taken.add(name);
      yield customerRow(profile, name);
    }
  }

  function* ledger(): Generator<LedgerRow> {
    const rates = rateTable(seed, months);
    const numbers = new DocNumbers();
    let emitted = 0;
    for (let i = 0; i < count; i++) {
      const profile = customerProfile(seed, i, volume);
      let perMonth = profile.invoicesPerMonth;
      if (documents !== undefined) {
        // Steer by what is left to emit, so the total lands near the target whatever the behaviour mix did.
        const rowsLeftPerCustomer = Math.max(0, documents - emitted) / (count - i);
        perMonth = (rowsLeftPerCustomer * profile.sizeFactor) / ((months - profile.firstMonth) * ROWS_PER_INVOICE);
      }
      const rows = customerLedger(seed, profile, calendar, rates, numbers, perMonth);
      emitted += rows.length;
      yield* rows;
    }
  }

  return {
    options,
    customers,
    ledger,
    customersCsv: () => csvChunks(CUSTOMER_COLUMNS, customers()),
    ledgerCsv: () => csvChunks(LEDGER_COLUMNS, ledger()),
  };
}

/** The two files as async iterables of text chunks, e.g. for a streamed HTTP upload. */
export function demoCsvStreams(opts: DemoOptions = {}): { customers: AsyncIterable<string>; ledger: AsyncIterable<string> } {
  const demo = generateDemo(opts);
  return { customers: toAsync(demo.customersCsv), ledger: toAsync(demo.ledgerCsv) };
}

export interface WrittenDemo { customersPath: string; ledgerPath: string; customers: number; ledgerRows: number }

export async function writeDemoCsv(dir: string, opts: DemoOptions = {}): Promise<WrittenDemo> {
  const demo = generateDemo(opts);
  await mkdir(dir, { recursive: true });
  const customersPath = path.join(dir, 'customers.csv');
  const ledgerPath = path.join(dir, 'ledger.csv');
  const customers = counted(demo.customersCsv());
  const ledger = counted(demo.ledgerCsv());
  await pipeline(Readable.from(customers.chunks), createWriteStream(customersPath));
  await pipeline(Readable.from(ledger.chunks), createWriteStream(ledgerPath));
  return { customersPath, ledgerPath, customers: customers.rows(), ledgerRows: ledger.rows() };
}

/** Counts data rows (lines after the header) as chunks pass by; no field ever holds a line break. */
export function counted(chunks: Iterable<string>): { chunks: Iterable<string>; rows: () => number } {
  let lines = 0;
  function* pass() {
    for (const chunk of chunks) {
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
      yield chunk;
    }
  }
  return { chunks: pass(), rows: () => Math.max(0, lines - 1) };
}

function toAsync(chunks: () => Generator<string>): AsyncIterable<string> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* chunks();
    },
  };
}

function resolve(opts: DemoOptions): ResolvedDemoOptions {
  const options = { ...DEMO_DEFAULTS, ...stripUndefined(opts), documents: opts.documents };
  const { seed, customers, months, endDate, documents } = options;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(customers) || customers < 1) throw new RangeError(`customers must be a positive integer, got ${customers}`);
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be a positive integer, got ${months}`);
  if (!isIsoDate(endDate)) throw new RangeError(`endDate must be YYYY-MM-DD, got ${endDate}`);
  if (documents !== undefined && (!Number.isInteger(documents) || documents < 0)) {
    throw new RangeError(`documents must be a non-negative integer, got ${documents}`);
  }
  return options;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
