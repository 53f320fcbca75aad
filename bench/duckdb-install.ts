/**
 * Installs the DuckDB peer on first use (not part of `npm ci`: see duckdb-node-api.d.ts), unless installing is
 * forbidden (BENCH_OFFLINE=1: the smoke run in `npm test` downloads nothing); then the caller skips its peer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.6-r.1';

/** Whether a benchmark may install a peer it lacks (DuckDB from npm, LibreOffice from Debian). */
export function installsAllowed(): boolean {
  return process.env.BENCH_OFFLINE !== '1';
}

/**
 * Whether @duckdb/node-api is in a node_modules above this file, as Node would find it. A file check, not
 * require.resolve: under tsx a process that once failed to resolve it kept failing after installing it.
 */
export function duckDBInstalled(): boolean {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', '@duckdb', 'node-api', 'package.json'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** DuckDB, installed when missing and allowed: null when it is there, else why not (the DuckDB peer is then skipped). */
export function ensureDuckDB(log: (line: string) => void): string | null {
  if (duckDBInstalled()) return null;
  if (!installsAllowed()) return `${DUCKDB_PACKAGE} is not installed and BENCH_OFFLINE=1 forbids installing it`;
  log(`installing ${DUCKDB_PACKAGE} for the DuckDB comparison (npm install --no-save) ...`);
  try {
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', DUCKDB_PACKAGE], { stdio: 'inherit' });
  } catch (err) {
    return `installing ${DUCKDB_PACKAGE} failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
  return duckDBInstalled() ? null : `${DUCKDB_PACKAGE} still not found after installing it`;
}
