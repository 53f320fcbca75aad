// A local AR ledger server: migrated D1 state on disk, `wrangler dev` serving the API and the add-in,
// and (optionally) the demo company loaded through the real import API. Plain ESM so `npm start`,
// vitest's globalSetup and benchmarks can all import it.
//
//   const server = await startServer({ port: 8787, stateDir: '.state', seed: 'demo' });
//   ... server.url, server.adminToken, server.demoTokens.manager ...
//   await server.stop();
//
// Demo users get fixed, guessable tokens (ar_demo_viewer, ar_demo_analyst, ...). They exist only in
// local demo state and only when seeding; never load them into a deployed database.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const WRANGLER = path.join(path.dirname(require.resolve('wrangler/package.json')), 'bin/wrangler.js');
const TSX = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/cli.mjs');
const HEALTH_TIMEOUT_MS = 60_000;

/** Offline and non-interactive: no Request.cf fetch, no telemetry, never a prompt. */
const WRANGLER_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' };

/** One demo user per role; authority is the approval limit in USD cents. */
export const DEMO_USERS = [
  { role: 'viewer', name: 'Vera Viewer', authority: 0 },
  { role: 'analyst', name: 'Ana Analyst', authority: 0 },
  { role: 'controller', name: 'Carl Controller', authority: 5_000_000 },
  { role: 'manager', name: 'Maya Manager', authority: 50_000_000 },
  { role: 'admin', name: 'Adam Admin', authority: 500_000_000 },
].map((u) => ({ ...u, id: `demo-${u.role}`, token: `ar_demo_${u.role}` }));

/**
 * @param {{ port?: number, stateDir?: string, seed?: 'demo' | 'none', adminToken?: string, quiet?: boolean,
 *           https?: boolean, httpsCert?: { key: string, cert: string },
 *           demo?: { customers?: number, documents?: number, seed?: number, months?: number, endDate?: string } }} [options]
 * @returns {Promise<{ url: string, adminToken: string, demoTokens: Record<string, string>, seeded: boolean,
 *                     stop: () => Promise<void>, exited: Promise<{ code: number | null, signal: string | null }> }>}
 */
export async function startServer(options = {}) {
  const { port = 8787, seed = 'demo', quiet = false, demo = {} } = options;
  const stateDir = path.resolve(root, options.stateDir ?? '.state');
  const protocol = options.https ? 'https' : 'http';
  const url = `${protocol}://127.0.0.1:${port}`;
  const log = quiet ? () => {} : (line) => console.log(line);
  if (seed !== 'demo' && seed !== 'none') throw new Error(`seed must be 'demo' or 'none', got ${JSON.stringify(seed)}`);

  await mkdir(stateDir, { recursive: true });
  const adminToken = options.adminToken ?? process.env.ADMIN_TOKEN ?? (await storedAdminToken(stateDir));
  await ensureAssetsDir(log);

  log(`applying D1 migrations to ${path.relative(root, stateDir) || '.'} ...`);
  // Idempotent (applied migrations are skipped), so a failure is tried once more: wrangler 4.86 very rarely (once in
  // about 35 starts on a busy machine) stops here on an internal assertion ("false == true") before doing anything.
  const migrate = ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir];
  await wrangler(migrate).catch((err) => {
    log(`migrations failed, trying once more: ${String(err.message).split('\n').slice(0, 2).join(' ')}`);
    return wrangler(migrate);
  });

  let demoTokens = {};
  let needsDemoData = false;
  if (seed === 'demo') {
    // Before `wrangler dev` opens the same SQLite file, so the two never contend for it.
    needsDemoData = (await addDemoUsersAndCountDocuments(stateDir)) === 0;
    demoTokens = Object.fromEntries(DEMO_USERS.map((u) => [u.role, u.token]));
  }

  const dev = await startWrangler({ port, stateDir, adminToken, https: options.https, httpsCert: options.httpsCert, quiet });
  const server = { url, adminToken, demoTokens, seeded: false, stop: dev.stop, exited: dev.exit };
  try {
    await waitForHealth(url, dev);
    log(`server up at ${url}`);
    if (needsDemoData) {
      log('loading the demo company through the import API ...');
      await runSeed({ url, adminToken, demo, https: options.https, quiet });
      server.seeded = true;
    }
  } catch (err) {
    await dev.stop();
    throw err;
  }
  return server;
}

/** Stable across restarts, so a sideloaded add-in's saved token keeps working. */
async function storedAdminToken(stateDir) {
  const file = path.join(stateDir, 'admin-token');
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (existing) return existing;
  const token = `ar_${randomBytes(32).toString('base64url')}`;
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** wrangler refuses to start when the assets directory is missing; the add-in may simply not be built yet. */
async function ensureAssetsDir(log) {
  const dir = path.join(root, 'dist/addin');
  if (await stat(dir).then(() => true, () => false)) return;
  log('warning: dist/addin does not exist (run `npm run build`); serving the API without the add-in');
  await mkdir(dir, { recursive: true });
}

function sqlText(value) {
  return typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
}

/** One wrangler call (each costs seconds): idempotent demo users, then how many documents the ledger holds. */
async function addDemoUsersAndCountDocuments(stateDir) {
  const now = new Date().toISOString();
  const users = DEMO_USERS.map((u) => `(${[u.id, u.name, u.role, u.authority, now].map(sqlText).join(', ')})`);
  const tokens = DEMO_USERS.map((u) => {
    const hash = createHash('sha256').update(u.token).digest('hex');
    return `(${[`${u.id}-token`, u.id, u.token.slice(0, 12), hash, now].map(sqlText).join(', ')})`;
  });
  const sql = `INSERT OR IGNORE INTO users (id, name, role, authority, created_at) VALUES ${users.join(', ')}; ` +
    `INSERT OR IGNORE INTO api_tokens (id, user_id, prefix, hash, created_at) VALUES ${tokens.join(', ')}; ` +
    'SELECT count(*) AS n FROM documents;';
  const out = await wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--json', '--command', sql]);
  const results = JSON.parse(out.slice(out.indexOf('[')));
  return Number(results.at(-1)?.results?.[0]?.n ?? 0);
}

/** Runs a short wrangler command to completion; rejects with its output on failure. */
function wrangler(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      cwd: root,
      env: { ...process.env, ...WRANGLER_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`wrangler ${args.slice(0, 3).join(' ')} failed (exit ${code}):\n${stdout}${stderr}`));
    });
  });
}

async function startWrangler({ port, stateDir, adminToken, https: useHttps, httpsCert, quiet }) {
  // The token goes in through an env file in the state directory, not argv, so `ps` does not show it.
  const varsFile = path.join(stateDir, 'dev.vars');
  await writeFile(varsFile, `ADMIN_TOKEN=${adminToken}\n`, { mode: 0o600 });
  const args = [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', stateDir,
    '--env-file', varsFile, '--show-interactive-dev-session=false'];
  if (useHttps) args.push('--local-protocol', 'https');
  if (useHttps && httpsCert) args.push('--https-key-path', httpsCert.key, '--https-cert-path', httpsCert.cert);
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...WRANGLER_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() can end wrangler and the workerd it starts together.
    detached: true,
  });
  const output = [];
  const keep = (d) => {
    output.push(...String(d).split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
    if (!quiet) process.stdout.write(String(d).replace(/^(?=.)/gm, '[wrangler] '));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));
  const killGroup = (signal) => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  // If the caller dies without stop(), do not leave an orphaned server holding the port.
  const onParentExit = () => killGroup('SIGKILL');
  process.on('exit', onParentExit);

  return {
    output: () => output.join('\n'),
    exited: () => exited,
    exit,
    async stop() {
      process.off('exit', onParentExit);
      if (exited) return;
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
      // workerd may outlive wrangler by a moment; make sure the group is gone.
      killGroup('SIGKILL');
    },
  };
}

async function waitForHealth(url, dev) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (dev.exited()) {
      const { code, signal } = await dev.exit;
      throw new Error(`wrangler dev exited (${signal ?? `code ${code}`}) before ${url} was healthy:\n${dev.output()}`);
    }
    if ((await probe(`${url}/api/v1/health`)) === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}/api/v1/health did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s; wrangler said:\n${dev.output()}`);
}

/** Status code of a GET, or null; accepts wrangler's self-signed certificate in https mode. */
function probe(target) {
  const client = target.startsWith('https:') ? https : http;
  return new Promise((resolve) => {
    const req = client.get(target, { rejectUnauthorized: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** The seed runs as its own process (it is TypeScript, and a million-row upload should not share our heap). */
function runSeed({ url, adminToken, demo, https: useHttps, quiet }) {
  const args = [TSX, 'scripts/seed.ts', '--url', url];
  const flags = { customers: demo.customers, documents: demo.documents, seed: demo.seed, months: demo.months, 'end-date': demo.endDate };
  for (const [flag, value] of Object.entries(flags)) if (value !== undefined) args.push(`--${flag}`, String(value));
  const env = { ...process.env, ADMIN_TOKEN: adminToken };
  // Only ever our own local wrangler, whose https certificate is self-signed.
  if (useHttps) env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d) => {
      output += d;
      if (!quiet) process.stdout.write(String(d).replace(/^(?=.)/gm, '[seed] '));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`seeding the demo data failed (exit ${code}):\n${output}`))));
  });
}
