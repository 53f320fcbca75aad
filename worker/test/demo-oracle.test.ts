/**
 * The set-based SQL against the in-memory reference (shared/analytics/open-items.ts) on a seeded demo ledger:
 * ageing by customer as of many dates, and DSO by SQL against DSO from the customer's own documents.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ageOpenItems, bucketSet, DEFAULT_BOUNDARIES } from '../../shared/analytics/ageing';
import { ledgerAsOf, type LedgerDocuments } from '../../shared/analytics/open-items';
import { call } from './helpers';

let ledger: LedgerDocuments;
const demoIds = new Set<string>();

beforeAll(async () => {
  expect((await call('POST', '/customers', { body: env.DEMO_CUSTOMERS_CSV })).status).toBe(200);
  const res = await call('POST', '/ledger', { body: env.DEMO_LEDGER_CSV });
  expect(res.status, JSON.stringify(res.json).slice(0, 400)).toBe(200);
  for (const line of env.DEMO_CUSTOMERS_CSV.trim().split('\n').slice(1)) demoIds.add(line.split(',')[0]!);
  const q = (sql: string) => env.DB.prepare(sql).all<any>().then((r) => r.results);
  const [debits, credits, allocations] = await Promise.all([
    q("SELECT id, customer_id AS customerId, doc_date AS docDate, due_date AS dueDate, func_amount AS funcAmount FROM documents WHERE kind = 'D'"),
    q("SELECT id, customer_id AS customerId, doc_date AS docDate, func_amount AS funcAmount, unapplied_func AS unappliedFunc FROM documents WHERE kind = 'C'"),
    q('SELECT invoice_id AS invoiceId, settlement_id AS settlementId, alloc_date AS allocDate, func_amount AS funcAmount FROM allocations'),
  ]);
  ledger = { debits, credits, allocations };
});

const DATES = ['2024-11-30', '2025-01-01', '2025-03-15', '2025-06-30', '2025-09-09', '2025-12-31', '2026-02-28', '2026-05-31', '2026-08-17', '2026-10-30', '2026-10-31', '2026-12-31'];

describe('demo ledger: SQL against the in-memory reference', () => {
  it('holds a ledger with something in every bucket at the end', async () => {
    expect(demoIds.size).toBe(40);
    const a = await call('GET', '/ageing?asOf=2026-10-31&groupBy=customer');
    const demo = a.json.rows.filter((r: any) => demoIds.has(r.key));
    const totals = [0, 0, 0, 0, 0, 0];
    for (const r of demo) r.amounts.forEach((v: number, i: number) => (totals[i]! += v));
    expect(totals.every((t) => t > 0)).toBe(true);
  });

  for (const asOf of DATES) {
    it(`ages every customer as of ${asOf} as the reference does`, async () => {
      const buckets = bucketSet(DEFAULT_BOUNDARIES, 'due');
      const ref = ledgerAsOf(ledger, asOf);
      const expected: Record<string, number[]> = {};
      for (const c of ref.customers) {
        if (!demoIds.has(c.customerId)) continue;
        const items = ref.openItems.filter((i) => i.customerId === c.customerId);
        expected[c.customerId] = [...ageOpenItems(items, asOf, 'due', buckets), c.unapplied, c.balance];
      }
      const res = await call('GET', `/ageing?asOf=${asOf}&groupBy=customer`);
      expect(res.status).toBe(200);
      const got = Object.fromEntries(
        res.json.rows.filter((r: any) => demoIds.has(r.key)).map((r: any) => [r.key, [...r.amounts, r.unapplied, r.total].map((v: number) => Math.round(v * 100))]),
      );
      expect(got).toEqual(expected);
      expect(res.json.check.balanced).toBe(true);
    });
  }

  it('computes DSO by SQL (group path) equal to DSO from the customer’s own documents (metrics path)', async () => {
    const asOf = '2026-09-30';
    const d = await call('GET', `/dso?asOf=${asOf}&groupBy=customer`);
    const sqlRows = new Map(d.json.rows.map((r: any) => [r.key, r]));
    const sample = [...demoIds].slice(0, 12);
    for (const id of sample) {
      const m = await call('GET', `/customers/${id}/metrics?asOf=${asOf}`);
      const row: any = sqlRows.get(id);
      expect(m.json.balance, id).toBe(row?.ar ?? 0);
      expect(m.json.dso, id).toBe(row?.dso ?? null);
      expect(m.json.bpdso, id).toBe(row?.bpdso ?? null);
    }
  });
});
