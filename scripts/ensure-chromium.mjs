#!/usr/bin/env node
// Makes sure the browser tests have a Chromium at /usr/bin/chromium.
// Playwright's own browser download cannot work on this project's machines (no network
// but the npm and Debian registries), so the browser comes from the distribution.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM_PATH = '/usr/bin/chromium';

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd, args, env = process.env) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`ensure-chromium: "${cmd} ${args.join(' ')}" failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

function isDebianLike() {
  return existsSync('/etc/debian_version') && which('apt-get');
}

if (existsSync(CHROMIUM_PATH)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && isDebianLike()) {
  console.log(`ensure-chromium: ${CHROMIUM_PATH} is missing; installing Debian's chromium package.`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium'], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(`ensure-chromium: apt-get installed chromium but ${CHROMIUM_PATH} is still missing.`);
    process.exit(1);
  }
  process.exit(0);
}

console.error(
  [
    `ensure-chromium: the browser tests need Chromium at ${CHROMIUM_PATH}, and it is missing.`,
    'Install it, then run the tests again:',
    '  Debian/Ubuntu:  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium',
    '  (Playwright\'s own browser download is not used: the tests launch the system Chromium through playwright-core.)',
  ].join('\n'),
);
process.exit(1);
