// functions.json is generated from JSDoc; these checks hold it to the source: every @customfunction
// in addin/src is in it, ids are unique and upper-case, parameters match, and each id is associated
// with the function that documents it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customFunctions } from '../../src/functions/index';
import { buildAddin, repoRoot, type BuiltAddin } from './support/build';
import { declaredFunctions, typeScriptFiles, type DeclaredFunction } from './support/custom-functions-source';

interface MetadataFunction {
  id: string;
  name: string;
  description?: string;
  parameters: { name: string; optional?: boolean; description?: string }[];
  result?: { type?: string; dimensionality?: string };
}

/**
 * Every function and its parameters ([optional]). Workbooks keep ids in their formulas, so an id, once
 * shipped, stays; parameters may be added at the end, as optional ones.
 */
const SIGNATURES: Record<string, string[]> = {
  VERSION: [],
  AGEING: ['scope', '[bucket]', '[asOf]', '[basis]', '[buckets]'],
  BALANCE: ['scope', '[asOf]'],
  OVERDUE: ['scope', '[asOf]', '[minDays]'],
  DSO: ['scope', '[method]', '[asOf]', '[days]'],
  CEI: ['scope', '[months]', '[asOf]'],
  PAYINDEX: ['customer', '[asOf]'],
  CREDITSCORE: ['customer', '[asOf]'],
  SCOREDETAIL: ['customer', '[asOf]'],
  CREDITLIMIT: ['scope'],
  EXPOSURE: ['scope', '[asOf]'],
  HEADROOM: ['scope', '[asOf]'],
  ECL: ['scope', '[asOf]', '[matrix]'],
  CUSTOMERS: ['[scope]'],
  TARGET: ['scope', 'period', '[metric]'],
  ACTUAL: ['scope', 'period', '[metric]'],
  FORECAST: ['scope', 'week', '[asOf]'],
  ROLLRATE: ['scope', 'fromBucket', 'toBucket', '[month]'],
};
const SPILLS = ['AGEING', 'SCOREDETAIL', 'CUSTOMERS'];

const UPPER_CASE_ID = /^[A-Z][A-Z0-9_.]*$/;

describe('functions.json', () => {
  let built: BuiltAddin;
  let metadata: MetadataFunction[];
  const declared: DeclaredFunction[] = typeScriptFiles(path.join(repoRoot, 'addin/src')).flatMap((f) => declaredFunctions(f));

  beforeAll(() => {
    built = buildAddin();
    metadata = (JSON.parse(readFileSync(path.join(built.dir, 'functions.json'), 'utf8')) as { functions: MetadataFunction[] }).functions;
  }, 60_000);
  afterAll(() => built?.remove());

  it('has every @customfunction declared in addin/src, and nothing else', () => {
    expect(declared.length).toBeGreaterThan(0);
    expect(metadata.map((f) => f.id).sort()).toEqual(declared.map((d) => d.declaredId.toUpperCase()).sort());
  });

  it('keeps custom functions in addin/src/functions/, where the build reads them', () => {
    for (const d of declared) expect(path.dirname(d.file), `${d.functionName} in ${d.file}`).toBe(path.join(repoRoot, 'addin/src/functions'));
  });

  it('uses unique, upper-case ids and names, as written in the JSDoc', () => {
    const ids = metadata.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of metadata) {
      expect(f.id).toMatch(UPPER_CASE_ID);
      expect(f.name).toMatch(UPPER_CASE_ID);
      expect(f.description, `${f.id} has no description`).toBeTruthy();
    }
    for (const d of declared) expect(d.declaredId, `${d.functionName}: write the id in upper case`).toMatch(UPPER_CASE_ID);
  });

  it('gives each function the parameters, names and optionality of its JSDoc and signature', () => {
    for (const d of declared) {
      const f = metadata.find((m) => m.id === d.declaredId.toUpperCase());
      expect(f?.parameters.map((p) => ({ name: p.name, optional: p.optional === true })), d.declaredId).toEqual(d.parameters);
    }
  });

  it('has exactly the documented functions, with their parameters in order', () => {
    const signatures = Object.fromEntries(metadata.map((f) => [f.id, f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name))]));
    expect(signatures).toEqual(SIGNATURES);
  });

  it('gives every function and every parameter help text', () => {
    for (const f of metadata) {
      expect(f.description?.length ?? 0, `${f.id}: description`).toBeGreaterThan(20);
      for (const p of f.parameters) expect(p.description?.length ?? 0, `${f.id}(${p.name}): description`).toBeGreaterThan(10);
    }
  });

  it('declares the spilling functions as matrices and the others as single values', () => {
    for (const f of metadata) expect(f.result?.dimensionality ?? 'scalar', f.id).toBe(SPILLS.includes(f.id) ? 'matrix' : 'scalar');
  });

  it('documents every function in the README', () => {
    const readme = readFileSync(path.join(repoRoot, 'addin/README.md'), 'utf8');
    for (const f of metadata) expect(readme, `README: AR.${f.id}`).toContain(`### AR.${f.id}`);
  });

  it('associates every id with the function that documents it', () => {
    expect(Object.keys(customFunctions).sort()).toEqual(metadata.map((f) => f.id).sort());
    for (const d of declared) expect(customFunctions[d.declaredId.toUpperCase()]?.name, d.declaredId).toBe(d.functionName);
  });
});

describe('reading custom functions from source', () => {
  // A function with the shapes later groups will use, to show that the reader above and the
  // generator agree on parameters: JSDoc [optional], `?`, and Excel's trailing invocation argument.
  const sample = `
    /**
     * Ageing of one customer's open items.
     * @customfunction AGEING
     * @param customer The customer's account.
     * @param [asOf] The date to age at.
     * @param bucketDays Bucket width in days.
     * @param invocation Excel's invocation.
     */
    export function ageing(customer: string, asOf: string, bucketDays?: number, invocation?: CustomFunctions.Invocation): number {
      return 0;
    }
    /** Not a custom function. */
    export function helper(): void {}
  `;
  const dir = mkdtempSync(path.join(tmpdir(), 'ar-cf-sample-'));
  const file = path.join(dir, 'sample.ts');
  writeFileSync(file, sample);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the id and parameters', () => {
    expect(declaredFunctions(file).map(({ declaredId, functionName, parameters }) => ({ declaredId, functionName, parameters }))).toEqual([
      {
        declaredId: 'AGEING',
        functionName: 'ageing',
        parameters: [
          { name: 'customer', optional: false },
          { name: 'asOf', optional: true },
          { name: 'bucketDays', optional: true },
        ],
      },
    ]);
  });

  it('agrees with custom-functions-metadata', async () => {
    const result = await generateCustomFunctionsMetadata(file);
    expect(result.errors).toEqual([]);
    const [generated] = (JSON.parse(result.metadataJson) as { functions: MetadataFunction[] }).functions;
    expect(generated?.parameters.map((p) => ({ name: p.name, optional: p.optional === true }))).toEqual(declaredFunctions(file)[0]?.parameters);
  });
});
