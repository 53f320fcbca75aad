import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser } from './helpers';

// As of 2026-10-31 against 2026-09-30.
//  I1 (limit 1,000): I-1 800 due 10-01 → at 09-30 not due, at 10-31 30 days overdue; I-2 400 dated 10-15 → balance 1,200.
//     DSO countback: 09-30: September's 800 sales cover the 800 → 30 days; 10-31: October's 400 → 31 days, then
//     September's 800 cover the other 800 → 30: 61 days.
//  I2 (no limit): 5,000 dated 09-20 due 12-19 → balance 5,000 on both dates, never overdue; DSO 30 → 61.
//  I3 (limit 100,000): 300 dated 10-25, no payment ever.
beforeAll(async () => {
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['I1,Slipping,Retail,East,Ana,USD,1000,30', 'I2,Steady Big,Retail,East,Ana,USD,0,30', 'I3,New One,Energy,East,Bo,USD,100000,30']) })).status).toBe(200);
  const ledger = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,I-0,I1,2026-06-01,2026-07-01,100.00,USD,,,', 'PMT,I-P0,I1,2026-07-05,,100.00,USD,,I-0,',
      'INV,I2-0,I2,2026-06-01,2026-07-01,100.00,USD,,,', 'PMT,I2-P0,I2,2026-06-20,,100.00,USD,,I2-0,',
      'INV,I-1,I1,2026-09-01,2026-10-01,800.00,USD,,,', 'INV,I-2,I1,2026-10-15,2026-11-14,400.00,USD,,,',
      'INV,I2-1,I2,2026-09-20,2026-12-19,5000.00,USD,,,',
      'INV,I3-1,I3,2026-10-25,2026-11-24,300.00,USD,,,',
    ]),
  });
  expect(ledger.status, JSON.stringify(ledger.json)).toBe(200);
});

describe('GET /insights', () => {
  it('movers with their driver, concentration, over limit and no history, each with its sentence', async () => {
    const res = await call('GET', '/insights?asOf=2026-10-31&top=2', { token: await newUser('viewer') });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const r = res.json;
    expect(r.since).toBe('2026-09-30');
    // Ranked by overdue growth: I1 +800, then I2 (+0, DSO +31). I1's driver: DSO +31 / 30 = 1.03 beats overdue
    // 800 / 1,200 = 0.67 and utilisation (80 % → 120 %) 40 / 100 = 0.4.
    expect(r.movers.map((m: any) => [m.customerId, m.driver])).toEqual([['I1', 'dso'], ['I2', 'dso']]);
    expect(r.movers[0]).toMatchObject({ overdue: { before: 0, now: 800 }, dso: { before: 30, now: 61 }, utilisation: { before: 80, now: 120 } });
    expect(r.movers[0].sentence).toBe(
      'Slipping (I1): DSO went from 30.0 to 61.0 days since 2026-09-30; also overdue rose from USD 0.00 to USD 800.00 (+USD 800.00), limit utilisation went from 80.0 % to 120.0 %.',
    );
    // Balances 5,000 + 1,200 + 300 = 6,500; the 2 largest 6,200 / 6,500 = 95.4 %; I2 5,000 / 6,500 = 76.9 %.
    expect(r.concentration).toMatchObject({ top: 2, total: 6500, topBalance: 6200, share: 95.4 });
    expect(r.concentration.sentence).toBe('The 2 largest customers hold 95.4 % of the USD 6500.00 balance; the largest, Steady Big (I2), 76.9 %.');
    expect(r.overLimit).toEqual([{ customerId: 'I1', name: 'Slipping', balance: 1200, creditLimit: 1000, over: 200, sentence: 'Slipping (I1) is USD 200.00 over its USD 1000.00 limit (120.0 % used).' }]);
    expect(r.withoutHistory.map((w: any) => [w.customerId, w.balance])).toEqual([['I3', 300]]);
    expect(r.withoutHistory[0].sentence).toContain('New One (I3) owes USD 300.00 and has paid nothing in the last 12 months');
  });

  it('refuses a bad top', async () => {
    expect((await call('GET', '/insights?top=0')).status).toBe(400);
  });
});
