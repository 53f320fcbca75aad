/**
 * Collectors' portfolios (issue 10): with collector_portfolio = own, a collector (analyst) sees and acts on only the
 * customers carrying their collector name. Two collectors, Ana (PA-…) and Quinn (QB-…); Ana's view is walked over
 * every GET route of the access table (generated from it: a new route without a case here fails), the function
 * batch and the statement match, and no trace of Quinn's customers may appear; her figures equal an admin's for
 * scope=collector:Ana; every write naming Quinn's customers is refused exactly as for a customer that does not exist.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS } from '../src/access';
import { viewFor, viewKey, type View } from '../src/portfolio';
import { RESTRICTED_TABLES, UNRESTRICTED, withPortfolio, portfolioCtes } from '../src/portfolio-sql';
import { call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser } from './helpers';

// A quote in the name: the collector name reaches SQL as a literal, and must stay one.
const ANA = "Ana O'Neil";
const QUINN = 'Quinn';
const AS_OF = '2026-10-31';
const ANA_SCOPE = `collector:${encodeURIComponent(ANA)}`;

let ana: string; // analyst, collector Ana
let adrift: string; // analyst without a collector name
const id: Record<string, string> = {};
/** Whatever identifies Quinn's customers: ids, names, document numbers, and the ids of their records (added below). */
const quinnMarks = ['QB-', 'QBI-', 'QBP-', 'Quebec'];

const setMode = async (mode: 'all' | 'own') => expect((await call('PUT', '/settings/portfolio', { body: { mode } })).status).toBe(200);
const ok = async (method: string, path: string, body?: object, token?: string) => {
  const res = await call(method, path, { body, token });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  return res.json;
};
const text = (json: unknown) => (typeof json === 'string' ? json : JSON.stringify(json));
const quinnIn = (json: unknown) => quinnMarks.filter((m) => text(json).includes(m));

/** Every row of every table, to prove a refused write changed nothing. */
async function everything(): Promise<string> {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name").all<{ name: string }>();
  const parts = await Promise.all(results.map(async ({ name }) => `${name} ${JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results)}`));
  return parts.join('\n');
}

/** Only the rows about Quinn's customers. */
async function quinnRows(): Promise<string> {
  return (await everything()).split('\n').map((t) => JSON.stringify((JSON.parse(t.slice(t.indexOf(' ') + 1)) as object[]).filter((r) => quinnIn(r).length))).join('\n');
}

beforeAll(async () => {
  const customers = await call('POST', '/customers', {
    body: csv(CUSTOMER_HEADER, [
      `PA-1,Papa One Ltd,Retail,North,${ANA},USD,5000,30`,
      `PA-2,Papa Two Ltd,Energy,South,${ANA},USD,8000,30`,
      `QB-1,Quebec One Ltd,Retail,North,${QUINN},USD,6000,30`,
      `QB-2,Quebec Two Ltd,Energy,South,${QUINN},USD,9000,30`,
    ]),
  });
  expect(customers.status, JSON.stringify(customers.json)).toBe(200);
  const ledger = await call('POST', '/ledger', {
    body: csv(LEDGER_HEADER, [
      // Ana, as of 2026-10-31 (the data date) on the due basis: PAI-1 paid; PAI-2 400.00 21 days past due; PAI-3 250.00 and
      // PAI-6 150.00 current; PAI-4 700.00 − credit note 100.00 = 600.00, 122 days; PAI-5 300.00, 42 days; PAP-2 50.00 unapplied.
      'INV,PAI-1,PA-1,2026-07-01,2026-07-31,1000.00,USD,,,',
      'PMT,PAP-1,PA-1,2026-08-15,,1000.00,USD,,PAI-1,',
      'INV,PAI-2,PA-1,2026-09-10,2026-10-10,400.00,USD,,,',
      'INV,PAI-3,PA-1,2026-10-15,2026-11-14,250.00,USD,,,',
      'PMT,PAP-2,PA-1,2026-10-20,,50.00,USD,,,',
      'INV,PAI-4,PA-2,2026-06-01,2026-07-01,700.00,USD,,,',
      'CRN,PAC-1,PA-2,2026-07-05,,100.00,USD,,PAI-4,',
      'INV,PAI-5,PA-2,2026-08-20,2026-09-19,300.00,USD,,,',
      'INV,PAI-6,PA-2,2026-10-31,2026-11-30,150.00,USD,,,',
      // Quinn: larger balances, so a leak would show in every total.
      'INV,QBI-1,QB-1,2026-08-01,2026-08-31,5000.00,USD,,,',
      'PMT,QBP-1,QB-1,2026-10-05,,1000.00,USD,,QBI-1,',
      'INV,QBI-2,QB-1,2026-10-01,2026-10-31,1200.00,USD,,,',
      'INV,QBI-3,QB-2,2026-05-01,2026-05-31,3000.00,USD,,,',
      'PMT,QBP-2,QB-2,2026-10-25,,500.00,USD,,,',
    ]),
  });
  expect(ledger.status, JSON.stringify(ledger.json)).toBe(200);

  // The same records for one customer of each collector, made by the admin.
  for (const [who, c, c2, inv, inv2, wo] of [['A', 'PA-1', 'PA-2', 'PAI-2', 'PAI-3', 'PAI-4'], ['B', 'QB-1', 'QB-2', 'QBI-1', 'QBI-2', 'QBI-3']] as const) {
    await ok('POST', '/activities', { customerId: c, kind: 'call', outcome: 'left a message', occurredOn: '2026-10-30' });
    id[`promise${who}`] = (await ok('POST', '/promises', { customerId: c, invoices: [inv], amount: '100.00', promisedDate: '2026-11-05', madeOn: '2026-10-30' })).id;
    id[`dispute${who}`] = (await ok('POST', '/disputes', { customerId: c, invoices: [inv2], amount: '50.00', reason: 'pricing', openedOn: '2026-10-30' })).id;
    id[`cheque${who}`] = (await ok('POST', '/cheques', { customerId: c, chequeNo: `${c}-CHQ1`, amount: '10.00', chequeDate: '2026-11-10', receivedOn: '2026-10-30' })).id;
    id[`lc${who}`] = (await ok('POST', '/letters-of-credit', { customerId: c, lcNo: `${c}-LC1`, amount: '500.00', expiryDate: '2027-01-31', documentsDue: '2026-12-15' })).id;
    id[`writeOff${who}`] = (await ok('POST', '/write-offs', { customerId: c2, items: [{ invoiceNo: wo, amount: '10.00' }], reason: 'small balance', date: AS_OF })).id;
    id[`transfer${who}`] = (await ok('POST', '/recovery-transfers', { customerId: c2, kind: 'agency', agent: 'Agent X', transferredOn: AS_OF })).id;
    id[`rec${who}`] = (await ok('POST', '/reconciliations', { customerId: c, asOf: AS_OF, lines: [{ ref: inv, date: '2026-09-10', amount: '400.00', type: 'invoice' }] })).id;
    await ok('POST', '/confirmations', { quarter: '2026-Q4', customerId: c, state: 'sent', confirmationVersion: 0 });
    await ok('POST', `/customers/${c}/financials`, {
      period_end: '2025-12-31', currency: 'USD', total_assets: '1000000', current_assets: '400000', current_liabilities: '200000',
      total_liabilities: '500000', retained_earnings: '150000', ebit: '90000', book_equity: '500000', sales: '2000000',
    });
    const v1 = (await ok('GET', `/customers/${c}`)).version;
    await ok('POST', '/limit-decisions', { decisions: [{ customerId: c, version: v1, newLimit: '5500.00', reason: 'annual review' }] });
    const v2 = (await ok('GET', `/customers/${c}`)).version;
    await ok('PUT', `/customers/${c}/insurance`, { version: v2, cover: { insurer: 'Atradius', insuredAmount: '1000.00', expiresOn: '2027-06-30' } });
    const v3 = (await ok('GET', `/customers/${c}`)).version;
    await ok('PUT', `/customers/${c}/hold`, { hold: 'new_orders', reason: 'late payer', version: v3 });
    id[`flag${who}`] = crypto.randomUUID();
    await env.DB.prepare("INSERT INTO escalation_flags (id, customer_id, source, level, reason, flagged_on, flagged_by) VALUES (?1, ?2, 'manual', 'team lead', 'watch', ?3, 'admin')").bind(id[`flag${who}`], c, AS_OF).run();
  }
  // Quinn's cheque bounces (GET /cheques/reversals.csv lists the reversal); both write-offs are approved (GET /write-offs.csv).
  id.chequeReturned = (await ok('POST', '/cheques', { customerId: 'QB-2', chequeNo: 'QB-2-CHQ9', amount: '10.00', chequeDate: '2026-10-26', receivedOn: '2026-10-25' })).id;
  await ok('POST', `/cheques/${id.chequeReturned}`, { action: 'deposit', date: '2026-10-26', version: 1, paymentDocNo: 'QBP-2' });
  await ok('POST', `/cheques/${id.chequeReturned}`, { action: 'return', date: '2026-10-27', version: 2, reason: 'insufficient funds' });
  const manager = await newUser('manager', 1000);
  for (const w of [id.writeOffA, id.writeOffB]) await ok('POST', `/write-offs/${w}/approve`, { comment: 'agreed' }, manager);
  id.proposalA = (await ok('POST', '/unapplied/proposals', { items: [{ docType: 'PMT', docNo: 'PAP-2', allocations: [{ invoiceNo: 'PAI-3', amount: '50.00' }] }] })).items[0].id;
  id.proposalB = (await ok('POST', '/unapplied/proposals', { items: [{ docType: 'PMT', docNo: 'QBP-2', allocations: [{ invoiceNo: 'QBI-3', amount: '500.00' }] }] })).items[0].id;
  // A run over Ana's customers, then one over everyone (Quinn's customers get letters; Ana's are skipped as recently written to).
  id.runA = (await ok('POST', '/dunning/runs', { asOf: AS_OF, collector: ANA, preview: false })).runId;
  id.runAll = (await ok('POST', '/dunning/runs', { asOf: AS_OF, preview: false })).runId;
  await ok('POST', '/statements', { asOf: AS_OF, collector: ANA, record: true });
  await ok('POST', '/statements', { asOf: AS_OF, collector: QUINN, record: true });
  await ok('PUT', '/targets', { targets: [{ period: '2026-10', collector: ANA, metric: 'collections', value: '1000.00' }, { period: '2026-10', collector: QUINN, metric: 'collections', value: '2000.00' }] });
  quinnMarks.push(...['promiseB', 'disputeB', 'chequeB', 'lcB', 'writeOffB', 'transferB', 'recB', 'flagB', 'proposalB', 'runAll'].map((k) => id[k]!));

  ana = (await ok('POST', '/users', { name: 'Ana', role: 'analyst', collector: ` ${ANA} ` })).token;
  adrift = await newUser('analyst');
  await setMode('own');
});

/** Concrete requests for every GET route of the access table: what a collector would ask, and asks aimed at Quinn's customers. */
function getCases(): Record<string, string[]> {
  return {
    'GET /api/v1/health': ['/health'],
    'GET /api/v1/openapi.json': ['/openapi.json'],
    'GET /api/v1/me': ['/me'],
    'GET /api/v1/settings/portfolio': ['/settings/portfolio'],
    'GET /api/v1/customers/:id': ['/customers/PA-1', '/customers/QB-1'],
    'GET /api/v1/customers': ['/customers', '/customers?scope=vertical:Retail', `/customers?scope=collector:${QUINN}`, '/customers?scope=*'],
    'GET /api/v1/ledger': ['/ledger?customer=PA-1', '/ledger?customer=QB-1'],
    'GET /api/v1/ageing': ['/ageing', '/ageing?scope=*', '/ageing?groupBy=vertical', '/ageing?groupBy=collector', '/ageing?groupBy=all&basis=document', '/ageing?scope=vertical:Retail', `/ageing?scope=collector:${QUINN}`, '/ageing?scope=QB-1', '/ageing?asOf=2026-08-31'],
    'GET /api/v1/open-items': ['/open-items', '/open-items?customer=QB-1', '/open-items?scope=vertical:Retail', '/open-items?asOf=2026-09-30'],
    'GET /api/v1/dso': ['/dso', '/dso?method=standard&groupBy=vertical', '/dso?groupBy=all', '/dso?scope=QB-1'],
    'GET /api/v1/cei': ['/cei', '/cei?groupBy=region&months=6'],
    'GET /api/v1/customers/:id/metrics': ['/customers/PA-1/metrics', '/customers/QB-1/metrics'],
    'GET /api/v1/customers/:id/financials': ['/customers/PA-1/financials', '/customers/QB-1/financials'],
    'GET /api/v1/ecl': ['/ecl', '/ecl?groupBy=customer', '/ecl?groupBy=collector'],
    'GET /api/v1/mis': ['/mis', '/mis?months=6'],
    'GET /api/v1/ecl/matrices': ['/ecl/matrices'],
    'GET /api/v1/ecl/suggested': ['/ecl/suggested', '/ecl/suggested?basis=write-offs'],
    'GET /api/v1/credit-reviews': ['/credit-reviews?due=false', '/credit-reviews'],
    'GET /api/v1/approvals': ['/approvals'],
    'GET /api/v1/customers/:id/decisions': ['/customers/PA-1/decisions', '/customers/QB-1/decisions'],
    'GET /api/v1/credit-policy': ['/credit-policy'],
    'GET /api/v1/reconciliations/account': [`/reconciliations/account?customer=PA-1&asOf=${AS_OF}`, `/reconciliations/account?customer=QB-1&asOf=${AS_OF}`],
    'GET /api/v1/reconciliations': ['/reconciliations', '/reconciliations?customer=QB-1'],
    'GET /api/v1/reconciliations/:id': [`/reconciliations/${id.recA}`, `/reconciliations/${id.recB}`],
    'GET /api/v1/confirmations': ['/confirmations?quarter=2026-Q4', '/confirmations?quarter=2026-Q4&top=10'],
    'GET /api/v1/unapplied': ['/unapplied', '/unapplied?customer=QB-2'],
    'GET /api/v1/unapplied/proposals': ['/unapplied/proposals', '/unapplied/proposals?state=open'],
    'GET /api/v1/unapplied/proposals.csv': ['/unapplied/proposals.csv'],
    'GET /api/v1/activities': ['/activities', '/activities?customer=QB-1'],
    'GET /api/v1/promises': ['/promises', '/promises?customer=QB-1'],
    'GET /api/v1/disputes': ['/disputes', '/disputes?customer=QB-1'],
    'GET /api/v1/worklist': ['/worklist', `/worklist?collector=${QUINN}`],
    'GET /api/v1/targets': ['/targets?from=2026-10&to=2026-10'],
    'GET /api/v1/performance': ['/performance?period=2026-10', '/performance?period=2026-10&groupBy=vertical'],
    'GET /api/v1/tokens': ['/tokens'],
    'GET /api/v1/audit/verify': ['/audit/verify'],
    'GET /api/v1/dunning/levels': ['/dunning/levels'],
    'GET /api/v1/dunning/runs/:id': [`/dunning/runs/${id.runA}`, `/dunning/runs/${id.runAll}`],
    'GET /api/v1/letterhead': ['/letterhead'],
    'GET /api/v1/statements': ['/statements?customer=PA-1', '/statements?customer=QB-1'],
    'GET /api/v1/cheques': ['/cheques', '/cheques?customer=QB-1', '/cheques?state=received'],
    'GET /api/v1/cheques/reversals.csv': ['/cheques/reversals.csv'],
    'GET /api/v1/letters-of-credit': ['/letters-of-credit', '/letters-of-credit?customer=QB-1'],
    'GET /api/v1/escalation-rules': ['/escalation-rules'],
    'GET /api/v1/escalations': ['/escalations?state=all', '/escalations?customer=QB-1'],
    'GET /api/v1/customers/:id/holds': ['/customers/PA-1/holds', '/customers/QB-1/holds'],
    'GET /api/v1/write-offs': ['/write-offs', '/write-offs?customer=QB-2'],
    'GET /api/v1/write-offs.csv': ['/write-offs.csv'],
    'GET /api/v1/recovery-transfers': ['/recovery-transfers', '/recovery-transfers?customer=QB-2'],
    'GET /api/v1/recovery-transfers/:id/pack': [`/recovery-transfers/${id.transferA}/pack`, `/recovery-transfers/${id.transferB}/pack`],
    'GET /api/v1/audits': ['/audits'],
    'GET /api/v1/audits/:id': ['/audits/NOPE'],
    'GET /api/v1/forecast': ['/forecast', '/forecast?groupBy=vertical', '/forecast?method=due&groupBy=collector'],
    'GET /api/v1/roll-rates': ['/roll-rates', '/roll-rates?groupBy=collector'],
    'GET /api/v1/insights': ['/insights'],
  };
}

describe('the portfolio SQL', () => {
  it('lists every table of the schema as restricted or not (a new table must be decided)', async () => {
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'").all<{ name: string }>();
    const undecided = results.map((r) => r.name).filter((t) => !RESTRICTED_TABLES.includes(t) && !(t in UNRESTRICTED));
    expect(undecided).toEqual([]);
    // Every table with a customer_id column is restricted, but for the importers' staging.
    const keyed = [];
    for (const { name } of results) {
      const cols = (await env.DB.prepare(`SELECT name FROM pragma_table_info('${name}')`).all<{ name: string }>()).results.map((c) => c.name);
      if (cols.includes('customer_id') || cols.includes('collector')) keyed.push(name);
    }
    // (users.collector is the user's own collector name.)
    expect(keyed.filter((t) => !RESTRICTED_TABLES.includes(t)).sort()).toEqual(['staging_customers', 'staging_documents', 'users']);
  });

  it('merges its CTEs with a statement’s own WITH, drops index hints, keeps a quote inside the literal, refuses what is not DML', () => {
    const ctes = portfolioCtes("O'Neil");
    expect(ctes).toContain("collector = 'O''Neil'");
    expect(withPortfolio('WITH x AS (SELECT 1) SELECT * FROM x', 'c AS (SELECT 2)')).toBe('WITH c AS (SELECT 2),\nx AS (SELECT 1) SELECT * FROM x');
    expect(withPortfolio('  with recursive r(n) AS (SELECT 1) SELECT n FROM r', 'c AS (SELECT 2)')).toBe('WITH recursive c AS (SELECT 2),\nr(n) AS (SELECT 1) SELECT n FROM r');
    expect(withPortfolio('SELECT * FROM documents d INDEXED BY documents_open WHERE 1', 'c AS (SELECT 2)')).toBe('WITH c AS (SELECT 2)\nSELECT * FROM documents d WHERE 1');
    expect(() => withPortfolio('PRAGMA table_info(customers)', ctes)).toThrow(/cannot run/);
  });

  it('keys a view: all, the collector, or no portfolio', () => {
    const key = (view: View) => viewKey({ get: () => view } as never);
    expect(key(viewFor({ role: 'analyst', collector: ANA }, 'own'))).toBe(`collector:${ANA}`);
    expect(key(viewFor({ role: 'analyst', collector: ANA }, 'all'))).toBe('all');
    expect(key(viewFor({ role: 'analyst', collector: null }, 'own'))).toBe('no-portfolio');
    for (const role of ['viewer', 'controller', 'manager', 'admin'] as const) expect(key(viewFor({ role, collector: ANA }, 'own'))).toBe('all');
  });
});

describe('the setting', () => {
  it('is shown to everyone, changed by an admin only, audited, and validated', async () => {
    expect((await call('GET', '/settings/portfolio', { token: ana })).json).toEqual({ mode: 'own' });
    expect((await call('PUT', '/settings/portfolio', { token: ana, body: { mode: 'all' } })).status).toBe(403);
    const bad = await call('PUT', '/settings/portfolio', { body: { mode: 'some' } });
    expect(bad.status).toBe(422);
    const audit = await env.DB.prepare("SELECT before, after FROM audit_log WHERE action = 'settings.portfolio' ORDER BY id DESC LIMIT 1").first<{ before: string; after: string }>();
    expect([JSON.parse(audit!.before), JSON.parse(audit!.after)]).toEqual([{ mode: 'all' }, { mode: 'own' }]);
  });

  it('names the collector and what the user sees in GET /me', async () => {
    expect((await call('GET', '/me', { token: ana })).json).toMatchObject({ role: 'analyst', collector: ANA, portfolio: 'own' });
    expect((await call('GET', '/me', { token: adrift })).json).toMatchObject({ role: 'analyst', collector: null, portfolio: 'none' });
    expect((await call('GET', '/me')).json).toMatchObject({ role: 'admin', portfolio: 'all' });
  });

  it('refuses a user whose collector name is not a name', async () => {
    for (const collector of ['', 'x'.repeat(101), 'tab\there']) {
      const res = await call('POST', '/users', { body: { name: 'X', role: 'analyst', collector } });
      expect(res.status, collector).toBe(422);
    }
  });
});

describe('an analyst without a collector name, while collectors are limited', () => {
  it('is refused every customer route with a 403 that says why, and keeps their own tokens', async () => {
    for (const path of ['/customers', '/ageing', '/customers/PA-1', '/worklist']) {
      const res = await call('GET', path, { token: adrift });
      expect(res.status, path).toBe(403);
      expect(res.json.error.message).toMatch(/no collector portfolio/);
    }
    expect((await call('POST', '/functions/batch', { token: adrift, body: { calls: [{ fn: 'BALANCE', args: ['*'] }] } })).status).toBe(403);
    expect((await call('GET', '/tokens', { token: adrift })).status).toBe(200);
  });
});

describe("a collector's view", () => {
  it('covers every GET route of the access table', () => {
    const gets = Object.keys(ACCESS).filter((r) => r.startsWith('GET '));
    expect(gets.filter((r) => !(r in getCases())).sort()).toEqual([]);
  });

  it('shows no trace of the other collector’s customers on any GET route, and answers 404 for them as for customers that do not exist', async () => {
    const leaks: string[] = [];
    for (const [route, paths] of Object.entries(getCases())) {
      for (const path of paths) {
        const res = await call('GET', path, { token: ana });
        expect(res.status, `${path}: ${text(res.json)}`).not.toBe(500);
        // Asked about Quinn's customer or record by name, the answer is the one for a name that does not exist, word for word.
        const asked = quinnMarks.find((m) => m.length > 8 && path.includes(m)) ?? /QB-\d/.exec(path)?.[0];
        const body = asked ? text(res.json).replaceAll(asked, 'NOPE-9') : text(res.json);
        if (asked) expect([res.status, body], path).toEqual(await call('GET', path.replace(asked, 'NOPE-9'), { token: ana }).then((m) => [m.status, text(m.json)]));
        if (quinnIn(body).length) leaks.push(`${route} ${path}: ${quinnIn(body).join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
  }, 300_000);

  it('figures are the portfolio’s: as an admin’s for scope=collector:Ana, and as worked by hand', async () => {
    const mine = (path: string) => ok('GET', path, undefined, ana);
    const admin = (path: string) => ok('GET', path);
    // Ageing by hand, due basis, as of 2026-10-31: Current 400 (PAI-3, PAI-6); 1-30 400 (PAI-2); 31-60 300 (PAI-5); 121+ 600 (PAI-4
    // less its credit note); unapplied −50 (PAP-2); total 1,650.00. Quinn's 7,710.00 is nowhere.
    const aged = await mine('/ageing');
    expect(aged.asOf).toBe(AS_OF);
    expect(aged.totals).toMatchObject({ amounts: [400, 400, 300, 0, 0, 600], unapplied: -50, total: 1650 });
    expect(aged.check).toEqual({ ledgerBalance: 1650, difference: 0, balanced: true });
    expect(aged.rows.map((r: any) => [r.key, r.total])).toEqual([['PA-1', 600], ['PA-2', 1050]]);
    // A vertical is intersected with the portfolio: Retail is PA-1 alone.
    expect(await mine('/ageing?scope=vertical:Retail')).toEqual(await admin('/ageing?scope=PA-1'));
    for (const [path, sep] of [
      ['/ageing', '?'], ['/ageing?groupBy=vertical', '&'], ['/ageing?groupBy=all&basis=document', '&'], ['/open-items', '?'], ['/customers', '?'],
      ['/dso', '?'], ['/dso?method=standard&groupBy=vertical', '&'], ['/cei', '?'], ['/ecl', '?'], ['/ecl?groupBy=customer', '&'],
      ['/ecl/suggested', '?'], ['/roll-rates', '?'], ['/insights', '?'],
    ] as const) {
      expect(await mine(path), path).toEqual(await admin(`${path}${sep}scope=${ANA_SCOPE}`));
    }
    // The forecast's fallback delay (a customer without payment history) is drawn from the portfolio: Ana's one payment, PAP-1,
    // came 15 days after PAI-1's due date; the whole ledger adds QBP-1, 35 days after QBI-1's (1,000.00 each: 25 days).
    const forecast = await mine('/forecast');
    const scoped = await admin(`/forecast?scope=${ANA_SCOPE}`);
    expect(forecast.rows.map((r: any) => [r.key, r.delay])).toEqual([['PA-1', { days: 15, source: 'customer' }], ['PA-2', { days: 15, source: 'company' }]]);
    expect(scoped.rows[1].delay).toEqual({ days: 25, source: 'company' });
    const undelayed = (f: any) => ({ ...f, rows: f.rows.map(({ delay: _d, ...r }: any) => r) });
    expect(undelayed(forecast)).toEqual(undelayed(scoped));
    expect(forecast.totals.open).toBe(1700); // PAI-2 400 + PAI-3 250 + PAI-4 600 + PAI-5 300 + PAI-6 150
    // MIS has no scope: by hand. Billed: June PAI-4 700, July PAI-1 1,000 (and the credit note), August PAI-5 300, September PAI-2 400,
    // October PAI-3 and PAI-6 400; debtors at each month end.
    const mis = await mine('/mis?months=5');
    expect(mis.months.map((m: any) => [m.month, m.billed, Math.abs(m.creditNotes), m.debtors])).toEqual([
      ['2026-06', 700, 0, 700], ['2026-07', 1000, 100, 1600], ['2026-08', 300, 0, 900], ['2026-09', 400, 0, 1300], ['2026-10', 400, 0, 1650],
    ]);
    // Team performance lists Ana's team only.
    expect((await mine('/performance?period=2026-10')).rows.map((r: any) => r.key)).toEqual(expect.arrayContaining([ANA]));
    expect((await mine('/performance?period=2026-10')).rows.every((r: any) => r.key === ANA)).toBe(true);
  });

  it('answers the function batch per cell: other customers are unknown, groups are the portfolio’s part', async () => {
    const calls = [
      { fn: 'BALANCE', args: ['*'] }, { fn: 'BALANCE', args: ['QB-1'] }, { fn: 'BALANCE', args: ['NOPE-9'] }, { fn: 'BALANCE', args: [`collector:${QUINN}`] },
      { fn: 'BALANCE', args: ['vertical:Retail'] }, { fn: 'CUSTOMERS', args: [] }, { fn: 'CREDITSCORE', args: ['QB-2'] }, { fn: 'AGEING', args: ['*'] },
      { fn: 'DSO', args: ['*'] }, { fn: 'ECL', args: ['*'] }, { fn: 'FORECAST', args: ['*', 'open'] }, { fn: 'CREDITLIMIT', args: ['*'] },
    ];
    const res = await call('POST', '/functions/batch', { token: ana, body: { calls } });
    expect(res.status).toBe(200);
    const r = res.json.results;
    // The cells that name Quinn's customers answer as for an unknown one; no other cell mentions them.
    expect(quinnIn(r.filter((_: unknown, i: number) => i !== 1 && i !== 6))).toEqual([]);
    expect(r[0]).toEqual({ value: 1650 });
    expect(r[1]).toEqual({ error: { code: 'NA', message: 'unknown customer QB-1' } });
    expect(r[2]).toEqual({ error: { code: 'NA', message: 'unknown customer NOPE-9' } });
    expect(r[3].error.code).toBe('NA');
    expect(r[5]).toEqual({ value: [['PA-1', 'Papa One Ltd', 'Retail', 'North', ANA], ['PA-2', 'Papa Two Ltd', 'Energy', 'South', ANA]] });
    expect(r[6].error).toEqual({ code: 'NA', message: 'unknown customer QB-2' });
    // Groups equal the admin's figures for Ana's portfolio.
    const asAdmin = await call('POST', '/functions/batch', { body: { calls: calls.map((c) => ({ ...c, args: c.args.map((a) => (a === '*' ? `collector:${ANA}` : a === 'vertical:Retail' ? 'PA-1' : a)) })) } });
    for (const i of [0, 4, 7, 8, 9, 10, 11]) expect(r[i], calls[i]!.fn).toEqual(asAdmin.json.results[i]);
    expect(r[11]).toEqual({ value: 13500 }); // 5,500.00 (PA-1 after review) + 8,000.00
  });

  it('matches a statement for an own customer, and not for another’s (404, as for no customer)', async () => {
    const body = (customerId: string) => ({ customerId, asOf: AS_OF, lines: [{ ref: 'X', date: '2026-09-10', amount: '400.00', type: 'invoice' }] });
    expect((await call('POST', '/reconciliations/match', { token: ana, body: body('PA-1') })).status).toBe(200);
    const other = await call('POST', '/reconciliations/match', { token: ana, body: body('QB-1') });
    const none = await call('POST', '/reconciliations/match', { token: ana, body: body('NOPE-9') });
    expect([other.status, other.json.error.message.replace('QB-1', 'NOPE-9')]).toEqual([404, none.json.error.message]);
  });
});

/** Every write an analyst may call, aimed at Quinn's customers or records (`X` is replaced by a missing one for comparison). */
function writeCases(): Record<string, { path: string; body?: object; missing: [string, string] } | 'not customer data' | 'read' | 'set-based'> {
  const q = (path: string, body: object | undefined, from: string) => ({ path, body, missing: [from, 'NOPE-9'] as [string, string] });
  return {
    'POST /api/v1/functions/batch': 'read',
    'POST /api/v1/reconciliations/match': 'read',
    'POST /api/v1/tokens': 'not customer data',
    'DELETE /api/v1/tokens/:id': 'not customer data',
    'POST /api/v1/dunning/runs': 'set-based',
    'POST /api/v1/escalations/evaluate': 'set-based',
    'POST /api/v1/customers/:id/financials': q('/customers/QB-1/financials', { period_end: '2025-12-31', currency: 'USD', total_assets: '1', current_assets: '1', current_liabilities: '1', total_liabilities: '1', retained_earnings: '1', ebit: '1', book_equity: '1' }, 'QB-1'),
    'POST /api/v1/reconciliations': q('/reconciliations', { customerId: 'QB-1', asOf: AS_OF, lines: [{ ref: 'QBI-1', date: '2026-08-01', amount: '5000.00' }] }, 'QB-1'),
    'POST /api/v1/confirmations': q('/confirmations', { quarter: '2026-Q4', customerId: 'QB-1', flagged: true, confirmationVersion: 1 }, 'QB-1'),
    'POST /api/v1/unapplied/proposals': q('/unapplied/proposals', { items: [{ docType: 'PMT', docNo: 'QBP-2', allocations: [{ invoiceNo: 'QBI-3', amount: '1.00' }] }] }, 'QBP-2'),
    'POST /api/v1/activities': q('/activities', { customerId: 'QB-1', kind: 'call' }, 'QB-1'),
    'POST /api/v1/promises': q('/promises', { customerId: 'QB-1', invoices: ['QBI-1'], amount: '1.00', promisedDate: '2026-12-01' }, 'QB-1'),
    'POST /api/v1/promises/:id/cancel': q(`/promises/${id.promiseB}/cancel`, undefined, id.promiseB!),
    'POST /api/v1/disputes': q('/disputes', { customerId: 'QB-1', invoices: ['QBI-1'], amount: '1.00', reason: 'pricing' }, 'QB-1'),
    'POST /api/v1/disputes/:id': q(`/disputes/${id.disputeB}`, { version: 1, status: 'in_review' }, id.disputeB!),
    'POST /api/v1/statements': q('/statements', { customerId: 'QB-1', record: true }, 'QB-1'),
    'POST /api/v1/cheques': q('/cheques', { customerId: 'QB-1', chequeNo: 'NEW-1', amount: '1.00', chequeDate: AS_OF, receivedOn: AS_OF }, 'QB-1'),
    'POST /api/v1/cheques/:id': q(`/cheques/${id.chequeB}`, { action: 'cancel', date: AS_OF, version: 1 }, id.chequeB!),
    'POST /api/v1/letters-of-credit': q('/letters-of-credit', { customerId: 'QB-1', lcNo: 'NEW-1', amount: '1.00', expiryDate: '2027-01-31', documentsDue: '2026-12-01' }, 'QB-1'),
    'POST /api/v1/letters-of-credit/:id': q(`/letters-of-credit/${id.lcB}`, { state: 'cancelled', version: 1 }, id.lcB!),
    'POST /api/v1/escalations/:id/clear': q(`/escalations/${id.flagB}/clear`, { note: 'done' }, id.flagB!),
    'PUT /api/v1/customers/:id/hold': q('/customers/QB-1/hold', { hold: 'all', reason: 'x', version: 4 }, 'QB-1'),
    'POST /api/v1/write-offs': q('/write-offs', { customerId: 'QB-2', items: [{ invoiceNo: 'QBI-3', amount: '1.00' }], reason: 'x' }, 'QB-2'),
    'POST /api/v1/recovery-transfers': q('/recovery-transfers', { customerId: 'QB-1', kind: 'legal', agent: 'Y', transferredOn: AS_OF }, 'QB-1'),
    'POST /api/v1/recovery-transfers/:id': q(`/recovery-transfers/${id.transferB}`, { state: 'in_progress', on: AS_OF, version: 1 }, id.transferB!),
  };
}

describe("a collector's writes", () => {
  it('covers every write an analyst may call', () => {
    const writes = Object.entries(ACCESS).filter(([r, roles]) => !r.startsWith('GET ') && roles !== 'public' && roles.includes('analyst')).map(([r]) => r);
    expect(writes.filter((r) => !(r in writeCases())).sort()).toEqual([]);
  });

  it('refuses every write naming the other collector’s customer or record as if it did not exist, and changes nothing', async () => {
    await ok('GET', '/audit/verify'); // chain the audit rows so far: a refused write must leave even the chain as it is
    const before = await everything();
    for (const [route, w] of Object.entries(writeCases())) {
      if (typeof w === 'string') continue;
      const method = route.split(' ')[0]!;
      const res = await call(method, w.path, { token: ana, body: w.body });
      const missing = await call(method, w.path.replace(...w.missing), { token: ana, body: JSON.parse(JSON.stringify(w.body ?? null).replaceAll(...w.missing)) ?? undefined });
      expect([404, 422], `${route}: ${text(res.json)}`).toContain(res.status);
      expect([res.status, text(res.json).replaceAll(...w.missing)], route).toEqual([missing.status, text(missing.json)]);
    }
    expect(await everything()).toBe(before);
  }, 120_000);

  it('runs dunning and escalation over the portfolio only: the other collector’s customers are untouched', async () => {
    await env.DB.prepare("INSERT INTO escalation_rules (id, kind, days, amount, count, grade, level, updated_by, updated_at) VALUES ('R1', 'overdue_over_days', 0, 0, NULL, NULL, 'team lead', 'admin', ?1)").bind(AS_OF).run();
    const before = await quinnRows();
    const flagged = await ok('POST', '/escalations/evaluate', { asOf: AS_OF }, ana);
    expect(flagged.flagged.map((f: any) => f.customerId).sort()).toEqual(['PA-1', 'PA-2']);
    for (const collector of [undefined, QUINN]) {
      const run = await call('POST', '/dunning/runs', { token: ana, body: { asOf: '2026-11-30', collector, preview: false } });
      expect(run.status).toBe(201);
      expect(quinnIn(run.json)).toEqual([]);
    }
    expect(await quinnRows()).toBe(before);
  });
});

describe('with the setting back to all', () => {
  it('shows the same collector every customer, and Quinn’s on the routes that were empty or 404', async () => {
    await setMode('all');
    try {
      expect((await call('GET', '/me', { token: ana })).json.portfolio).toBe('all');
      expect((await ok('GET', '/customers', undefined, ana)).items.map((c: any) => c.customer_id)).toEqual(['PA-1', 'PA-2', 'QB-1', 'QB-2']);
      const aged = await ok('GET', '/ageing', undefined, ana);
      expect(aged).toEqual(await ok('GET', '/ageing'));
      // Every route the walk asked about Quinn's customers now shows them: the walk's silence was the filter, not the data.
      const blind: string[] = [];
      for (const [route, paths] of Object.entries(getCases())) {
        if (route.includes('approvals') || route.includes('audit')) continue; // analysts may not call these at all
        const seen = await Promise.all(paths.map(async (p) => quinnIn((await call('GET', p, { token: ana })).json).length > 0));
        if (!seen.some(Boolean) && SHOWS_CUSTOMERS.has(route)) blind.push(route);
      }
      expect(blind).toEqual([]);
      expect((await call('GET', '/customers', { token: adrift })).status).toBe(200);
    } finally {
      await setMode('own');
    }
  }, 300_000);
});

/** The GET routes that show customers (the others show settings, the caller or documents). */
const SHOWS_CUSTOMERS = new Set(Object.keys(getCases()).filter((r) => ![
  'GET /api/v1/health', 'GET /api/v1/openapi.json', 'GET /api/v1/me', 'GET /api/v1/settings/portfolio', 'GET /api/v1/ecl/matrices',
  'GET /api/v1/ecl/suggested', 'GET /api/v1/credit-policy', 'GET /api/v1/tokens', 'GET /api/v1/dunning/levels', 'GET /api/v1/letterhead',
  'GET /api/v1/escalation-rules', 'GET /api/v1/targets', 'GET /api/v1/mis', 'GET /api/v1/roll-rates', 'GET /api/v1/performance',
].includes(r)));
