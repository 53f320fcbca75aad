import { beforeAll, describe, expect, it } from 'vitest';
import { isoToExcelSerial } from '../../shared/dates';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER } from './helpers';

beforeAll(async () => {
  await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['FB1,Fox One,FnV,North,Fay,USD,5000,30', 'FB2,Fox Two,FnV,South,Fay,USD,2500.50,30']) });
  const res = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,F-1,FB1,2026-01-10,2026-02-09,1000.00,USD,,,',
      'INV,F-2,FB1,2026-02-20,2026-03-22,700.00,USD,,,',
      'PMT,F-P1,FB1,2026-03-01,,250.00,USD,,F-1,',
      'INV,F-3,FB2,2026-03-15,2026-04-14,400.00,USD,,,',
      'PMT,F-P2,FB2,2026-03-20,,50.00,USD,,,',
      'UNB,F-U1,FB2,2026-03-25,,300.00,USD,,,',
    ]),
  });
  expect(res.status).toBe(200);
});

async function batch(calls: { fn: string; args: unknown[] }[]) {
  const res = await call('POST', '/functions/batch', { body: { calls } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.results as ({ value: any } | { error: { code: string; message: string } })[];
}
const values = (rs: any[]) => rs.map((r) => ('value' in r ? r.value : `#${r.error.code}: ${r.error.message}`));

describe('POST /functions/batch', () => {
  it('answers every function in order with the same figures as the report endpoints', async () => {
    const asOf = '2026-03-31';
    const rs = values(await batch([
      { fn: 'AGEING', args: ['FB1', '31-60', asOf] },
      { fn: 'AGEING', args: ['FB1', null, asOf] },
      { fn: 'AGEING', args: ['vertical:FnV', 'total', asOf] },
      { fn: 'BALANCE', args: ['*', asOf] },
      { fn: 'OVERDUE', args: ['FB1', asOf, 31] },
      { fn: 'CREDITLIMIT', args: ['vertical:FnV'] },
      { fn: 'EXPOSURE', args: ['FB2', asOf] },
      { fn: 'HEADROOM', args: ['FB2', asOf] },
      { fn: 'DSO', args: ['vertical:FnV', null, asOf] },
      { fn: 'DSO', args: ['vertical:FnV', 'standard', asOf, 90] },
      { fn: 'CREDITSCORE', args: ['FB1', asOf] },
      { fn: 'AGEING', args: ['FB1', 'total', isoToExcelSerial(asOf)] },
    ]));
    // FB1: F-1 750 open, 50 days past due; F-2 700, 9 days. FB2: F-3 400 current, 50 unapplied.
    expect(rs[0]).toBe(750);
    expect(rs[1]).toEqual([[0, 700, 750, 0, 0, 0, 0, 1450]]);
    expect(rs[2]).toBe(1800);
    const ageing = await call('GET', `/ageing?asOf=${asOf}&groupBy=all`);
    expect(rs[3]).toBe(ageing.json.totals.total);
    expect(rs[4]).toBe(750);
    expect(rs[5]).toBe(7500.5);
    expect(rs[6]).toBe(650); // 350 balance + 300 unbilled
    expect(rs[7]).toBe(1850.5);
    const dso = await call('GET', `/dso?asOf=${asOf}&groupBy=vertical&scope=vertical:FnV`);
    expect(rs[8]).toBe(dso.json.rows[0].dso);
    const std = await call('GET', `/dso?asOf=${asOf}&groupBy=vertical&scope=vertical:FnV&method=standard&days=90`);
    expect(rs[9]).toBe(std.json.rows[0].dso);
    const metrics = await call('GET', `/customers/FB1/metrics?asOf=${asOf}`);
    expect(rs[10]).toBe(metrics.json.score);
    expect(rs[11]).toBe(1450);
  });

  it('spills the score drivers and the customer list', async () => {
    const [detail, list] = values(await batch([{ fn: 'SCOREDETAIL', args: ['FB1', '2026-03-31'] }, { fn: 'CUSTOMERS', args: ['vertical:FnV'] }]));
    expect(detail[0]).toEqual(['driver', 'value', 'points', 'weight']);
    expect(detail.map((r: any[]) => r[0])).toContain('grade');
    expect(detail.at(-1)).toEqual(['model version', 'cs-1.0', '', '']);
    expect(detail.every((r: any[]) => r.length === 4)).toBe(true);
    expect(list).toEqual([['FB1', 'Fox One', 'FnV', 'North', 'Fay'], ['FB2', 'Fox Two', 'FnV', 'South', 'Fay']]);
  });

  it('answers errors per call without failing the batch', async () => {
    const rs = await batch([
      { fn: 'BALANCE', args: ['C9'] },
      { fn: 'BALANCE', args: ['FB1', '2026-02-30'] },
      { fn: 'AGEING', args: ['FB1', '1-45'] },
      { fn: 'CREDITSCORE', args: ['vertical:FnV'] },
      { fn: 'DSO', args: ['FB1', 'magic'] },
      { fn: 'BALANCE', args: ['vertical:Nowhere'] },
      { fn: 'NOPE', args: [] },
      { fn: 'BALANCE', args: ['FB1', '2026-03-31'] },
    ]);
    expect(rs[0]).toEqual({ error: { code: 'NA', message: 'unknown customer C9' } });
    expect(rs[1]).toMatchObject({ error: { code: 'VALUE', message: expect.stringMatching(/^asOf/) } });
    expect(rs[2]).toMatchObject({ error: { code: 'VALUE', message: expect.stringMatching(/bucket must be one of Current, 1-30/) } });
    expect(rs[3]).toMatchObject({ error: { code: 'VALUE', message: expect.stringMatching(/^customer/) } });
    expect(rs[4]).toMatchObject({ error: { code: 'VALUE', message: expect.stringMatching(/^method/) } });
    expect(rs[5]).toMatchObject({ error: { code: 'NA', message: 'no customers in vertical:Nowhere' } });
    expect(rs[6]).toMatchObject({ error: { code: 'VALUE', message: 'unknown function NOPE' } });
    expect(rs[7]).toEqual({ value: 1450 });
  });

  it('takes 2,000 calls, de-duplicates them, and refuses more', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ fn: 'BALANCE', args: [i % 2 ? 'FB1' : 'FB2', '2026-03-31'] }));
    const rs = values(await batch(many));
    expect(rs).toHaveLength(2000);
    expect(new Set(rs)).toEqual(new Set([1450, 350]));
    const res = await call('POST', '/functions/batch', { body: { calls: [...many, many[0]] } });
    expect(res.status).toBe(422);
  });
});
