import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser, snapshot } from './helpers';

beforeAll(async () => {
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['U1,Unapplied Co,UnV,West,Uma,USD,0,30', 'U2,Second Co,UnV,West,Uma,USD,0,30', 'U3,Third Co,UnV,West,Uma,USD,0,30']) })).status).toBe(200);
  const res = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,U-1042,U1,2026-07-01,2026-07-31,480.00,USD,,,',
      'INV,U-1043,U1,2026-07-15,2026-08-14,120.00,USD,,,',
      'INV,U-1050,U1,2026-08-01,2026-08-31,300.00,USD,,,',
      'PMT,U-P1,U1,2026-09-02,2026-09-02,600.00,USD,,,remit inv 1042 / 1043',
      'PMT,U-P2,U1,2026-09-03,2026-09-03,300.00,USD,,,BACS 99812',
      'INV,U-2001,U2,2026-08-01,2026-08-31,9000.00,USD,,,',
      'INV,U-3001,U3,2026-08-01,2026-08-31,50.00,USD,,,',
    ]),
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
});

describe('unapplied cash', () => {
  it('suggests allocations by reference, by exact amount', async () => {
    const res = await call('GET', '/unapplied?customer=U1&asOf=2026-09-30');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.items.map((i: any) => [i.docNo, i.unapplied, i.suggestions[0]])).toEqual([
      ['U-P1', 600, { rule: 'reference', confidence: 0.95, allocations: [{ invoiceNo: 'U-1042', amount: 480 }, { invoiceNo: 'U-1043', amount: 120 }] }],
      ['U-P2', 300, { rule: 'exact_amount', confidence: 0.85, allocations: [{ invoiceNo: 'U-1050', amount: 300 }] }],
    ]);
  });

  it('refuses a proposal that over-allocates, names a closed invoice or an unknown payment, storing nothing', async () => {
    const analyst = await newUser('analyst');
    const before = await snapshot();
    const bad = await call('POST', '/unapplied/proposals', {
      token: analyst,
      body: { items: [
        { docType: 'PMT', docNo: 'U-P1', allocations: [{ invoiceNo: 'U-1042', amount: '480.00' }, { invoiceNo: 'U-1050', amount: '300.00' }] },
        { docType: 'PMT', docNo: 'U-P2', allocations: [{ invoiceNo: 'U-2001', amount: '10.00' }] },
        { docType: 'PMT', docNo: 'NOPE', allocations: [{ invoiceNo: 'U-1042', amount: '1' }] },
      ] },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: any) => d.path)).toEqual(['json.items.0.allocations', 'json.items.1.allocations.0.invoiceNo', 'json.items.2']);
    expect(bad.json.error.details[0].message).toMatch(/780.*more than the 600/);
    expect(await snapshot()).toBe(before);
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM allocation_proposals').first<{ n: number }>())!.n).toBe(0);
  });

  it('records accepted suggestions, exports them as ledger rows, and closes them when the import carries them', async () => {
    const analyst = await newUser('analyst');
    const res = await call('POST', '/unapplied/proposals', {
      token: analyst,
      headers: { 'Idempotency-Key': 'accept-u-p1-0001' },
      body: { items: [{ docType: 'PMT', docNo: 'U-P1', allocations: [{ invoiceNo: 'U-1042', amount: '480.00' }, { invoiceNo: 'U-1043', amount: 120 }], note: 'per remittance' }] },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.items[0]).toMatchObject({ docNo: 'U-P1', customerId: 'U1', state: 'open', allocations: [{ invoiceNo: 'U-1042', amount: 480 }, { invoiceNo: 'U-1043', amount: 120 }] });
    // The retry of a double-click stores nothing more.
    await call('POST', '/unapplied/proposals', { token: analyst, headers: { 'Idempotency-Key': 'accept-u-p1-0001' }, body: { items: [{ docType: 'PMT', docNo: 'U-P1', allocations: [{ invoiceNo: 'U-1042', amount: '480.00' }, { invoiceNo: 'U-1043', amount: 120 }], note: 'per remittance' }] } });
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM allocation_proposals').first<{ n: number }>())!.n).toBe(1);
    // Already proposed in full: no more suggestions for U-P1.
    const after = await call('GET', '/unapplied?customer=U1&asOf=2026-09-30');
    expect(after.json.items[0]).toMatchObject({ docNo: 'U-P1', proposed: 600, suggestions: [] });

    const file = await call('GET', '/unapplied/proposals.csv');
    expect(file.status).toBe(200);
    const rows = String(file.json).trim().split('\n');
    expect(rows[0]).toBe(LEDGER_HEADER);
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 9).join(','))).toEqual([
      'PMT,U-P1,U1,2026-09-02,2026-09-02,480.00,USD,1,U-1042',
      'PMT,U-P1,U1,2026-09-02,2026-09-02,120.00,USD,1,U-1043',
      'PMT,U-P1,U1,2026-09-02,2026-09-02,0.00,USD,1,',
    ]);

    // The ERP posts it; its next export carries the allocation: importing it closes the proposal and the cash is applied.
    const imported = await call('POST', '/ledger', { body: String(file.json) });
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    const proposals = await call('GET', '/unapplied/proposals');
    expect(proposals.json.items.map((p: any) => p.state)).toEqual(['posted']);
    const account = await call('GET', '/reconciliations/account?customer=U1&asOf=2026-09-30');
    expect(account.json.items.map((i: any) => [i.docNo, i.open])).toEqual([['U-1050', 300], ['U-P2', -300]]);
    expect(account.json.balance).toBe(0);
    expect((await call('GET', '/unapplied?customer=U1&asOf=2026-09-30')).json.items.map((i: any) => i.docNo)).toEqual(['U-P2']);
  });
});

describe('balance confirmations', () => {
  it('selects the top balances and the flagged, with state from reconciliations', async () => {
    const list = await call('GET', '/confirmations?quarter=2026-Q3&top=1');
    expect(list.status, JSON.stringify(list.json)).toBe(200);
    expect(list.json.asOf).toBe('2026-09-30');
    const top = list.json.items[0];
    expect(top.selectedBecause).toBe('top_balance');
    expect(top.state).toBe('not_sent');

    const analyst = await newUser('analyst');
    const flagged = await call('POST', '/confirmations', { token: analyst, body: { quarter: '2026-Q3', customerId: 'U3', flagged: true, note: 'auditor sample', confirmationVersion: 0 } });
    expect(flagged.status, JSON.stringify(flagged.json)).toBe(200);
    expect(flagged.json).toMatchObject({ customerId: 'U3', flagged: true, selectedBecause: 'flagged', state: 'not_sent', balance: 50, note: 'auditor sample' });
    const sent = await call('POST', '/confirmations', { token: analyst, body: { quarter: '2026-Q3', customerId: 'U3', state: 'sent', confirmationVersion: 1 } });
    expect(sent.json).toMatchObject({ state: 'sent', flagged: true, note: 'auditor sample' });
    const withFlag = await call('GET', '/confirmations?quarter=2026-Q3&top=1');
    expect(withFlag.json.items.map((i: any) => [i.customerId, i.selectedBecause])).toContainEqual(['U3', 'flagged']);

    const disputed = await call('POST', '/reconciliations', { token: analyst, body: { customerId: 'U3', asOf: '2026-09-30', lines: [] } });
    expect(disputed.json.status).toBe('differences');
    expect((await call('GET', '/confirmations?quarter=2026-Q3&top=0')).json.items).toEqual([
      expect.objectContaining({ customerId: 'U3', state: 'disputed', reconciliationId: disputed.json.id, version: 1, signedOff: false }),
    ]);
    await call('POST', '/reconciliations', { token: analyst, body: { customerId: 'U3', asOf: '2026-09-30', lines: [{ ref: 'U-3001', date: '2026-08-01', amount: '50.00' }] } });
    const confirmed = (await call('GET', '/confirmations?quarter=2026-Q3&top=0')).json.items[0];
    expect(confirmed).toMatchObject({ state: 'confirmed', version: 2 });

    expect((await call('POST', '/confirmations', { token: analyst, body: { quarter: '2026-Q3', customerId: 'NOPE', state: 'sent', confirmationVersion: 0 } })).status).toBe(404);
    expect((await call('POST', '/confirmations', { token: analyst, body: { quarter: '2026-Q5', customerId: 'U3' } })).status).toBe(422);
    expect((await call('POST', '/confirmations', { token: await newUser('viewer'), body: { quarter: '2026-Q3', customerId: 'U3' } })).status).toBe(403);
  });
});
