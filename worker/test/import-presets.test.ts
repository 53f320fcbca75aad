/** ERP export presets on POST /ledger?preset=: mapped onto the canonical columns, then the usual all-or-nothing import. */
import { beforeAll, describe, expect, it } from 'vitest';
import fbl5nBad from './fixtures/presets/fbl5n-bad-row.csv?raw';
import fbl5n from './fixtures/presets/fbl5n-open-items.csv?raw';
import xero from './fixtures/presets/xero-aged-receivables.csv?raw';
import { call, csv, CUSTOMER_HEADER, snapshot } from './helpers';

beforeAll(async () => {
  const res = await call('POST', '/customers', {
    body: csv(CUSTOMER_HEADER, [
      '100042,SAP Kunde Eins,PresetV,EMEA,Eva,USD,50000,30',
      '100043,SAP Kunde Zwei,PresetV,EMEA,Eva,EUR,50000,30',
      'Acme Ltd,Acme Ltd,PresetV,APAC,Ana,USD,50000,30',
      '"Bolt & Co",Bolt & Co,PresetV,APAC,Ana,USD,50000,30',
    ]),
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
});

async function openItems(customer: string) {
  const res = await call('GET', `/open-items?customer=${encodeURIComponent(customer)}&asOf=2026-10-31`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.items.map((i: any) => [i.doc_type, i.doc_no, i.due_date, i.amount, i.currency, i.outstanding]);
}

async function ledger(customer: string) {
  const res = await call('GET', `/ledger?customer=${encodeURIComponent(customer)}`);
  expect(res.status).toBe(200);
  return Object.fromEntries((res.json.items as any[]).map((d) => [`${d.doc_type} ${d.doc_no}`, d]));
}

describe('POST /ledger?preset=sap-fbl5n', () => {
  it('imports an FBL5N open-item list: invoices, unapplied payment and credit memo, FX from the local amount', async () => {
    const res = await call('POST', '/ledger?preset=sap-fbl5n', { body: fbl5n });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ rows: 6, inserted: 6, updated: 0, unchanged: 0 });
    expect(res.json.warnings).toEqual(['row 8: skipped, no customer and no document number (a total line?)']);

    expect(await openItems('100042')).toEqual([
      ['INV', '1800000001', '2026-10-01', 1234.56, 'USD', 1234.56],
      ['INV', '1800000002', '2026-10-15', 2000, 'USD', 2000],
    ]);
    // 1,000.00 EUR at 1,084.20 USD local → rate 1.0842; 25.00 EUR at 27.10 → 1.084.
    expect(await openItems('100043')).toEqual([
      ['ADJ', '100000006', '2026-10-05', 25, 'EUR', 27.1],
      ['INV', '1800000005', '2026-10-31', 1000, 'EUR', 1084.2],
    ]);
    const l = await ledger('100042');
    expect(l['PMT 1400000003']).toMatchObject({ amount: 500, unapplied: 500, applies_to: '', reference: 'bank' });
    expect(l['CRN 1600000004']).toMatchObject({ amount: 34.56, unapplied: 34.56, reference: 'rebate' });
    expect(l['INV 1800000001']).toMatchObject({ reference: 'PO-77' });

    const ageing = await call('GET', '/ageing?scope=vertical:PresetV&asOf=2026-10-31&groupBy=customer');
    expect(ageing.status).toBe(200);
    const byKey = Object.fromEntries(ageing.json.rows.map((r: any) => [r.key, r]));
    expect(byKey['100042']).toMatchObject({ unapplied: -534.56, total: 2700 });
    expect(byKey['100043']).toMatchObject({ unapplied: 0, total: 1111.3 });

    const again = await call('POST', '/ledger?preset=sap-fbl5n', { body: fbl5n });
    expect(again.json).toMatchObject({ rows: 6, inserted: 0, updated: 0, unchanged: 6 });
  });

  it('rejects a file with one bad row: 422 naming the FBL5N column, nothing written', async () => {
    const before = await snapshot();
    const res = await call('POST', '/ledger?preset=sap-fbl5n', { body: fbl5nBad });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.details).toEqual([{ row: 3, column: 'document date', message: '"31.02.2026" is not a date (DD.MM.YYYY or YYYY-MM-DD)' }]);
    expect(await snapshot()).toBe(before);
  });

  it('names the export column in checks against the ledger, and in missing-header problems', async () => {
    const before = await snapshot();
    const unknown = await call('POST', '/ledger?preset=sap-fbl5n', {
      body: 'Customer,Document Number,Document Type,Document Date,Amount in doc. curr.\nNOBODY,9,RV,01.09.2026,5.00\n',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.details).toContainEqual({ row: 2, column: 'customer', message: expect.stringMatching(/unknown customer "NOBODY"/) });
    const missing = await call('POST', '/ledger?preset=sap-fbl5n', { body: 'Customer,Document Number\n1,2\n' });
    expect(missing.status).toBe(422);
    expect(missing.json.error.details.map((d: any) => `${d.row}:${d.column}`)).toEqual(['1:document type', '1:document date', '1:amount in doc. curr.']);
    expect(await snapshot()).toBe(before);
  });
});

describe('POST /ledger?preset=xero-aged-receivables', () => {
  it('imports each line at its amount due, customers by contact name, the currency query as default', async () => {
    const res = await call('POST', '/ledger?preset=xero-aged-receivables&currency=usd', { body: xero });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ rows: 4, inserted: 4 });
    expect(res.json.warnings).toEqual(['row 6: skipped, no invoice number (a heading or total line)']);
    expect(await openItems('Acme Ltd')).toEqual([
      ['INV', 'INV-0001', '2026-11-04', 1200, 'USD', 1200],
      ['INV', 'INV-0002', '2026-11-11', 300, 'USD', 300],
    ]);
    expect(await openItems('Bolt & Co')).toEqual([['INV', 'INV-0003', '2026-10-20', 99.99, 'USD', 99.99]]);
    expect((await ledger('Bolt & Co'))['CRN CN-0004']).toMatchObject({ amount: 10, unapplied: 10 });
  });

  it('names the Xero column of an unknown contact', async () => {
    const res = await call('POST', '/ledger?preset=xero-aged-receivables', {
      body: 'Contact,Invoice Date,Invoice Number,Amount Due\nNobody Ltd,5 Oct 2026,X-1,10.00\n',
    });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toContainEqual({ row: 2, column: 'contact', message: expect.stringMatching(/unknown customer "Nobody Ltd"/) });
  });
});

describe('preset parameters', () => {
  it('rejects an unknown preset with 400 naming the available ones', async () => {
    const res = await call('POST', '/ledger?preset=quickbooks', { body: 'a,b\n1,2\n' });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe('unknown preset "quickbooks": use one of sap-fbl5n, xero-aged-receivables');
  });
  it('rejects a bad default currency', async () => {
    const res = await call('POST', '/ledger?preset=xero-aged-receivables&currency=US', { body: xero });
    expect(res.status).toBe(400);
  });
});
