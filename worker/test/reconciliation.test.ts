import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser, snapshot } from './helpers';

// One customer's account on 30 September 2026, and the customer's own statement of it.
beforeAll(async () => {
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['R1,Rec Co,RecV,North,Rita,USD,10000,30', 'R2,Other Co,RecV,North,Rita,USD,0,30']) })).status).toBe(200);
  const res = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,R-1001,R1,2026-08-01,2026-08-31,1000.00,USD,,,',
      'INV,R-1002,R1,2026-08-05,2026-09-04,2000.00,USD,,,',
      'INV,R-1003,R1,2026-08-09,2026-09-08,3000.00,USD,,,',
      // One cheque of 6,000 split over the three invoices.
      'PMT,R-P1,R1,2026-09-10,2026-09-10,1000.00,USD,,R-1001,CHQ5521',
      'PMT,R-P1,R1,2026-09-10,2026-09-10,2000.00,USD,,R-1002,CHQ5521',
      'PMT,R-P1,R1,2026-09-10,2026-09-10,3000.00,USD,,R-1003,CHQ5521',
      // Paid 1,000 less a 25.00 bank charge.
      'INV,R-1004,R1,2026-09-01,2026-10-01,1000.00,USD,,,',
      'PMT,R-P2,R1,2026-09-15,2026-09-15,975.00,USD,,R-1004,REM-77',
      'INV,R-1005,R1,2026-09-20,2026-10-20,500.00,USD,,,',
      'INV,R-1006,R1,2026-09-28,2026-10-28,250.00,USD,,,',
      'CRN,R-C1,R1,2026-09-29,2026-09-29,40.00,USD,,,',
      'INV,R-1007,R1,2026-10-05,2026-11-04,800.00,USD,,,',
      'INV,R-2001,R2,2026-09-01,2026-10-01,100.00,USD,,,',
    ]),
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
});

const statement = [
  { ref: 'R-1001', date: '2026-08-01', amount: '1000.00' },
  { ref: 'R-1002', date: '2026-08-05', amount: 2000 },
  { ref: 'R-1003', date: '2026-08-09', amount: '3000' },
  { ref: 'Cheque 5521', date: '2026-09-09', amount: '-6000.00', type: 'payment' },
  { ref: 'REM-77', date: '2026-09-14', amount: '-1000.00', type: 'payment' },
  { ref: 'R-1004', date: '2026-09-01', amount: '1000.00' },
  { ref: 'inv r 001005', date: '2026-09-21', amount: '500.00' },
  { ref: 'Payment 30/09', date: '2026-09-30', amount: '-500.00', type: 'payment' },
];
const body = { customerId: 'R1', asOf: '2026-09-30', lines: statement };

describe('GET /reconciliations/account', () => {
  it('lists our open items on the date, signed, with the balance', async () => {
    const res = await call('GET', '/reconciliations/account?customer=R1&asOf=2026-09-30');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.items.map((i: any) => [i.docNo, i.open])).toEqual([['R-1004', 25], ['R-1005', 500], ['R-1006', 250], ['R-C1', -40]]);
    expect(res.json).toMatchObject({ currency: 'USD', balance: 735, name: 'Rec Co' });
    // A month earlier the three invoices were still open, the cheque not yet received.
    const before = await call('GET', '/reconciliations/account?customer=R1&asOf=2026-09-09');
    expect(before.json.balance).toBe(7000);
    expect((await call('GET', '/reconciliations/account?customer=NOPE&asOf=2026-09-30')).status).toBe(404);
  });
});

describe('POST /reconciliations/match', () => {
  it('matches every rule end to end and explains the difference to the cent', async () => {
    const res = await call('POST', '/reconciliations/match', { body, token: await newUser('viewer') });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.lines.map((l: any) => [l.ref, l.status, l.rule, l.matches, l.difference])).toEqual([
      ['R-1001', 'matched', 'reference', ['R-1001'], 0],
      ['R-1002', 'matched', 'reference', ['R-1002'], 0],
      ['R-1003', 'matched', 'reference', ['R-1003'], 0],
      ['Cheque 5521', 'matched', 'amount_date', ['R-P1'], 0],
      ['REM-77', 'amount_difference', 'reference', ['R-P2'], 25],
      ['R-1004', 'matched', 'reference', ['R-1004'], 0],
      ['inv r 001005', 'matched', 'normalised_reference', ['R-1005'], 0],
      ['Payment 30/09', 'missing_in_ledger', null, [], 500],
    ]);
    expect(res.json.unmatched).toEqual([
      { docNo: 'R-1006', docType: 'INV', date: '2026-09-28', amount: 250, status: 'missing_in_statement' },
      { docNo: 'R-C1', docType: 'CRN', date: '2026-09-29', amount: -40, status: 'missing_in_statement' },
    ]);
    expect(res.json).toMatchObject({ ourBalance: 735, theirBalance: 0, difference: 735, unexplained: 0 });
    expect(res.json.breakdown.map((b: any) => [b.category, b.amount])).toEqual([
      ['payments_in_transit', 500], ['invoices_not_booked_by_customer', 250], ['credit_notes_not_booked_by_customer', -40], ['amount_differences', 25],
    ]);
    expect(res.json.breakdown[0].label).toMatch(/in transit/);
  });

  it('a bank charge within the amount tolerance matches without a reference', async () => {
    const lines = statement.map((l) => (l.ref === 'REM-77' ? { ...l, ref: 'wire' } : l));
    const strict = await call('POST', '/reconciliations/match', { body: { ...body, lines } });
    expect(strict.json.lines[4].status).toBe('missing_in_ledger');
    const tolerant = await call('POST', '/reconciliations/match', { body: { ...body, lines, options: { amountTolerance: '30.00' } } });
    expect(tolerant.json.lines[4]).toMatchObject({ status: 'amount_difference', rule: 'amount_date', matches: ['R-P2'], difference: 25 });
  });

  it('rejects bad input with the line and column, and changes nothing', async () => {
    const before = await snapshot();
    const bad = await call('POST', '/reconciliations/match', { body: { ...body, lines: [{ ref: 'x', date: '2026-09-01', amount: '12.345' }, { ref: 'y', date: '2026-02-30', amount: '1' }] } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: any) => d.path)).toEqual(['json.lines.1.date']);
    const amounts = await call('POST', '/reconciliations/match', { body: { ...body, lines: [{ ref: 'x', date: '2026-09-01', amount: '12.345' }, { ref: 'y', date: '2026-09-01', amount: '1e5' }] } });
    expect(amounts.status).toBe(422);
    expect(amounts.json.error.details.map((d: any) => [d.row, d.column])).toEqual([[1, 'amount'], [2, 'amount']]);
    expect((await call('POST', '/reconciliations/match', { body: { ...body, customerId: 'NOPE' } })).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });
});

describe('POST /reconciliations: versions, sign-off, idempotency', () => {
  it('records versions, never overwrites, and signs off by someone else with the role', async () => {
    const analyst = await newUser('analyst');
    const controller = await newUser('controller');
    const manager = await newUser('manager');
    const explained = { ...body, lines: statement.map((l, i) => (i === 7 ? { ...l, explanation: 'cash received 1 Oct' } : l)), unmatchedExplanations: [{ docNo: 'R-1006', explanation: 'sent 28 Sep' }], notes: 'Q3 confirmation' };
    const v1 = await call('POST', '/reconciliations', { body: explained, token: analyst, headers: { 'Idempotency-Key': 'rec-r1-v1-0001' } });
    expect(v1.status, JSON.stringify(v1.json)).toBe(201);
    expect(v1.json).toMatchObject({ customerId: 'R1', asOf: '2026-09-30', version: 1, status: 'differences', difference: 735, unexplained: 0, notes: 'Q3 confirmation', signedOffBy: null, signOff: { roles: ['controller', 'manager'] } });
    expect(v1.json.lines[7]).toMatchObject({ status: 'missing_in_ledger', explanation: 'cash received 1 Oct' });
    expect(v1.json.unmatched[0]).toMatchObject({ docNo: 'R-1006', explanation: 'sent 28 Sep' });

    // A double-click: the same key and body answer the same record, and no second version exists.
    const retry = await call('POST', '/reconciliations', { body: explained, token: analyst, headers: { 'Idempotency-Key': 'rec-r1-v1-0001' } });
    expect(retry.json.id).toBe(v1.json.id);
    const afterRetry = await call('GET', '/reconciliations?customer=R1');
    expect(afterRetry.json.items.map((i: any) => i.version)).toEqual([1]);

    // The customer agrees once the payment in transit, the new invoice and credit note and the charge are in: version 2.
    const agreed = [...statement.slice(0, 4), { ref: 'REM-77', date: '2026-09-14', amount: '-975.00', type: 'payment' }, statement[5]!, statement[6]!, { ref: 'R-1006', date: '2026-09-28', amount: '250.00' }, { ref: 'R-C1', date: '2026-09-29', amount: '-40.00' }];
    const v2 = await call('POST', '/reconciliations', { body: { ...body, lines: agreed }, token: analyst });
    expect(v2.status, JSON.stringify(v2.json)).toBe(201);
    expect(v2.json).toMatchObject({ version: 2, status: 'agreed', difference: 0, theirBalance: 735 });

    const history = await call('GET', '/reconciliations?customer=R1&asOf=2026-09-30');
    expect(history.json.items.map((i: any) => [i.version, i.status])).toEqual([[2, 'agreed'], [1, 'differences']]);
    const whole = await call('GET', `/reconciliations/${v1.json.id}`);
    expect(whole.json).toEqual(v1.json);

    const before = await snapshot();
    const self = await newUser('controller');
    const prepared = await call('POST', '/reconciliations', { body: { ...body, customerId: 'R2', lines: [{ ref: 'R-2001', date: '2026-09-01', amount: '100' }] }, token: self });
    expect(prepared.json.status).toBe('agreed');
    const refused = await call('POST', `/reconciliations/${prepared.json.id}/signoff`, { body: {}, token: self });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/other than its preparer/);
    expect((await call('POST', `/reconciliations/${v2.json.id}/signoff`, { body: {}, token: analyst })).status).toBe(403);
    const old = await call('POST', `/reconciliations/${v1.json.id}/signoff`, { body: { comment: 'late' }, token: controller });
    expect(old.status).toBe(409);
    expect(old.json.error.message).toMatch(/not the latest/);
    const audit = (n: string) => env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'reconciliation.signoff' AND entity_id = ?1").bind(n).first<{ n: number }>();
    expect((await audit(v1.json.id))!.n).toBe(0);

    const signed = await call('POST', `/reconciliations/${v2.json.id}/signoff`, { body: { comment: 'agreed with AP clerk' }, token: controller });
    expect(signed.status, JSON.stringify(signed.json)).toBe(200);
    expect(signed.json.signedOffBy).not.toBeNull();
    expect(signed.json.signoffComment).toBe('agreed with AP clerk');
    expect((await call('POST', `/reconciliations/${v2.json.id}/signoff`, { body: {}, token: manager })).status).toBe(409);
    expect((await audit(v2.json.id))!.n).toBe(1);
    expect(before).not.toBe(await snapshot());
  });

  it('the store refuses to change or delete a recorded version', async () => {
    const rec = await env.DB.prepare("SELECT id FROM reconciliations WHERE customer_id = 'R1' AND version = 1").first<{ id: string }>();
    await expect(env.DB.prepare("UPDATE reconciliations SET our_balance = 0 WHERE id = ?1").bind(rec!.id).run()).rejects.toThrow(/never changed/);
    await expect(env.DB.prepare('DELETE FROM reconciliations WHERE id = ?1').bind(rec!.id).run()).rejects.toThrow(/kept/);
  });

  it('a viewer may match but not record', async () => {
    const viewer = await newUser('viewer');
    expect((await call('POST', '/reconciliations', { body, token: viewer })).status).toBe(403);
  });
});
