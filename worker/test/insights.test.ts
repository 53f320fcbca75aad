import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser } from './helpers';

// As of 2026-10-31 against 2026-09-30.
//  I1 (limit 1,000): I-1 800 due 10-01 → at 09-30 not due, at 10-31 30 days overdue; I-2 400 dated 10-15 → balance 1,200.
//     DSO countback: 09-30: September's 800 sales cover the 800 → 30 days; 10-31: October's 400 → 31 days, then
//     September's 800 cover the other 800 → 30: 61 days.
//  I2 (no limit): 5,000 dated 09-20 due 12-19 → balance 5,000 on both dates, never overdue; DSO 30 → 61.
//  I3 (limit 100,000): 300 dated 10-25, no payment ever.
// G1 (region West, limit 1,000): the grade case, worked out in 'a grade that worsened' below.
beforeAll(async () => {
  expect((await call('POST', '/customers', {
    body: csv(CUSTOMER_HEADER, ['I1,Slipping,Retail,East,Ana,USD,1000,30', 'I2,Steady Big,Retail,East,Ana,USD,0,30', 'I3,New One,Energy,East,Bo,USD,100000,30', 'G1,Grade Slide,Retail,West,Ana,USD,1000,30']),
  })).status).toBe(200);
  const ledger = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,I-0,I1,2026-06-01,2026-07-01,100.00,USD,,,', 'PMT,I-P0,I1,2026-07-05,,100.00,USD,,I-0,',
      'INV,I2-0,I2,2026-06-01,2026-07-01,100.00,USD,,,', 'PMT,I2-P0,I2,2026-06-20,,100.00,USD,,I2-0,',
      'INV,I-1,I1,2026-09-01,2026-10-01,800.00,USD,,,', 'INV,I-2,I1,2026-10-15,2026-11-14,400.00,USD,,,',
      'INV,I2-1,I2,2026-09-20,2026-12-19,5000.00,USD,,,',
      'INV,I3-1,I3,2026-10-25,2026-11-24,300.00,USD,,,',
      'INV,G-1,G1,2026-08-26,2026-09-25,900.00,USD,,,', 'INV,G-2,G1,2026-10-05,2026-11-04,500.00,USD,,,',
    ]),
  });
  expect(ledger.status, JSON.stringify(ledger.json)).toBe(200);
});

describe('GET /insights', () => {
  it('movers with their driver, concentration, over limit and no history, each with its sentence', async () => {
    const res = await call('GET', '/insights?asOf=2026-10-31&top=2&scope=region:East', { token: await newUser('viewer') });
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

  it('uses the limit in force on each date: a raise applied after the date is not used', async () => {
    // Raise I1 1,000 → 5,000 now (applied today, after 2026-10-31): on 10-31 and 09-30 the limit was still 1,000.
    const controller = await newUser('controller', 100_000);
    const { version } = (await call('GET', '/customers/I1')).json;
    const raised = await call('POST', '/limit-decisions', { token: controller, body: { decisions: [{ customerId: 'I1', version, newLimit: '5000.00', reason: 'new contract' }] } });
    expect(raised.json.results[0], JSON.stringify(raised.json)).toMatchObject({ status: 'applied' });
    expect((await call('GET', '/customers/I1')).json.credit_limit).toBe(5000);
    const before = (await call('GET', '/insights?asOf=2026-10-31&top=2&scope=region:East')).json;
    expect(before.overLimit.map((o: any) => [o.customerId, o.creditLimit, o.over])).toEqual([['I1', 1000, 200]]);
    expect(before.movers[0]).toMatchObject({ customerId: 'I1', utilisation: { before: 80, now: 120 } });
    // Had the decision been applied on 10-15, it is the limit on 10-31 (1,200 / 5,000 = 24 %), not on 09-30 (still 1,000: 80 %).
    await env.DB.prepare("UPDATE limit_decisions SET applied_at = '2026-10-15T09:00:00.000Z' WHERE customer_id = 'I1'").run();
    const after = (await call('GET', '/insights?asOf=2026-10-31&top=2&scope=region:East')).json;
    expect(after.overLimit).toEqual([]);
    expect(after.movers[0]).toMatchObject({ customerId: 'I1', utilisation: { before: 80, now: 24 } });
  });

  it('a grade that worsened, with the driver that moved', async () => {
    // G1, limit 1,000 (raised to 5,000 today, after both dates: not used). No payments, no credit notes, no statements.
    // Score cs-1.0 (CREDIT-SCORE.md): points per driver from its table, weights re-normalised over the available ones.
    // 09-30: G-1 900 (due 09-25) 5 days past due.
    //   payment index (PAYDEX): 5 days beyond terms → 80 − 5 × 10/15 = 76.667 → points 40 + 26.667 × 40/30 = 75.556;
    //   ADD: DSO countback Sep 30 days (no sales) + Aug 31 days (900 covers 900) = 61, BPDSO 0 (nothing not yet due)
    //   → 61 days → 15 − 15/30 = 14.5 points; ADD trend: no ADD before August (no sales) → unavailable;
    //   utilisation 900 / 1,000 = 0.9 → 55; past due > 90 0 → 100; credit notes / invoices 0 → 100; Altman unavailable.
    //   Weights 25, 20, 15, 15, 5 of 80: (75.556×25 + 14.5×20 + 55×15 + 100×15 + 100×5) / 80 = 5,003.9 / 80 = 62.55 → 63, C.
    // 10-31: + G-2 500 dated 10-05 due 11-04. G-1 36 days past due → index 50 − 6 × 10/30 = 48 → points 28 × 40/30 = 37.333;
    //   DSO: Oct 31 days (500 covered, 900 left) + Sep 30 + Aug 31 = 92, BPDSO Oct 31 → ADD 61 → 14.5;
    //   utilisation 1,400 / 1,000 = 1.4 → 10 − 0.2/0.3 × 10 = 3.333; others as before:
    //   (37.333×25 + 14.5×20 + 3.333×15 + 1,500 + 500) / 80 = 3,273.3 / 80 = 40.9 → 41, D.
    // Contribution lost (points × weight ÷ 80): payment index 75.556 → 37.333 × 31.25 % = −11.944; utilisation
    // 55 → 3.333 × 18.75 % = −9.6875: the payment index moved most.
    const controller = await newUser('controller', 100_000);
    const { version } = (await call('GET', '/customers/G1')).json;
    expect((await call('POST', '/limit-decisions', { token: controller, body: { decisions: [{ customerId: 'G1', version, newLimit: '5000.00', reason: 'review' }] } })).json.results[0].status).toBe('applied');
    const r = (await call('GET', '/insights?asOf=2026-10-31&scope=region:West')).json;
    expect(r.gradeMovers).toEqual([{
      customerId: 'G1', name: 'Grade Slide', grade: { before: 'C', now: 'D' }, score: { before: 63, now: 41 },
      driver: 'payment_index', value: { before: 76.6667, now: 48 }, pointsLost: 11.94,
      sentence: 'Grade Slide (G1): credit grade fell from C (score 63) to D (score 41) since 2026-09-30; the driver that moved most: payment index, 77 → 48 (−11.94 points).',
    }]);
    // Had today's limit (5,000) been used, utilisation 0.28 → 100 points: (37.333×25 + 290 + 1,500 + 1,500 + 500) / 80 = 59.04 → 59, C:
    // no grade mover. A steady grade is none either: I3 (thin file, capped at C on both dates).
    const east = (await call('GET', '/insights?asOf=2026-10-31&scope=customer:I3')).json;
    expect(east.gradeMovers).toEqual([]);
  });

  it('refuses a bad top', async () => {
    expect((await call('GET', '/insights?top=0')).status).toBe(400);
  });
});
