import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser } from './helpers';

// One customer, month-ends 01-31, 02-28, 03-31 (2026):
//  A 1,000 dated 01-10 due 02-09: Current at 01-31; 400 paid 02-20, 600 in 1-30 at 02-28 (19 days); 100 written off
//    03-10, 500 in 31+ / 31-60 at 03-31 (50 days).
//  B 500 dated 01-20 due 03-21: Current at 01-31 and 02-28 (stays); 1-30 at 03-31 (10 days).
//  C 800 dated 2025-11-01 due 2025-12-01: 61 days at 01-31, 89 at 02-28, 120 at 03-31; 200 paid 02-15, 300 written off
//    02-25 (300 left at 02-28), 100 credited 03-05 (200 left at 03-31).
//  D 300 dated 02-10 due 03-12: Current at 02-28; paid in full 03-25.
beforeAll(async () => {
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['F1,Flow Ltd,FlowV,North,Fay,USD,0,30']) })).status).toBe(200);
  const ledger = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,F-A,F1,2026-01-10,2026-02-09,1000.00,USD,,,', 'PMT,F-PA,F1,2026-02-20,,400.00,USD,,F-A,', 'ADJ,F-WA,F1,2026-03-10,,-100.00,USD,,F-A,WRITE-OFF short pay',
      'INV,F-B,F1,2026-01-20,2026-03-21,500.00,USD,,,',
      'INV,F-C,F1,2025-11-01,2025-12-01,800.00,USD,,,', 'PMT,F-PC,F1,2026-02-15,,200.00,USD,,F-C,', 'ADJ,F-WC,F1,2026-02-25,,-300.00,USD,,F-C,Write-off: insolvency',
      'CRN,F-CC,F1,2026-03-05,,100.00,USD,,F-C,pricing',
      'INV,F-D,F1,2026-02-10,2026-03-12,300.00,USD,,,', 'PMT,F-PD,F1,2026-03-25,,300.00,USD,,F-D,',
    ]),
  });
  expect(ledger.status, JSON.stringify(ledger.json)).toBe(200);
});

describe('GET /ecl/suggested from roll rates', () => {
  it('chains the averaged roll rates to the write-off rate of the last bucket, showing each link', async () => {
    const res = await call('GET', '/ecl/suggested?asOf=2026-03-31&months=2&buckets=30', { token: await newUser('viewer') });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const r = res.json;
    expect(r.basis).toBe('roll-rates');
    expect(r.snapshots).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    // Buckets Current, 1-30, 31+, both months summed:
    //  Current: Jan 1,500 (A + B): B 500 stays, A 600 → 1-30, 400 paid; Feb 800 (B + D): B 500 → 1-30, D 300 paid.
    //    left 2,300 − 500 = 1,800; rolled forward 1,100 → 61.1111 %.
    //  1-30: Jan 0; Feb 600 (A): 500 → 31+, 100 written off. left 600: 83.3333 % forward, 16.6667 % written off.
    //  31+: Jan 800 (C): 300 stays, 200 paid, 300 written off; Feb 300: 200 stays, 100 credited.
    //    left 1,100 − 500 = 600; written off 300 → 50 %.
    // Loss rates: 31+ 50 %; 1-30 = 16.6667 % + 83.3333 % × 50 % (41.66665 → 41.6667 %) = 58.3334 %;
    // Current = 61.1111 % × 58.3334 % = 35.6481824… → 35.6482 %.
    expect(r.buckets.map((b: any) => [b.label, b.ratePercent])).toEqual([['Current', '35.6482'], ['1-30', '58.3334'], ['31+', '50']]);
    expect(r.buckets.map((b: any) => [b.balance, b.writtenOff, b.flow.stayed, b.flow.rolledForward, b.flow.collected, b.flow.credited, b.flow.left])).toEqual([
      [2300, 0, 500, 1100, 700, 0, 1800],
      [600, 100, 0, 500, 0, 0, 600],
      [1100, 300, 500, 0, 200, 100, 600],
    ]);
    expect(r.buckets.map((b: any) => [b.flow.rollForwardPercent, b.flow.writeOffPercent, b.flow.next])).toEqual([['61.1111', '0', '1-30'], ['83.3333', '16.6667', '31+'], ['0', '50', null]]);
    expect(r.buckets[0].flow.derivation).toBe('loss rate Current = written off 0 % + rolled forward 61.1111 % × loss rate 1-30 58.3334 % = 35.6482 %');
    expect(r.save).toEqual({ buckets: [30], ratesPercent: ['35.6482', '58.3334', '50'] });
  });

  it('the suggestion saves as a matrix version as it is', async () => {
    const s = await call('GET', '/ecl/suggested?asOf=2026-03-31&months=2&buckets=30&scope=vertical:FlowV');
    const saved = await call('POST', '/ecl/matrices', { body: { name: 'flow', ...s.json.save, note: 'roll rates Feb–Mar 2026' } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(201);
    expect(saved.json.buckets.map((b: any) => b.ratePercent)).toEqual(['35.6482', '58.3334', '50']);
    // At 03-31: Current 0; 1-30 B 500 + 0; 31+ A 500 + C 200 = 700 → 0 + 500 × 58.3334 % = 291.667 → 291.67; 700 × 50 % = 350.
    const ecl = await call('GET', '/ecl?asOf=2026-03-31&matrix=flow&scope=vertical:FlowV');
    expect(ecl.json.totals.lines.map((l: any) => [l.balance, l.allowance])).toEqual([[0, 0], [500, 291.67], [700, 350]]);
  });

  it('one month: only the window’s evidence counts', async () => {
    // Only 02-28 → 03-31: Current 800 (500 → 1-30, 300 paid) 62.5 %; 1-30 as above 58.3334 %; 31+ 300: 200 stays, 100
    // credited: left 100, nothing written off → 0 %. So 1-30 = 16.6667 % + 83.3333 % × 0 = 16.6667 %; Current = 62.5 % × 16.6667 % = 10.4167 %.
    const r = (await call('GET', '/ecl/suggested?asOf=2026-04-15&months=1&buckets=30')).json;
    expect(r.snapshots).toEqual(['2026-02-28', '2026-03-31']);
    expect(r.buckets.map((b: any) => b.ratePercent)).toEqual(['10.4167', '16.6667', '0']);
  });

  it('refuses an unknown basis and a bad window', async () => {
    for (const q of ['basis=history', 'months=0', 'months=37', 'buckets=60,30']) {
      expect((await call('GET', `/ecl/suggested?${q}`)).status, q).toBe(400);
    }
  });
});

describe('GET /mis roll rates', () => {
  it('answers the last whole month’s roll rates on the matrix buckets', async () => {
    const res = await call('GET', '/mis?asOf=2026-03-31&months=2');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const r = res.json.rollRates;
    expect([r.from, r.to]).toEqual(['2026-02-28', '2026-03-31']);
    // Default matrix buckets Current, 1-30, 31-60, 61-90, 91+ at 02-28:
    //  Current 800: B 500 → 1-30 (62.5 %), D 300 paid (37.5 %).  1-30 600 (A, 19 days): 500 → 31-60 (83.33 %), 100 written off (16.67 %).
    //  61-90 300 (C, 89 days): 200 → 91+ (66.67 %), 100 credited (33.33 %).
    const by = Object.fromEntries(r.buckets.map((b: any) => [b.bucket, [b.opening, b.percent]]));
    const p = (stayed: number, rolledForward: number, collected: number, writtenOff: number, credited: number) => ({ stayed, rolledForward, collected, writtenOff, credited });
    expect(by).toEqual({
      Current: [800, p(0, 62.5, 37.5, 0, 0)],
      '1-30': [600, p(0, 83.33, 0, 16.67, 0)],
      '31-60': [0, p(0, 0, 0, 0, 0)],
      '61-90': [300, p(0, 66.67, 0, 0, 33.33)],
      '91+': [0, p(0, 0, 0, 0, 0)],
    });
  });

  it('in the middle of a month, the last whole month', async () => {
    const r = (await call('GET', '/mis?asOf=2026-03-20&months=1')).json.rollRates;
    expect([r.from, r.to]).toEqual(['2026-01-31', '2026-02-28']);
    // Current 1,500 at 01-31: B 500 stays (33.33 %), A 600 → 1-30 (40 %), 400 paid (26.67 %).
    expect(r.buckets[0]).toEqual({ bucket: 'Current', opening: 1500, percent: { stayed: 33.33, rolledForward: 40, collected: 26.67, writtenOff: 0, credited: 0 } });
  });
});
