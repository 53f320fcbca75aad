// Hostile input over the CSV and JSON endpoints and the function batch: no 500s, every rejection a clear 4xx in the
// error shape, and the ledger byte-for-byte unchanged after a rejected request. Bounded runs (seeded) to stay < 60 s.
import { env, SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, csv, CUSTOMER_HEADER, LEDGER_HEADER, snapshot } from './helpers';

const RUNS = { numRuns: 40, seed: 20261122 };

const HOSTILE = [
  "'; DROP TABLE documents; --", "1' OR '1'='1", 'C1; DELETE FROM customers', '") UNION SELECT hash FROM api_tokens --',
  '=cmd|\' /C calc\'!A0', '=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1+1',
  '2026-02-30', '2026-13-01', '0000-00-00', '2026-2-3', '26-02-03',
  '1.12345678901234567890', '1e5', '1E-3', '-0', 'NaN', 'Infinity', '0x10', '1,000,000.00', '٣٤٥', '１２３',
  '', ' ', '"', '""', '\u0000', '\uFEFF', '\u202E', 'Ω≈ç√', '😀'.repeat(50), 'x'.repeat(5000),
];
const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** A request that must never 500; when refused it must be a 4xx in the error shape and change nothing. */
async function expectSafe(method: string, path: string, body: string | object, type?: string) {
  const before = await snapshot();
  const res = await call(method, path, { body, type });
  expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.json?.error?.code, `${res.status} ${String(res.json).slice(0, 200)}`).toEqual(expect.any(String));
    expect(res.json.error.message).toEqual(expect.any(String));
    expect(await snapshot()).toBe(before);
  }
  return res;
}

beforeAll(async () => {
  const customers = await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['F1,Fuzz One,Retail,EMEA,Ana,USD,1000.00,30', 'F2,Fuzz Two,Retail,EMEA,Ana,EUR,500.00,45']) });
  expect(customers.status).toBe(200);
  const ledger = await call('POST', '/ledger', { body: csv(LEDGER_HEADER, ['INV,FZ-1,F1,2026-09-01,2026-10-01,1200.00,USD,,,PO-1', 'PMT,FP-1,F1,2026-09-20,,200.00,USD,,FZ-1,']) });
  expect(ledger.status).toBe(200);
});

describe('fuzz: imports', () => {
  it('random bytes as CSV or JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('/ledger', '/customers'), fc.constantFrom('text/csv', 'application/json'), async (bytes, path, type) => {
        const res = await expectSafe('POST', path, new TextDecoder('latin1').decode(bytes), type);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
      RUNS,
    );
  });

  it('wrong encodings: raw invalid UTF-8, UTF-16 with a BOM, Latin-1 bytes', async () => {
    const utf16 = (text: string) => {
      const out = new Uint8Array(2 + text.length * 2);
      out.set([0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) out.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + i * 2);
      return out;
    };
    const latin1 = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
    const good = csv(LEDGER_HEADER, ['INV,FZ-E1,F1,2026-09-01,2026-10-01,10.00,USD,,,Müller']);
    const bodies = [utf16(good), latin1(good), new Uint8Array([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0x0a]), Uint8Array.of(...latin1(LEDGER_HEADER + '\n'), 0xff, 0xfe, 0x00, 0x0a)];
    for (const body of bodies.slice(0, 3)) {
      const refused = await SELF.fetch('http://ar.test/api/v1/ledger', { method: 'POST', body, headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'text/csv' } });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as any).error.message).toMatch(/not UTF-8/);
    }
    for (const body of bodies) {
      for (const [path, type] of [['/ledger', 'text/csv'], ['/customers', 'text/csv'], ['/functions/batch', 'application/json'], ['/reconciliations/match', 'application/json']]) {
        const before = await snapshot();
        const res = await SELF.fetch(`http://ar.test/api/v1${path}`, { method: 'POST', body, headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': type! } });
        const text = await res.text();
        expect(res.status, `${path} ${text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(JSON.parse(text).error.code).toEqual(expect.any(String));
          expect(await snapshot()).toBe(before);
        }
      }
    }
  });

  it('ledger rows with hostile fields: no 500, refusals change nothing, the tables survive', async () => {
    const row = fc.tuple(fc.constantFrom('INV', 'PMT', 'CRN', 'ADJ', 'UNB', 'XYZ'), hostile, fc.constantFrom('F1', 'F2', 'NOPE'), hostile, hostile, hostile, hostile, hostile, hostile, hostile);
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 5 }), async (rows) => {
        await expectSafe('POST', '/ledger', csv(LEDGER_HEADER, rows.map((r) => r.map(quote).join(','))));
      }),
      RUNS,
    );
    const tables = await env.DB.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('documents', 'customers', 'api_tokens')").first<{ n: number }>();
    expect(tables!.n).toBe(3);
  });

  it('the same hostile values as JSON rows and customers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(fc.constantFrom('customer_id', 'name', 'currency', 'credit_limit', 'payment_terms_days', 'vertical', 'x'), fc.oneof(hostile, fc.double(), fc.constant(null), fc.array(fc.integer()))), { maxLength: 4 }), async (rows) => {
        await expectSafe('POST', '/customers', JSON.stringify(rows), 'application/json');
      }),
      RUNS,
    );
  });

  it('refuses impossible dates, 20 decimals and exponents with 422 naming the row and column, and writes nothing', async () => {
    const cases: [string, string][] = [
      ['INV,FZ-9,F1,2026-02-30,2026-03-30,10.00,USD,,,', 'doc_date'],
      ['INV,FZ-9,F1,2026-02-01,2026-03-01,1.12345678901234567890,USD,,,', 'amount'],
      ['INV,FZ-9,F1,2026-02-01,2026-03-01,1e5,USD,,,', 'amount'],
      ['INV,FZ-9,F1,2026-02-01,2026-03-01,1E-3,USD,,,', 'amount'],
    ];
    for (const [line, column] of cases) {
      const res = await expectSafe('POST', '/ledger', csv(LEDGER_HEADER, [line]));
      expect(res.status, line).toBe(422);
      expect(res.json.error.details, line).toContainEqual(expect.objectContaining({ row: 2, column }));
    }
  });
});

describe('fuzz: JSON endpoints', () => {
  it('deeply nested and malformed JSON', async () => {
    const bodies = ['['.repeat(100_000) + ']'.repeat(100_000), '{"calls":' + '['.repeat(50_000), '{"a":1,}', '\uFEFF{"calls":[]}', 'null', '"calls"', '{"calls":{"length":5}}'];
    for (const path of ['/functions/batch', '/reconciliations/match', '/limit-decisions', '/customers', '/ledger']) {
      for (const body of bodies) await expectSafe('POST', path, body, 'application/json');
    }
  });

  it('the function batch with random names and arguments answers 200 or a clear 4xx', async () => {
    const arg = fc.oneof(hostile, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
    const fn = fc.oneof(fc.constantFrom('AGEING', 'BALANCE', 'OVERDUE', 'DSO', 'CEI', 'PAYINDEX', 'CREDITSCORE', 'EXPOSURE', 'HEADROOM', 'ECL', 'CUSTOMERS', 'VERSION'), hostile);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ fn, args: fc.array(arg, { maxLength: 5 }) }), { maxLength: 20 }), async (calls) => {
        const res = await expectSafe('POST', '/functions/batch', { calls });
        if (res.status === 200) expect(res.json.results).toHaveLength(calls.length);
      }),
      RUNS,
    );
  });

  it('statements to match with hostile fields', async () => {
    const line = fc.record({ ref: hostile, date: hostile, amount: fc.oneof(hostile, fc.double()), type: fc.oneof(fc.constant(undefined), hostile) });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant('F1'), hostile), hostile, fc.array(line, { maxLength: 5 }), async (customerId, asOf, lines) => {
        await expectSafe('POST', '/reconciliations/match', { customerId, asOf, lines });
      }),
      RUNS,
    );
  });

  it('credit decisions with hostile fields', async () => {
    const decision = fc.record({ customerId: fc.oneof(fc.constant('F1'), hostile), version: fc.oneof(fc.integer(), hostile), newLimit: fc.oneof(hostile, fc.double()), reason: hostile });
    await fc.assert(
      fc.asyncProperty(fc.array(decision, { maxLength: 3 }), async (decisions) => {
        await expectSafe('POST', '/limit-decisions', { decisions });
      }),
      { ...RUNS, numRuns: 25 },
    );
  });
});
