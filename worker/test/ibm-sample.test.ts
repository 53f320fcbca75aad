/**
 * IBM's public accounts-receivable sample (2,466 invoices, every one settled in full on its SettledDate), imported
 * through the API. The expected figures come straight from the published rows and the publisher's own
 * DaysToSettle column, not from our code: open on D = issued on or before D and settled after D.
 */
import { env } from 'cloudflare:test';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER } from './helpers';

interface IbmRow {
  countryCode: string;
  customerID: string;
  invoiceNumber: string;
  InvoiceDate: string;
  DueDate: string;
  InvoiceAmount: string;
  SettledDate: string;
  DaysToSettle: string;
}

const iso = (mdy: string) => {
  const [m, d, y] = mdy.split('/');
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
};
const cents = (s: string) => Math.round(Number(s) * 100); // the file has at most 2 decimals
const dayDiff = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

const rows = Papa.parse<IbmRow>(env.IBM_CSV.trim(), { header: true }).data.map((r) => ({
  ...r,
  invoiceDate: iso(r.InvoiceDate),
  dueDate: iso(r.DueDate),
  settledDate: iso(r.SettledDate),
  cents: cents(r.InvoiceAmount),
}));

beforeAll(async () => {
  const customers = [...new Map(rows.map((r) => [r.customerID, r.countryCode])).entries()].map(([id, country]) => `${id},IBM customer ${id},IBM sample,${country},Sample,USD,0,30`);
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, customers) })).status).toBe(200);
  const ledger = rows.flatMap((r) => [
    `INV,IBM-${r.invoiceNumber},${r.customerID},${r.invoiceDate},${r.dueDate},${r.InvoiceAmount},USD,,,`,
    `PMT,IBM-P${r.invoiceNumber},${r.customerID},${r.settledDate},,${r.InvoiceAmount},USD,,IBM-${r.invoiceNumber},`,
  ]);
  const res = await call('POST', '/ledger', { body: csv(LEDGER_HEADER, ledger) });
  expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(200);
  expect(res.json).toMatchObject({ rows: 2 * rows.length, inserted: 2 * rows.length, warnings: [] });
});

describe("IBM's accounts-receivable sample", () => {
  it('has the size its README states', () => {
    expect(rows).toHaveLength(2466);
    expect(new Set(rows.map((r) => r.customerID)).size).toBe(100);
  });

  for (const asOf of ['2012-01-31', '2012-06-30', '2012-11-15', '2013-03-31', '2013-08-31', '2013-12-02', '2013-12-31']) {
    it(`ages as of ${asOf} exactly as the published settlement dates say`, async () => {
      const expected = [0, 0, 0, 0, 0, 0];
      for (const r of rows) {
        if (r.invoiceDate > asOf || r.settledDate <= asOf) continue;
        const days = dayDiff(r.dueDate, asOf);
        const bucket = days <= 0 ? 0 : days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : days <= 120 ? 4 : 5;
        expected[bucket]! += r.cents;
      }
      const res = await call('GET', `/ageing?asOf=${asOf}&groupBy=vertical&scope=vertical:IBM%20sample`);
      expect(res.status).toBe(200);
      const line = res.json.rows[0] ?? { amounts: [0, 0, 0, 0, 0, 0], unapplied: 0 };
      expect(line.amounts.map((a: number) => Math.round(a * 100))).toEqual(expected);
      expect(line.unapplied).toBe(0);
      expect(res.json.check.balanced).toBe(true);
    });
  }

  it("matches the publisher's days-to-settle, amount-weighted over the 12 months to the date", async () => {
    const asOf = '2013-12-31';
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.customerID, (counts.get(r.customerID) ?? 0) + 1);
    const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([id]) => id);
    for (const id of busiest) {
      const settled = rows.filter((r) => r.customerID === id && r.settledDate > '2012-12-31' && r.settledDate <= asOf);
      const amount = settled.reduce((s, r) => s + r.cents, 0);
      const toPay = settled.reduce((s, r) => s + r.cents * Number(r.DaysToSettle), 0) / amount;
      // All invoices are on 30-day terms: days beyond terms = DaysToSettle − 30.
      const beyond = settled.reduce((s, r) => s + r.cents * (Number(r.DaysToSettle) - dayDiff(r.invoiceDate, r.dueDate)), 0) / amount;
      const m = await call('GET', `/customers/${id}/metrics?asOf=${asOf}`);
      expect(m.status).toBe(200);
      expect(m.json.avgDaysToPay).toBeCloseTo(toPay, 2);
      expect(m.json.avgDaysBeyondTerms).toBeCloseTo(beyond, 2);
    }
  });
});
