import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser } from './helpers';

// The answer cache (worker/src/cache.ts) serves a read again only while cache_version has not moved; triggers move
// it in the same transaction as every write. These tests prove the wiring: repeated reads are hits, every kind of
// write makes the next read a miss showing the change, and one user's view is never served to another.

const TRIGGERLESS = new Set([
  'documents', 'allocations', // written only with settings in the same batch (ledger import, returned cheque)
  'staging_customers', 'staging_documents', 'import_affected', // an import's scratch tables
  'audit_log', 'audit_chain', 'idempotency_keys', 'batch_assertions', 'cache_version', 'd1_migrations',
]);

const version = async () => (await env.DB.prepare('SELECT n FROM cache_version').first<{ n: number }>())!.n;
// As of the data date (the latest document date): BALANCE is the customer's open total then.
const cells = (customer: string) => ({ calls: [{ fn: 'BALANCE', args: [customer] }, { fn: 'CREDITLIMIT', args: [customer] }] });
const batch = (customer: string, token?: string) => call('POST', '/functions/batch', { token, body: cells(customer) });
const values = (res: { json: any }) => res.json.results.map((r: any) => r.value ?? r.error.code);

let analyst: string;

beforeAll(async () => {
  analyst = await newUser('analyst');
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['K1,Cache One,Retail,North,Dana,USD,10000,30', 'K2,Cache Two,Retail,South,Eve,USD,5000,30']) })).status).toBe(200);
  expect((await call('POST', '/ledger', { body: csv(LEDGER_HEADER, ['INV,K1-1,K1,2026-08-01,2026-08-31,1000.00,USD,,,', 'INV,K2-1,K2,2026-08-01,2026-08-31,400.00,USD,,,']) })).status).toBe(200);
});

describe('answer cache', () => {
  it('every table a cached answer may read moves cache_version on insert, update and delete', async () => {
    const { results: tables } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>();
    const { results: triggers } = await env.DB.prepare("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%UPDATE cache_version SET n = n + 1%'").all<{ tbl_name: string; sql: string }>();
    const missing = tables.filter((t) => !TRIGGERLESS.has(t.name)).flatMap((t) =>
      ['INSERT', 'UPDATE', 'DELETE'].filter((op) => !triggers.some((g) => g.tbl_name === t.name && g.sql.includes(`AFTER ${op} ON ${t.name} `))).map((op) => `${t.name} ${op}`),
    );
    expect(missing).toEqual([]);
    expect(tables.length).toBeGreaterThan(30);
  });

  it('the same read twice: a miss, then a hit with the same answer; a different body is its own entry', async () => {
    const first = await batch('K1');
    expect(first.headers.get('X-Cache')).toBe('miss');
    expect(values(first)).toEqual([1000, 10000]);
    const again = await batch('K1');
    expect(again.headers.get('X-Cache')).toBe('hit');
    expect(again.json).toEqual(first.json);
    const other = await batch('K2');
    expect(other.headers.get('X-Cache')).toBe('miss');
    expect(values(other)).toEqual([400, 5000]);
    const report = await call('GET', '/ageing?groupBy=vertical');
    expect((await call('GET', '/ageing?groupBy=vertical')).headers.get('X-Cache')).toBe('hit');
    expect(report.headers.get('X-Cache')).toBe('miss');
  });

  it('each kind of write makes the next read a miss that shows it', async () => {
    const cases: { what: string; write: () => Promise<{ status: number }>; expected: unknown[] }[] = [
      // documents: the ledger import (settings moves in its commit batch)
      { what: 'ledger import', write: () => call('POST', '/ledger', { body: csv(LEDGER_HEADER, ['INV,K1-2,K1,2026-08-10,2026-09-09,250.00,USD,,,']) }), expected: [1250, 10000] },
      // customers: an import changing the limit
      { what: 'customer import', write: () => call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['K1,Cache One,Retail,North,Dana,USD,12000,30']) }), expected: [1250, 12000] },
      // customers: a credit decision
      {
        what: 'limit decision',
        write: async () => {
          const v = (await call('GET', '/customers/K1')).json.version;
          return call('POST', '/limit-decisions', { body: { decisions: [{ customerId: 'K1', version: v, newLimit: '15000.00', reason: 'cache test' }] } });
        },
        expected: [1250, 15000],
      },
    ];
    for (const c of cases) {
      expect((await batch('K1')).headers.get('X-Cache'), c.what).toBe('hit');
      const before = await version();
      const res = await c.write();
      expect(res.status, c.what).toBe(200);
      expect(await version(), c.what).toBeGreaterThan(before);
      const after = await batch('K1');
      expect(after.headers.get('X-Cache'), c.what).toBe('miss');
      expect(values(after), c.what).toEqual(c.expected);
      expect((await batch('K1')).headers.get('X-Cache'), c.what).toBe('hit');
    }
  });

  it('writes that no cached figure shows still move the version (the cache never has to know what a route touches)', async () => {
    const writes: [string, string, object][] = [
      ['POST', '/disputes', { customerId: 'K2', invoices: ['K2-1'], amount: '100.00', reason: 'pricing' }],
      ['POST', '/activities', { customerId: 'K2', kind: 'call', outcome: 'reached', note: 'called' }],
      ['PUT', '/customers/K2/hold', { hold: 'new_orders', reason: 'cache test', version: 1 }],
      ['POST', '/confirmations', { quarter: '2026-Q3', customerId: 'K2', state: 'sent', confirmationVersion: 0 }],
    ];
    for (const [method, path, body] of writes) {
      const before = await version();
      const res = await call(method, path, { token: analyst, body });
      expect(res.status, `${path} ${JSON.stringify(res.json)}`).toBeLessThan(300);
      expect(await version(), path).toBeGreaterThan(before);
    }
    // A refused write changes nothing, the version included.
    const before = await version();
    expect((await call('PUT', '/customers/K2/hold', { token: analyst, body: { hold: 'all', reason: 'stale', version: 1 } })).status).toBe(409);
    expect(await version()).toBe(before);
  });

  it("a collector's portfolio is never served to another collector or to a manager", async () => {
    const collector = async (name: string) => (await call('POST', '/users', { body: { name, role: 'analyst', collector: name } })).json.token as string;
    const dana = await collector('Dana');
    const eve = await collector('Eve');
    expect((await call('PUT', '/settings/portfolio', { body: { mode: 'own' } })).status).toBe(200);
    const all = await call('GET', '/ageing?groupBy=customer');
    const asDana = await call('GET', '/ageing?groupBy=customer', { token: dana });
    const asEve = await call('GET', '/ageing?groupBy=customer', { token: eve });
    expect(asDana.headers.get('X-Cache')).toBe('miss');
    expect(asEve.headers.get('X-Cache')).toBe('miss');
    expect(asDana.json.rows.map((r: any) => r.key)).toEqual(['K1']);
    expect(asEve.json.rows.map((r: any) => r.key)).toEqual(['K2']);
    expect(all.json.rows.map((r: any) => r.key)).toEqual(['K1', 'K2']);
    expect((await call('GET', '/ageing?groupBy=customer', { token: dana })).headers.get('X-Cache')).toBe('hit');
    // The loads a batch shares (the ageing of every customer) are the caller's view's too: K1 1,250 + K2 400 = 1,650.
    const total = (token: string | undefined, extra: object[]) => call('POST', '/functions/batch', { token, body: { calls: [{ fn: 'BALANCE', args: ['*'] }, ...extra] } });
    expect(values(await total(undefined, []))).toEqual([1650]);
    expect(values(await total(dana, [{ fn: 'CREDITLIMIT', args: ['K1'] }]))).toEqual([1250, 15000]);
    expect(values(await total(eve, [{ fn: 'CREDITLIMIT', args: ['K2'] }]))).toEqual([400, 5000]);
    expect((await call('PUT', '/settings/portfolio', { body: { mode: 'all' } })).status).toBe(200);
    const open = await call('GET', '/ageing?groupBy=customer', { token: dana });
    expect(open.headers.get('X-Cache')).toBe('miss');
    expect(open.json.rows.map((r: any) => r.key)).toEqual(['K1', 'K2']);
  });

  it('an API token user: the version read with the token keys the answer, and a write by someone else makes it a miss', async () => {
    // The bootstrap administrator (the other tests) reads the version apart; a token user reads it in the token lookup.
    const viewer = await newUser('viewer');
    expect((await batch('K2', viewer)).headers.get('X-Cache')).toBe('miss');
    const hit = await batch('K2', viewer);
    expect(hit.headers.get('X-Cache')).toBe('hit');
    expect(values(hit)).toEqual([400, 5000]);
    expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['K2,Cache Two,Retail,South,Eve,USD,7000,30']) })).status).toBe(200);
    const after = await batch('K2', viewer);
    expect(after.headers.get('X-Cache')).toBe('miss');
    expect(values(after)).toEqual([400, 7000]);
    expect((await batch('K2', viewer)).headers.get('X-Cache')).toBe('hit');
  });
});
