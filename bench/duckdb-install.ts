/** Installs the DuckDB peer on first use (not part of `npm ci`: see duckdb-node-api.d.ts). */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

export const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.6-r.1';

export function ensureDuckDB(): void {
  try {
    createRequire(import.meta.url).resolve('@duckdb/node-api');
    return;
  } catch {
    console.log(`  · installing ${DUCKDB_PACKAGE} for the DuckDB comparison (npm install --no-save) ...`);
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', DUCKDB_PACKAGE], { stdio: 'inherit' });
  }
}
