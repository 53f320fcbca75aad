import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawSample } from '../../shared/audits/sample';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser, snapshot } from './helpers';

// Collectors' customers on 2026-10-31 (asOf). Terms 30 days; days past due = asOf − due date.
const AS_OF = '2026-10-31';
let analyst: string;
let manager: string;

beforeAll(async () => {
  analyst = await newUser('analyst');
  manager = await newUser('manager', 1000); // authority 1,000.00 USD
  const customers = await call('POST', '/customers', {
    body: csv(CUSTOMER_HEADER, [
      'L1,<script>alert(1)</script> & Co,V,North,Dana,USD,10000,30',
      'L2,Held Co,V,North,Dana,USD,10000,30',
      'L3,Disputing Co,V,North,Dana,USD,10000,30',
      'L4,Promising Co,V,North,Dana,USD,10000,30',
      'L5,Early Co,V,North,Dana,USD,10000,30',
      'L6,Cheque Co,V,North,Eve,USD,10000,30',
      'L7,Bad Debt Co,V,North,Eve,USD,10000,30',
    ]),
  });
  expect(customers.status, JSON.stringify(customers.json)).toBe(200);
  const ledger = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      // L1: due 2026-09-15 → 46 days past due (level 3 from 30 days), due 2026-10-20 → 11 days; both listed.
      'INV,L1-1,L1,2026-08-16,2026-09-15,1200.00,USD,,,PO <b>77</b>',
      'INV,L1-2,L1,2026-09-20,2026-10-20,300.00,USD,,,',
      'INV,L2-1,L2,2026-08-16,2026-09-15,500.00,USD,,,',
      'INV,L3-1,L3,2026-08-16,2026-09-15,800.00,USD,,,',
      'INV,L4-1,L4,2026-08-16,2026-09-15,400.00,USD,,,',
      // L5: due 2026-11-03 → −3 days: a friendly reminder (level 1 from −5 days).
      'INV,L5-1,L5,2026-10-04,2026-11-03,250.00,USD,,,',
      // L6: paid by cheque CH-9 on 2026-09-20; the cheque bounces on 2026-10-05.
      'INV,L6-1,L6,2026-09-01,2026-10-01,1000.00,USD,,,',
      'PMT,L6-P1,L6,2026-09-20,,1000.00,USD,,L6-1,cheque CH-9',
      'INV,L7-1,L7,2026-03-01,2026-03-31,900.00,USD,,,',
      'INV,L7-2,L7,2026-03-05,2026-04-04,600.00,USD,,,',
    ]),
  });
  expect(ledger.status, JSON.stringify(ledger.json)).toBe(200);
  // L2 on hold, L3 disputes all of its balance, L4 promised to pay.
  const hold = await call('PUT', '/customers/L2/hold', { token: analyst, body: { hold: 'new_orders', reason: 'no payment since August', version: 1 } });
  expect(hold.status, JSON.stringify(hold.json)).toBe(200);
  expect((await call('POST', '/disputes', { token: analyst, body: { customerId: 'L3', invoices: ['L3-1'], amount: '800.00', reason: 'pricing', openedOn: '2026-10-01' } })).status).toBe(201);
  expect((await call('POST', '/promises', { token: analyst, body: { customerId: 'L4', invoices: ['L4-1'], amount: '400.00', promisedDate: '2026-11-10', madeOn: '2026-10-28' } })).status).toBe(201);
});

describe('dunning', () => {
  it('previews letters at the level of the oldest item, escapes ledger text, and lists the skipped with reasons', async () => {
    const res = await call('POST', '/dunning/runs', { token: analyst, body: { asOf: AS_OF, collector: 'Dana', preview: true } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.runId).toBeNull();
    expect(res.json.letters.map((l: any) => [l.customerId, l.level, l.channel, l.daysPastDue, l.total, l.invoices])).toEqual([
      ['L1', 3, 'letter', 46, 1500, ['L1-1', 'L1-2']], // 1,200 + 300
      ['L5', 1, 'email', -3, 250, ['L5-1']],
    ]);
    const html: string = res.json.letters[0].html;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(html).toContain('PO &lt;b&gt;77&lt;/b&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('USD 1,500.00');
    expect(res.json.skipped.map((s: any) => [s.customerId, s.reason])).toEqual([
      ['L2', 'on hold (new_orders)'],
      ['L3', 'in dispute for the whole balance'],
      ['L4', 'open promise to pay USD 400.00 by 2026-11-10'],
    ]);
    // A preview records nothing.
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM activities WHERE kind = 'dunning'").first<{ n: number }>())!.n).toBe(0);
  });

  it('produces the letters as activities once per Idempotency-Key, and does not repeat a level within 14 days', async () => {
    const headers = { 'Idempotency-Key': 'dunning-run-2026-10-31' };
    const first = await call('POST', '/dunning/runs', { token: analyst, headers, body: { asOf: AS_OF, collector: 'Dana', preview: false } });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    const again = await call('POST', '/dunning/runs', { token: analyst, headers, body: { asOf: AS_OF, collector: 'Dana', preview: false } });
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.json.runId).toBe(first.json.runId);
    const acts = await env.DB.prepare("SELECT customer_id, outcome, occurred_on FROM activities WHERE kind = 'dunning' ORDER BY customer_id").all();
    expect(acts.results).toEqual([
      { customer_id: 'L1', outcome: 'level 3 letter', occurred_on: AS_OF },
      { customer_id: 'L5', outcome: 'level 1 email', occurred_on: AS_OF },
    ]);
    const run = await call('GET', `/dunning/runs/${first.json.runId}`, { token: await newUser('viewer') });
    expect(run.json.letters.map((l: any) => l.customerId)).toEqual(['L1', 'L5']);
    // Five days later: L1 is still at level 3, sent on 2026-10-31 (skipped); L5 is now 2 days past due (2026-11-05 −
    // 2026-11-03): level 2, higher than the level 1 sent, so it gets the next letter.
    const next = await call('POST', '/dunning/runs', { token: analyst, body: { asOf: '2026-11-05', collector: 'Dana', preview: true } });
    expect(next.json.letters.map((l: any) => [l.customerId, l.level])).toEqual([['L5', 2]]);
    expect(next.json.skipped.find((s: any) => s.customerId === 'L1').reason).toBe('level 3 letter already sent on 2026-10-31');
  });

  it('refuses a template with an unknown merge field (admin only)', async () => {
    const levels = [{ level: 1, name: 'One', minDaysPastDue: 1, channel: 'email', template: '<p>{{customer.nmae}}</p>' }];
    expect((await call('PUT', '/dunning/levels', { token: analyst, body: { levels } })).status).toBe(403);
    const bad = await call('PUT', '/dunning/levels', { body: { levels, version: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].message).toMatch(/customer\.nmae/);
  });
});

describe('cheques', () => {
  it('a post-dated cheque is expected cash until deposited; it cannot be deposited before its date', async () => {
    const pdc = await call('POST', '/cheques', { token: analyst, body: { customerId: 'L7', chequeNo: 'PD-1', amount: '600.00', chequeDate: '2026-11-15', receivedOn: '2026-10-30' } });
    expect(pdc.status, JSON.stringify(pdc.json)).toBe(201);
    const expected = await call('GET', '/cheques?state=received');
    expect(expected.json.expectedCash).toEqual([{ date: '2026-11-15', currency: 'USD', amount: 600 }]);
    const early = await call('POST', `/cheques/${pdc.json.id}`, { token: analyst, body: { action: 'deposit', date: '2026-11-01', version: 1 } });
    expect(early.status).toBe(409);
    expect(early.json.error.message).toMatch(/not deposited before its date/);
  });

  it('a returned cheque re-opens the balance as of the return date, flags the customer, and is exported for the ERP', async () => {
    const reg = await call('POST', '/cheques', { token: analyst, body: { customerId: 'L6', chequeNo: 'CH-9', amount: '1000.00', chequeDate: '2026-09-18', receivedOn: '2026-09-18' } });
    expect(reg.status).toBe(201);
    const dep = await call('POST', `/cheques/${reg.json.id}`, { token: analyst, body: { action: 'deposit', date: '2026-09-20', version: 1, paymentDocNo: 'L6-P1' } });
    expect(dep.status, JSON.stringify(dep.json)).toBe(200);
    const versionBefore = (await call('GET', '/me')).json.dataVersion;
    // Unknown payment: 422 and nothing changes.
    const before = await snapshot();
    const bad = await call('POST', `/cheques/${reg.json.id}`, { token: analyst, body: { action: 'return', date: '2026-10-05', version: 2, paymentDocNo: 'NOPE' } });
    expect(bad.status).toBe(422);
    expect(await snapshot()).toBe(before);
    const ret = await call('POST', `/cheques/${reg.json.id}`, { token: analyst, body: { action: 'return', date: '2026-10-05', version: 2, reason: 'insufficient funds' } });
    expect(ret.status, JSON.stringify(ret.json)).toBe(200);
    expect(ret.json).toMatchObject({ state: 'returned', returnedOn: '2026-10-05', reversalDocNo: 'RET-CH-9' });
    expect((await call('GET', '/me')).json.dataVersion).toBe(versionBefore + 1);
    // Ageing of L6: the invoice was paid on 2026-09-20, so 0 the day before the return; 1,000.00 from the return date,
    // in Current (the reversal is due that day: 0 days past due).
    const ageing = async (asOf: string) => (await call('GET', `/ageing?asOf=${asOf}&scope=customer:L6&groupBy=customer`)).json;
    expect((await ageing('2026-10-04')).totals.total).toBe(0);
    const after = await ageing('2026-10-05');
    expect(after.totals.total).toBe(1000);
    expect(after.totals.amounts[0]).toBe(1000);
    expect(after.check.balanced).toBe(true);
    const flags = await call('GET', '/escalations?customer=L6');
    expect(flags.json.items.map((f: any) => [f.source, f.flaggedOn])).toEqual([['returned_cheque', '2026-10-05']]);
    const exported = await call('GET', '/cheques/reversals.csv');
    expect(exported.json).toContain('ADJ,RET-CH-9,L6,2026-10-05,2026-10-05,1000.00,USD,1,,returned cheque CH-9 (PMT L6-P1): insufficient funds');
    // Returned once: a second return is refused.
    expect((await call('POST', `/cheques/${reg.json.id}`, { token: analyst, body: { action: 'return', date: '2026-10-06', version: 3 } })).status).toBe(409);
  });
});

describe('letters of credit', () => {
  it('moves issued → documents presented → paid, and refuses a move out of a final state', async () => {
    const lc = await call('POST', '/letters-of-credit', { token: analyst, body: { customerId: 'L6', lcNo: 'LC-1', amount: '5000.00', expiryDate: '2026-12-31', documentsDue: '2026-12-15' } });
    expect(lc.status, JSON.stringify(lc.json)).toBe(201);
    expect(lc.json).toMatchObject({ state: 'issued', amount: 5000, currency: 'USD', version: 1 });
    expect((await call('POST', '/letters-of-credit', { token: analyst, body: { customerId: 'L6', lcNo: 'LC-1', amount: 1, expiryDate: '2026-12-31', documentsDue: '2026-12-15' } })).status).toBe(409);
    const presented = await call('POST', `/letters-of-credit/${lc.json.id}`, { token: analyst, body: { state: 'documents_presented', version: 1 } });
    expect(presented.json).toMatchObject({ state: 'documents_presented', version: 2 });
    expect((await call('POST', `/letters-of-credit/${lc.json.id}`, { token: analyst, body: { state: 'paid', version: 1 } })).status).toBe(409); // stale version
    expect((await call('POST', `/letters-of-credit/${lc.json.id}`, { token: analyst, body: { state: 'paid', version: 2 } })).json.state).toBe('paid');
    const before = await snapshot();
    expect((await call('POST', `/letters-of-credit/${lc.json.id}`, { token: analyst, body: { state: 'expired', version: 3 } })).status).toBe(409);
    expect(await snapshot()).toBe(before);
    expect((await call('GET', '/letters-of-credit?state=paid')).json.items.map((i: any) => i.lcNo)).toEqual(['LC-1']);
  });
});

describe('write-offs', () => {
  let proposalId: string;
  it('is proposed by a collector and waits for an approver whose authority covers it', async () => {
    const tooMuch = await call('POST', '/write-offs', { token: analyst, body: { customerId: 'L7', items: [{ invoiceNo: 'L7-1', amount: '901.00' }], reason: 'insolvent', date: '2026-10-31' } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.json.error.details[0].message).toMatch(/more than the 900.00 of L7-1/);
    // 900.00 + 600.00 = 1,500.00, above the manager's 1,000.00.
    const res = await call('POST', '/write-offs', { token: analyst, body: { customerId: 'L7', items: [{ invoiceNo: 'L7-1', amount: '900.00' }, { invoiceNo: 'L7-2', amount: 600 }], reason: 'insolvent', date: '2026-10-31' } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ state: 'proposed', amount: 1500, functionalAmount: 1500, posted: false });
    proposalId = res.json.id;
    expect((await call('POST', `/write-offs/${proposalId}/approve`, { token: analyst, body: {} })).status).toBe(403);
    const low = await call('POST', `/write-offs/${proposalId}/approve`, { token: manager, body: { comment: 'ok' } });
    expect(low.status).toBe(403);
    expect(low.json.error.message).toMatch(/authority of 1000.00 does not cover 1500.00/);
  });

  it('the proposer never approves their own; an approver within authority does, and the CSV posts it', async () => {
    const bigManager = await newUser('manager', 5000);
    const own = await call('POST', '/write-offs', { token: bigManager, body: { customerId: 'L4', items: [{ invoiceNo: 'L4-1', amount: '10.00' }], reason: 'small balance', date: '2026-10-31' } });
    expect(own.status).toBe(201);
    const self = await call('POST', `/write-offs/${own.json.id}/approve`, { token: bigManager, body: {} });
    expect(self.status).toBe(403);
    expect(self.json.error.message).toMatch(/own decision/);
    expect((await call('POST', `/write-offs/${own.json.id}/reject`, { token: manager, body: { comment: 'no' } })).json.state).toBe('rejected');

    const ok = await call('POST', `/write-offs/${proposalId}/approve`, { token: bigManager, body: { comment: 'agreed' } });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.state).toBe('approved');
    expect((await call('POST', `/write-offs/${proposalId}/approve`, { token: bigManager, body: {} })).status).toBe(409);
    const file = (await call('GET', '/write-offs.csv')).json as string;
    const lines = file.trim().split('\n');
    expect(lines.slice(1)).toEqual([
      `ADJ,${ok.json.docNo},L7,2026-10-31,,-900.00,USD,1,L7-1,WRITE-OFF ${ok.json.docNo}: insolvent`,
      `ADJ,${ok.json.docNo},L7,2026-10-31,,-600.00,USD,1,L7-2,WRITE-OFF ${ok.json.docNo}: insolvent`,
    ]);
    expect((await call('GET', '/open-items?asOf=2026-10-31&customer=L7')).json.items.map((i: any) => i.doc_no)).toEqual(['L7-1', 'L7-2']);
    const imported = await call('POST', '/ledger', { body: file });
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    expect((await call('GET', '/write-offs?state=approved')).json.items[0].posted).toBe(true);
    const open = await call('GET', '/open-items?asOf=2026-10-31&customer=L7');
    expect(open.json.items).toEqual([]);
    // Nothing left to export once the ledger carries it.
    expect((await call('GET', '/write-offs.csv')).json.trim().split('\n')).toHaveLength(1);
  });
});

describe('audit sample', () => {
  it('draws the same sample from the same seed, records it, and takes a manager’s review once', async () => {
    const collector = await newUser('analyst');
    const me = (await call('GET', '/me', { token: collector })).json.id as string;
    for (const [customerId, day] of [['L1', '2026-10-01'], ['L2', '2026-10-02'], ['L5', '2026-10-03'], ['L6', '2026-10-04'], ['L7', '2026-10-05'], ['L1', '2026-11-20']] as const) {
      expect((await call('POST', '/activities', { token: collector, body: { customerId, kind: 'call', outcome: 'spoke', occurredOn: day } })).status).toBe(201);
    }
    const body = { userId: me, from: '2026-10-01', to: '2026-10-31', size: 3, seed: 'october-review' };
    expect((await call('POST', '/audits/sample', { token: analyst, body })).status).toBe(403);
    const a = await call('POST', '/audits/sample', { token: manager, body });
    expect(a.status, JSON.stringify(a.json)).toBe(201);
    const b = await call('POST', '/audits/sample', { token: manager, body });
    expect(a.json.population).toBe(5); // the 2026-11-20 call is outside the period
    expect(b.json.items.map((i: any) => i.itemId)).toEqual(a.json.items.map((i: any) => i.itemId));
    expect(a.json.seed).toBe('october-review');
    // The same draw by the pure code over the population in its fixed order.
    const pop = (await env.DB.prepare("SELECT 'activity' AS type, id FROM activities WHERE created_by = ?1 AND occurred_on BETWEEN '2026-10-01' AND '2026-10-31'").bind(me).all<{ type: string; id: string }>()).results;
    expect(a.json.items.map((i: any) => i.itemId)).toEqual(drawSample(pop, 3, 'october-review').map((x) => x.id));
    const stored = await env.DB.prepare('SELECT seed, population FROM audit_samples WHERE id = ?1').bind(a.json.id).first();
    expect(stored).toEqual({ seed: 'october-review', population: 5 });

    const self = await call('POST', `/audits/${a.json.id}/results`, { token: manager, body: { results: [{ position: 1, result: 'finding' }] } });
    expect(self.status).toBe(422); // a finding needs a comment
    const rev = await call('POST', `/audits/${a.json.id}/results`, { token: manager, body: { results: [{ position: 1, result: 'ok' }, { position: 2, result: 'finding', comment: 'no next action date' }] } });
    expect(rev.status, JSON.stringify(rev.json)).toBe(200);
    expect(rev.json.items.map((i: any) => i.result)).toEqual(['ok', 'finding', null]);
    expect((await call('POST', `/audits/${a.json.id}/results`, { token: manager, body: { results: [{ position: 1, result: 'finding', comment: 'x' }] } })).status).toBe(409);
  });
});

describe('statements, holds, escalation, recovery', () => {
  it('statements for a collector in bulk are printable HTML with the letterhead, recorded as activities', async () => {
    expect((await call('PUT', '/letterhead', { body: { name: 'Acme <Receivables>', address: '1 Main St', contact: 'ar@acme.test', logoUrl: '', version: 1 } })).status).toBe(200);
    const res = await call('POST', '/statements', { token: analyst, body: { asOf: '2026-09-30', collector: 'Eve', record: true } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    // L6 on 2026-09-30: L6-1 paid on 2026-09-20 (payment this month), nothing open; L7: 900 + 600 open.
    expect(res.json.statements.map((s: any) => [s.customerId, s.balance])).toEqual([['L6', {}], ['L7', { USD: 1500 }]]);
    expect(res.json.html).toContain('Acme &lt;Receivables&gt;');
    expect(res.json.statements[0].html).toContain('PMT L6-P1');
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM activities WHERE kind = 'statement'").first<{ n: number }>())!.n).toBe(2);
  });

  it('a collector places a hold; releasing it needs a decider with authority; the history keeps both', async () => {
    const release = await call('PUT', '/customers/L2/hold', { token: analyst, body: { hold: 'none', reason: 'paid', version: 2 } });
    expect(release.status).toBe(403);
    const ok = await call('PUT', '/customers/L2/hold', { token: manager, body: { hold: 'none', reason: 'paid', version: 2 } }); // limit 10,000 > 1,000
    expect(ok.status).toBe(403);
    const rel = await call('PUT', '/customers/L2/hold', { body: { hold: 'none', reason: 'paid in full', version: 2 } });
    expect(rel.status, JSON.stringify(rel.json)).toBe(200);
    expect(rel.json.history.map((h: any) => [h.oldHold, h.newHold, h.reason])).toEqual([['new_orders', 'none', 'paid in full'], ['none', 'new_orders', 'no payment since August']]);
  });

  it('rules flag customers for escalation to a named level', async () => {
    expect((await call('PUT', '/escalation-rules', { body: { rules: [{ kind: 'overdue_over_days', days: 90, amount: '1000.00', level: 'credit manager' }], version: 1 } })).status).toBe(200);
    // On 2026-07-31 L7 has 900 (122 days past due) + 600 (118 days): 1,500 > 1,000 more than 90 days past due.
    const res = await call('POST', '/escalations/evaluate', { token: analyst, body: { asOf: '2026-07-31' } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.flagged.map((f: any) => [f.customerId, f.level, f.reason])).toEqual([['L7', 'credit manager', 'USD 1,500.00 more than 90 days past due (over 1,000.00)']]);
    expect((await call('POST', '/escalations/evaluate', { token: analyst, body: { asOf: '2026-07-31' } })).json.flagged).toEqual([]);
  });

  it('a transfer to an agency carries the balance and exports a pack', async () => {
    const t = await call('POST', '/recovery-transfers', { token: analyst, body: { customerId: 'L1', kind: 'agency', agent: 'Recoveries Ltd', transferredOn: '2026-10-31' } });
    expect(t.status, JSON.stringify(t.json)).toBe(201);
    expect(t.json.amount).toBe(1500);
    const pack = await call('GET', `/recovery-transfers/${t.json.id}/pack`, { token: await newUser('viewer') });
    expect(pack.status).toBe(200);
    expect(pack.json.invoices.map((i: any) => i.docNo)).toEqual(['L1-1', 'L1-2']);
    expect(pack.json.activities.some((a: any) => a.kind === 'dunning')).toBe(true);
    const moved = await call('POST', `/recovery-transfers/${t.json.id}`, { token: analyst, body: { state: 'recovered', on: '2026-11-20', version: 1 } });
    expect(moved.json).toMatchObject({ state: 'recovered', closedOn: '2026-11-20' });
  });
});
