import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, snapshot } from './helpers';

const rows = [
  'CU1,Acme Retail,Retail,North,Ana,USD,250000.00,30',
  'CU2,"Bolt, Ltd",Manufacturing,EMEA,Ben,EUR,100000,45',
];

describe('POST /customers', () => {
  it('inserts, then re-imports the same rows without changing anything', async () => {
    const first = await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, rows) });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ rows: 2, inserted: 2, updated: 0, unchanged: 0, warnings: [] });
    const before = await snapshot();
    const again = await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, rows) });
    expect(again.json).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    // Only the import's own audit row is new; customers and the data version are untouched.
    const after = await snapshot();
    expect(after.split('\n').slice(0, 4)).toEqual(before.split('\n').slice(0, 4));

    const cu2 = await call('GET', '/customers/CU2');
    expect(cu2.json).toMatchObject({ customer_id: 'CU2', name: 'Bolt, Ltd', currency: 'EUR', credit_limit: 100000, payment_terms_days: 45, version: 1, hold: 'none' });
  });

  it('updates a changed row, bumps its version and audits before and after', async () => {
    await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['CU3,Cedar Health,Healthcare,South,Cy,USD,5000,30']) });
    const res = await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['CU3,Cedar Health,Healthcare,South,Dee,USD,7500.25,30']) });
    expect(res.json).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const cu3 = await call('GET', '/customers/CU3');
    expect(cu3.json).toMatchObject({ collector: 'Dee', credit_limit: 7500.25, version: 2 });
    const audit = await env.DB.prepare("SELECT before, after, user_id FROM audit_log WHERE entity = 'customer' AND entity_id = 'CU3' AND action = 'customer.update'").first<{ before: string; after: string; user_id: string }>();
    expect(JSON.parse(audit!.before)).toMatchObject({ collector: 'Cy', credit_limit: 500000 });
    expect(JSON.parse(audit!.after)).toMatchObject({ collector: 'Dee', credit_limit: 750025 });
    expect(audit!.user_id).toBe('admin');
  });

  it('accepts JSON rows, a BOM and CRLF line ends', async () => {
    const json = await call('POST', '/customers', { body: { rows: [{ customer_id: 'CJ1', name: 'Json Co', currency: 'GBP', credit_limit: 1000, payment_terms_days: 30 }] } });
    expect(json.json).toMatchObject({ inserted: 1 });
    const bom = await call('POST', '/customers', { body: `\uFEFF${CUSTOMER_HEADER}\r\nCB1,Bom Co,Retail,West,Al,USD,10,15\r\n` });
    expect(bom.json).toMatchObject({ inserted: 1 });
    expect((await call('GET', '/customers/CB1')).json).toMatchObject({ name: 'Bom Co', payment_terms_days: 15 });
  });

  it('rejects a file with any bad row: 422, every problem listed, nothing written', async () => {
    const before = await snapshot();
    const res = await call('POST', '/customers', {
      body: csv(CUSTOMER_HEADER, [
        'CX1,Good One,Retail,North,Ana,USD,100,30',
        ',No Id,Retail,North,Ana,USD,100,30',
        'CX3,Bad Currency,Retail,North,Ana,DOLLARS,100,30',
        'CX4,Bad Limit,Retail,North,Ana,USD,-100,30',
        'CX5,Bad Terms,Retail,North,Ana,USD,100,thirty',
        'CX1,Dup,Retail,North,Ana,USD,100,30',
      ]),
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('validation_failed');
    const details = res.json.error.details.map((d: { row: number; column: string }) => `${d.row}:${d.column}`);
    expect(details).toEqual(['3:customer_id', '4:currency', '5:credit_limit', '6:payment_terms_days']);
    expect(await snapshot()).toBe(before);

    const dup = await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['CX1,Good,R,N,A,USD,1,30', 'CX1,Dup,R,N,A,USD,1,30']) });
    expect(dup.status).toBe(422);
    expect(dup.json.error.details).toEqual([{ row: 3, column: 'customer_id', message: 'customer CX1 is also on row 2' }]);
    expect(await snapshot()).toBe(before);
  });

  it('reports a missing column, an empty body, malformed CSV and a wrong content type clearly', async () => {
    const missing = await call('POST', '/customers', { body: 'customer_id,name\nC,N\n' });
    expect(missing.status).toBe(422);
    expect(missing.json.error.message).toContain('currency');
    const malformed = await call('POST', '/customers', { body: `${CUSTOMER_HEADER}\nCM1,"Unclosed,Retail,N,A,USD,1,30\n` });
    expect(malformed.status).toBe(422);
    expect(malformed.json.error.details[0].message).toMatch(/malformed CSV|expected 8 fields/);
    const fields = await call('POST', '/customers', { body: `${CUSTOMER_HEADER}\nCM2,Short,Retail\n` });
    expect(fields.json.error.details).toEqual([{ row: 2, column: null, message: 'expected 8 fields, found 3' }]);
    const xml = await call('POST', '/customers', { body: '<x/>', type: 'application/xml' });
    expect(xml.status).toBe(415);
    const badJson = await call('POST', '/customers', { body: '{"rows": [', type: 'application/json' });
    expect(badJson.status).toBe(400);
    expect((await call('GET', '/customers/CM1')).status).toBe(404);
  });
});
