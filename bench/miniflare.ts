/**
 * The Worker served by Miniflare directly (bench/miniflare-serve.mjs): workerd answers on the port itself. Under
 * `wrangler dev` every request first passes wrangler's proxy, a second workerd instance holding a ProxyWorker Durable
 * Object that forwards it over loopback HTTP to the one running the Worker; that hop is what this leaves out. Same
 * workerd build, same bundle as `wrangler deploy` uploads, same local D1 files, same bindings from wrangler.toml
 * (but the static assets).
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const WRANGLER = path.join(path.dirname(require.resolve('wrangler/package.json')), 'bin/wrangler.js');
/** Offline and non-interactive, as scripts/server.mjs runs wrangler. */
const WRANGLER_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' };
const READY_TIMEOUT_MS = 60_000;

async function wrangler(tree: string, args: string[]): Promise<void> {
  await promisify(execFile)(process.execPath, [WRANGLER, ...args], { cwd: tree, env: { ...process.env, ...WRANGLER_ENV }, maxBuffer: 16 * 2 ** 20 });
}

/**
 * In `tree` (a snapshot of the repository): bundles the Worker as `wrangler deploy --dry-run` does, applies the D1
 * migrations to `stateDir` and serves it on `port`. Resolves once it listens; `stop()` ends workerd with it.
 */
export async function startMiniflare(opts: { tree: string; stateDir: string; port: number; verbose?: boolean }): Promise<{ url: string; adminToken: string; stop(): Promise<void> }> {
  const { tree, stateDir } = opts;
  const adminToken = `ar_${randomBytes(32).toString('base64url')}`;
  const outdir = path.join(tree, '.bench-bundle');
  // wrangler refuses to bundle when the assets directory is missing (the add-in may not be built).
  await mkdir(path.join(tree, 'dist/addin'), { recursive: true });
  await wrangler(tree, ['deploy', '--dry-run', '--outdir', outdir]);
  // Idempotent, so tried once more on failure (see scripts/server.mjs: a rare internal assertion in wrangler 4.86).
  const migrate = ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir];
  await wrangler(tree, migrate).catch(() => wrangler(tree, migrate));

  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'miniflare-serve.mjs'), path.join(tree, 'wrangler.toml'), path.join(outdir, 'index.js'), stateDir, String(opts.port)], {
    cwd: tree,
    // The token through the environment, not argv, so `ps` does not show it.
    env: { ...process.env, ...WRANGLER_ENV, ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: stop() ends it and the workerd it starts together.
    detached: true,
  });
  const output: string[] = [];
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  const onParentExit = () => killGroup('SIGKILL');
  process.on('exit', onParentExit);
  const stop = async () => {
    process.off('exit', onParentExit);
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
    killGroup('SIGKILL');
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`miniflare did not start within ${READY_TIMEOUT_MS / 1000} s:\n${output.join('')}`)), READY_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      const text = String(d);
      if (opts.verbose) process.stdout.write(text.replace(/^(?=.)/gm, '[miniflare] '));
      output.push(text);
      if (output.length > 200) output.splice(0, output.length - 200);
      const ready = /^ready (\S+)$/m.exec(output.join(''));
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      if (opts.verbose) process.stderr.write(String(d).replace(/^(?=.)/gm, '[miniflare] '));
      output.push(String(d));
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`miniflare exited before it was ready:\n${output.join('')}`));
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url, adminToken, stop };
}
