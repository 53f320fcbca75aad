/**
 * The benchmark dataset: the demo generator's CSV files on disk, written once per (options, generator source)
 * and reused, since a million rows take a while to generate and are byte-identical every time.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeDemoCsv } from '../scripts/demo/generator';

export const DATASET_SEED = 42;
export const DATASET_END_DATE = '2026-10-31';
export const DATASET_MONTHS = 24;

export interface DatasetOptions {
  customers: number;
  documents: number;
}

export interface Dataset extends DatasetOptions {
  dir: string;
  customersPath: string;
  ledgerPath: string;
  /** Data rows actually written (the generator lands near, not exactly on, the target). */
  customerRows: number;
  ledgerRows: number;
  ledgerBytes: number;
  /** Null when the files were already there. */
  generatedMs: number | null;
}

const GENERATOR_DIR = path.resolve(import.meta.dirname, '../scripts/demo');

/** Changes whenever the generator does, so a stale cached file is never measured. */
function generatorFingerprint(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(GENERATOR_DIR).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort()) {
    hash.update(name).update(readFileSync(path.join(GENERATOR_DIR, name)));
  }
  return hash.digest('hex').slice(0, 12);
}

export function benchRoot(): string {
  return process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'ar-ledger-bench');
}

export async function ensureDataset(opts: DatasetOptions, log: (line: string) => void): Promise<Dataset> {
  const name = `s${DATASET_SEED}-c${opts.customers}-d${opts.documents}-${generatorFingerprint()}`;
  const dir = path.join(benchRoot(), 'data', name);
  const marker = path.join(dir, 'dataset.json');
  const cached = await readFile(marker, 'utf8').then((t) => JSON.parse(t) as Dataset, () => null);
  if (cached) {
    log(`dataset: reusing ${dir}`);
    return { ...cached, generatedMs: null };
  }
  log(`dataset: generating ${opts.documents.toLocaleString('en-US')} ledger rows for ${opts.customers.toLocaleString('en-US')} customers in ${dir} ...`);
  const started = performance.now();
  const work = `${dir}.partial-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  const written = await writeDemoCsv(work, {
    seed: DATASET_SEED, customers: opts.customers, documents: opts.documents, months: DATASET_MONTHS, endDate: DATASET_END_DATE,
  });
  const generatedMs = performance.now() - started;
  await rm(dir, { recursive: true, force: true });
  await rename(work, dir);
  const { size } = await stat(path.join(dir, 'ledger.csv'));
  const dataset: Dataset = {
    ...opts,
    dir,
    customersPath: path.join(dir, 'customers.csv'),
    ledgerPath: path.join(dir, 'ledger.csv'),
    customerRows: written.customers,
    ledgerRows: written.ledgerRows,
    ledgerBytes: size,
    generatedMs,
  };
  await writeFile(marker, JSON.stringify(dataset, null, 2));
  return dataset;
}
