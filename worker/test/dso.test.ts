import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER } from './helpers';

beforeAll(async () => {
  await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['D1,Delta One,DsoV,North,Ana,USD,10000,30', 'D2,Delta Dormant,DsoV,North,Ana,USD,10000,30']) });
  const res = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,D-I1,D1,2026-01-15,,3000.00,USD,,,',
      'INV,D-I2,D1,2026-02-10,,2000.00,USD,,,',
      'INV,D-I3,D1,2026-03-05,,1000.00,USD,,,',
      'CRN,D-C1,D1,2026-03-20,,200.00,USD,,,',
      'PMT,D-P1,D1,2026-02-20,,1000.00,USD,,D-I1,',
      'INV,D-OLD,D2,2023-01-01,,100.00,USD,,,',
    ]),
  });
  expect(res.status).toBe(200);
});

const get = async (q: string) => {
  const res = await call('GET', `/${q}`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
};
const byKey = (json: any) => Object.fromEntries(json.rows.map((r: any) => [r.key, r]));

describe('GET /dso', () => {
  it('counts back through calendar months, the month of D partial, by hand', async () => {
    const d = await get('dso?scope=vertical:DsoV&asOf=2026-03-31');
    const d1 = byKey(d).D1;
    // AR = 2000 + 2000 + 1000 − 200 = 4800. March 800 (31 days) and February 2000 (28) covered;
    // January 3000 exhausts the remaining 2000: 31 × 2000 ÷ 3000. DSO = 31 + 28 + 20.667 = 79.67.
    // Not yet due: D-I3 1000 → March 800 covered (31), February 28 × 200 ÷ 2000 = 2.8 → BPDSO 33.8. ADD 45.87.
    expect(d1).toMatchObject({ ar: 4800, currentAr: 1000, dso: 79.67, bpdso: 33.8, add: 45.87 });
    // A receivable that 24 months of sales cannot exhaust has no DSO, with the reason.
    expect(byKey(d).D2).toMatchObject({ ar: 100, dso: null, reason: expect.stringMatching(/24|exhaust|months/) });
    // The group's DSO from its totals (AR 4900): 31 + 28 + 31 × 2100 ÷ 3000 = 80.7, not an average of 79.67 and null.
    expect(d.totals).toMatchObject({ ar: 4900, dso: 80.7 });
  });

  it('standard method over a window of days', async () => {
    const d = await get('dso?scope=vertical:DsoV&asOf=2026-03-31&method=standard&days=90');
    // 90 days = 2026-01-01..03-31, net sales 5800: 4800 × 90 ÷ 5800 = 74.48; 1000 × 90 ÷ 5800 = 15.52; ADD 58.97.
    expect(byKey(d).D1).toMatchObject({ sales: 5800, dso: 74.48, bpdso: 15.52, add: 58.97 });
    expect(byKey(d).D2).toMatchObject({ dso: null, bpdso: null, add: null, reason: expect.stringMatching(/^no sales in the period/) });
    expect(d.days).toBe(90);
  });

  it('groups by vertical from the same totals', async () => {
    const d = await get('dso?scope=vertical:DsoV&asOf=2026-03-31&groupBy=vertical');
    expect(d.rows).toHaveLength(1);
    expect(d.rows[0]).toMatchObject({ key: 'DsoV', ar: 4900, dso: 80.7 });
  });

  it('rejects bad parameters', async () => {
    for (const q of ['method=magic', 'days=0', 'asOf=yesterday']) expect((await call('GET', `/dso?${q}`)).status).toBe(400);
  });
});

describe('GET /cei', () => {
  it('computes the CRF collection effectiveness index with sales ÷ N', async () => {
    const r = await get('cei?scope=D1&asOf=2026-03-31&months=2');
    // Period 2026-02-01..03-31; opening AR as of 01-31 = 3000; sales 2800 ÷ 2 = 1400; closing 4800, current 1000.
    // (3000 + 1400 − 4800) ÷ (3000 + 1400 − 1000) × 100 = −11.76 %.
    expect(r).toMatchObject({ periodStart: '2026-02-01', openingDate: '2026-01-31' });
    expect(byKey(r).D1).toMatchObject({ openingAr: 3000, sales: 2800, closingAr: 4800, closingCurrentAr: 1000, cei: -11.76 });
  });
});

describe('GET /customers/{id}/metrics', () => {
  it('answers one customer’s figures, consistent with the group endpoints and hand computation', async () => {
    const m = await get('customers/D1/metrics?asOf=2026-03-31');
    // Open: D-I1 2000 (45 days past due), D-I2 2000 (19), D-I3 1000 (current); D-C1 200 unapplied.
    expect(m).toMatchObject({
      customerId: 'D1', asOf: '2026-03-31', currency: 'USD',
      balance: 4800, overdue: 4000, unapplied: -200, creditLimit: 10000, exposure: 4800, headroom: 5200,
      dso: 79.67, bpdso: 33.8, add: 45.87, dsoStandard90: 74.48,
      avgDaysToPay: null, avgDaysBeyondTerms: null, modelVersion: 'cs-1.0',
    });
    expect(m.reasons.avgDaysToPay).toMatch(/no invoices settled/);
    // Payment index over open past-due items: 45 days → 45 points, 19 days → 70 − 4/7 × 10; equal amounts.
    expect(m.paymentIndex).toBeCloseTo((45 + (70 - (4 / 7) * 10)) / 2, 2);
    const weights = m.drivers.reduce((s: number, d: any) => s + d.weight, 0);
    expect(weights).toBeCloseTo(100, 1);
    expect(m.drivers.map((d: any) => d.driver)).toEqual(['payment_index', 'add', 'add_trend', 'utilisation', 'past_due_90', 'disputes', 'altman_z2']);
    expect(m.drivers.find((d: any) => d.driver === 'altman_z2')).toMatchObject({ points: null, weight: 0 });
    const score = m.drivers.reduce((s: number, d: any) => s + (d.points ?? 0) * d.weight, 0) / 100;
    expect(m.score).toBe(Math.round(score));
    // Limit: net sales of 12 months 5800 ÷ 365 × (30 terms + 15 grace) × grade factor.
    const factor = { A: 1.5, B: 1.2, C: 1, D: 0.6, E: 0 }[m.grade as 'A'];
    expect(m.recommendedLimit).toBeCloseTo(Math.round((580000 * 45 * factor) / 365) / 100, 2);
  });

  it('answers 404 for an unknown customer', async () => {
    const res = await call('GET', '/customers/NOPE/metrics');
    expect(res.status).toBe(404);
    expect(res.json.error.message).toBe('unknown customer NOPE');
  });
});

describe('POST /customers/{id}/financials', () => {
  it('feeds Altman Z″ into the credit score from the latest statements on or before the date', async () => {
    const bad = await call('POST', '/customers/D1/financials', { body: { period_end: '2025-12-31', currency: 'USD', total_assets: '0', current_assets: 1, current_liabilities: 1, total_liabilities: 1, retained_earnings: 1, ebit: 1, book_equity: 1 } });
    expect(bad.status).toBe(422);
    const res = await call('POST', '/customers/D1/financials', {
      body: { period_end: '2025-12-31', currency: 'USD', total_assets: '1000000', current_assets: '400000', current_liabilities: '200000', total_liabilities: '700000', retained_earnings: '150000', ebit: '100000', book_equity: '300000' },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const m = await get('customers/D1/metrics?asOf=2026-03-31');
    // Z″ = 6.56 × 0.2 + 3.26 × 0.15 + 6.72 × 0.1 + 1.05 × 300/700 = 2.923; points 80 + 0.323 ÷ 1.4 × 20.
    const z = m.drivers.find((d: any) => d.driver === 'altman_z2');
    expect(z.value).toBeCloseTo(2.923, 3);
    expect(z.points).toBeCloseTo(80 + (0.323 / 1.4) * 20, 1);
    expect(z.weight).toBeGreaterThan(0);
    const before = await get('customers/D1/metrics?asOf=2025-12-30');
    expect(before.drivers.find((d: any) => d.driver === 'altman_z2').points).toBeNull();
    expect((await call('POST', '/customers/NOPE/financials', { body: { period_end: '2025-12-31', currency: 'USD', total_assets: 1, current_assets: 1, current_liabilities: 1, total_liabilities: 1, retained_earnings: 1, ebit: 1, book_equity: 1 } })).status).toBe(404);
  });
});
