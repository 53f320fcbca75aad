/**
 * Benchmarks of the local Worker + D1 ledger. They print results; nothing here passes or fails on time.
 *
 *   npm run bench                        # import, then analytics on the same server, 1,000,000 rows
 *   npm run bench -- import              # one benchmark (import, analytics, functions, reconcile, load, forecast, spreadsheet)
 *   npm run bench -- --quick             # 100,000 rows, 2,000 customers
 *   npm run bench -- analytics --documents 250000 --customers 5000 --runs 7
 *
 * Each benchmark prints a table and, as its last line, one JSON object.
 */
import { parseArgs } from 'node:util';
import { runAnalytics } from './analytics';
import { BenchContext, type BenchOptions } from './context';
import { runFunctions } from './functions';
import { runImport } from './import';
import { runReconcile } from './reconcile';
import { runLoad } from './load';
import { runForecast } from './forecast';
import { runSpreadsheet } from './spreadsheet';

const BENCHMARKS = { import: runImport, analytics: runAnalytics, functions: runFunctions, reconcile: runReconcile, load: (ctx: BenchContext) => runLoad(ctx), forecast: runForecast, spreadsheet: runSpreadsheet } as const;
type Name = keyof typeof BENCHMARKS;
/**
 * What `npm run bench` runs when no benchmark is named. `functions` runs only when named: it rebuilds the add-in
 * into dist/ and drives Chromium, not something to start by accident on a shared tree.
 */
const DEFAULT: readonly Name[] = ['import', 'analytics'];

const FULL = { documents: 1_000_000, customers: 20_000 };
const QUICK = { documents: 100_000, customers: 2_000 };

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

function parse(argv: string[]): { names: Name[]; options: BenchOptions } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      documents: { type: 'string' },
      customers: { type: 'string' },
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      state: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run bench -- [import|analytics|functions|reconcile|load|forecast|spreadsheet ...] [--quick] [--documents N] [--customers N] [--runs N] [--keep] [--state DIR] [--verbose]');
    process.exit(0);
  }
  for (const p of positionals) {
    if (!(p in BENCHMARKS)) throw new Error(`unknown benchmark "${p}" (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  }
  const size = values.quick ? QUICK : FULL;
  return {
    names: positionals.length ? (positionals as Name[]) : [...DEFAULT],
    options: {
      documents: positiveInt('documents', values.documents, size.documents),
      customers: positiveInt('customers', values.customers, size.customers),
      runs: Math.max(5, positiveInt('runs', values.runs, 5)),
      keep: values.keep,
      verbose: values.verbose,
      state: values.state,
    },
  };
}

async function main(): Promise<number> {
  const { names, options } = parse(process.argv.slice(2));
  const started = performance.now();
  const ctx = new BenchContext(options, (line) => console.log(`  · ${line}`));
  // Ctrl-C: stop wrangler and workerd rather than leave them holding the port.
  process.once('SIGINT', () => void ctx.stop().finally(() => process.exit(130)));
  let failed = false;
  try {
    for (const name of names) {
      console.log(`\n== ${name} ==`);
      const benchStarted = performance.now();
      try {
        await BENCHMARKS[name](ctx);
      } catch (err) {
        failed = true;
        console.error(`${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        console.log(JSON.stringify({ bench: name, error: err instanceof Error ? err.message : String(err) }));
      }
      console.error(`(${name}: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await ctx.stop();
  }
  console.error(`\n(all done in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  return failed ? 1 : 0;
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  return 1;
});
