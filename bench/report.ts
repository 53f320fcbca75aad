/** Plain-text tables and timing statistics for the benchmark output. */

export function table(title: string, rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((a, w) => a + w + 2, -2));
  return [title, rule, ...rows.map(line), rule].join('\n');
}

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds rounded for display and JSON: whole ms above 100, one decimal below. */
export function ms(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
}

export function fmtMs(value: number | null): string {
  if (value === null || Number.isNaN(value)) return 'n/a';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${ms(value).toLocaleString('en-US')} ms`;
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** a ÷ b to 3 significant digits: a ratio far below 1 (batched vs one request per cell) must not round to 0. */
export function ratio(a: number, b: number): number {
  return Number((a / b).toPrecision(3));
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: Awaited<T>; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Runs `fn` once to warm up, then `runs` times; the median and every sample, in ms. */
export async function sample<T>(runs: number, fn: () => Promise<T>): Promise<{ medianMs: number; samples: number[]; last: Awaited<T> }> {
  let last = await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await timed(fn);
    samples.push(t.ms);
    last = t.value;
  }
  return { medianMs: median(samples), samples, last };
}

/** Minor units as a decimal with thousands separators (2 decimals), for the ageing totals tables. */
export function fmtMoney(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}
