import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { daysBetween, isIsoDate } from '../../shared/dates';
import { parseMoney, parseRate } from '../../shared/money';
import { CUSTOMER_COLUMNS, LEDGER_COLUMNS, generateDemo, type DemoOptions } from './generator';

const SMALL: DemoOptions = { customers: 40, months: 12 };
const END = '2026-10-31';

function text(chunks: Iterable<string>): string {
  let all = '';
  for (const chunk of chunks) all += chunk;
  return all;
}

function parse(csv: string): { header: string[]; rows: Record<string, string>[] } {
  const result = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return { header: result.meta.fields ?? [], rows: result.data };
}

/**
 * Every way a row can break the canonical format or its references, as messages (the first ten).
 * Collected rather than asserted per row: 130k rows × 10 expects would take seconds.
 */
function problemsIn(customers: Record<string, string>[], ledger: Record<string, string>[], end: string): string[] {
  const problems: string[] = [];
  const currencyOf = new Map(customers.map((c) => [c.customer_id!, c.currency!]));
  const invoices = new Map(ledger.filter((r) => r.doc_type === 'INV').map((r) => [r.doc_no!, r]));
  const keys = new Set<string>();
  for (const r of ledger) {
    const what = `${r.doc_type} ${r.doc_no} → ${r.applies_to}`;
    if (Object.keys(r).join() !== LEDGER_COLUMNS.join()) problems.push(`${what}: columns`);
    if (!['INV', 'CRN', 'PMT', 'ADJ', 'UNB'].includes(r.doc_type!)) problems.push(`${what}: doc_type`);
    if (!isIsoDate(r.doc_date!) || !isIsoDate(r.due_date!) || r.due_date! < r.doc_date!) problems.push(`${what}: dates`);
    if (r.doc_date! > end) problems.push(`${what}: after the end date`);
    if (currencyOf.get(r.customer_id!) !== r.currency) problems.push(`${what}: customer or currency`);
    const amount = parseMoney(r.amount!, r.currency!, { allowNegative: r.doc_type === 'ADJ' });
    if (!amount.ok || amount.value === 0) problems.push(`${what}: amount`);
    const rate = parseRate(r.fx_rate!);
    if (r.currency === 'USD' ? r.fx_rate !== '' : !rate.ok || r.fx_rate === '') problems.push(`${what}: fx_rate`);
    if ((r.doc_type === 'INV' || r.doc_type === 'UNB') && r.applies_to) problems.push(`${what}: applies_to on a debit`);
    const key = `${r.doc_type}|${r.doc_no}|${r.applies_to}`;
    if (keys.has(key)) problems.push(`${what}: duplicate key`);
    keys.add(key);
    if (!r.applies_to) continue;
    const inv = invoices.get(r.applies_to);
    if (!inv) problems.push(`${what}: no such invoice`);
    else if (r.customer_id !== inv.customer_id || r.currency !== inv.currency) problems.push(`${what}: other customer or currency`);
    else if (r.doc_date! < inv.doc_date!) problems.push(`${what}: before the invoice`);
  }
  return problems.slice(0, 10);
}

describe('determinism', () => {
  it('gives byte-identical files for the same seed and sizes', () => {
    const a = generateDemo({ ...SMALL, seed: 7 });
    const b = generateDemo({ ...SMALL, seed: 7 });
    expect(text(a.customersCsv())).toBe(text(b.customersCsv()));
    expect(text(a.ledgerCsv())).toBe(text(b.ledgerCsv()));
    // A dataset can be iterated again and gives the same bytes (no hidden state between runs).
    expect(text(a.ledgerCsv())).toBe(text(b.ledgerCsv()));
  });

  it('gives different data for a different seed', () => {
    expect(text(generateDemo({ ...SMALL, seed: 1 }).ledgerCsv())).not.toBe(text(generateDemo({ ...SMALL, seed: 2 }).ledgerCsv()));
    expect(text(generateDemo({ ...SMALL, seed: 1 }).customersCsv())).not.toBe(text(generateDemo({ ...SMALL, seed: 2 }).customersCsv()));
  });

  it('rejects nonsense options', () => {
    expect(() => generateDemo({ customers: 0 })).toThrow(RangeError);
    expect(() => generateDemo({ endDate: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('the default dataset', () => {
  const demo = generateDemo();
  const customers = parse(text(demo.customersCsv()));
  const ledger = parse(text(demo.ledgerCsv()));
  const customerById = new Map(customers.rows.map((c) => [c.customer_id!, c]));
  const invoices = new Map(ledger.rows.filter((r) => r.doc_type === 'INV').map((r) => [r.doc_no!, r]));
  const settlements = ledger.rows.filter((r) => ['PMT', 'CRN', 'ADJ'].includes(r.doc_type!) && r.applies_to);
  const minor = (r: Record<string, string>) => {
    const parsed = parseMoney(r.amount!, r.currency!, { allowNegative: true });
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };

  it('has a customer file in the canonical format', () => {
    expect(customers.header).toEqual([...CUSTOMER_COLUMNS]);
    expect(customers.rows).toHaveLength(300);
    expect(customerById.size).toBe(300);
    expect(new Set(customers.rows.map((c) => c.name)).size).toBe(300);
    for (const c of customers.rows) {
      expect(c.customer_id).toMatch(/^C\d{5}$/);
      expect(parseMoney(c.credit_limit!, 'USD')).toMatchObject({ ok: true });
      expect(['15', '30', '45', '60']).toContain(c.payment_terms_days);
      expect(c.currency).toMatch(/^[A-Z]{3}$/);
    }
    expect(new Set(customers.rows.map((c) => c.vertical)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(customers.rows.map((c) => c.region)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(customers.rows.map((c) => c.collector)).size).toBeGreaterThanOrEqual(5);
  });

  it('has invoicing in EUR and GBP at realistic rates', () => {
    const currencies = new Set(customers.rows.map((c) => c.currency));
    expect(currencies).toContain('EUR');
    expect(currencies).toContain('GBP');
    const eur = ledger.rows.find((r) => r.currency === 'EUR')!;
    expect(Number(eur.fx_rate)).toBeGreaterThan(1);
    expect(Number(eur.fx_rate)).toBeLessThan(1.2);
  });

  it('has every ledger row valid in the canonical format, settling earlier invoices of its own customer', () => {
    expect(ledger.header).toEqual([...LEDGER_COLUMNS]);
    expect(problemsIn(customers.rows, ledger.rows, END)).toEqual([]);
  });

  it('never over-settles an invoice except for a deliberate few over-payments', () => {
    const settled = new Map<string, number>();
    for (const s of settlements) settled.set(s.applies_to!, (settled.get(s.applies_to!) ?? 0) + Math.abs(minor(s)));
    const over = [...settled].filter(([no, sum]) => sum > minor(invoices.get(no)!));
    expect(over.length).toBeGreaterThan(0);
    expect(over.length).toBeLessThan(invoices.size * 0.005);
  });

  it('tells every payment story the demo needs', () => {
    const pmtRows = new Map<string, number>();
    for (const r of ledger.rows) if (r.doc_type === 'PMT') pmtRows.set(r.doc_no!, (pmtRows.get(r.doc_no!) ?? 0) + 1);
    expect([...pmtRows.values()].some((n) => n >= 3)).toBe(true); // a payment split over several invoices
    expect(ledger.rows.some((r) => r.doc_type === 'PMT' && !r.applies_to)).toBe(true); // unapplied cash
    expect(ledger.rows.some((r) => r.doc_type === 'CRN')).toBe(true); // disputes settled by credit notes
    expect(ledger.rows.some((r) => r.doc_type === 'UNB')).toBe(true); // open orders
    const writeOffs = ledger.rows.filter((r) => r.doc_type === 'ADJ' && r.reference === 'WRITE-OFF');
    expect(writeOffs.length).toBeGreaterThanOrEqual(2);
    expect(writeOffs.every((r) => minor(r) < 0 && r.applies_to)).toBe(true);
    const late = settlements.filter((s) => s.doc_type === 'PMT' && s.doc_date! > invoices.get(s.applies_to!)!.due_date!);
    expect(late.length).toBeGreaterThan(1000);
    const veryLate = late.filter((s) => daysBetween(invoices.get(s.applies_to!)!.due_date!, s.doc_date!) > 60);
    expect(veryLate.length).toBeGreaterThan(100);
    expect(invoices.size / customers.rows.length / 24).toBeGreaterThan(7);
  });

  it('has open invoices in every ageing bucket as of the end date', () => {
    const open = new Map([...invoices].map(([no, inv]) => [no, minor(inv)]));
    for (const s of settlements) open.set(s.applies_to!, open.get(s.applies_to!)! - Math.abs(minor(s)));
    const buckets = new Map<string, number>();
    for (const [no, balance] of open) {
      if (balance <= 0) continue;
      const late = daysBetween(invoices.get(no)!.due_date!, END);
      const bucket = late <= 0 ? 'current' : late <= 30 ? '1-30' : late <= 60 ? '31-60' : late <= 90 ? '61-90' : late <= 120 ? '91-120' : '121+';
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
    }
    for (const bucket of ['current', '1-30', '31-60', '61-90', '91-120', '121+']) {
      expect(buckets.get(bucket) ?? 0, bucket).toBeGreaterThan(0);
    }
    // Partial payments: some invoices still open after part of them was paid.
    const partlyPaid = [...open].filter(([no, balance]) => balance > 0 && balance < minor(invoices.get(no)!));
    expect(partlyPaid.length).toBeGreaterThan(0);
  });
});

describe('small and odd sizes', () => {
  it.each<DemoOptions>([
    { customers: 1, months: 1 },
    { customers: 60, months: 1, seed: 3 },
    { customers: 3, months: 2, seed: 5 },
    { customers: 9, months: 3, endDate: '2024-02-29' },
    { customers: 12, months: 5, documents: 300 },
    { customers: 10, months: 13, documents: 0, seed: 0 },
  ])('stays valid for %j', (opts) => {
    const demo = generateDemo(opts);
    const customers = parse(text(demo.customersCsv()));
    const ledger = parse(text(demo.ledgerCsv()));
    expect(customers.rows).toHaveLength(opts.customers!);
    expect(problemsIn(customers.rows, ledger.rows, demo.options.endDate)).toEqual([]);
  });
});

describe('scale mode', () => {
  it('streams about the requested number of rows without holding them', () => {
    let rows = 0;
    let customers = 0;
    for (const _ of generateDemo({ customers: 4000, documents: 200_000 }).ledger()) rows++;
    for (const _ of generateDemo({ customers: 4000, documents: 200_000 }).customers()) customers++;
    expect(customers).toBe(4000);
    expect(Math.abs(rows - 200_000)).toBeLessThan(200_000 * 0.02);
  });
});
