/** A fresh local server for a benchmark: `scripts/server.mjs` on a free port over a temporary state directory. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchRoot } from './dataset';
import { startMiniflare } from './miniflare';

export interface LocalServer {
  url: string;
  adminToken: string;
  stateDir: string;
  stop(): Promise<void>;
}

interface ServerModule {
  startServer(options: { port: number; stateDir: string; seed: 'none'; adminToken?: string; quiet?: boolean }): Promise<{
    url: string;
    adminToken: string;
    stop(): Promise<void>;
  }>;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const NOT_COPIED = new Set(['node_modules', '.git', '.wrangler', '.state', '.bench', '.ci', 'bench']);

/**
 * `wrangler dev` reloads the Worker whenever a source file changes, failing any request in flight ("Your worker
 * restarted mid-request"). Other people edit this tree while a benchmark runs for minutes, so the server runs from
 * a copy taken at the start: the code measured is the working tree as it was then, unchanged throughout.
 */
async function snapshotTree(): Promise<string> {
  const dir = await mkdtemp(path.join(benchRoot(), 'tree-'));
  await cp(ROOT, dir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(ROOT, src);
      return rel === '' || !NOT_COPIED.has(rel.split(path.sep)[0]!);
    },
  });
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** Which code a result belongs to: the commit, and how many files under worker/, shared/, scripts/ differ from it. */
export function codeVersion(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'worker', 'shared', 'scripts', 'wrangler.toml'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n').filter(Boolean).length;
    return dirty ? `${head} + ${dirty} uncommitted file(s) in worker/ shared/ scripts/` : head;
  } catch {
    return 'unknown (not a git checkout?)';
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerOptions {
  /** An existing state directory to serve (never deleted); default: a new, empty one. */
  stateDir?: string;
  /** Keep a new state directory after stop(). */
  keepState?: boolean;
  verbose?: boolean;
  /**
   * What serves the Worker: `wrangler dev` (scripts/server.mjs, as `npm start` runs it: the add-in too), or Miniflare
   * alone (bench/miniflare.ts: the API without wrangler's proxy in front).
   */
  runtime?: ServerRuntime;
}

export type ServerRuntime = 'wrangler' | 'miniflare';

export async function startLocalServer(opts: ServerOptions = {}): Promise<LocalServer> {
  await mkdir(benchRoot(), { recursive: true });
  const tree = await snapshotTree();
  // Plain ESM without type declarations: loaded by URL and typed here with the part we use.
  const { startServer } = (await import(pathToFileURL(path.join(tree, 'scripts/server.mjs')).href)) as ServerModule;
  const stateDir = opts.stateDir ? path.resolve(opts.stateDir) : await mkdtemp(path.join(benchRoot(), 'state-'));
  const removeState = !opts.stateDir && !opts.keepState;
  const port = await freePort();
  const cleanUp = async () => {
    if (removeState) await rm(stateDir, { recursive: true, force: true });
    await rm(tree, { recursive: true, force: true });
  };
  const start = opts.runtime === 'miniflare'
    ? startMiniflare({ tree, stateDir, port, verbose: opts.verbose })
    : startServer({ port, stateDir, seed: 'none', quiet: !opts.verbose });
  const server = await start.catch(async (err: unknown) => {
    await cleanUp();
    throw err;
  });
  return {
    url: server.url,
    adminToken: server.adminToken,
    stateDir,
    async stop() {
      await server.stop();
      await cleanUp();
    },
  };
}

/**
 * /proc/<pid>/stat of this process's descendants (wrangler, workerd): the fields after the parenthesised command
 * name, so [0] is the state (field 3 overall). Linux only, else null.
 */
function descendantStats(): string[][] | null {
  try {
    const parentOf = new Map<number, number>();
    const fieldsOf = new Map<number, string[]>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parentOf.set(Number(entry), Number(fields[1]));
        fieldsOf.set(Number(entry), fields);
      } catch {
        // The process ended while we looked.
      }
    }
    const isDescendant = (pid: number) => {
      for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) if (p === process.pid) return true;
      return false;
    };
    return [...fieldsOf].filter(([pid]) => isDescendant(pid)).map(([, fields]) => fields);
  } catch {
    return null;
  }
}

/** Resident memory of this process's descendants, in MiB: Linux only, else null. */
export function descendantsRssMiB(): number | null {
  const stats = descendantStats();
  // rss is field 24 overall.
  return stats && Math.round((stats.reduce((sum, f) => sum + Number(f[21]), 0) * 4096) / 2 ** 20);
}

/** CPU time (user + system) the live descendants have used so far, in seconds: Linux only, else null. */
export function descendantsCpuSeconds(): number | null {
  const stats = descendantStats();
  // utime and stime are fields 14 and 15 overall, in clock ticks (USER_HZ, 100 on Linux).
  return stats && stats.reduce((sum, f) => sum + Number(f[11]) + Number(f[12]), 0) / 100;
}

/** Samples `descendantsRssMiB` until stopped; the peak seen. */
export function watchPeakRss(intervalMs = 500): { stop(): number | null } {
  let peak: number | null = descendantsRssMiB();
  const timer = setInterval(() => {
    const now = descendantsRssMiB();
    if (now !== null) peak = Math.max(peak ?? 0, now);
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
