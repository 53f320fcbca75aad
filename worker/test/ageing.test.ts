import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER } from './helpers';

// Hand-computed figures: see each case. Everything is limited to vertical AgeV so other files' data cannot leak in.
beforeAll(async () => {
  await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['G1,Gamma Retail,AgeV,North,Ana,USD,5000,30', 'G2,Gamma Euro,AgeV,EMEA,Eva,EUR,5000,30']) });
  const res = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,G-I1,G1,2026-01-10,2026-02-09,1000.00,USD,,,',
      'INV,G-I2,G1,2026-02-01,2026-03-03,500.00,USD,,,',
      'PMT,G-P1,G1,2026-02-20,,400.00,USD,,G-I1,',
      'PMT,G-P2,G1,2026-04-15,,600.00,USD,,G-I1,',
      'CRN,G-C1,G1,2026-03-10,,100.00,USD,,,',
      'INV,G-I3,G1,2026-04-01,2026-05-01,300.00,USD,,,',
      'INV,G-E1,G2,2026-01-15,2026-02-14,200.00,EUR,1.1,,',
    ]),
  });
  expect(res.status).toBe(200);
});

const ageingOf = async (query: string) => {
  const res = await call('GET', `/ageing?scope=vertical:AgeV&${query}`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
};
const rowsOf = (json: any) => Object.fromEntries(json.rows.map((r: any) => [r.key, [...r.amounts, r.unapplied, r.total]]));

describe('GET /ageing', () => {
  it('ages as of a date between a partial and a final payment (due basis)', async () => {
    const a = await ageingOf('asOf=2026-03-31');
    expect(a.buckets.map((b: any) => b.label)).toEqual(['Current', '1-30', '31-60', '61-90', '91-120', '121+']);
    // G-I1 1000 − 400 paid 02-20 (the 04-15 payment is in the future) = 600, 50 days past due; G-I2 500, 28 days;
    // G-C1 100 unapplied; G-I3 dated 04-01 does not exist yet; G-E1 200 EUR × 1.1 = 220, 45 days.
    expect(rowsOf(a)).toEqual({ G1: [0, 500, 600, 0, 0, 0, -100, 1000], G2: [0, 0, 220, 0, 0, 0, 0, 220] });
    expect(a.totals).toEqual({ disputed: 0, collectibleOverdue: 1320, amounts: [0, 500, 820, 0, 0, 0], unapplied: -100, total: 1220 });
    expect(a.check).toEqual({ ledgerBalance: 1220, difference: 0, balanced: true });
    expect(a).toMatchObject({ asOf: '2026-03-31', basis: 'due', currency: 'USD' });
  });

  it('ages after the final payment, on the data-date path', async () => {
    const a = await ageingOf('asOf=2026-04-30');
    // G-I1 settled 04-15; G-I2 58 days; G-I3 due 05-01 is current; G-E1 75 days.
    expect(rowsOf(a)).toEqual({ G1: [300, 0, 500, 0, 0, 0, -100, 700], G2: [0, 0, 0, 220, 0, 0, 0, 220] });
    expect(a.check.balanced).toBe(true);
  });

  it('ages before and on the day of the first payment', async () => {
    expect(rowsOf(await ageingOf('asOf=2026-02-19'))).toEqual({ G1: [500, 1000, 0, 0, 0, 0, 0, 1500], G2: [0, 220, 0, 0, 0, 0, 0, 220] });
    expect(rowsOf(await ageingOf('asOf=2026-02-20')).G1).toEqual([500, 600, 0, 0, 0, 0, 0, 1100]);
  });

  it('puts exactly 30 days past due in 1-30 and 31 in 31-60', async () => {
    // G-I2 due 03-03: 30 days on 04-02, 31 on 04-03. G-I1 (600 open until 04-15) is 52/53 days past due.
    expect(rowsOf(await ageingOf('asOf=2026-04-02')).G1!.slice(0, 3)).toEqual([300, 500, 600]);
    expect(rowsOf(await ageingOf('asOf=2026-04-03')).G1!.slice(0, 3)).toEqual([300, 0, 1100]);
  });

  it('ages by document date and with custom buckets', async () => {
    const doc = await ageingOf('asOf=2026-03-31&basis=document');
    expect(doc.buckets.map((b: any) => b.label)).toEqual(['0-30', '31-60', '61-90', '91-120', '121+']);
    // G-I1 80 days old, G-I2 58, G-E1 75.
    expect(rowsOf(doc)).toEqual({ G1: [0, 500, 600, 0, 0, -100, 1000], G2: [0, 0, 220, 0, 0, 0, 220] });
    const custom = await ageingOf('asOf=2026-03-31&buckets=15,45');
    expect(custom.buckets.map((b: any) => b.label)).toEqual(['Current', '1-15', '16-45', '46+']);
    expect(rowsOf(custom).G1).toEqual([0, 0, 500, 600, -100, 1000]);
  });

  it('groups by vertical, region and all from the same figures', async () => {
    expect(rowsOf(await ageingOf('asOf=2026-03-31&groupBy=vertical'))).toEqual({ AgeV: [0, 500, 820, 0, 0, 0, -100, 1220] });
    expect(Object.keys(rowsOf(await ageingOf('asOf=2026-03-31&groupBy=region')))).toEqual(['EMEA', 'North']);
    expect((await ageingOf('asOf=2026-03-31&groupBy=all')).rows).toHaveLength(1);
  });

  it('leaves out customers with nothing open and answers bad parameters with 400', async () => {
    expect((await ageingOf('asOf=2025-12-31')).rows).toEqual([]);
    for (const q of ['asOf=2026-02-30', 'buckets=60,30', 'buckets=0,30', 'basis=invoice', 'groupBy=planet', 'scope=a:b:c']) {
      const res = await call('GET', `/ageing?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.json.error.details[0].message.length).toBeGreaterThan(5);
    }
  });
});

describe('GET /open-items', () => {
  it('lists the open items behind the figures as of a date', async () => {
    const res = await call('GET', '/open-items?customer=G1&asOf=2026-03-31');
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: any) => [i.doc_no, i.outstanding, i.days])).toEqual([['G-I1', 600, 50], ['G-I2', 500, 28]]);
    const later = await call('GET', '/open-items?customer=G1');
    expect(later.json.asOf).toBe('2026-04-15');
  });
});
