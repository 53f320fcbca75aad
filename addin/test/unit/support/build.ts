// Builds the add-in with the real build script into a fresh temporary folder, so the checks see
// what `npm run build` makes from the current source, without touching dist/addin.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../../..');

export interface BuiltAddin {
  dir: string;
  remove(): void;
}

export function buildAddin(): BuiltAddin {
  const dir = mkdtempSync(path.join(tmpdir(), 'ar-addin-build-'));
  execFileSync(process.execPath, ['scripts/build-addin.mjs', '--outdir', dir], { cwd: repoRoot, stdio: 'pipe' });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
