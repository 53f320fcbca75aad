#!/usr/bin/env node
// Builds the Excel add-in into dist/addin (the Worker's static assets): bundles, pages, icons and
// the custom functions' metadata. Offline and fast; `--outdir <dir>` builds elsewhere (tests do).
//
//   taskpane.ts  -> taskpane.js   the task pane (Fluent UI web components, Connect pane)
//   functions.ts -> functions.js  the custom functions, registered with CustomFunctions.associate
//   functions/*.ts JSDoc -> functions.json (custom-functions-metadata)
//   *.html copied as they are; assets/icon-{16,32,64,80}.png drawn here
import { mkdir, readdir, readFile, rm, copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deflateSync, crc32 } from 'node:zlib';
import * as esbuild from 'esbuild';
import metadata from 'custom-functions-metadata';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'addin/src');
const PAGES = ['taskpane.html', 'functions.html', 'help.html'];
const ICON_SIZES = [16, 32, 64, 80];

const { values: args } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(root, args.outdir ?? 'dist/addin');

async function main() {
  const started = performance.now();
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  await rm(outdir, { recursive: true, force: true });
  await mkdir(path.join(outdir, 'assets'), { recursive: true });

  await Promise.all([
    bundle(pkg.version),
    functionsMetadata(),
    ...PAGES.map((page) => copyFile(path.join(src, page), path.join(outdir, page))),
    // Security headers and the CSP for these files (Workers static assets read _headers; see SECURITY.md).
    copyFile(path.join(src, '_headers'), path.join(outdir, '_headers')),
    ...ICON_SIZES.map((size) => writeFile(path.join(outdir, `assets/icon-${size}.png`), icon(size))),
  ]);
  const ms = Math.round(performance.now() - started);
  console.log(`build-addin: ${path.relative(root, outdir) || '.'} built in ${ms} ms (version ${pkg.version})`);
}

async function bundle(version) {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { taskpane: 'addin/src/taskpane.ts', functions: 'addin/src/functions.ts' },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Excel's web views: WebView2 (Edge) on Windows, WKWebView (Safari) on Mac, the browser on the web.
    target: ['chrome110', 'edge110', 'safari16.4'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    define: { __ADDIN_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  });
}

// JSDoc on each function is the single source of its metadata; every file under addin/src/functions
// is a function group.
async function functionsMetadata() {
  const dir = path.join(src, 'functions');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort().map((f) => path.join(dir, f));
  const result = await metadata.generateCustomFunctionsMetadata(files);
  if (result.errors.length > 0) {
    throw new Error(`custom-functions-metadata found errors:\n  ${result.errors.join('\n  ')}`);
  }
  if (!result.metadataJson) throw new Error(`no @customfunction found in ${path.relative(root, dir)}`);
  await writeFile(path.join(outdir, 'functions.json'), `${result.metadataJson}\n`);
}

// The icon: a green tile (Excel's family) with four white bars falling left to right, the
// ageing buckets of a receivables ledger. Drawn with 4x4 supersampling for clean edges.
function icon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const tile = [16, 124, 65];
  const radius = 0.18;
  const bars = [0.62, 0.46, 0.32, 0.2].map((height, i) => ({ x0: 0.2 + i * 0.16, x1: 0.2 + i * 0.16 + 0.11, y0: 0.8 - height, y1: 0.8 }));
  const inTile = (x, y) => {
    const dx = Math.max(radius - x, 0, x - (1 - radius));
    const dy = Math.max(radius - y, 0, y - (1 - radius));
    return dx * dx + dy * dy <= radius * radius;
  };
  const inBar = (x, y) => bars.some((b) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          if (!inTile(x, y)) continue;
          cover++;
          if (inBar(x, y)) white++;
        }
      }
      const o = (py * size + px) * 4;
      if (cover === 0) continue;
      const w = white / cover;
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(tile[c] * (1 - w) + 255 * w);
      rgba[o + 3] = Math.round((255 * cover) / (n * n));
    }
  }
  return png(size, size, rgba);
}

function png(width, height, rgba) {
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

main().catch((err) => {
  console.error(`build-addin: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
