/**
 * What the benchmarks of one run share: options, the dataset on disk, and one local server. The import
 * benchmark loads the server; the analytics benchmark reuses it, or loads a fresh one (untimed) when run alone.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isDevServerRestart, postCsvFile } from './api';
import { ensureDataset, type Dataset } from './dataset';
import { describeMachine, type Machine } from './machine';
import { codeVersion, startLocalServer, type LocalServer, type ServerRuntime } from './server';

export interface BenchOptions {
  documents: number;
  customers: number;
  /** Timed runs per query, after one warm-up. */
  runs: number;
  /** Keep the server's state directory after the run. */
  keep: boolean;
  /** Show wrangler's output. */
  verbose: boolean;
  /** Analytics over a state directory kept (--keep) by an earlier run of the same dataset, instead of importing. */
  state: string | undefined;
}

const DATASET_MARKER = 'bench-dataset';

export class BenchContext {
  readonly machine: Machine = describeMachine();
  /** The code measured: the server runs from a copy of the tree taken when it starts. */
  readonly code: string = codeVersion();
  private datasetPromise: Promise<Dataset> | null = null;
  private server: LocalServer | null = null;
  /** Set once the whole dataset is in the server's ledger. */
  loaded = false;

  constructor(readonly options: BenchOptions, readonly log: (line: string) => void) {}

  dataset(): Promise<Dataset> {
    this.datasetPromise ??= ensureDataset({ customers: this.options.customers, documents: this.options.documents }, this.log);
    return this.datasetPromise;
  }

  /** A fresh, empty server (stopping any earlier one): `wrangler dev` unless told otherwise (bench/server.ts). */
  async freshServer(runtime: ServerRuntime = 'wrangler'): Promise<LocalServer> {
    await this.stop();
    this.log(`server: starting ${runtime === 'wrangler' ? 'wrangler dev' : 'Miniflare'} over a fresh state directory ...`);
    this.server = await startLocalServer({ keepState: this.options.keep, verbose: this.options.verbose, runtime });
    this.loaded = false;
    this.log(`server: ${this.server.url}, state in ${this.server.stateDir}`);
    return this.server;
  }

  /**
   * The server holding the whole dataset: the one the import benchmark loaded, one over the --state directory,
   * or a new one loaded now (untimed).
   */
  async loadedServer(): Promise<LocalServer> {
    if (this.server && this.loaded) return this.server;
    const dataset = await this.dataset();
    if (this.options.state) {
      const marker = await readFile(path.join(this.options.state, DATASET_MARKER), 'utf8').catch(() => null);
      if (marker?.trim() !== dataset.dir) {
        throw new Error(`--state ${this.options.state} does not hold this dataset (${dataset.dir}); it holds ${marker?.trim() ?? 'nothing the benchmark loaded'}`);
      }
      await this.stop();
      this.log(`server: starting wrangler dev over ${this.options.state} ...`);
      this.server = await startLocalServer({ stateDir: this.options.state, verbose: this.options.verbose });
      this.loaded = true;
      return this.server;
    }
    const server = await this.freshServer();
    this.log(`server: loading ${dataset.ledgerRows.toLocaleString('en-US')} ledger rows through the API (untimed) ...`);
    const post = (endpoint: string, file: string) =>
      postCsvFile(server.url, server.adminToken, endpoint, file).catch((err: unknown) => {
        if (isDevServerRestart(err)) return postCsvFile(server.url, server.adminToken, endpoint, file);
        throw err;
      });
    await post('/api/v1/customers', dataset.customersPath);
    await post('/api/v1/ledger', dataset.ledgerPath);
    await this.markLoaded();
    return server;
  }

  /** Records in the state directory which dataset it holds, so --state can reuse it. */
  async markLoaded(): Promise<void> {
    if (!this.server) return;
    this.loaded = true;
    await writeFile(path.join(this.server.stateDir, DATASET_MARKER), `${(await this.dataset()).dir}\n`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.loaded = false;
    if (server) await server.stop();
  }
}
