import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, snapshot } from './helpers';

const ledgerRows = [
  'INV,I1,L1,2026-01-10,2026-02-09,1000.00,USD,,,',
  'INV,I2,L1,2026-01-20,,500.00,USD,,,PO-77',
  'PMT,P1,L1,2026-02-15,,400.00,USD,,I1,',
  'PMT,P2,L1,2026-03-01,,600.00,USD,,I1,split',
  'PMT,P2,L1,2026-03-01,,300.00,USD,,I2,split',
  'CRN,C1,L1,2026-03-05,,250.00,USD,,I2,dispute',
  'PMT,P3,L1,2026-03-10,,75.00,USD,,,on account',
  'ADJ,A1,L1,2026-03-12,,20.00,USD,,,interest',
  'UNB,U1,L1,2026-03-15,,900.00,USD,,,open order',
  'INV,IE1,LE,2026-02-01,2026-03-03,1000.00,EUR,1.0842,,',
  'PMT,PE1,LE,2026-03-20,,1000.00,EUR,1.1,IE1,',
  'INV,IE2,LE,2026-02-10,2026-03-12,333.33,EUR,1.0842,,',
  'PMT,PE2,LE,2026-03-01,,100.00,EUR,1.0842,IE2,',
  'PMT,PE3,LE,2026-03-15,,233.33,EUR,1.09,IE2,',
];

async function docs(customer: string) {
  const res = await call('GET', `/ledger?customer=${customer}`);
  expect(res.status).toBe(200);
  return Object.fromEntries((res.json.items as any[]).map((d) => [`${d.doc_type} ${d.doc_no}${d.applies_to ? `>${d.applies_to}` : ''}`, d]));
}

beforeAll(async () => {
  const res = await call('POST', '/customers', {
    body: csv(CUSTOMER_HEADER, ['L1,Ledger One,Retail,North,Ana,USD,5000,30', 'L2,Ledger Two,Retail,North,Ana,USD,5000,30', 'LE,Euro Kunde,Retail,EMEA,Eva,EUR,5000,30']),
  });
  expect(res.status).toBe(200);
});

describe('POST /ledger', () => {
  it('imports invoices, partial and split payments, credit notes, over-payment, unapplied cash, adjustments, unbilled and FX', async () => {
    const res = await call('POST', '/ledger', { body: csv(LEDGER_HEADER, ledgerRows) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ rows: 14, inserted: 14, updated: 0, unchanged: 0 });
    expect(res.json.warnings).toEqual(['CRN C1 is 50.00 USD more than invoice I2 still owed: the excess is unapplied credit']);

    const l1 = await docs('L1');
    expect(l1['INV I1']).toMatchObject({ settled_on: '2026-03-01', functional_amount: 1000 });
    expect(l1['INV I1'].allocations).toEqual([
      { doc_type: 'PMT', doc_no: 'P1', date: '2026-02-15', amount: 400, functional_amount: 400 },
      { doc_type: 'PMT', doc_no: 'P2', date: '2026-03-01', amount: 600, functional_amount: 600 },
    ]);
    // A blank due date follows the customer's 30-day terms.
    expect(l1['INV I2']).toMatchObject({ due_date: '2026-02-19', settled_on: '2026-03-05', reference: 'PO-77' });
    expect(l1['INV I2'].allocations.map((a: any) => [a.doc_no, a.amount])).toEqual([['P2', 300], ['C1', 200]]);
    expect(l1['CRN C1>I2']).toMatchObject({ unapplied: 50 });
    expect(l1['CRN C1>I2'].allocations).toEqual([{ doc_type: 'INV', doc_no: 'I2', date: '2026-03-05', amount: 200, functional_amount: 200 }]);
    expect(l1['PMT P3']).toMatchObject({ unapplied: 75, allocations: [] });
    expect(l1['ADJ A1']).toMatchObject({ amount: 20, settled_on: null, outstanding: 20 });
    expect(l1['UNB U1']).toMatchObject({ amount: 900 });

    const le = await docs('LE');
    // 1000.00 EUR × 1.0842 = 1084.20 USD; paid in full in EUR at another rate: closed at the invoice's own rate.
    expect(le['INV IE1']).toMatchObject({ functional_amount: 1084.2, settled_on: '2026-03-20' });
    expect(le['INV IE1'].allocations).toEqual([{ doc_type: 'PMT', doc_no: 'PE1', date: '2026-03-20', amount: 1000, functional_amount: 1084.2 }]);
    expect(le['PMT PE1>IE1']).toMatchObject({ functional_amount: 1100, unapplied: 0 });
    // 333.33 × 1.0842 = 361.396386 → 361.40; 100.00 of it = floor(10000 × 36140 / 33333) = 108.42; the rest 252.98.
    expect(le['INV IE2']).toMatchObject({ functional_amount: 361.4, settled_on: '2026-03-15' });
    expect(le['INV IE2'].allocations.map((a: any) => a.functional_amount)).toEqual([108.42, 252.98]);

    const state = await env.DB.prepare("SELECT value FROM settings WHERE key = 'data_date'").first<{ value: string }>();
    expect(state!.value).toBe('2026-03-20');
  });

  it('re-imports the same rows without any change, then updates a changed row and re-allocates', async () => {
    const before = await snapshot();
    const same = await call('POST', '/ledger', { body: csv(LEDGER_HEADER, ledgerRows) });
    expect(same.json).toMatchObject({ rows: 14, inserted: 0, updated: 0, unchanged: 14 });
    expect(same.json.warnings).toEqual([]);
    expect((await snapshot()).split('\n').slice(0, 4)).toEqual(before.split('\n').slice(0, 4));

    const changed = ledgerRows.map((r) => (r.startsWith('PMT,P1,') ? 'PMT,P1,L1,2026-02-15,,450.00,USD,,I1,' : r));
    const res = await call('POST', '/ledger', { body: csv(LEDGER_HEADER, changed) });
    expect(res.json).toMatchObject({ inserted: 0, updated: 1, unchanged: 13 });
    expect(res.json.warnings).toContain('PMT P2 is 50.00 USD more than invoice I1 still owed: the excess is unapplied credit');
    const l1 = await docs('L1');
    expect(l1['INV I1'].allocations.map((a: any) => [a.doc_no, a.amount])).toEqual([['P1', 450], ['P2', 550]]);
    expect(l1['PMT P2>I1'].unapplied).toBe(50);
    const audit = await env.DB.prepare("SELECT before, after FROM audit_log WHERE action = 'ledger.update' AND entity_id = 'PMT P1 > I1'").first<{ before: string; after: string }>();
    expect(JSON.parse(audit!.before).amount).toBe(40000);
    expect(JSON.parse(audit!.after).amount).toBe(45000);
    const importAudit = await env.DB.prepare("SELECT after FROM audit_log WHERE action = 'ledger.import' ORDER BY id DESC LIMIT 1").first<{ after: string }>();
    expect(JSON.parse(importAudit!.after)).toEqual({ rows: 14, inserted: 0, updated: 1, unchanged: 13 });
  });

  it('applies a later file to invoices already in the ledger, in date order', async () => {
    await call('POST', '/ledger', { body: csv(LEDGER_HEADER, ['INV,I9,L2,2026-04-01,2026-05-01,100.00,USD,,,']) });
    await call('POST', '/ledger', { body: csv(LEDGER_HEADER, ['PMT,P9B,L2,2026-04-20,,80.00,USD,,I9,']) });
    expect((await docs('L2'))['INV I9']).toMatchObject({ outstanding: 20, settled_on: null });
    const res = await call('POST', '/ledger', { body: csv(LEDGER_HEADER, ['PMT,P9A,L2,2026-04-10,,50.00,USD,,I9,']) });
    expect(res.json.warnings).toEqual(['PMT P9B is 30.00 USD more than invoice I9 still owed: the excess is unapplied credit']);
    const l2 = await docs('L2');
    expect(l2['INV I9'].allocations.map((a: any) => [a.doc_no, a.date, a.amount])).toEqual([['P9A', '2026-04-10', 50], ['P9B', '2026-04-20', 50]]);
    expect(l2['INV I9']).toMatchObject({ settled_on: '2026-04-20', outstanding: 0 });
  });

  it('accepts JSON rows with the same fields', async () => {
    const res = await call('POST', '/ledger', { body: [{ doc_type: 'INV', doc_no: 'J1', customer_id: 'L2', doc_date: '2026-04-02', amount: 12.5, currency: 'USD' }] });
    expect(res.status).toBe(200);
    expect((await docs('L2'))['INV J1']).toMatchObject({ amount: 12.5, due_date: '2026-05-02' });
  });
});

describe('bad ledger input: 422, every problem, nothing written', () => {
  const cases: [string, string[], { row: number; column: string | null; message: RegExp }[]][] = [
    ['unknown customer', ['INV,B1,NOBODY,2026-01-01,,10.00,USD,,,'], [{ row: 2, column: 'customer_id', message: /unknown customer "NOBODY"/ }]],
    ['bad date', ['INV,B2,L1,2026-02-30,,10.00,USD,,,'], [{ row: 2, column: 'doc_date', message: /not a date/ }]],
    ['negative amount', ['PMT,B3,L1,2026-01-01,,-10.00,USD,,,'], [{ row: 2, column: 'amount', message: /must not be negative/ }]],
    ['unknown doc_type', ['XYZ,B4,L1,2026-01-01,,10.00,USD,,,'], [{ row: 2, column: 'doc_type', message: /unknown doc_type "XYZ"/ }]],
    ['applies_to naming no invoice', ['PMT,B5,L1,2026-01-01,,10.00,USD,,NOPE,'], [{ row: 2, column: 'applies_to', message: /names no invoice/ }]],
    ['settling another customer\'s invoice', ['PMT,B6,L2,2026-04-01,,10.00,USD,,I1,'], [{ row: 2, column: 'applies_to', message: /belongs to customer L1/ }]],
    ['settling in another currency', ['PMT,B7,LE,2026-04-01,,10.00,USD,,IE1,'], [{ row: 2, column: 'applies_to', message: /is in EUR/ }]],
    ['settling before the invoice', ['PMT,B8,L1,2026-01-01,,10.00,USD,,I1,'], [{ row: 2, column: 'applies_to', message: /before invoice I1/ }]],
    ['too many decimals', ['INV,B9,L1,2026-01-01,,10.001,USD,,,'], [{ row: 2, column: 'amount', message: /more decimals than USD/ }]],
    ['rate on a functional-currency document', ['INV,B10,L1,2026-01-01,,10.00,USD,1.2,,'], [{ row: 2, column: 'fx_rate', message: /must be 1/ }]],
    ['duplicate in the file', ['INV,B11,L1,2026-01-01,,10.00,USD,,,', 'INV,B11,L1,2026-01-02,,11.00,USD,,,'], [{ row: 3, column: 'doc_no', message: /also on row 2/ }]],
    ['wrong field count', ['INV,B12,L1,2026-01-01'], [{ row: 2, column: null, message: /expected 10 fields, found 4/ }]],
    ['unclosed quote', ['INV,B13,L1,2026-01-01,,10.00,USD,,,"oops'], [{ row: 2, column: null, message: /malformed CSV/ }]],
  ];

  for (const [name, rows, expected] of cases) {
    it(name, async () => {
      const before = await snapshot();
      const good = 'INV,OK1,L1,2026-01-01,,10.00,USD,,,';
      const res = await call('POST', '/ledger', { body: csv(LEDGER_HEADER, [...rows, good]) });
      expect(res.status).toBe(422);
      expect(res.json.error.code).toBe('validation_failed');
      for (const e of expected) {
        expect(res.json.error.details).toContainEqual({ row: e.row, column: e.column, message: expect.stringMatching(e.message) });
      }
      expect(await snapshot()).toBe(before);
    });
  }

  it('lists every problem of a file with several bad rows', async () => {
    const res = await call('POST', '/ledger', {
      body: csv(LEDGER_HEADER, ['INV,M1,L1,2026-13-01,,10.00,USD,,,', 'INV,M2,L1,2026-01-01,,abc,USD,,,', 'UNB,M3,L1,2026-01-01,,5.00,USD,,I1,']),
    });
    expect(res.json.error.details.map((d: any) => `${d.row}:${d.column}`)).toEqual(['2:doc_date', '3:amount', '4:applies_to']);
  });

  it('leaves the ledger exactly as it was when the commit fails half way', async () => {
    await env.DB.prepare("CREATE TRIGGER boom BEFORE INSERT ON allocations WHEN NEW.amount = 4242 BEGIN SELECT RAISE(ABORT, 'boom'); END").run();
    try {
      const before = await snapshot();
      const res = await call('POST', '/ledger', {
        body: csv(LEDGER_HEADER, ['INV,H1,L2,2026-05-01,,100.00,USD,,,', 'PMT,H2,L2,2026-05-02,,42.42,USD,,H1,', 'PMT,P1,L1,2026-02-15,,1.00,USD,,I1,']),
      });
      expect(res.status).toBe(500);
      expect(res.json.error.message).toMatch(/nothing was changed/);
      expect(await snapshot()).toBe(before);
      const staged = await env.DB.prepare('SELECT (SELECT COUNT(*) FROM staging_documents) + (SELECT COUNT(*) FROM import_affected) AS n').first<{ n: number }>();
      expect(staged!.n).toBe(0);
      const batch = await env.DB.prepare("SELECT status, error FROM import_batches ORDER BY started_at DESC LIMIT 1").first<{ status: string; error: string }>();
      expect(batch).toMatchObject({ status: 'failed', error: expect.stringMatching(/boom/) });
    } finally {
      await env.DB.prepare('DROP TRIGGER boom').run();
    }
  });
});
