import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER } from './helpers';

// The IFRS 9 illustrative example of DOMAIN.md, as a ledger: 30 million of receivables aged as the table says.
beforeAll(async () => {
  await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['E1,Echo Portfolio,EclV,North,Eli,USD,0,30']) });
  const res = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,E-CUR,E1,2026-06-15,2026-07-15,15000000.00,USD,,,',
      'INV,E-30,E1,2026-05-16,2026-06-15,7500000.00,USD,,,',
      'INV,E-60,E1,2026-04-20,2026-05-20,4000000.00,USD,,,',
      'INV,E-90,E1,2026-03-21,2026-04-20,2500000.00,USD,,,',
      'INV,E-OLD,E1,2026-01-30,2026-03-01,1000000.00,USD,,,',
      'UNB,E-U,E1,2026-06-20,,50000.00,USD,,,',
    ]),
  });
  expect(res.status).toBe(200);
});

describe('GET /ecl', () => {
  it('reproduces the IFRS 9 provision-matrix example: 580,000 on 30 million', async () => {
    const res = await call('GET', '/ecl?asOf=2026-06-30&scope=vertical:EclV');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.matrix).toMatchObject({ id: 'default@1', buckets: [{ label: 'Current', ratePercent: '0.3' }, { label: '1-30', ratePercent: '1.6' }, { label: '31-60', ratePercent: '3.6' }, { label: '61-90', ratePercent: '6.6' }, { label: '91+', ratePercent: '10.6' }] });
    expect(res.json.totals.lines.map((l: any) => [l.balance, l.allowance])).toEqual([[15e6, 45000], [7.5e6, 120000], [4e6, 144000], [2.5e6, 165000], [1e6, 106000]]);
    expect(res.json.totals).toMatchObject({ balance: 30e6, allowance: 580000 });
  });

  it('adds a matrix version with a forward-looking overlay and applies it', async () => {
    const bad = await call('POST', '/ecl/matrices', { body: { name: 'retail', buckets: [30, 60], ratesPercent: ['0.5', '2'] } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].message).toMatch(/4 rates needed/);
    const created = await call('POST', '/ecl/matrices', { body: { name: 'stress', buckets: [30, 60, 90], ratesPercent: ['0.3', '1.6', '3.6', '6.6', '10.6'], overlay: 1.1, note: 'recession overlay' } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({ id: 'stress@1', version: 1, overlay: 1.1 });
    const res = await call('GET', '/ecl?asOf=2026-06-30&scope=vertical:EclV&matrix=stress');
    // Rates × 1.1: 0.33 %, 1.76 %, 3.96 %, 7.26 %, 11.66 %.
    expect(res.json.totals.lines.map((l: any) => l.allowance)).toEqual([49500, 132000, 158400, 181500, 116600]);
    expect(res.json.totals.allowance).toBe(638000);
    const batch = await call('POST', '/functions/batch', { body: { calls: [{ fn: 'ECL', args: ['E1', '2026-06-30', null] }, { fn: 'ECL', args: ['E1', '2026-06-30', 'stress@1'] }, { fn: 'ECL', args: ['E1', null, 'nope'] }] } });
    expect(batch.json.results).toEqual([{ value: 580000 }, { value: 638000 }, { error: { code: 'NA', message: 'no provision matrix nope' } }]);
  });

  it('lets only managers and admins add matrices', async () => {
    const res = await call('POST', '/ecl/matrices', { token: 'ar_nobody', body: { name: 'x', buckets: [30], ratesPercent: ['1', '2'] } });
    expect(res.status).toBe(401);
  });
});

describe('GET /mis', () => {
  it('answers billed, unbilled, debtors and provision by month', async () => {
    const res = await call('GET', '/mis?asOf=2026-06-30&months=6');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.months.map((m: any) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    const june = res.json.months.at(-1);
    const ecl = await call('GET', '/ecl?asOf=2026-06-30&groupBy=all');
    const ageing = await call('GET', '/ageing?asOf=2026-06-30&groupBy=all');
    expect(june.end).toBe('2026-06-30');
    expect(june.provision).toBe(ecl.json.totals.allowance);
    expect(june.debtors).toBe(ageing.json.totals.total);
    expect(june.billed).toBeGreaterThanOrEqual(15e6);
    expect(june.unbilled).toBeGreaterThanOrEqual(50000);
  });
});

describe('GET /customers', () => {
  it('lists customers of a vertical', async () => {
    const res = await call('GET', '/customers?scope=vertical:EclV');
    expect(res.json.items).toEqual([expect.objectContaining({ customer_id: 'E1', name: 'Echo Portfolio', credit_limit: 0, version: 1 })]);
    expect((await call('GET', '/customers?scope=E1')).status).toBe(400);
  });
});

describe('GET /ecl/suggested', () => {
  it('basis=write-offs: suggests rates from the share of each bucket later written off', async () => {
    await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['W1,Whiskey Ltd,WoV,North,Wu,USD,0,30']) });
    const res = await call('POST', '/ledger', {
      body: csv(LEDGER_HEADER, [
        'INV,W-A,W1,2026-01-01,2026-01-31,1000.00,USD,,,',
        'INV,W-B,W1,2026-02-13,2026-03-15,500.00,USD,,,',
        'PMT,W-P1,W1,2026-03-20,,500.00,USD,,W-B,',
        'ADJ,W-WO,W1,2026-04-10,,-400.00,USD,,W-A,Write-off: insolvency',
        'PMT,W-P2,W1,2026-04-15,,600.00,USD,,W-A,',
      ]),
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const s = await call('GET', '/ecl/suggested?asOf=2026-06-30&basis=write-offs&months=3&buckets=30,60,90&scope=vertical:WoV');
    expect(s.status, JSON.stringify(s.json)).toBe(200);
    expect(s.json.snapshots).toEqual(['2026-03-31', '2026-04-30', '2026-05-31']);
    // On 03-31 W-A (1000, 59 days past due) was open; 400 of it was written off on 04-10 → 31-60: 40 %.
    const b = Object.fromEntries(s.json.buckets.map((x: any) => [x.label, x]));
    expect(b['31-60']).toMatchObject({ balance: 1000, writtenOff: 400, ratePercent: '40' });
    expect(b['Current']).toMatchObject({ balance: 0, ratePercent: '0', note: expect.stringMatching(/no balance/) });
    expect(s.json.basis).toBe('write-offs');
    expect(s.json.save).toEqual({ buckets: [30, 60, 90], ratesPercent: s.json.buckets.map((x: any) => x.ratePercent) });
    expect(s.json.save.ratesPercent[2]).toBe('40');
  });
});
