// Builds the add-in, then starts the real server once for all browser tests: the Worker under
// `wrangler dev` on a free port, with a fresh state folder (local D1, migrations applied) and the
// demo data seeded, through scripts/server.mjs. Tests get its URL and tokens through inject().
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const DEMO_SIZE = { customers: 20, months: 3 };

/** The contract of scripts/server.mjs. */
interface ServerModule {
  startServer(options: {
    port: number;
    stateDir: string;
    seed?: 'demo' | 'none';
    adminToken?: string;
    quiet?: boolean;
    demo?: { customers?: number; months?: number; documents?: number; seed?: number; endDate?: string };
  }): Promise<{
    url: string;
    adminToken: string;
    /** Demo users' API tokens by role. */
    demoTokens: Record<string, string>;
    stop(): Promise<void>;
  }>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    adminToken: string;
    /** Demo users' API tokens by role (viewer, analyst, controller, manager, admin). */
    demoTokens: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  execFileSync(process.execPath, ['scripts/build-addin.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  const stateDir = await mkdtemp(path.join(tmpdir(), 'ar-browser-state-'));
  // A path in a variable: the module is plain JavaScript, typed by ServerModule above.
  const serverModule = pathToFileURL(path.join(repoRoot, 'scripts/server.mjs')).href;
  const { startServer } = (await import(serverModule)) as ServerModule;
  // The demo company, small: the pane needs real users and a data date, not a year of volume.
  const server = await startServer({ port: await freePort(), stateDir, seed: 'demo', demo: DEMO_SIZE, quiet: true }).catch(
    async (err: unknown) => {
      await rm(stateDir, { recursive: true, force: true });
      throw err;
    },
  );
  project.provide('serverUrl', server.url.replace(/\/+$/, ''));
  project.provide('adminToken', server.adminToken);
  project.provide('demoTokens', server.demoTokens);
  return async () => {
    await server.stop();
    await rm(stateDir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
