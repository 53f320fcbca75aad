/**
 * Smoke run of every benchmark on tiny data (npm run bench:smoke, the last step of npm test): each must finish and
 * end its section with one JSON line holding the keys every benchmark reports (issue 11). Times are not checked:
 * this proves the harness still runs against the current code, not how fast it is.
 *
 * Nothing is downloaded (BENCH_OFFLINE=1): the analytics benchmark's DuckDB peer runs only if it is already
 * installed, else ours runs alone and the line says the peer was skipped; the spreadsheet peer is HyperFormula (a
 * devDependency), not LibreOffice (apt-get).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { duckDBInstalled } from './duckdb-install';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The spreadsheet right after analytics reuses its loaded server; the others start their own. */
const NAMES = ['import', 'analytics', 'spreadsheet', 'reconcile', 'load', 'forecast', 'functions'] as const;
const KEYS = ['bench', 'size', 'oursMs', 'peer', 'peerMs', 'ratio'];
/** No peer by design: null peer figures, and no `skipped` to explain them. */
const NO_PEER = new Set<string>(['load']);
/** `ratio` is not oursMs ÷ peerMs: forecast's is ours ÷ naive WAPE (company × week), the figure that matters there. */
const RATIO_NOT_OF_TIMES = new Set<string>(['forecast']);
const hasSqlite3 = spawnSync('sh', ['-c', 'command -v sqlite3']).status === 0;

/** The lines each benchmark printed, by name, from the `== name ==` headers run.ts prints. */
function sections(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of stdout.split('\n')) {
    const header = /^== (\w+) ==$/.exec(line);
    if (header) out.set(header[1]!, (current = []));
    else if (current && line.trim()) current.push(line);
  }
  return out;
}

const positive = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0;

describe('benchmarks on tiny data', () => {
  const duckBefore = duckDBInstalled();
  let run: { status: number | null; stdout: string; stderr: string };
  let last: Map<string, Record<string, unknown>>;
  beforeAll(() => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...NAMES, '--documents', '2000', '--customers', '50', '--runs', '5'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      env: {
        ...process.env,
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_SEND_METRICS: 'false',
        BENCH_OFFLINE: '1',
        BENCH_SPREADSHEET_PEER: 'hyperformula',
        SPREADSHEET_MAX_DOCUMENTS: '2000',
        RECONCILE_DOCUMENTS: '2000',
        RECONCILE_LINES: '500',
        LOAD_CLIENTS: '2',
        LOAD_SECONDS: '2',
        FORECAST_CUSTOMERS: '20',
        FUNCTIONS_CELLS: '200',
      },
    });
    run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    // Where the time went: run.ts prints each benchmark's time to stderr.
    console.log(r.stderr.split('\n').filter((l) => /^\((\w+: \d+ s|all done in \d+ s)\)$/.test(l)).join(' '));
    last = new Map([...sections(run.stdout)].map(([name, lines]) => {
      try {
        return [name, JSON.parse(lines.at(-1) ?? '') as Record<string, unknown>];
      } catch {
        return [name, { unparsable: lines.at(-1) }];
      }
    }));
  });

  it('exits 0 and installs nothing', () => {
    expect(run.status, run.stderr.slice(-4000)).toBe(0);
    expect(duckDBInstalled(), 'the smoke run must not install DuckDB').toBe(duckBefore);
  });

  for (const name of NAMES) {
    it(`${name}: the last line is JSON with ${KEYS.join(', ')}, numbers where the peer ran`, () => {
      const json = last.get(name);
      expect(json, `no "== ${name} ==" section in the output`).toBeDefined();
      const line = JSON.stringify(json);
      expect(json!.bench, line).toBe(name);
      expect(json!.error, line).toBeUndefined();
      // analytics lists failed measurements in `errors`; load counts refused requests there (a finding, not a failure).
      expect(Array.isArray(json!.errors) ? json!.errors : [], line).toEqual([]);
      for (const key of KEYS) expect(json, `${name} lacks "${key}": ${line}`).toHaveProperty(key);
      expect(positive(json!.size), `size: ${line}`).toBe(true);
      expect(positive(json!.oursMs), `oursMs: ${line}`).toBe(true);
      if (json!.peer === null) {
        expect([json!.peerMs, json!.ratio], line).toEqual([null, null]);
        if (!NO_PEER.has(name)) expect(typeof json!.skipped === 'string' && json!.skipped.length > 0, `why the peer was skipped: ${line}`).toBe(true);
      } else {
        expect(typeof json!.peer === 'string' && json!.peer.length > 0, line).toBe(true);
        expect(positive(json!.peerMs) && positive(json!.ratio), `peerMs and ratio: ${line}`).toBe(true);
        if (!RATIO_NOT_OF_TIMES.has(name)) {
          // ratio = ours ÷ peer from unrounded medians; the rounded figures agree within their rounding.
          const expected = (json!.oursMs as number) / (json!.peerMs as number);
          expect(Math.abs((json!.ratio as number) - expected), `ratio vs oursMs ÷ peerMs: ${line}`).toBeLessThanOrEqual(0.05 * expected + 0.01);
        }
      }
    });
  }

  it('import: sqlite3 is the peer where its CLI is installed, else skipped', () => {
    expect(last.get('import')?.peer).toBe(hasSqlite3 ? 'sqlite3 .import' : null);
  });

  it('analytics: DuckDB is the peer only when already installed, and then agrees to the cent', () => {
    const json = last.get('analytics')!;
    if (duckBefore) {
      expect(json.peer).toBe('DuckDB');
      expect(json.totalsEqual).toBe(true);
    } else {
      expect(json.peer).toBeNull();
      expect(String(json.skipped)).toMatch(/DuckDB.*BENCH_OFFLINE=1/);
    }
  });

  it('spreadsheet: HyperFormula recalculates the SUMIFS grid, equal to ours to the cent', () => {
    const json = last.get('spreadsheet')!;
    expect(String(json.peer)).toMatch(/^HyperFormula \d+\.\d+/);
    expect(json.totalsEqual).toBe(true);
    expect(json.openItemsFrom).toBe(duckBefore ? 'DuckDB' : 'ours');
    expect(json.size).toBe(json.openItems);
  });
});
