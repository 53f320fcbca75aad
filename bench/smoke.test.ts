/**
 * Smoke run of every benchmark on tiny data (npm run bench:smoke): each must finish and end its section with one
 * JSON line holding the keys every benchmark reports (issue 11). Times are not checked: this proves the harness
 * still runs against the current code, not how fast it is.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
/** `forecast` is left out until its last line carries the uniform keys. */
const NAMES = ['import', 'analytics', 'reconcile', 'load', 'spreadsheet', 'functions'] as const;
const KEYS = ['bench', 'size', 'oursMs', 'peer', 'peerMs', 'ratio'];

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

describe('benchmarks on tiny data', () => {
  let run: { status: number | null; stdout: string; stderr: string };
  beforeAll(() => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...NAMES, '--documents', '2000', '--customers', '50', '--runs', '5'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      env: {
        ...process.env,
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_SEND_METRICS: 'false',
        LOAD_CLIENTS: '2',
        LOAD_SECONDS: '2',
        FUNCTIONS_CELLS: '200',
        SPREADSHEET_MAX_DOCUMENTS: '2000',
      },
    });
    run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  });

  it('exits 0', () => {
    expect(run.status, run.stderr.slice(-4000)).toBe(0);
  });

  for (const name of NAMES) {
    it(`${name}: the last line is JSON with ${KEYS.join(', ')}`, () => {
      const lines = sections(run.stdout).get(name);
      expect(lines, `no "== ${name} ==" section in the output`).toBeDefined();
      const last = lines!.at(-1)!;
      const json = JSON.parse(last) as Record<string, unknown>;
      expect(json.bench).toBe(name);
      expect(json.error, String(json.error)).toBeUndefined();
      for (const key of KEYS) expect(json, `${name} lacks "${key}": ${last}`).toHaveProperty(key);
      expect(typeof json.oursMs === 'number' && json.oursMs > 0, `${name}: oursMs ${String(json.oursMs)}`).toBe(true);
    });
  }
});
