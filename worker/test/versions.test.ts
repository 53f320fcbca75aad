import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser } from './helpers';

// Optimistic concurrency on every object a user changes in place (issue 10): read version n, change it with n →
// accepted, version n + 1; change it again with n → refused, and the stored rows are exactly as they were.

let analyst: string;
const thisMonth = new Date().toISOString().slice(0, 7);

/** Every row of the tables, with the audit log: the proof that a refused write wrote nothing. */
async function rows(tables: string[]): Promise<string> {
  const all = [...tables, 'audit_log'];
  const parts = await Promise.all(all.map(async (t) => `${t}: ${(await env.DB.prepare(`SELECT * FROM ${t}`).all()).results.map((r) => JSON.stringify(r)).sort().join('\n')}`));
  return parts.join('\n');
}

beforeAll(async () => {
  analyst = await newUser('analyst');
  const customers = await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['V1,Versioned Co,Retail,North,Dana,USD,10000,30', 'V2,Second Co,Retail,North,Dana,USD,10000,30']) });
  expect(customers.status, JSON.stringify(customers.json)).toBe(200);
  const ledger = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      'INV,V1-1,V1,2026-08-01,2026-08-31,1000.00,USD,,,',
      'INV,V1-2,V1,2026-08-05,2026-09-04,500.00,USD,,,',
      'INV,V2-1,V2,2026-08-01,2026-08-31,700.00,USD,,,',
    ]),
  });
  expect(ledger.status, JSON.stringify(ledger.json)).toBe(200);
});

interface Versioned {
  name: string;
  tables: string[];
  /** The object's version as a reader sees it. */
  read(): Promise<number>;
  /** A change made on `version`; `k` makes the first and the second change differ. */
  write(version: number, k: 1 | 2): Promise<{ status: number; json: any }>;
}

const created201 = async (path: string, body: object) => {
  const res = await call('POST', path, { token: analyst, body });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
};

/** An object created (POST to the list's path) on its first read, found in the list, changed by `change`. */
function created(name: string, tables: string[], list: string, body: object, change: (id: string, version: number, k: 1 | 2) => ReturnType<typeof call>): Versioned {
  let id = '';
  return {
    name,
    tables,
    read: async () => {
      id ||= (await created201(list.split('?')[0]!, body)).id;
      return (await call('GET', list)).json.items.find((x: any) => x.id === id).version;
    },
    write: (version, k) => change(id, version, k),
  };
}

const OBJECTS: Versioned[] = [
  {
    name: 'customer hold',
    tables: ['customers', 'hold_history'],
    read: async () => (await call('GET', '/customers/V1/holds')).json.version,
    write: (version, k) => call('PUT', '/customers/V1/hold', { token: analyst, body: { hold: k === 1 ? 'new_orders' : 'all', reason: `reason ${k}`, version } }),
  },
  {
    name: 'customer insurance',
    tables: ['customers', 'credit_insurance'],
    read: async () => (await call('GET', '/customers/V2')).json.version,
    write: (version, k) => call('PUT', '/customers/V2/insurance', { body: { version, cover: { insurer: `Insurer ${k}`, insuredAmount: `${k}000.00`, expiresOn: '2027-12-31' } } }),
  },
  created('dispute', ['disputes'], '/disputes?customer=V1', { customerId: 'V1', invoices: ['V1-1'], amount: '100.00', reason: 'pricing', openedOn: '2026-09-01' },
    (id, version, k) => call('POST', `/disputes/${id}`, { token: analyst, body: { version, status: 'in_review', note: `note ${k}` } })),
  created('cheque', ['cheques', 'documents'], '/cheques?customer=V1', { customerId: 'V1', chequeNo: 'CH-1', amount: '200.00', chequeDate: '2026-09-10', receivedOn: '2026-09-01' },
    (id, version, k) => call('POST', `/cheques/${id}`, { token: analyst, body: { action: k === 1 ? 'deposit' : 'cancel', date: '2026-09-10', version } })),
  // The stale change is one the state machine allows from the state read (issued → cancelled): only the version refuses it.
  created('letter of credit', ['letters_of_credit'], '/letters-of-credit?customer=V1', { customerId: 'V1', lcNo: 'LC-1', amount: '5000.00', expiryDate: '2027-03-31', documentsDue: '2027-01-31' },
    (id, version, k) => call('POST', `/letters-of-credit/${id}`, { token: analyst, body: { state: k === 1 ? 'documents_presented' : 'cancelled', version } })),
  created('recovery transfer', ['recovery_transfers'], '/recovery-transfers?customer=V2', { customerId: 'V2', kind: 'agency', agent: 'Agency A', transferredOn: '2026-10-01' },
    (id, version, k) => call('POST', `/recovery-transfers/${id}`, { body: { state: k === 1 ? 'in_progress' : 'withdrawn', on: '2026-10-02', version } })),
  {
    name: 'balance confirmation',
    tables: ['confirmations'],
    read: async () => (await call('GET', '/confirmations?quarter=2026-Q3&top=5')).json.items.find((i: any) => i.customerId === 'V1').confirmationVersion,
    write: (version, k) => call('POST', '/confirmations', { token: analyst, body: { quarter: '2026-Q3', customerId: 'V1', note: `note ${k}`, state: k === 1 ? 'sent' : 'not_sent', confirmationVersion: version } }),
  },
  {
    name: 'escalation rules',
    tables: ['escalation_rules', 'setting_versions'],
    read: async () => (await call('GET', '/escalation-rules')).json.version,
    write: (version, k) => call('PUT', '/escalation-rules', { body: { rules: [{ kind: 'grade', grade: 'E', level: `level ${k}` }], version } }),
  },
  {
    name: 'dunning levels',
    tables: ['dunning_levels', 'setting_versions'],
    read: async () => (await call('GET', '/dunning/levels')).json.version,
    write: (version, k) => call('PUT', '/dunning/levels', { body: { levels: [{ level: 1, name: `Reminder ${k}`, minDaysPastDue: k, channel: 'email', template: '<p>{{customer.name}}</p>' }], version } }),
  },
  {
    name: 'letterhead',
    tables: ['settings', 'setting_versions'],
    read: async () => (await call('GET', '/letterhead')).json.version,
    write: (version, k) => call('PUT', '/letterhead', { body: { name: `Acme ${k}`, address: '1 Main St', contact: 'ar@acme.test', logoUrl: '', version } }),
  },
  {
    name: 'credit policy',
    tables: ['credit_policy', 'setting_versions'],
    read: async () => (await call('GET', '/credit-policy')).json.version,
    write: (version, k) => call('PUT', '/credit-policy', { body: { maxLimitByGrade: { A: `${k}0000.00` }, version } }),
  },
];

describe('a change on a stale version is 409 and writes nothing', () => {
  for (const o of OBJECTS) {
    it(o.name, async () => {
      const n = await o.read();
      const first = await o.write(n, 1);
      expect(first.status, JSON.stringify(first.json)).toBe(200);
      expect(await o.read()).toBe(n + 1);
      const before = await rows(o.tables);
      const stale = await o.write(n, 2);
      expect(stale.status, JSON.stringify(stale.json)).toBe(409);
      // The answer names the version sent and the one stored.
      expect(stale.json.error.message).toMatch(new RegExp(`version.*\\b${n}\\b`));
      expect(stale.json.error.message).toMatch(new RegExp(`\\b${n + 1}\\b`));
      expect(await rows(o.tables)).toBe(before);
      expect(await o.read()).toBe(n + 1);
    });
  }

  it('two changes racing on the same version: exactly one is stored', async () => {
    const v = (await call('GET', '/escalation-rules')).json.version;
    const c = (await call('GET', '/confirmations?quarter=2026-Q4&top=5')).json.items.find((i: any) => i.customerId === 'V2').confirmationVersion;
    expect(c).toBe(0);
    const [a, b, x, y] = await Promise.all([
      call('PUT', '/escalation-rules', { body: { rules: [{ kind: 'grade', grade: 'D', level: 'a' }], version: v } }),
      call('PUT', '/escalation-rules', { body: { rules: [{ kind: 'grade', grade: 'D', level: 'b' }], version: v } }),
      call('POST', '/confirmations', { token: analyst, body: { quarter: '2026-Q4', customerId: 'V2', note: 'x', confirmationVersion: 0 } }),
      call('POST', '/confirmations', { token: analyst, body: { quarter: '2026-Q4', customerId: 'V2', note: 'y', confirmationVersion: 0 } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const rules = (await call('GET', '/escalation-rules')).json;
    expect(rules).toMatchObject({ version: v + 1, rules: [{ level: a.status === 200 ? 'a' : 'b' }] });
    const conf = await env.DB.prepare("SELECT note, version FROM confirmations WHERE quarter = '2026-Q4' AND customer_id = 'V2'").first();
    expect(conf).toEqual({ note: x.status === 200 ? 'x' : 'y', version: 1 });
    const audits = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'confirmation.update' AND entity_id = '2026-Q4/V2'").first<{ n: number }>();
    expect(audits!.n).toBe(1);
  });

  it('a change without its version is 422', async () => {
    for (const [method, path, body] of [
      ['PUT', '/escalation-rules', { rules: [] }],
      ['PUT', '/dunning/levels', { levels: [{ level: 1, name: 'x', minDaysPastDue: 1, channel: 'email', template: '<p>x</p>' }] }],
      ['PUT', '/letterhead', { name: 'x', address: '', contact: '', logoUrl: '' }],
      ['PUT', '/credit-policy', { maxLimitByGrade: {} }],
      ['POST', '/confirmations', { quarter: '2026-Q3', customerId: 'V1', note: 'x' }],
    ] as const) {
      const res = await call(method, path, { body });
      expect(res.status, path).toBe(422);
      expect(res.json.error.details.map((d: any) => d.path), path).toContain(path === '/confirmations' ? 'json.confirmationVersion' : 'json.version');
    }
  });
});

describe('objects kept as versions: the version read is optional, a stale one is refused', () => {
  it('provision matrix: a new version on the latest read is 201; on an older one 409, nothing added', async () => {
    const latest = async () => (await call('GET', '/ecl/matrices')).json.items.filter((m: any) => m.name === 'vt').length;
    expect(await latest()).toBe(0);
    const matrix = (k: number, version?: number) => ({ name: 'vt', buckets: [30], ratesPercent: [`${k}`, '2', '3'], version });
    expect((await call('POST', '/ecl/matrices', { body: matrix(1, 0) })).status).toBe(201);
    expect((await call('POST', '/ecl/matrices', { body: matrix(2, 1) })).json.version).toBe(2);
    const before = await rows(['provision_matrices', 'settings']);
    const stale = await call('POST', '/ecl/matrices', { body: matrix(3, 1) });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toMatch(/at version 2, not 1/);
    expect(await rows(['provision_matrices', 'settings'])).toBe(before);
    expect((await call('POST', '/ecl/matrices', { body: matrix(4) })).json.version).toBe(3);
  });

  it('target: a row on the version read is written; a row on an older one is rejected as stale and not written', async () => {
    const put = (value: string, version?: number) => call('PUT', '/targets', { body: { targets: [{ period: thisMonth, metric: 'collections', value, version }] } });
    const first = await put('1000', 0);
    expect(first.json.results[0]).toMatchObject({ status: 'created', version: 1 });
    expect((await put('2000', 1)).json.results[0]).toMatchObject({ status: 'updated', version: 2 });
    const before = await rows(['targets', 'settings']);
    const stale = await put('3000', 1);
    expect(stale.status).toBe(200);
    expect(stale.json.results[0]).toMatchObject({ status: 'rejected', reason: 'stale: the target is at version 2, you read 1; reload it' });
    expect(await rows(['targets', 'settings'])).toBe(before);
    expect((await call('GET', `/targets?from=${thisMonth}&to=${thisMonth}`)).json.items).toEqual([expect.objectContaining({ value: 2000, version: 2 })]);
  });
});

describe('changes that happen once: a second or racing attempt is 409 and writes nothing', () => {
  it('withdrawing a promise', async () => {
    const p = await created201('/promises', { customerId: 'V1', invoices: ['V1-2'], amount: '100.00', promisedDate: '2026-12-31', madeOn: '2026-09-01' });
    const [a, b] = await Promise.all([call('POST', `/promises/${p.id}/cancel`, { token: analyst }), call('POST', `/promises/${p.id}/cancel`, { token: analyst })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const before = await rows(['promises']);
    expect((await call('POST', `/promises/${p.id}/cancel`, { token: analyst })).status).toBe(409);
    expect(await rows(['promises'])).toBe(before);
    const audits = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'promise.cancel' AND entity_id = ?1").bind(p.id).first<{ n: number }>();
    expect(audits!.n).toBe(1);
  });

  it('clearing an escalation flag', async () => {
    await env.DB.prepare("INSERT INTO escalation_flags (id, customer_id, source, level, reason, flagged_on, flagged_by) VALUES ('F1', 'V1', 'R1', 'credit manager', 'test', '2026-10-01', 'admin')").run();
    const [a, b] = await Promise.all([call('POST', '/escalations/F1/clear', { token: analyst, body: { note: 'a' } }), call('POST', '/escalations/F1/clear', { token: analyst, body: { note: 'b' } })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const before = await rows(['escalation_flags']);
    expect((await call('POST', '/escalations/F1/clear', { token: analyst, body: { note: 'c' } })).status).toBe(409);
    expect(await rows(['escalation_flags'])).toBe(before);
    const audits = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'escalation.clear'").first<{ n: number }>();
    expect(audits!.n).toBe(1);
  });

  it('deciding a write-off', async () => {
    const w = await created201('/write-offs', { customerId: 'V2', items: [{ invoiceNo: 'V2-1', amount: '10.00' }], reason: 'small balance', date: '2026-10-31' });
    expect((await call('POST', `/write-offs/${w.id}/reject`, { body: { comment: 'no' } })).status).toBe(200);
    const before = await rows(['write_offs']);
    expect((await call('POST', `/write-offs/${w.id}/approve`, { body: { comment: 'yes' } })).status).toBe(409);
    expect(await rows(['write_offs'])).toBe(before);
  });

  it('revoking a token is idempotent: the second revocation answers the same and writes nothing', async () => {
    const issued = await call('POST', '/tokens', { token: analyst, body: { label: 'spare' } });
    expect(issued.status, JSON.stringify(issued.json)).toBe(201);
    const first = await call('DELETE', `/tokens/${issued.json.id}`, { token: analyst });
    expect(first.json).toMatchObject({ active: false, revokedAt: expect.any(String) });
    const before = await rows(['api_tokens']);
    const again = await call('DELETE', `/tokens/${issued.json.id}`, { token: analyst });
    expect(again.status).toBe(200);
    expect(again.json.revokedAt).toBe(first.json.revokedAt);
    expect(await rows(['api_tokens'])).toBe(before);
  });
});
