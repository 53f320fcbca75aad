import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser, snapshot } from './helpers';

let analyst: string;

beforeAll(async () => {
  analyst = await newUser('analyst');
  expect((await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['K1,Kilo Ltd,CollV,East,Kim,USD,0,30', 'K2,Quiet Ltd,CollV,East,Kim,USD,0,30']) })).status).toBe(200);
  const res = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,K-1,K1,2026-08-01,2026-08-31,1000.00,USD,,,',
      'INV,K-2,K1,2026-09-01,2026-10-01,500.00,USD,,,',
      'INV,K-3,K1,2026-06-01,2026-07-01,2000.00,USD,,,',
      'PMT,K-P3,K1,2026-10-05,2026-10-05,500.00,USD,,K-2,',
      'PMT,K-P1,K1,2026-10-10,2026-10-10,600.00,USD,,K-1,',
      'PMT,K-P2,K1,2026-10-20,2026-10-20,400.00,USD,,K-1,',
      'INV,K2-1,K2,2026-10-01,2026-10-31,300.00,USD,,,',
    ]),
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
});

const promise = (body: object) => call('POST', '/promises', { token: analyst, body: { customerId: 'K1', madeOn: '2026-10-01', ...body } });
const states = async (asOf: string) => Object.fromEntries((await call('GET', `/promises?customer=K1&asOf=${asOf}`)).json.items.map((p: any) => [p.note, [p.state, p.paid]]));

describe('promises to pay, judged from ledger payments', () => {
  it('open, kept, partly kept and broken as the payments arrive', async () => {
    expect((await promise({ invoices: ['K-1'], amount: '1000.00', promisedDate: '2026-10-15', note: 'A' })).status).toBe(201);
    expect((await promise({ invoices: ['K-2'], amount: 500, promisedDate: '2026-10-06', note: 'B' })).status).toBe(201);
    expect((await promise({ invoices: ['K-3'], amount: '2000', promisedDate: '2026-10-10', note: 'C' })).status).toBe(201);
    // Made on 12 Oct for what was left of K-1 (400.00): the 600.00 of 10 Oct came before it and does not count.
    expect((await promise({ invoices: ['K-1'], amount: '400', promisedDate: '2026-10-25', note: 'D', madeOn: '2026-10-12' })).status).toBe(201);

    expect(await states('2026-10-04')).toEqual({ B: ['open', 0], A: ['open', 0], C: ['open', 0] });
    // 6 Oct: K-P3 (5 Oct, 500.00) covered B; K-P1 not yet in.
    expect(await states('2026-10-06')).toMatchObject({ B: ['kept', 500], A: ['open', 0] });
    // 12 Oct: A has 600 of 1,000 and its date has not come; C's date (10 Oct) passed with nothing.
    expect(await states('2026-10-12')).toEqual({ B: ['kept', 500], C: ['broken', 0], A: ['open', 600], D: ['open', 0] });
    // 16 Oct: A's date passed at 600 of 1,000. 25 Oct: K-P2 (20 Oct) is late for A but keeps D.
    expect(await states('2026-10-16')).toMatchObject({ A: ['partly_kept', 600] });
    expect(await states('2026-10-25')).toEqual({ B: ['kept', 500], C: ['broken', 0], A: ['partly_kept', 600], D: ['kept', 400] });
    const broken = await call('GET', '/promises?customer=K1&asOf=2026-10-25&state=broken');
    expect(broken.json.items.map((p: any) => p.note)).toEqual(['C']);
  });

  it('refuses a promise on a settled or unknown invoice, or above the open amount, recording nothing', async () => {
    const viewer = await newUser('viewer');
    const before = await snapshot();
    const settled = await promise({ invoices: ['K-2', 'NOPE'], amount: '10', promisedDate: '2026-10-30', madeOn: '2026-10-06' });
    expect(settled.status).toBe(422);
    expect(settled.json.error.details.map((d: any) => d.path)).toEqual(['json.invoices.0', 'json.invoices.1']);
    const tooMuch = await promise({ invoices: ['K-3'], amount: '2000.01', promisedDate: '2026-10-30' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.json.error.details[0].message).toMatch(/open total 2000/);
    expect((await promise({ invoices: ['K-3'], amount: '1', promisedDate: '2026-09-30' })).status).toBe(422);
    expect((await call('POST', '/promises', { token: analyst, body: { customerId: 'NOPE', invoices: ['K-3'], amount: '1', promisedDate: '2026-10-30' } })).status).toBe(404);
    expect((await call('POST', '/promises', { token: viewer, body: { customerId: 'K1', invoices: ['K-3'], amount: '1', promisedDate: '2026-10-30' } })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });
});

describe('disputes', () => {
  it('holds the disputed amount apart in the ageing and runs the lifecycle with versions', async () => {
    const opened = await call('POST', '/disputes', { token: analyst, body: { customerId: 'K1', invoices: ['K-3'], amount: '1500.00', reason: 'pricing', owner: 'sales', openedOn: '2026-10-01' } });
    expect(opened.status, JSON.stringify(opened.json)).toBe(201);
    expect(opened.json).toMatchObject({ status: 'open', version: 1, amount: 1500, currency: 'USD', resolvedOn: null });
    const id = opened.json.id;

    // 16 Oct: K1 owes K-1 400.00 (46 days past due) and K-3 2,000.00 (107 days): 2,400.00 overdue, 1,500.00 of it disputed.
    const aged = await call('GET', '/ageing?asOf=2026-10-16&scope=K1');
    expect(aged.json.rows[0]).toMatchObject({ key: 'K1', total: 2400, disputed: 1500, collectibleOverdue: 900 });
    expect(aged.json.totals).toMatchObject({ disputed: 1500, collectibleOverdue: 900 });
    // Before it was opened, nothing was disputed.
    expect((await call('GET', '/ageing?asOf=2026-09-30&scope=K1')).json.rows[0]).toMatchObject({ disputed: 0 });

    const review = await call('POST', `/disputes/${id}`, { token: analyst, body: { version: 1, status: 'in_review', note: 'price list checked' } });
    expect(review.json).toMatchObject({ status: 'in_review', version: 2, note: 'price list checked' });
    const before = await snapshot();
    const stale = await call('POST', `/disputes/${id}`, { token: analyst, body: { version: 1, status: 'rejected' } });
    expect(stale.status).toBe(409);
    const noCause = await call('POST', `/disputes/${id}`, { token: analyst, body: { version: 2, status: 'resolved_credit_note' } });
    expect(noCause.status).toBe(422);
    expect(noCause.json.error.message).toMatch(/root cause/);
    expect(await snapshot()).toBe(before);

    const resolved = await call('POST', `/disputes/${id}`, { token: analyst, body: { version: 2, status: 'resolved_credit_note', rootCause: 'old price list', resolvedOn: '2026-10-20' } });
    expect(resolved.json).toMatchObject({ status: 'resolved_credit_note', version: 3, resolvedOn: '2026-10-20', rootCause: 'old price list' });
    expect((await call('POST', `/disputes/${id}`, { token: analyst, body: { version: 3, status: 'open' } })).status).toBe(422);
    // Disputed up to the day before its resolution, not after.
    expect((await call('GET', '/ageing?asOf=2026-10-19&scope=K1')).json.rows[0].disputed).toBe(1500);
    expect((await call('GET', '/ageing?asOf=2026-10-20&scope=K1')).json.rows[0].disputed).toBe(0);
    const register = await call('GET', '/disputes?customer=K1');
    expect(register.json.items.map((d: any) => [d.status, d.version])).toEqual([['resolved_credit_note', 3]]);
  });
});

describe('activities and the worklist', () => {
  it('ranks the customers to work with the reason for each', async () => {
    const logged = await call('POST', '/activities', { token: analyst, body: { customerId: 'K2', kind: 'call', outcome: 'left voicemail', nextActionDate: '2026-10-16', occurredOn: '2026-10-14' } });
    expect(logged.status, JSON.stringify(logged.json)).toBe(201);
    expect((await call('POST', '/activities', { token: analyst, body: { customerId: 'K2', kind: 'fax' } })).status).toBe(422);

    const res = await call('GET', '/worklist?collector=Kim&date=2026-10-16');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const [k1, k2] = res.json.items;
    // K1 on 16 Oct (the dispute on K-3 is still open): K-1 400.00 at 46 days → 0.4 × 2 = 0.8 pts; K-3 500.00 collectible
    // at 107 days → 0.5 × 4 = 2 pts; promises C (10 Oct, broken) and A (15 Oct, partly kept) → 100 pts. 102.8 before the grade factor.
    expect(k1.customerId).toBe('K1');
    expect(k1.reasons.slice(0, 3)).toEqual(['400.00 USD overdue 31–60 days (0.8 pts)', '500.00 USD overdue 91+ days (2 pts)', '2 broken promises in the last 30 days (100 pts)']);
    expect([102.8, 128.5, 154.2]).toContain(k1.priority);
    expect(k1).toMatchObject({ overdue: 900, disputed: 1500, nextStep: expect.stringMatching(/^Call about the promise/) });
    // K2: nothing overdue, but the follow-up of the 14 Oct call is due.
    expect(k2).toMatchObject({ customerId: 'K2', priority: 30, reasons: ['next action date reached (30 pts)'], lastActivity: { occurredOn: '2026-10-14', kind: 'call', outcome: 'left voicemail' }, nextActionDate: '2026-10-16' });
    const other = await call('GET', '/worklist?collector=Nobody&date=2026-10-16');
    expect(other.json.items).toEqual([]);
  });
});
