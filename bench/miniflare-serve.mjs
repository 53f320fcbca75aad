// Serves a bundled Worker with Miniflare alone: workerd listening on the port itself, without `wrangler dev`'s proxy
// in front (bench/miniflare.ts starts this as its own process). Bindings come from wrangler.toml as wrangler reads
// them (D1, vars, the rate limiter), minus the static assets (the load benchmark calls only the API); the D1 state
// is the directory `wrangler d1 migrations apply --persist-to` wrote. Plain ESM: node runs it without a build.
//
//   ADMIN_TOKEN=… node bench/miniflare-serve.mjs <wrangler.toml> <bundle.js> <state dir> <port>
//
// Prints one line, `ready <url>`, once workerd listens; SIGTERM disposes of it.
import { createRequire } from 'node:module';
import path from 'node:path';

const [configPath, bundle, stateDir, port] = process.argv.slice(2);
if (!port) throw new Error('usage: node bench/miniflare-serve.mjs <wrangler.toml> <bundle.js> <state dir> <port>');

const require = createRequire(import.meta.url);
const wranglerDir = path.dirname(require.resolve('wrangler/package.json'));
// wrangler's own Miniflare, so workerd is the same build `wrangler dev` runs.
const { Miniflare } = require(require.resolve('miniflare', { paths: [wranglerDir] }));
const { unstable_getMiniflareWorkerOptions } = require('wrangler');

const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
const { assets: _assets, ...options } = workerOptions;
const mf = new Miniflare({
  ...options,
  modules: true,
  scriptPath: bundle,
  bindings: { ...options.bindings, ADMIN_TOKEN: process.env.ADMIN_TOKEN },
  // Where `wrangler … --persist-to <dir>` keeps D1 (<dir>/v3/d1), so both open the same database file.
  d1Persist: path.join(stateDir, 'v3', 'd1'),
  host: '127.0.0.1',
  port: Number(port),
  // wrangler dev does not have Miniflare log requests either (its proxy does, and the benchmark turns that off).
  logRequests: false,
});
const url = await mf.ready;
console.log(`ready ${url.origin}`);
process.once('SIGTERM', () => void mf.dispose().finally(() => process.exit(0)));
