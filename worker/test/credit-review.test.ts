// Credit review and delegated authority, through the API against a real local D1: the review list, decisions
// within and above authority, approvals, self-approval, stale versions, holds, the grade policy, insurance, the
// audit trail, and the all-or-nothing batch guard.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDecision } from '../src/queries/credit';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser, snapshot } from './helpers';

/** The ledger's data date: its latest document date. */
const DATA_DATE = '2026-10-01';
let controller: string; // authority 50,000.00
let smallController: string; // authority 1,000.00
let zeroController: string; // authority 0
let manager: string; // authority 500,000.00
let admin2: string; // an admin user besides the bootstrap one
let analyst: string;

/** Every table a credit decision may touch, to prove a refused write changed nothing. */
async function everything(): Promise<string> {
  const mine = await Promise.all(
    ['limit_decisions', 'approvals', 'credit_insurance', 'credit_policy', 'batch_assertions'].map(async (t) => JSON.stringify((await env.DB.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()).results)),
  );
  return [await snapshot(), ...mine].join('\n');
}

const customer = async (id: string) => (await call('GET', `/customers/${id}`)).json;
const audit = async (entity: string, id: string) =>
  (await env.DB.prepare('SELECT user_id, action, before, after FROM audit_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY id').bind(entity, id).all<{ user_id: string; action: string; before: string | null; after: string | null }>()).results.map((r) => ({
    ...r, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after),
  }));
const decide = (token: string, decisions: object[], headers?: Record<string, string>) => call('POST', '/limit-decisions', { token, body: { decisions }, headers });
const userId = async (token: string) => (await call('GET', '/me', { token })).json.id as string;

beforeAll(async () => {
  const customers = await call('POST', '/customers', {
    body: csv(CUSTOMER_HEADER, [
      'K1,Kilo One,CrV,North,Kim,USD,10000.00,30',
      'K2,Kilo Two,CrV,North,Kim,USD,100000.00,30',
      'K3,Kilo Three,CrV,North,Kim,USD,20000.00,30',
      'K4,Kilo Four,CrV,North,Kim,USD,20000.00,30',
      'K5,Kilo Five,CrV,North,Kim,USD,20000.00,30',
    ]),
  });
  expect(customers.status, JSON.stringify(customers.json)).toBe(200);
  const ledger = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,K-1,K1,2026-10-01,2026-10-31,9500.00,USD,,,',
      'INV,K-2,K2,2026-10-01,2026-10-31,1000.00,USD,,,',
      'INV,K-3,K3,2026-10-01,2026-10-31,19000.00,USD,,,',
      'INV,K-4,K4,2026-10-01,2026-10-31,500.00,USD,,,',
      'INV,K-5,K5,2026-09-01,2026-10-01,5000.00,USD,,,',
    ]),
  });
  expect(ledger.status, JSON.stringify(ledger.json)).toBe(200);
  controller = await newUser('controller', 50_000);
  smallController = await newUser('controller', 1_000);
  zeroController = await newUser('controller', 0);
  manager = await newUser('manager', 500_000);
  admin2 = await newUser('admin', 5_000_000);
  analyst = await newUser('analyst', 1_000_000);
});

describe('GET /credit-reviews', () => {
  it('lists customers due for review with limit, exposure, score, grade, drivers, recommended limit, cover and version', async () => {
    const res = await call('GET', `/credit-reviews?asOf=${DATA_DATE}`, { token: analyst });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const k1 = res.json.items.find((i: any) => i.customerId === 'K1');
    expect(k1).toMatchObject({
      name: 'Kilo One', version: 1, dueReasons: ['utilisation'], creditLimit: 10000, termsDays: 30, hold: 'none', nextReviewDate: null,
      exposure: 9500, headroom: 500, utilisation: 0.95, grade: expect.stringMatching(/^[A-E]$/), lastDecisionGrade: null,
      insurance: null, insuredCover: 0, uninsuredExposure: 9500, pendingDecisionId: null,
    });
    expect(k1.drivers.map((d: any) => d.driver)).toContain('utilisation');
    expect(typeof k1.recommendedLimit).toBe('number');
    const metrics = await call('GET', `/customers/K1/metrics?asOf=${DATA_DATE}`);
    expect([k1.score, k1.grade, k1.recommendedLimit]).toEqual([metrics.json.score, metrics.json.grade, metrics.json.recommendedLimit]);
    // K2 uses 1 % of its limit: not due; listed with due=false.
    expect(res.json.items.map((i: any) => i.customerId)).not.toContain('K2');
    const all = await call('GET', `/credit-reviews?due=false&asOf=${DATA_DATE}`);
    expect(all.json.items.find((i: any) => i.customerId === 'K2')).toMatchObject({ dueReasons: [], exposure: 1000 });
  });

  it('sets credit-insurance cover on the version read; the list shows the uninsured exposure; a stale version is 409 and writes nothing', async () => {
    const put = await call('PUT', '/customers/K1/insurance', { token: controller, body: { version: 1, cover: { insurer: 'Atradius', insuredAmount: '6000.00', expiresOn: '2027-06-30' } } });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toEqual({ customerId: 'K1', version: 2, insurance: { insurer: 'Atradius', insuredAmount: 6000, expiresOn: '2027-06-30' } });
    const before = await everything();
    const stale = await call('PUT', '/customers/K1/insurance', { token: controller, body: { version: 1, cover: null } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toMatch(/changed since version 1 \(now 2\).*insurer — → Atradius/);
    expect(await everything()).toBe(before);
    const k1 = (await call('GET', `/credit-reviews?asOf=${DATA_DATE}`)).json.items.find((i: any) => i.customerId === 'K1');
    expect(k1).toMatchObject({ version: 2, insurance: { insurer: 'Atradius', insuredAmount: 6000, expiresOn: '2027-06-30' }, insuredCover: 6000, uninsuredExposure: 3500 });
    expect((await call('PUT', '/customers/K1/insurance', { token: analyst, body: { version: 2, cover: null } })).status).toBe(403);
  });
});

describe('POST /limit-decisions', () => {
  it('applies a raise within authority: the limit changes, the version moves, the decision keeps its evidence, the audit has before/after', async () => {
    const res = await decide(controller, [{ customerId: 'K1', version: 2, newLimit: '20000.00', reason: 'steady payer, seasonal peak' }]);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const [r] = res.json.results;
    expect(r).toEqual({ customerId: 'K1', decisionId: expect.any(String), status: 'applied' });
    expect(await customer('K1')).toMatchObject({ credit_limit: 20000, version: 3 });

    const history = await call('GET', '/customers/K1/decisions', { token: analyst });
    expect(history.status).toBe(200);
    expect(history.json.items[0]).toMatchObject({
      id: r.decisionId, status: 'applied', customerVersion: 2, reason: 'steady payer, seasonal peak',
      before: { creditLimit: 10000, termsDays: 30, hold: 'none' }, after: { creditLimit: 20000, termsDays: 30, hold: 'none' },
      approval: null, evidence: { asOf: DATA_DATE, exposure: 9500, creditLimit: 10000, insuredCover: 6000, uninsuredExposure: 3500, grade: expect.any(String), score: expect.any(Number) },
    });
    expect(history.json.items[0].evidence.drivers.length).toBe(7);

    const trail = await audit('customer', 'K1');
    expect(trail.at(-1)).toMatchObject({
      user_id: await userId(controller), action: 'customer.credit_decision',
      before: { credit_limit: 1_000_000, payment_terms_days: 30, hold: 'none', version: 2 },
      after: { credit_limit: 2_000_000, version: 3, decision_id: r.decisionId },
    });
    expect(await audit('limit_decision', r.decisionId)).toMatchObject([{ action: 'limit_decision.applied', after: { customer_id: 'K1', credit_limit: 2_000_000, reason: 'steady payer, seasonal peak' } }]);
  });

  it('sends a raise above authority for approval, leaving the customer as it was; the approver of enough authority applies it', async () => {
    const before = await customer('K2');
    const res = await decide(controller, [{ customerId: 'K2', version: before.version, newLimit: 150000, reason: 'new contract' }]);
    const [r] = res.json.results;
    expect(r).toMatchObject({ status: 'pending_approval', approverRole: 'manager', reason: 'raises the limit; the limit 150000.00 is above your authority of 50000.00' });
    expect(await customer('K2')).toEqual(before);

    // Waiting for the manager; not shown to its requester, nor to a controller whose authority does not cover it.
    expect((await call('GET', '/approvals', { token: controller })).json.items).toEqual([]);
    expect((await call('GET', '/approvals', { token: smallController })).json.items).toEqual([]);
    const waiting = await call('GET', '/approvals', { token: manager });
    const item = waiting.json.items.find((i: any) => i.decisionId === r.decisionId);
    expect(item).toMatchObject({
      customerId: 'K2', customerName: 'Kilo Two', currentLimit: 100000, newLimit: 150000, requestedBy: await userId(controller), stale: false,
      reason: 'new contract', approverRole: 'manager', evidence: { exposure: 1000, creditLimit: 100000, drivers: expect.any(Array) },
    });
    expect(item.requestedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // Refused for the requester and for an approver whose authority does not cover it: 403, nothing changed.
    const untouched = await everything();
    for (const token of [controller, smallController]) {
      const refused = await call('POST', `/approvals/${item.id}`, { token, body: { action: 'approve', comment: 'ok' } });
      expect(refused.status).toBe(403);
      expect(refused.json.error.message).toMatch(token === controller ? /own decision/ : /does not cover 150000.00/);
    }
    expect((await call('POST', `/approvals/${item.id}`, { token: analyst, body: { action: 'approve', comment: '' } })).status).toBe(403);
    expect(await everything()).toBe(untouched);

    const approved = await call('POST', `/approvals/${item.id}`, { token: manager, body: { action: 'approve', comment: 'contract seen' } });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(approved.json).toEqual({ status: 'applied', decisionId: r.decisionId, customerVersion: before.version + 1 });
    expect(await customer('K2')).toMatchObject({ credit_limit: 150000, version: before.version + 1 });
    // Decided once: a second answer is 409.
    expect((await call('POST', `/approvals/${item.id}`, { token: manager, body: { action: 'reject', comment: 'late' } })).status).toBe(409);

    const history = (await call('GET', '/customers/K2/decisions')).json.items[0];
    expect(history).toMatchObject({ status: 'applied', approval: { status: 'approved', approverRole: 'manager', decidedBy: await userId(manager), comment: 'contract seen' } });
    // The audit trail, step by step, with before and after.
    expect((await audit('limit_decision', r.decisionId)).map((a) => a.action)).toEqual(['limit_decision.pending_approval', 'limit_decision.approved']);
    expect((await audit('limit_decision', r.decisionId))[0]).toMatchObject({ before: { credit_limit: 10_000_000 }, after: { credit_limit: 15_000_000, approver_role: 'manager' } });
    expect((await audit('customer', 'K2')).at(-1)).toMatchObject({
      user_id: await userId(manager), action: 'customer.credit_decision',
      before: { credit_limit: 10_000_000, version: before.version }, after: { credit_limit: 15_000_000, version: before.version + 1, decision_id: r.decisionId },
    });
  });

  it('rejects a decision made on a stale version, says what changed, and changes nothing', async () => {
    // K1 is at version 3 since the decision above; a decision on version 2 is stale.
    const before = await everything();
    const res = await decide(controller, [{ customerId: 'K1', version: 2, newLimit: 1, reason: 'cut' }]);
    expect(res.json.results).toEqual([
      { customerId: 'K1', decisionId: null, status: 'rejected', reason: expect.stringMatching(/^stale: the decision was made on version 2, the customer is now at version 3; since then: credit_limit 10000.00 → 20000.00 \(customer.credit_decision by /) },
    ]);
    expect(await everything()).toBe(before);
  });

  it('places a hold without approval, even with no authority; releasing it needs authority for the limit', async () => {
    const k4 = await customer('K4');
    const placed = await decide(zeroController, [{ customerId: 'K4', version: k4.version, hold: 'all', nextReviewDate: '2026-11-15', reason: 'cheque bounced' }]);
    expect(placed.json.results[0]).toMatchObject({ status: 'applied' });
    expect(await customer('K4')).toMatchObject({ hold: 'all', next_review_date: '2026-11-15', version: k4.version + 1 });
    const listed = (await call('GET', `/credit-reviews?asOf=${DATA_DATE}`)).json.items.find((i: any) => i.customerId === 'K4');
    expect(listed.dueReasons).toEqual(['on_hold']);
    const lowered = await decide(zeroController, [{ customerId: 'K4', version: k4.version + 1, newLimit: '0', reason: 'stop' }]);
    expect(lowered.json.results[0].status).toBe('applied');
    const release = await decide(zeroController, [{ customerId: 'K4', version: k4.version + 2, hold: 'none', reason: 'paid' }]);
    // The limit is now 0, which a 0 authority covers: releasing is allowed.
    expect(release.json.results[0].status).toBe('applied');
    const k4now = await customer('K4');
    const raise = await decide(zeroController, [{ customerId: 'K4', version: k4now.version, newLimit: '100.00', hold: 'all', reason: 'small' }]);
    expect(raise.json.results[0]).toMatchObject({ status: 'pending_approval', approverRole: 'controller' });
  });

  it('judges each decision of a batch on its own and answers in order', async () => {
    const k3 = await customer('K3');
    const before = await customer('K5');
    const res = await decide(controller, [
      { customerId: 'K3', version: k3.version, newTermsDays: 14, reason: 'shorter terms' },
      { customerId: 'NOPE', version: 1, newLimit: 5, reason: 'x' },
      { customerId: 'K5', version: before.version, newLimit: '12.345', reason: 'typo' },
      { customerId: 'K3', version: k3.version, newLimit: 1, reason: 'made on the version the first row just changed' },
      { customerId: 'K5', version: before.version, newLimit: '20000.00', reason: 'same as now' },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: any) => [r.customerId, r.status])).toEqual([['K3', 'applied'], ['NOPE', 'rejected'], ['K5', 'rejected'], ['K3', 'rejected'], ['K5', 'rejected']]);
    expect(res.json.results[1].reason).toBe('unknown customer NOPE');
    expect(res.json.results[2].reason).toMatch(/more decimals than USD allows/);
    expect(res.json.results[3].reason).toMatch(/^stale: .*payment_terms_days 30 → 14/);
    expect(res.json.results[4].reason).toMatch(/nothing to change/);
    expect(await customer('K3')).toMatchObject({ payment_terms_days: 14, credit_limit: 20000 });
    expect(await customer('K5')).toEqual(before);
  });

  it('refuses roles that do not decide and invalid requests, changing nothing', async () => {
    const before = await everything();
    const k5 = await customer('K5');
    expect((await decide(analyst, [{ customerId: 'K5', version: k5.version, hold: 'all', reason: 'x' }])).status).toBe(403);
    for (const bad of [[], [{ customerId: 'K5', version: k5.version, hold: 'frozen', reason: 'x' }], [{ customerId: 'K5', version: k5.version, hold: 'all', reason: '' }], [{ customerId: 'K5', version: k5.version, nextReviewDate: '31/12/2026', reason: 'x' }]]) {
      const res = await decide(controller, bad);
      expect(res.status, JSON.stringify(bad)).toBe(422);
    }
    expect(await everything()).toBe(before);
  });

  it('applies a retried batch with the same Idempotency-Key once', async () => {
    const k5 = await customer('K5');
    const headers = { 'Idempotency-Key': 'credit-decision-0001' };
    const body = [{ customerId: 'K5', version: k5.version, newLimit: '25000.00', reason: 'retry me' }];
    const first = await decide(controller, body, headers);
    expect(first.json.results[0].status).toBe('applied');
    const after = await everything();
    const again = await decide(controller, body, headers);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await everything()).toBe(after);
    expect(await customer('K5')).toMatchObject({ credit_limit: 25000, version: k5.version + 1 });
    expect((await call('GET', '/customers/K5/decisions')).json.items.filter((d: any) => d.reason === 'retry me')).toHaveLength(1);
  });
});

describe('approvals and what changes under them', () => {
  it('answers 409 and applies nothing when a customer import changed the customer after the decision; the stale decision can still be rejected', async () => {
    const k5 = await customer('K5');
    const res = await decide(controller, [{ customerId: 'K5', version: k5.version, newLimit: '90000.00', reason: 'big order' }]);
    const [r] = res.json.results;
    expect(r.status).toBe('pending_approval');
    const reimport = await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['K5,Kilo Five,CrV,North,Kim,USD,30000.00,30']) });
    expect(reimport.json).toMatchObject({ updated: 1 });
    const item = (await call('GET', '/approvals', { token: manager })).json.items.find((i: any) => i.decisionId === r.decisionId);
    expect(item.stale).toBe(true);
    const before = await everything();
    const refused = await call('POST', `/approvals/${item.id}`, { token: manager, body: { action: 'approve', comment: 'ok' } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/credit_limit 25000.00 → 30000.00 \(customer.update by admin/);
    expect(await everything()).toBe(before);
    const rejected = await call('POST', `/approvals/${item.id}`, { token: manager, body: { action: 'reject', comment: 'stale: decide again' } });
    expect(rejected.json).toMatchObject({ status: 'rejected', decisionId: r.decisionId });
    expect(await customer('K5')).toMatchObject({ credit_limit: 30000 });
    expect((await call('GET', '/customers/K5/decisions')).json.items[0]).toMatchObject({ status: 'rejected', approval: { status: 'rejected', comment: 'stale: decide again' } });
  });

  it('holds a raise above the grade policy for another admin: no self-approval, a manager may not approve it', async () => {
    expect((await call('PUT', '/credit-policy', { token: manager, body: { maxLimitByGrade: { A: '1' } } })).status).toBe(403);
    expect((await call('GET', '/credit-policy')).json).toEqual({ currency: 'USD', maxLimitByGrade: {}, version: 1 });
    const k3 = await customer('K3');
    const grade = (await call('GET', `/customers/K3/metrics`)).json.grade;
    const put = await call('PUT', '/credit-policy', { body: { maxLimitByGrade: { [grade]: '30000.00' }, version: 1 } });
    expect(put.json).toEqual({ currency: 'USD', maxLimitByGrade: { [grade]: 30000 }, version: 2 });
    const policyAudit = await env.DB.prepare("SELECT before, after FROM audit_log WHERE action = 'credit_policy.update'").all<{ before: string; after: string }>();
    expect(policyAudit.results.map((a) => [JSON.parse(a.before), JSON.parse(a.after)])).toEqual([[{}, { [grade]: 3_000_000 }]]);

    const res = await decide(admin2, [{ customerId: 'K3', version: k3.version, newLimit: '40000.00', reason: 'strategic' }]);
    const [r] = res.json.results;
    expect(r).toMatchObject({ status: 'pending_approval', approverRole: 'admin', reason: expect.stringMatching(`above the policy maximum 30000.00 for grade ${grade}`) });
    const item = (await call('GET', '/approvals')).json.items.find((i: any) => i.decisionId === r.decisionId);
    expect(item.policyException).toBe(true);
    expect((await call('GET', '/approvals', { token: manager })).json.items.map((i: any) => i.decisionId)).not.toContain(r.decisionId);
    expect((await call('POST', `/approvals/${item.id}`, { token: admin2, body: { action: 'approve', comment: 'mine' } })).json.error.message).toMatch(/own decision/);
    expect((await call('POST', `/approvals/${item.id}`, { token: manager, body: { action: 'approve', comment: '' } })).json.error.message).toMatch(/needs an admin/);
    const approved = await call('POST', `/approvals/${item.id}`, { body: { action: 'approve', comment: 'board approved' } });
    expect(approved.json.status).toBe('applied');
    expect(await customer('K3')).toMatchObject({ credit_limit: 40000 });
    await call('PUT', '/credit-policy', { body: { maxLimitByGrade: {}, version: 2 } });
  });

  it('rolls the whole batch back when the customer moved between the read and the write', async () => {
    const k2 = await customer('K2');
    const before = await everything();
    const stale = { id: 'K2', name: 'Kilo Two', version: k2.version - 1, limit: 1, termsDays: 30, hold: 'none' as const, nextReviewDate: null };
    const snap = { asOf: DATA_DATE, modelVersion: 'x', score: 1, grade: 'E' as const, drivers: [], creditLimit: 1, exposure: 1, headroom: 0, recommendedLimit: 0, insurance: null, insuredCover: 0, uninsuredExposure: 1 };
    await expect(env.DB.batch(applyDecision(env.DB, { id: 'race', customer: stale, after: { ...stale, limit: 2 }, reason: 'race', snapshot: snap, userId: 'x', at: '2026-11-01T00:00:00Z' }))).rejects.toThrow(/CHECK constraint failed/);
    expect(await everything()).toBe(before);
  });
});
