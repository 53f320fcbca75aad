// Faults: an import interrupted at every chunk boundary (staging statements and every statement of the commit
// batch) leaves the ledger as it was; a write-back batch with a bad row changes exactly what its answer reports.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser, snapshot } from './helpers';

const N = 3_500; // staged 1,000 rows a statement: chunks start at rows 2, 1002, 2002, 3002 (header = row 1)

function ledgerFile(amount: string): string {
  const rows: string[] = [];
  for (let i = 1; i <= N; i++) rows.push(`INV,FI-${i},FA1,2026-06-01,2026-07-01,${amount},USD,,,`);
  rows.push('PMT,FP-1,FA1,2026-06-15,,10.00,USD,,FI-1,', 'PMT,FP-2,FA1,2026-06-15,,5.00,USD,,FI-2,');
  return csv(LEDGER_HEADER, rows);
}

async function leftovers(): Promise<number> {
  return (await env.DB.prepare('SELECT (SELECT COUNT(*) FROM staging_documents) + (SELECT COUNT(*) FROM import_affected) AS n').first<{ n: number }>())!.n;
}

beforeAll(async () => {
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['FA1,Fault One,Retail,EMEA,Ana,USD,900000.00,30', 'FA2,Fault Two,Retail,EMEA,Ana,USD,1000.00,30']) })).status).toBe(200);
  // A ledger to keep: the faulted import below would update every invoice of it and add allocations.
  const base = await call('POST', '/ledger', { body: ledgerFile('100.00') });
  expect(base.status, JSON.stringify(base.json)).toBe(200);
});

describe('an import interrupted at every chunk boundary', () => {
  const faults: [string, string][] = [
    ...[2, 1002, 2002, 3002].map((row): [string, string] => [`staging chunk at row ${row}`, `BEFORE INSERT ON staging_documents WHEN NEW.row_no = ${row}`]),
    ['the import record', "BEFORE UPDATE ON import_batches WHEN NEW.status = 'committed'"],
    ['the audit rows', "BEFORE INSERT ON audit_log WHEN NEW.action = 'ledger.update' AND NEW.entity_id = 'INV FI-3000'"],
    ['the upsert', "BEFORE UPDATE ON documents WHEN NEW.doc_no = 'FI-3400'"],
    ['the allocations', "BEFORE INSERT ON allocations WHEN NEW.amount = 500"],
    ['the settled dates', "BEFORE UPDATE OF settled_on ON documents WHEN NEW.doc_no = 'FI-2'"],
    ['the data version', "BEFORE UPDATE ON settings WHEN NEW.key = 'data_version'"],
  ];
  for (const [where, trigger] of faults) {
    it(`leaves the ledger as before when it fails at ${where}`, async () => {
      await env.DB.prepare(`CREATE TRIGGER fault ${trigger} BEGIN SELECT RAISE(ABORT, 'injected fault'); END`).run();
      try {
        const before = await snapshot();
        const res = await call('POST', '/ledger', { body: ledgerFile('120.00') });
        expect(res.status, JSON.stringify(res.json)).toBe(500);
        expect(res.json.error.message).toMatch(/nothing was changed/);
        expect(await snapshot()).toBe(before);
        expect(await leftovers()).toBe(0);
      } finally {
        await env.DB.prepare('DROP TRIGGER fault').run();
      }
    });
  }

  it('then imports the same file whole when nothing fails', async () => {
    const res = await call('POST', '/ledger', { body: ledgerFile('120.00') });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    // 3,500 invoices changed 100.00 → 120.00; the two payments were in the first file already.
    expect(res.json).toMatchObject({ rows: N + 2, inserted: 0, updated: N, unchanged: 2 });
    const open = await env.DB.prepare("SELECT SUM(open_func) AS s FROM documents WHERE customer_id = 'FA1' AND kind = 'D'").first<{ s: number }>();
    expect(open!.s).toBe(N * 12_000 - 1_000 - 500); // 3,500 × 120.00 − 10.00 − 5.00, in cents
  });
});

describe('a write-back batch with one bad row', () => {
  it('changes exactly the rows it reports as applied, and nothing for the bad one', async () => {
    const controller = await newUser('controller', 50_000);
    const customers = async () => (await env.DB.prepare("SELECT id, credit_limit, version FROM customers WHERE id IN ('FA1', 'FA2') ORDER BY id").all<{ id: string; credit_limit: number; version: number }>()).results;
    const [fa1, fa2] = await customers();
    const res = await call('POST', '/limit-decisions', {
      token: controller,
      body: { decisions: [
        { customerId: 'FA2', version: fa2!.version, newLimit: '900.00', reason: 'lower' },
        { customerId: 'FA1', version: fa1!.version, newLimit: 'twelve', reason: 'bad amount' },
        { customerId: 'NOPE', version: 1, newLimit: '10.00', reason: 'unknown customer' },
      ] },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected', 'rejected']);
    const [after1, after2] = await customers();
    expect(after1).toEqual(fa1); // the bad row: untouched
    expect(after2).toEqual({ id: 'FA2', credit_limit: 90_000, version: fa2!.version + 1 }); // 900.00 in cents
    const decisions = await env.DB.prepare("SELECT customer_id FROM limit_decisions WHERE customer_id IN ('FA1', 'FA2', 'NOPE')").all<{ customer_id: string }>();
    expect(decisions.results.map((d) => d.customer_id)).toEqual(['FA2']);
  });
});
