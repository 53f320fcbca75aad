import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser } from './helpers';

// Buckets Current, 1-30, 31-60, 61-90, 91-120, 121+ by days past due at each month-end.
beforeAll(async () => {
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['R1,Roll One,Retail,East,Ana,USD,0,30', 'R2,Roll Two,Energy,East,Bo,USD,0,30']) })).status).toBe(200);
  const ledger = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,R-1,R1,2026-08-01,2026-08-31,1000.00,USD,,,', 'PMT,R-P1,R1,2026-09-10,,400.00,USD,,R-1,', 'PMT,R-P2,R1,2026-10-05,,600.00,USD,,R-1,',
      'INV,R-2,R1,2026-07-01,2026-07-31,500.00,USD,,,', 'ADJ,R-W2,R1,2026-09-15,,-200.00,USD,,R-2,WRITE-OFF bad debt', 'CRN,R-C2,R1,2026-09-20,,100.00,USD,,R-2,pricing',
      'INV,R-3,R1,2026-08-20,2026-09-19,300.00,USD,,,',
      'INV,R-4,R1,2026-08-25,2026-10-25,700.00,USD,,,',
      'INV,R-5,R1,2026-09-05,2026-10-05,400.00,USD,,,', 'PMT,R-P5,R1,2026-10-10,,100.00,USD,,R-5,',
      'INV,R2-1,R2,2026-08-10,2026-09-09,500.00,USD,,,',
    ]),
  });
  expect(ledger.status, JSON.stringify(ledger.json)).toBe(200);
});

const rolls = async (query: string) => {
  const res = await call('GET', `/roll-rates?${query}`, { token: await newUser('viewer') });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
};
const line = (l: any) => [l.opening, l.rolledTo, l.collected, l.writtenOff, l.credited];

describe('GET /roll-rates', () => {
  it('where each bucket went, summing to its opening balance, with rates adding up to 100 %', async () => {
    const r = await rolls('from=2026-08&to=2026-10');
    expect(r.buckets).toEqual(['Current', '1-30', '31-60', '61-90', '91-120', '121+']);
    expect(r.periods.map((p: any) => [p.from, p.to])).toEqual([['2026-08-31', '2026-09-30'], ['2026-09-30', '2026-10-31']]);
    const [aug, sep] = r.periods.map((p: any) => p.totals);
    // 08-31 → 09-30. Current 2,500 = R-1 1,000 + R-3 300 + R-4 700 + R2-1 500 (R-5 is dated after 08-31):
    // R-4 still current 700; R-1's 600 left (30 days), R-3 300 (11 days), R2-1 500 (21 days) → 1-30: 1,400; R-1 paid 400.
    expect(line(aug[0])).toEqual([2500, [700, 1400, 0, 0, 0, 0], 400, 0, 0]);
    expect(aug[0].rates).toEqual({ rolledTo: [28, 56, 0, 0, 0, 0], collected: 16, writtenOff: 0, credited: 0 });
    // 31-60: R-2 500 (31 days) → 200 written off, 100 credited, 200 left at 61 days (61-90).
    expect(line(aug[2])).toEqual([500, [0, 0, 0, 200, 0, 0], 0, 200, 100]);
    expect(aug[2].rates).toEqual({ rolledTo: [0, 0, 0, 40, 0, 0], collected: 0, writtenOff: 40, credited: 20 });
    // 09-30 → 10-31. Current 1,100 = R-4 700 + R-5 400 → R-4 6 days past due, R-5 300 left at 26 days: 1-30 1,000; 100 paid.
    // 1,000 / 1,100 = 90.909 → 90.91 %; 100 / 1,100 = 9.09 %.
    expect(line(sep[0])).toEqual([1100, [0, 1000, 0, 0, 0, 0], 100, 0, 0]);
    expect(sep[0].rates.rolledTo[1] + sep[0].rates.collected).toBeCloseTo(100, 9);
    expect([sep[0].rates.rolledTo[1], sep[0].rates.collected]).toEqual([90.91, 9.09]);
    // 1-30 1,400 = R-1 600 (paid 10-05) + R-3 300 (42 days) + R2-1 500 (52 days) → 31-60 800 (57.14 %), collected 600 (42.86 %).
    expect(line(sep[1])).toEqual([1400, [0, 0, 800, 0, 0, 0], 600, 0, 0]);
    expect([sep[1].rates.rolledTo[2], sep[1].rates.collected]).toEqual([57.14, 42.86]);
    // 61-90: R-2 200 → 92 days: 91-120.
    expect(line(sep[3])).toEqual([200, [0, 0, 0, 0, 200, 0], 0, 0, 0]);
    for (const p of r.periods) {
      for (const l of p.totals) {
        const parts = [...l.rolledTo, l.collected, l.writtenOff, l.credited];
        expect(Math.round(parts.reduce((a: number, b: number) => a + b, 0) * 100)).toBe(Math.round(l.opening * 100));
        const rates = [...l.rates.rolledTo, l.rates.collected, l.rates.writtenOff, l.rates.credited];
        expect(Math.round(rates.reduce((a: number, b: number) => a + b, 0) * 100)).toBe(l.opening > 0 ? 10_000 : 0);
      }
    }
  });

  it('by customer, and within a scope', async () => {
    const r = await rolls('from=2026-08-31&to=2026-09-30&groupBy=customer');
    const rows = Object.fromEntries(r.periods[0].rows.map((x: any) => [x.key, x.lines]));
    expect(line(rows.R1[0])).toEqual([2000, [700, 900, 0, 0, 0, 0], 400, 0, 0]);
    expect(line(rows.R2[0])).toEqual([500, [0, 500, 0, 0, 0, 0], 0, 0, 0]);
    const scoped = await rolls('from=2026-08&to=2026-09&scope=vertical:Energy');
    expect(line(scoped.periods[0].totals[0])).toEqual([500, [0, 500, 0, 0, 0, 0], 0, 0, 0]);
  });

  it('defaults to the last month-end on or before the data date (10-10 → 09-30) and 3 months before it', async () => {
    const r = await rolls('');
    expect([r.from, r.to, r.periods.length]).toEqual(['2026-06-30', '2026-09-30', 3]);
  });

  it('refuses a bad range', async () => {
    for (const q of ['from=2026-10&to=2026-10', 'from=2026-13', 'from=2020-01&to=2026-10', 'groupBy=bucket']) {
      const res = await call('GET', `/roll-rates?${q}`);
      expect(res.status, q).toBe(400);
    }
  });
});

describe('AR.ROLLRATE through the function batch', () => {
  it('answers the percent of a bucket that went where', async () => {
    const res = await call('POST', '/functions/batch', {
      body: {
        calls: [
          { fn: 'ROLLRATE', args: ['*', 'Current', '1-30', '2026-09'] },
          { fn: 'ROLLRATE', args: ['R1', '31-60', 'written off', '2026-09'] },
          { fn: 'ROLLRATE', args: ['*', '1-30', 'collected', '2026-10'] },
          { fn: 'ROLLRATE', args: ['*', '1-30', 'collected'] },
          { fn: 'ROLLRATE', args: ['*', 'Later', 'collected', '2026-10'] },
          { fn: 'ROLLRATE', args: ['*', '121+', 'collected', '2026-10'] },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const v = res.json.results.map((r: any) => ('value' in r ? r.value : r.error.code));
    // As in GET /roll-rates: 56 % of August's Current reached 1-30; 40 % of 31-60 written off; 42.86 % of
    // September's 1-30 collected in October. Default month: the last month-end on or before the data date (10-10): 09-30,
    // whose 1-30 at 08-31 was empty → no figure.
    expect(v.slice(0, 3)).toEqual([56, 40, 42.86]);
    expect(v.slice(3).every((x: unknown) => typeof x === 'string')).toBe(true);
  });
});
