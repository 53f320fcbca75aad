// Targets and team performance through the API against a real local D1: who may set targets, validation, versions,
// closed and reopened periods, idempotency, and the actuals of a small portfolio computed by hand.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysInMonth } from '../../shared/dates';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser, snapshot } from './helpers';

let manager: string;
let analyst: string;
let controller: string;
let viewer: string;
const today = new Date().toISOString().slice(0, 10);
const thisMonth = today.slice(0, 7);
const FUTURE = `${Number(today.slice(0, 4)) + 1}-01`;

/** Everything a target write may touch, to prove a refused one changed nothing. */
async function everything(): Promise<string> {
  const mine = await Promise.all(['targets', 'target_period_reopenings', 'batch_assertions'].map(async (t) => JSON.stringify((await env.DB.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()).results)));
  return [await snapshot(), ...mine].join('\n');
}
const put = (targets: object[], token?: string, headers?: Record<string, string>) => call('PUT', '/targets', { body: { targets }, token, headers });

// The portfolio: Tina collects T1 (USD) and T2 (EUR), Tom collects T3 (USD); verticals TgtA (T1, T3) and TgtB (T2).
beforeAll(async () => {
  manager = await newUser('manager');
  analyst = await newUser('analyst');
  controller = await newUser('controller');
  viewer = await newUser('viewer');
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['T1,Tee One,TgtA,North,Tina,USD,0,30', 'T2,Tee Two,TgtB,North,Tina,EUR,0,30', 'T3,Tee Three,TgtA,North,Tom,USD,0,30']) })).status).toBe(200);
  const res = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,T-I1,T1,2026-06-01,2026-07-01,1000.00,USD,,,',
      'INV,T-I2,T1,2026-08-15,2026-09-14,2000.00,USD,,,',
      'PMT,T-P1,T1,2026-09-10,,400.00,USD,,T-I1,',
      'PMT,T-P2,T1,2026-09-20,,300.00,USD,,,on account',
      'PMT,T-P0,T1,2026-10-01,,100.00,USD,,T-I2,',
      'INV,T-I3,T2,2026-07-01,2026-07-31,1000.00,EUR,1.10,,',
      'PMT,T-P3,T2,2026-09-05,,500.00,EUR,1.20,T-I3,',
      'PMT,T-P4,T2,2026-09-25,,200.00,EUR,1.25,T-I3,',
      'PMT,T-P4,T2,2026-09-25,,100.00,EUR,1.25,,',
      'INV,T-I5,T3,2026-05-01,2026-05-31,800.00,USD,,,',
      'INV,T-I6,T3,2026-06-15,2026-07-15,400.00,USD,,,',
      'PMT,T-P5,T3,2026-09-30,,800.00,USD,,T-I5,',
      'PMT,T-P6,T3,2026-10-01,,999.00,USD,,,',
    ]),
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
});

describe('who may set targets', () => {
  it('refuses analysts, controllers and viewers with 403 and writes nothing; managers and admins may', async () => {
    const before = await everything();
    for (const token of [analyst, controller, viewer]) {
      const res = await put([{ period: FUTURE, collector: 'Tina', metric: 'collections', value: '1000' }], token);
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    expect(await everything()).toBe(before);
    expect((await put([{ period: FUTURE, collector: 'Tom', metric: 'dso', value: 45 }], manager)).json.results[0]).toMatchObject({ status: 'created', version: 1 });
    // Everyone sees targets and achievement.
    for (const token of [analyst, viewer]) {
      expect((await call('GET', `/targets?from=${FUTURE}`, { token })).status).toBe(200);
      expect((await call('GET', `/performance?period=${FUTURE}`, { token })).status).toBe(200);
    }
    // Only an admin reopens a period.
    expect((await call('POST', '/targets/periods/2026-01/reopen', { token: manager, body: { reason: 'late correction' } })).status).toBe(403);
  });
});

describe('validation', () => {
  it('rejects each bad row with its reason and writes nothing for it', async () => {
    const before = await everything();
    const res = await put([
      { period: '2027-1', collector: 'Tina', metric: 'collections', value: '1000' },
      { period: FUTURE, collector: 'Nobody', metric: 'collections', value: '1000' },
      { period: FUTURE, vertical: 'Nowhere', metric: 'collections', value: '1000' },
      { period: FUTURE, collector: 'Tina', vertical: 'TgtA', metric: 'collections', value: '1000' },
      { period: FUTURE, collector: 'Tina', metric: 'speed', value: '1000' },
      { period: FUTURE, collector: 'Tina', metric: 'collections', value: '-5' },
      { period: FUTURE, collector: 'Tina', metric: 'collections', value: '10.001' },
      { period: FUTURE, collector: 'Tina', metric: 'dso', value: 0 },
      { period: FUTURE, collector: 'Tina', metric: 'dso', value: 1000 },
      { period: FUTURE, collector: 'Tina', metric: 'promises_kept_rate', value: 120 },
    ], manager);
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: any) => r.status)).toEqual(Array(10).fill('rejected'));
    expect(res.json.results.map((r: any) => r.reason)).toEqual([
      expect.stringMatching(/^period "2027-1" must be a month as YYYY-MM/),
      expect.stringMatching(/^unknown collector "Nobody"/),
      expect.stringMatching(/^unknown vertical "Nowhere"/),
      expect.stringMatching(/not both/),
      expect.stringMatching(/^metric "speed" must be one of/),
      expect.stringMatching(/^collections target "-5": give an amount greater than 0/),
      expect.stringMatching(/more decimals than USD allows/),
      expect.stringMatching(/^dso target "0": give days greater than 0 and at most 730/),
      expect.stringMatching(/^dso target "1000"/),
      expect.stringMatching(/^promises_kept_rate target "120": give a percentage/),
    ]);
    expect(await everything()).toBe(before);
  });

  it('answers a malformed body with 422 and the field', async () => {
    for (const body of [{ targets: [] }, { targets: [{ period: FUTURE, metric: 'dso' }] }, { nope: 1 }]) {
      const res = await call('PUT', '/targets', { body, token: manager });
      expect(res.status).toBe(422);
      expect(res.json.error.details[0].path).toMatch(/^json\.(targets|nope)/);
    }
  });
});

describe('versions', () => {
  it('keeps every version with who set it and when; the same value again is unchanged', async () => {
    const key = { period: FUTURE, collector: 'Tina', metric: 'collections' };
    expect((await put([{ ...key, value: '5000.00' }], manager)).json.results[0]).toMatchObject({ status: 'created', version: 1, collector: 'Tina', vertical: null });
    const dataVersion = (await call('GET', '/me')).json.dataVersion;
    expect((await put([{ ...key, value: 5000 }], manager)).json.results[0]).toMatchObject({ status: 'unchanged', version: 1 });
    expect((await call('GET', '/me')).json.dataVersion).toBe(dataVersion);
    expect((await put([{ ...key, value: '6000' }])).json.results[0]).toMatchObject({ status: 'updated', version: 2 });
    expect((await call('GET', '/me')).json.dataVersion).toBe(dataVersion + 1);

    const latest = await call('GET', `/targets?from=${FUTURE}`, { token: viewer });
    expect(latest.json.items.filter((i: any) => i.collector === 'Tina')).toEqual([
      { period: FUTURE, collector: 'Tina', vertical: null, metric: 'collections', value: 6000, version: 2, setBy: 'admin', setAt: expect.any(String) },
    ]);
    expect(latest.json.collectors).toEqual(expect.arrayContaining(['Tina', 'Tom']));
    expect(latest.json.periods).toEqual([{ period: FUTURE, state: 'open', reopenedUntil: null }]);
    const history = await call('GET', `/targets?from=${FUTURE}&history=true`);
    expect(history.json.items.filter((i: any) => i.collector === 'Tina').map((i: any) => [i.version, i.value, i.setBy])).toEqual([[1, 5000, expect.stringMatching(/./)], [2, 6000, 'admin']]);

    const audit = await env.DB.prepare("SELECT user_id, before, after FROM audit_log WHERE action = 'target.set' AND entity_id = ?1 ORDER BY id").bind(`${FUTURE}|collector:Tina|collections`).all<{ user_id: string; before: string | null; after: string }>();
    expect(audit.results.map((r) => [r.user_id, r.before && JSON.parse(r.before), JSON.parse(r.after).value])).toEqual([[expect.any(String), null, 500000], ['admin', { version: 1, value: 500000 }, 600000]]);
    // Stored versions are never changed or deleted.
    await expect(env.DB.prepare('UPDATE targets SET value = 1').run()).rejects.toThrow(/never changed/);
    await expect(env.DB.prepare('DELETE FROM targets').run()).rejects.toThrow(/kept/);
  });

  it('refuses a second row for the same target in one submission', async () => {
    const res = await put([{ period: FUTURE, vertical: 'TgtA', metric: 'dso', value: 40 }, { period: FUTURE, vertical: 'TgtA', metric: 'DSO', value: 41 }]);
    expect(res.json.results.map((r: any) => [r.status, r.reason ?? r.version])).toEqual([['created', 1], ['rejected', 'the same target as row 1 of this submission']]);
  });
});

describe('closed periods', () => {
  it('refuses changes after the month end until an admin reopens the period, with an audit row', async () => {
    const before = await everything();
    const row = { period: '2026-08', collector: 'Tina', metric: 'dso', value: 40 };
    expect((await put([row], manager)).json.results[0]).toMatchObject({ status: 'rejected', reason: 'period 2026-08 is closed (its month has ended); an admin can reopen it' });
    expect((await put([row])).json.results[0].status).toBe('rejected'); // an admin too, until reopened
    expect(await everything()).toBe(before);

    expect((await call('POST', `/targets/periods/${FUTURE}/reopen`, { body: { reason: 'x' } })).status).toBe(409);
    expect((await call('POST', '/targets/periods/2026-08/reopen', { body: { reason: '' } })).status).toBe(422);
    expect((await call('POST', '/targets/periods/2026-08/reopen', { body: { reason: 'x', until: addDays(today, -1) } })).status).toBe(422);
    expect((await call('POST', '/targets/periods/2026-8/reopen', { body: { reason: 'x' } })).status).toBe(400);
    expect(await everything()).toBe(before);

    const reopened = await call('POST', '/targets/periods/2026-08/reopen', { body: { reason: 'targets were typed in the wrong month' } });
    expect(reopened.status, JSON.stringify(reopened.json)).toBe(200);
    expect(reopened.json).toMatchObject({ period: '2026-08', state: 'reopened', reopenedUntil: addDays(today, 7), reopenedBy: 'admin' });
    const audit = await env.DB.prepare("SELECT after FROM audit_log WHERE action = 'target_period.reopen' AND entity_id = '2026-08'").first<{ after: string }>();
    expect(JSON.parse(audit!.after)).toMatchObject({ state: 'reopened', reason: 'targets were typed in the wrong month' });
    expect((await put([row], manager)).json.results[0]).toMatchObject({ status: 'created', version: 1 });
    expect((await call('GET', '/targets?from=2026-08&to=2026-08')).json.periods).toEqual([{ period: '2026-08', state: 'reopened', reopenedUntil: addDays(today, 7) }]);

    // Once the reopening has lapsed the period is closed again (its last day in the past).
    await env.DB.prepare("UPDATE target_period_reopenings SET until = '2026-09-01' WHERE period = '2026-08'").run();
    expect((await put([{ ...row, value: 41 }], manager)).json.results[0].status).toBe('rejected');
    // Sending the stored value of a closed period is not a change: unchanged, not rejected.
    expect((await put([row], manager)).json.results[0]).toMatchObject({ status: 'unchanged', version: 1 });
  });
});

describe('idempotency', () => {
  it('replays a retried submission with the same key and writes one version', async () => {
    const headers = { 'Idempotency-Key': 'targets-retry-0001' };
    const rows = [{ period: FUTURE, collector: 'Tom', metric: 'overdue_over_60', value: '250.00' }];
    const first = await put(rows, manager, headers);
    const again = await put(rows, manager, headers);
    expect(first.json.results[0]).toMatchObject({ status: 'created', version: 1 });
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM targets WHERE scope_value = 'Tom' AND metric = 'overdue_over_60'").first<{ n: number }>();
    expect(n!.n).toBe(1);
    expect((await put([{ ...rows[0], value: '300' }], manager, headers)).status).toBe(422);
  });
});

describe('performance against a hand-computed portfolio', () => {
  beforeAll(async () => {
    expect((await call('POST', '/targets/periods/2026-09/reopen', { body: { reason: 'September targets agreed late' } })).status).toBe(200);
    const res = await put([
      { period: '2026-09', collector: 'Tina', metric: 'collections', value: '2000.00' },
      { period: '2026-09', collector: 'Tina', metric: 'dso', value: 60 },
      { period: '2026-09', collector: 'Tina', metric: 'overdue_over_60', value: '1000' },
      { period: '2026-09', collector: 'Tom', metric: 'collections', value: 800 },
      { period: '2026-09', collector: 'Tom', metric: 'dso', value: 150 },
      { period: '2026-09', collector: 'Tom', metric: 'promises_kept_rate', value: 80 },
      { period: '2026-09', vertical: 'TgtB', metric: 'collections', value: 1000 },
    ], manager);
    expect(res.json.results.map((r: any) => r.status)).toEqual(Array(7).fill('created'));
    // Two promises of T3 due in September: T-I5's 800 paid on its promised date (kept), T-I6's 400 never paid (broken).
    await env.DB.batch([
      env.DB.prepare("INSERT INTO promises (id, customer_id, invoices, amount, currency, made_on, promised_date, created_by, created_at) VALUES ('tp1', 'T3', '[\"T-I5\"]', 80000, 'USD', '2026-09-01', '2026-09-30', 'x', '2026-09-01T00:00:00Z')"),
      env.DB.prepare("INSERT INTO promises (id, customer_id, invoices, amount, currency, made_on, promised_date, created_by, created_at) VALUES ('tp2', 'T3', '[\"T-I6\"]', 40000, 'USD', '2026-09-01', '2026-09-15', 'x', '2026-09-01T00:00:00Z')"),
    ]);
  });

  it('measures each collector against their targets', async () => {
    const res = await call('GET', '/performance?period=2026-09&groupBy=collector', { token: viewer });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ period: '2026-09', state: 'reopened', asOf: '2026-09-30', complete: true, daysElapsed: 30, daysInPeriod: 30 });
    const row = (key: string, metric: string) => res.json.rows.find((r: any) => r.key === key && r.metric === metric);

    // Collections = September payments, applied or not, at each payment's own rate:
    // Tina: T-P1 400 + T-P2 300 (unapplied) + T-P3 500 EUR × 1.20 = 600 + T-P4 (200 + 100) EUR × 1.25 = 375 → 1,675.00
    // (T-P0 is dated 1 October). 1,675 ÷ 2,000 = 83.75 %.
    expect(row('Tina', 'collections')).toEqual({ key: 'Tina', metric: 'collections', target: 2000, targetVersion: 1, actual: 1675, achievedPct: 83.75, met: false });
    // Tom: T-P5 800 on 30 September (T-P6 is October) → 800 ÷ 800 = 100 %.
    expect(row('Tom', 'collections')).toMatchObject({ target: 800, actual: 800, achievedPct: 100, met: true });

    // DSO by countback at 30 September. Tina's AR: T-I1 1,000 − 400 = 600; T-I2 2,000 (paid 1 October);
    // T-I3 1,100 (1,000 EUR × 1.10) − 500 × 1.10 − 200 × 1.10 = 330; less unapplied T-P2 300 and T-P4 100 × 1.25 = 125
    // → 600 + 2,000 + 330 − 425 = 2,505. September sales 0 (30 days), August 2,000 (31 days, 505 left),
    // July 1,100: 31 × 505 ÷ 1,100 = 14.2318 → 75.2318 days. Target 60 ÷ 75.2318 = 79.75 %.
    expect(row('Tina', 'dso')).toMatchObject({ target: 60, actual: 75.23, achievedPct: 79.75, met: false });
    // Tom's AR: T-I6 400 (T-I5 settled on 30 September; T-P6 is October). No sales July–September (92 days),
    // June's 400 exhausts it: 30 + 31 + 31 + 30 = 122 days. 150 ÷ 122 = 122.95 %.
    expect(row('Tom', 'dso')).toMatchObject({ target: 150, actual: 122, achievedPct: 122.95, met: true });

    // More than 60 days past due at 30 September: Tina T-I1 600 (91 days) + T-I3 330 (61 days) = 930 (T-I2 is 16 days);
    // 1,000 ÷ 930 = 107.53 %. Tom: T-I6 400 (77 days), no target.
    expect(row('Tina', 'overdue_over_60')).toMatchObject({ target: 1000, actual: 930, achievedPct: 107.53, met: true });
    expect(row('Tom', 'overdue_over_60')).toEqual({ key: 'Tom', metric: 'overdue_over_60', target: null, targetVersion: null, actual: 400, achievedPct: null, met: null, reason: 'no target set' });

    // Promises: Tom's two due in September, one kept → 50 %, against 80 % → 62.5 %. Tina has none due.
    expect(row('Tom', 'promises_kept_rate')).toMatchObject({ target: 80, actual: 50, achievedPct: 62.5, met: false });
    expect(row('Tina', 'promises_kept_rate')).toMatchObject({ actual: null, achievedPct: null, reason: 'no promises fell due in 2026-09 up to 2026-09-30' });
    // A closed period has no projections.
    expect(row('Tina', 'collections').projection).toBeUndefined();
    expect(res.json.total.map((t: any) => t.metric)).toEqual(['collections', 'dso', 'overdue_over_60', 'promises_kept_rate']);
  });

  it('lists actuals for every vertical and metric, with or without a target', async () => {
    const res = await call('GET', '/performance?period=2026-09&groupBy=vertical');
    const row = (key: string, metric: string) => res.json.rows.find((r: any) => r.key === key && r.metric === metric);
    // TgtA = T1 + T3: collections 400 + 300 + 800 = 1,500; over 60 days 600 + 400 = 1,000. TgtB = T2: 600 + 375 = 975; 330.
    expect([row('TgtA', 'collections').actual, row('TgtA', 'overdue_over_60').actual, row('TgtA', 'collections').target]).toEqual([1500, 1000, null]);
    // 975 ÷ 1,000 = 97.5 %.
    expect(row('TgtB', 'collections')).toMatchObject({ target: 1000, actual: 975, achievedPct: 97.5, met: false });
    expect(row('TgtB', 'overdue_over_60').actual).toBe(330);
    expect(res.json.rows.filter((r: any) => r.key === 'TgtA').map((r: any) => r.metric)).toEqual(['collections', 'dso', 'overdue_over_60', 'promises_kept_rate']);
  });

  it('projects an open month from the month to date', async () => {
    // A payment of 300.00 on the 1st of this month for Tom, with a 1,000.00 target.
    await call('POST', '/ledger', { body: csv(LEDGER_HEADER, [`PMT,T-P9,T3,${thisMonth}-01,,300.00,USD,,,`]) });
    expect((await put([{ period: thisMonth, collector: 'Tom', metric: 'collections', value: 1000 }], manager)).json.results[0].status).toMatch(/created|unchanged/);
    const res = await call('GET', `/performance?period=${thisMonth}`);
    const days = daysInMonth(Number(thisMonth.slice(0, 4)), Number(thisMonth.slice(5, 7)));
    const elapsed = Number(today.slice(8, 10));
    expect(res.json).toMatchObject({ asOf: today, complete: false, state: 'open', daysElapsed: elapsed, daysInPeriod: days });
    const tom = res.json.rows.find((r: any) => r.key === 'Tom' && r.metric === 'collections');
    // Run rate: 300 × days in the month ÷ days elapsed, to the cent (half away from zero).
    const projection = Math.round((30000 * days) / elapsed) / 100;
    expect(tom).toMatchObject({ actual: 300, target: 1000, achievedPct: 30, projection, projectedPct: Math.round((projection / 1000) * 10000) / 100 });
    const dso = res.json.rows.find((r: any) => r.key === 'Tom' && r.metric === 'dso');
    expect(dso.projection).toBe(dso.actual);
    // A month that has not started has no actuals.
    const future = await call('GET', `/performance?period=${FUTURE}`);
    expect(future.json.rows.find((r: any) => r.key === 'Tom' && r.metric === 'dso')).toMatchObject({ target: 45, actual: null, reason: `period ${FUTURE} has not started` });
  });

  it('rejects bad parameters', async () => {
    for (const q of ['period=2026-13', 'groupBy=region', 'period=sept']) expect((await call('GET', `/performance?${q}`)).status).toBe(400);
    expect((await call('GET', '/targets?from=2026-09&to=2026-01')).status).toBe(400);
  });
});

describe('AR.TARGET and AR.ACTUAL through the function batch', () => {
  it('answers targets and actuals of a collector, a vertical and a customer, and says why when there is none', async () => {
    const calls = [
      { fn: 'TARGET', args: ['collector:Tina', '2026-09', 'collections'] },
      { fn: 'ACTUAL', args: ['collector:Tina', '2026-09', 'collections'] },
      { fn: 'ACTUAL', args: ['collector:Tina', '2026-09-15', 'dso'] },
      { fn: 'ACTUAL', args: ['vertical:TgtB', '2026-09', 'overdue_over_60'] },
      { fn: 'ACTUAL', args: ['T2', '2026-09', 'collections'] },
      { fn: 'TARGET', args: ['collector:Tom', '2026-09', 'overdue_over_60'] },
      { fn: 'TARGET', args: ['T2', '2026-09', 'dso'] },
      { fn: 'ACTUAL', args: ['collector:Tina', 'Sept', 'dso'] },
      { fn: 'TARGET', args: ['collector:Tina', '2026-09', 'speed'] },
      // 46295 is 2026-09-30 as an Excel serial.
      { fn: 'ACTUAL', args: ['collector:Tom', 46295, 'dso'] },
    ];
    const res = await call('POST', '/functions/batch', { body: { calls }, token: viewer });
    expect(res.status).toBe(200);
    const r = res.json.results;
    // As in the performance test: Tina collected 1,675.00 against 2,000.00; DSO 75.23; TgtB 330 over 60 days; T2 600 + 375.
    expect(r.slice(0, 5).map((x: any) => x.value)).toEqual([2000, 1675, 75.23, 330, 975]);
    expect(r[5].error).toMatchObject({ code: 'NA', message: 'no target: no overdue_over_60 target for collector:Tom in 2026-09' });
    expect(r[6].error.code).toBe('NA');
    expect(r[7].error).toMatchObject({ code: 'VALUE', message: expect.stringMatching(/^period/) });
    expect(r[8].error).toMatchObject({ code: 'VALUE', message: expect.stringMatching(/^metric must be one of/) });
    expect(r[9].value).toBe(122);
  });
});
