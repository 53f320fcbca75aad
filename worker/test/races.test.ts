import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser } from './helpers';

// Never lose or double a write (issue 10): two requests racing through the same check, where only one of them can
// be true once the other is written. The check is made again inside the write batch, so exactly one is stored.

let analyst: string;
let manager: string;

/** Every row of the tables, with the audit log (but the rows of `auditExcept`): the proof that a refused write wrote nothing. */
async function rows(tables: string[], auditExcept = ''): Promise<string> {
  const all = [...tables.map((t) => `SELECT * FROM ${t}`), `SELECT * FROM audit_log WHERE action <> '${auditExcept}'`];
  const parts = await Promise.all(all.map(async (sql) => `${sql}: ${(await env.DB.prepare(sql).all()).results.map((r) => JSON.stringify(r)).sort().join('\n')}`));
  return parts.join('\n');
}

/**
 * Makes racing requests race for real: the first `n` D1 batches (the requests' write batches; reads are not batches)
 * are held until all `n` have arrived, so every request has read and checked before any of them writes.
 */
function holdWrites(n: number): void {
  const db = env.DB;
  const batch = db.batch;
  let arrived = 0;
  // Each request polls (a promise resolved from another request's handler is an I/O error in workerd).
  db.batch = (async (statements: D1PreparedStatement[]) => {
    if (++arrived >= n) db.batch = batch;
    for (let waited = 0; arrived < n && waited < 5000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    return batch.call(db, statements);
  }) as D1Database['batch'];
}

const count = async (sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n;
const LEDGER_TABLES = ['documents', 'allocations', 'customers', 'settings'];

beforeAll(async () => {
  analyst = await newUser('analyst');
  manager = await newUser('manager');
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['R1,Race Co,Retail,North,Rita,USD,0,30', 'R2,Other Co,Retail,North,Rita,USD,0,30']) })).status).toBe(200);
  const ledger = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,R-1,R1,2026-07-01,2026-07-31,1000.00,USD,,,',
      'INV,R-2,R1,2026-07-10,2026-08-09,500.00,USD,,,',
      'INV,R-3,R1,2026-07-20,2026-08-19,400.00,USD,,,',
      'PMT,R-P1,R1,2026-09-01,2026-09-01,600.00,USD,,,',
      'PMT,R-P2,R1,2026-09-02,2026-09-02,800.00,USD,,,',
      'PMT,R-P3,R1,2026-09-03,2026-09-03,900.00,USD,,,',
      'PMT,R-P4,R1,2026-09-04,2026-09-04,500.00,USD,,,',
      'INV,R2-1,R2,2026-07-01,2026-07-31,300.00,USD,,,',
    ]),
  });
  expect(ledger.status, JSON.stringify(ledger.json)).toBe(200);
});

const propose = (docNo: string, allocations: [string, string][]) =>
  call('POST', '/unapplied/proposals', { token: analyst, body: { items: [{ docType: 'PMT', docNo, allocations: allocations.map(([invoiceNo, amount]) => ({ invoiceNo, amount })) }] } });

describe('allocation proposals racing for one payment or one invoice', () => {
  it('two proposals from one payment whose sum exceeds it: exactly one is stored, the other 409, nothing else written', async () => {
    const before = await rows(LEDGER_TABLES, 'allocation_proposal.create');
    // 400 + 300 = 700 > R-P1's 600; each fits alone.
    holdWrites(2);
    const [a, b] = await Promise.all([propose('R-P1', [['R-1', '400.00']]), propose('R-P1', [['R-3', '300.00']])]);
    expect([a.status, b.status].sort(), JSON.stringify([a.json, b.json])).toEqual([201, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.json.error.message).toMatch(/PMT R-P1 .*another request meanwhile; no proposal was stored/);
    const stored = (await env.DB.prepare('SELECT doc_no, allocations FROM allocation_proposals').all()).results;
    expect(stored).toEqual([{ doc_no: 'R-P1', allocations: JSON.stringify(a.status === 201 ? [{ invoiceNo: 'R-1', amount: 40000 }] : [{ invoiceNo: 'R-3', amount: 30000 }]) }]);
    const winner = (a.status === 201 ? a : b).json.items[0].id;
    expect((await env.DB.prepare("SELECT entity_id FROM audit_log WHERE action = 'allocation_proposal.create'").all()).results).toEqual([{ entity_id: winner }]);
    expect(await rows(LEDGER_TABLES, 'allocation_proposal.create')).toBe(before);
  });

  it('two proposals from different payments whose sum exceeds one invoice: exactly one is stored', async () => {
    // R-2 is open 500: 300 from R-P2 and 300 from R-P3 do not both fit.
    holdWrites(2);
    const [a, b] = await Promise.all([propose('R-P2', [['R-2', '300.00']]), propose('R-P3', [['R-2', '300.00']])]);
    expect([a.status, b.status].sort(), JSON.stringify([a.json, b.json])).toEqual([201, 409]);
    const toR2 = (await env.DB.prepare('SELECT allocations FROM allocation_proposals').all<{ allocations: string }>()).results
      .flatMap((r) => JSON.parse(r.allocations)).filter((x: any) => x.invoiceNo === 'R-2');
    expect(toR2).toEqual([{ invoiceNo: 'R-2', amount: 30000 }]);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'allocation_proposal.create'")).toBe(2);
  });

  it('one after the other: what is left of the payment and of the invoice counts the open proposals (422), what fits is stored', async () => {
    const stored = await count('SELECT COUNT(*) AS n FROM allocation_proposals');
    // 500 open, 300 proposed (the previous test) → 200 left.
    const tooMuch = await propose('R-P2', [['R-2', '250.00']]);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.json.error.details).toEqual([{ path: 'json.items.0.allocations.0.amount', message: "more than R-2's open 500, of which 300 is already proposed" }]);
    // The listing suggests only what is left: R-2 at 200.
    const listed = await call('GET', '/unapplied?customer=R1&asOf=2026-09-30');
    const suggested = listed.json.items.flatMap((i: any) => i.suggestions.flatMap((s: any) => s.allocations)).filter((x: any) => x.invoiceNo === 'R-2');
    expect(suggested.length).toBeGreaterThan(0);
    expect(Math.max(...suggested.map((x: any) => x.amount))).toBeLessThanOrEqual(200);
    // R-P4: 500, nothing proposed → 500 to R-1 (open 1,000, at most 400 proposed) fits; then 0.01 more does not.
    expect((await propose('R-P4', [['R-1', '500.00']])).status).toBe(201);
    const more = await propose('R-P4', [['R-3', '0.01']]);
    expect(more.status).toBe(422);
    expect(more.json.error.details[0].message).toBe('allocations total 0.01, more than the 0 of PMT R-P4 not yet applied or proposed');
    expect(await count('SELECT COUNT(*) AS n FROM allocation_proposals')).toBe(stored + 1);
  });
});

describe('a collector limited to a portfolio', () => {
  it('the guard reads through the portfolio too: racing proposals of a collector, one stored', async () => {
    const rita = (await call('POST', '/users', { body: { name: 'Rita', role: 'analyst', collector: 'Rita' } })).json.token as string;
    expect((await call('PUT', '/settings/portfolio', { body: { mode: 'own' } })).status).toBe(200);
    try {
      // R-3 is open 400 less what the first test proposed to it; two halves of what is left, a cent more each, do not both fit
      // (R-P3, 900 with at most 300 proposed, has room for both).
      const left = 40000 - (await count("SELECT COALESCE(SUM(json_extract(j.value, '$.amount')), 0) AS n FROM allocation_proposals p, json_each(p.allocations) j WHERE json_extract(j.value, '$.invoiceNo') = 'R-3'"));
      const half = formatMoney(Math.floor(left / 2) + 1, 'USD');
      holdWrites(2);
      const [a, b] = await Promise.all([
        call('POST', '/unapplied/proposals', { token: rita, body: { items: [{ docType: 'PMT', docNo: 'R-P3', allocations: [{ invoiceNo: 'R-3', amount: half }] }] } }),
        call('POST', '/unapplied/proposals', { token: rita, body: { items: [{ docType: 'PMT', docNo: 'R-P3', allocations: [{ invoiceNo: 'R-3', amount: half }] }] } }),
      ]);
      expect([a.status, b.status].sort(), JSON.stringify([a.json, b.json])).toEqual([201, 409]);
    } finally {
      expect((await call('PUT', '/settings/portfolio', { body: { mode: 'all' } })).status).toBe(200);
    }
  });
});

describe('once-only changes racing: one audit row', () => {
  it('two review submissions for the same sampled item: one recorded, the other 409, one audit row', async () => {
    const collector = await newUser('analyst');
    const me = (await call('GET', '/me', { token: collector })).json.id as string;
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-03']) {
      expect((await call('POST', '/activities', { token: collector, body: { customerId: 'R1', kind: 'call', outcome: 'spoke', occurredOn: day } })).status).toBe(201);
    }
    const sample = await call('POST', '/audits/sample', { token: manager, body: { userId: me, from: '2026-10-01', to: '2026-10-31', size: 2, seed: 'race' } });
    expect(sample.status, JSON.stringify(sample.json)).toBe(201);
    const review = (comment: string) => call('POST', `/audits/${sample.json.id}/results`, { token: manager, body: { results: [{ position: 1, result: 'finding', comment }] } });
    holdWrites(2);
    const [a, b] = await Promise.all([review('first'), review('second')]);
    expect([a.status, b.status].sort(), JSON.stringify([a.json, b.json])).toEqual([200, 409]);
    const item = await env.DB.prepare('SELECT result, comment FROM audit_sample_items WHERE sample_id = ?1 AND position = 1').bind(sample.json.id).first();
    expect(item).toEqual({ result: 'finding', comment: a.status === 200 ? 'first' : 'second' });
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit_sample.review' AND entity_id = ?1", sample.json.id)).toBe(1);
    // Item 2 with item 1 again: refused whole, item 2 stays unreviewed.
    const before = await rows(['audit_sample_items']);
    expect((await call('POST', `/audits/${sample.json.id}/results`, { token: manager, body: { results: [{ position: 2, result: 'ok' }, { position: 1, result: 'ok' }] } })).status).toBe(409);
    expect(await rows(['audit_sample_items'])).toBe(before);
  });

  it('two revocations of one token: both answer the first revocation, one audit row', async () => {
    const issued = await call('POST', '/tokens', { token: analyst, body: { label: 'race' } });
    expect(issued.status, JSON.stringify(issued.json)).toBe(201);
    holdWrites(2);
    const [a, b] = await Promise.all([call('DELETE', `/tokens/${issued.json.id}`, { token: analyst }), call('DELETE', `/tokens/${issued.json.id}`, { token: analyst })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const stored = await env.DB.prepare('SELECT revoked_at FROM api_tokens WHERE id = ?1').bind(issued.json.id).first<{ revoked_at: string }>();
    expect([a.json.revokedAt, b.json.revokedAt]).toEqual([stored!.revoked_at, stored!.revoked_at]);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'token.revoke' AND entity_id = ?1", issued.json.id)).toBe(1);
  });
});

describe('customer financials carry a version', () => {
  const statements = (total: string, version?: number, period = '2025-12-31') => ({
    period_end: period, currency: 'USD', total_assets: total, current_assets: '400000', current_liabilities: '200000', total_liabilities: '700000',
    retained_earnings: '150000', ebit: '100000', book_equity: '300000', version,
  });
  const post = (body: object) => call('POST', '/customers/R2/financials', { token: analyst, body });
  const tables = ['customer_financials', 'settings'];

  it('a new period needs no version; replacing it needs the version read; a stale or missing one is 409 and writes nothing', async () => {
    const created = await post(statements('1000000'));
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toEqual({ customer_id: 'R2', period_end: '2025-12-31', version: 1 });
    const before = await rows(tables);
    const blind = await post(statements('2000000'));
    expect(blind.status).toBe(409);
    expect(blind.json.error.message).toBe('the statements of R2 for 2025-12-31 are at version 1, not 0 (you sent none); nothing was written: reload them and send version 1 to replace them');
    expect(await rows(tables)).toBe(before);
    expect((await post(statements('2000000', 1))).json.version).toBe(2);
    const stale = await post(statements('3000000', 1));
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toMatch(/at version 2, not 1/);
    const listed = await call('GET', '/customers/R2/financials', { token: analyst });
    expect(listed.status).toBe(200);
    expect(listed.json.items).toEqual([expect.objectContaining({ period_end: '2025-12-31', total_assets: 2000000, book_equity: 300000, sales: null, version: 2 })]);
    // The replacement's audit row holds what it replaced.
    const audit = await env.DB.prepare("SELECT before, after FROM audit_log WHERE action = 'financials.record' AND entity_id = 'R2' ORDER BY id DESC LIMIT 1").first<{ before: string; after: string }>();
    expect(JSON.parse(audit!.before)).toMatchObject({ total_assets: 100000000, version: 1 });
    expect(JSON.parse(audit!.after)).toMatchObject({ total_assets: 200000000, version: 2 });
    expect((await call('GET', '/customers/NOPE/financials')).status).toBe(404);
  });

  it('two replacements on the same version, two creations of one new period: one each is stored', async () => {
    holdWrites(4);
    const [a, b, x, y] = await Promise.all([
      post(statements('5000000', 2)), post(statements('6000000', 2)),
      post(statements('7000000', 0, '2026-06-30')), post(statements('8000000', undefined, '2026-06-30')),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
    const stored = (await env.DB.prepare("SELECT period_end, total_assets, version FROM customer_financials WHERE customer_id = 'R2' ORDER BY period_end").all()).results;
    expect(stored).toEqual([
      { period_end: '2025-12-31', total_assets: a.status === 201 ? 500000000 : 600000000, version: 3 },
      { period_end: '2026-06-30', total_assets: x.status === 201 ? 700000000 : 800000000, version: 1 },
    ]);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'financials.record' AND entity_id = 'R2'")).toBe(4);
  });
});
