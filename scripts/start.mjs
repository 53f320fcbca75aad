#!/usr/bin/env node
// `npm start`: build the add-in, start the local server with the demo company loaded, and say how to use it.
//
//   PORT=8787 STATE_DIR=.state SEED=demo|none ADMIN_TOKEN=... npm start [-- --https]
//
// State (D1 database, admin token) lives in STATE_DIR and survives restarts; delete it to start over.
// `npm run start:https` serves https, which Excel needs to load the add-in.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_USERS, startServer } from './server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { https: { type: 'boolean', default: false } } });

function fail(message) {
  console.error(`start: ${message}`);
  process.exit(1);
}

function build() {
  if (!existsSync(path.join(root, 'scripts/build-addin.mjs'))) {
    console.warn('start: warning: scripts/build-addin.mjs is missing; serving the API without a fresh add-in build');
    return;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail('the add-in build failed (see above)');
}

/** Certificates from `npx office-addin-dev-certs install`, which Excel trusts; else wrangler's own self-signed one. */
function devCerts() {
  const dir = path.join(homedir(), '.office-addin-dev-certs');
  const cert = { key: path.join(dir, 'localhost.key'), cert: path.join(dir, 'localhost.crt') };
  return existsSync(cert.key) && existsSync(cert.cert) ? cert : undefined;
}

function banner(server, { port, stateDir, seed, httpsCert }) {
  const origin = args.https ? `https://localhost:${port}` : server.url;
  const lines = [
    '',
    `AR ledger running (state in ${stateDir})`,
    '',
    `  API health     ${server.url}/api/v1/health`,
    `  OpenAPI        ${server.url}/api/v1/openapi.json`,
    `  Task pane      ${origin}/taskpane.html`,
    `  Functions      ${origin}/functions.json`,
    '',
    `  Admin token    ${server.adminToken}`,
  ];
  if (seed === 'demo') {
    lines.push('', '  Demo users (local demo data only; these tokens are public, never use them on a deployed server):');
    for (const u of DEMO_USERS) lines.push(`    ${u.role.padEnd(11)} ${u.name.padEnd(16)} ${u.token}`);
    lines.push(server.seeded ? '  Demo company loaded just now.' : '  Demo data already present (delete the state directory to reload it).');
  }
  lines.push('', '  Excel add-in (manifest.xml points at https://localhost:8787):');
  if (!args.https) lines.push('    Excel loads add-ins over https only: run `npm run start:https` first.');
  else if (!httpsCert) lines.push('    For a certificate Excel trusts: `npx office-addin-dev-certs install`, then restart.');
  if (port !== 8787) lines.push(`    Port ${port}: write a matching manifest with \`npm run manifest -- --url https://localhost:${port}\`.`);
  lines.push(
    '    Sideload into Excel desktop: `npm run sideload`.',
    '    For a deployed Worker: `npm run manifest -- --url https://<your-worker>` and sideload that file.',
    '',
    'Ctrl-C to stop.',
  );
  console.log(lines.join('\n'));
}

async function main() {
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT}"`);
  const seed = process.env.SEED ?? 'demo';
  if (seed !== 'demo' && seed !== 'none') fail(`SEED must be demo or none, got "${seed}"`);
  const stateDir = process.env.STATE_DIR ?? '.state';
  const httpsCert = args.https ? devCerts() : undefined;

  let server;
  let stopping = false;
  // Registered before starting: a Ctrl-C during a long first seed must still end wrangler. Exiting
  // without a server yet is enough, since server.mjs kills its wrangler when this process exits.
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping ...');
    if (server) await server.stop();
    process.exit(server ? 0 : 130);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  build();
  server = await startServer({ port, stateDir, seed, adminToken: process.env.ADMIN_TOKEN, https: args.https, httpsCert })
    .catch((err) => fail(err instanceof Error ? err.message : String(err)));
  banner(server, { port, stateDir, seed, httpsCert });
  const { code, signal } = await server.exited;
  if (!stopping) fail(`wrangler dev stopped unexpectedly (${signal ?? `exit ${code}`})`);
}

await main();
