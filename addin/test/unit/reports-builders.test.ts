// The report builders: API replies in, SheetPlan out (no Office, no network).
import { describe, expect, it } from 'vitest';
import { gradeFor } from '../../../shared/analytics/credit-score';
import { isoToExcelSerial } from '../../../shared/dates';
import { ageingSheet, over90Threshold, shareOver, type AgeingData } from '../../src/reports/ageing-report';
import type { AgeingReply, CeiLine, DsoLine, OpenItem } from '../../src/reports/api';
import { dsoSheet, periodEnds, type DsoData } from '../../src/reports/dso-report';
import { misSheet } from '../../src/reports/mis-report';
import { openItemsSheet, parseBoundaries } from '../../src/reports/open-items-report';
import { layoutSheet } from '../../src/reports/sheet-layout';

const NOW = new Date('2026-07-01T09:30:00Z');
const BUCKETS = [
  { label: 'Current', from: null, to: 0 },
  { label: '1-30', from: 1, to: 30 },
  { label: '31-60', from: 31, to: 60 },
  { label: '61-90', from: 61, to: 90 },
  { label: '91-120', from: 91, to: 120 },
  { label: '121+', from: 121, to: null },
];

function ageingReply(rows: AgeingReply['rows'], ledgerBalance: number): AgeingReply {
  const sum = (f: (r: AgeingReply['rows'][number]) => number) => Math.round(rows.reduce((s, r) => s + f(r) * 100, 0)) / 100;
  return {
    asOf: '2026-06-30',
    basis: 'due',
    currency: 'USD',
    dataVersion: 9,
    buckets: BUCKETS,
    rows,
    totals: { amounts: BUCKETS.map((_, i) => sum((r) => r.amounts[i]!)), unapplied: sum((r) => r.unapplied), total: sum((r) => r.total) },
    check: { ledgerBalance, difference: 0, balanced: true },
  };
}

const ROWS: AgeingReply['rows'] = [
  { key: 'C1', name: '=HYPERLINK("http://x","y")', amounts: [100.1, 0, 0, 0, 50, 50], unapplied: -0.1, total: 200 },
  { key: '0042', name: 'Plain Ltd', amounts: [0.2, 0.1, 0, 0, 0, 0], unapplied: 0, total: 0.3 },
  { key: 'C3', name: 'Credit Only', amounts: [0, 0, 0, 0, 0, 0], unapplied: -5, total: -5 },
];

function ageingData(ledgerBalance = 195.3): AgeingData {
  const ageing = ageingReply(ROWS, ledgerBalance);
  return {
    options: { asOf: '2026-06-30', basis: 'due', buckets: '30,60,90,120', groupBy: 'customer' },
    ageing,
    byVertical: ageingReply([{ key: 'Retail', name: 'Retail', amounts: [1, 2, 3, 4, 5, 6], unapplied: 0, total: 21 }], 21),
    customers: new Map([
      ['C1', { customer_id: 'C1', name: ROWS[0]!.name, vertical: '+Retail', region: '-EMEA', collector: '@ana', currency: 'USD', credit_limit: 100, payment_terms_days: 30 }],
      ['0042', { customer_id: '0042', name: 'Plain Ltd', vertical: 'Retail', region: 'EMEA', collector: 'Ana', currency: 'USD', credit_limit: 1000, payment_terms_days: 30 }],
    ]),
    limits: [100, 1000, null],
    headroom: [-100, 999.7, null],
    scores: [81, 34, null],
    dataVersion: 9,
  };
}

describe('AR Ageing', () => {
  it('has a row per customer with master data, limit, headroom, score and its grade, buckets, unapplied, total and % over 90', () => {
    const plan = ageingSheet(ageingData(), NOW);
    expect(plan.columns.map((c) => c.header)).toEqual(['Customer ID', 'Customer', 'Vertical', 'Region', 'Collector', 'Credit limit', 'Headroom', 'Score', 'Grade', 'Current', '1-30', '31-60', '61-90', '91-120', '121+', 'Unapplied', 'Total', '% over 90']);
    expect(plan.rows[0]).toEqual(['C1', '=HYPERLINK("http://x","y")', '+Retail', '-EMEA', '@ana', 100, -100, 81, gradeFor(81), 100.1, 0, 0, 0, 50, 50, -0.1, 200, 100 / 200.1]);
    expect(plan.rows[1]!.slice(7, 9)).toEqual([34, 'E']);
    // No master data, no score: empty cells, and no % when nothing is open.
    expect(plan.rows[2]).toEqual(['C3', 'Credit Only', null, null, null, null, null, null, null, 0, 0, 0, 0, 0, 0, -5, -5, null]);
    expect(plan.highlightNegative?.column).toBe('Headroom');
  });

  it('states the as-of date, basis, bucket set, data version and generation time in the header block', () => {
    const plan = ageingSheet(ageingData(), NOW);
    expect(plan.fields.map((f) => [f.label, f.value])).toEqual([
      ['As of', '2026-06-30'],
      ['Basis', 'Due date'],
      ['Bucket set', '30,60,90,120'],
      ['Group by', 'Customer'],
      ['Currency', 'USD'],
      ['Data version', 9],
      ['Generated', '2026-07-01 09:30 UTC'],
      ['Ledger balance', 195.3],
      ['Difference', 0],
    ]);
    expect(plan.balanceCheck).toEqual({ label: 'Balanced (live)', sumOf: 'Total', equals: 'Ledger balance' });
  });

  it('writes the check line Σ buckets + unapplied = ledger balance from the rows in cents, and says so when it fails', () => {
    expect(ageingSheet(ageingData(), NOW).note).toEqual({ text: '✓ Check: Σ buckets + unapplied = ledger balance: 195.30 = 195.30', tone: 'good' });
    const off = ageingSheet(ageingData(195.31), NOW);
    expect(off.note).toEqual({ text: '✗ Check failed: Σ buckets + unapplied = 195.30, ledger balance 195.31, difference -0.01', tone: 'bad' });
    expect(off.fields.find((f) => f.label === 'Difference')?.value).toBe(-0.01);
  });

  it('totals every money column and the % over 90 as a ratio of totals', () => {
    const plan = ageingSheet(ageingData(), NOW);
    expect(plan.totals?.['Customer ID']).toEqual({ label: 'Total' });
    expect(plan.totals?.['Headroom']).toEqual({ sum: true });
    expect(plan.totals?.['Score']).toBeUndefined();
    expect(plan.totals?.['% over 90']).toEqual({ ratio: { numerator: ['91-120', '121+'], denominator: BUCKETS.map((b) => b.label) } });
    expect(() => layoutSheet(plan)).not.toThrow();
  });

  it('charts the buckets by vertical, stacked', () => {
    const [chart] = ageingSheet(ageingData(), NOW).charts;
    expect(chart).toMatchObject({ type: 'ColumnStacked', title: 'Ageing by vertical (USD)' });
    expect(chart!.columns.map((c) => c.header)).toEqual(['Vertical', ...BUCKETS.map((b) => b.label)]);
    expect(chart!.rows).toEqual([['Retail', 1, 2, 3, 4, 5, 6]]);
  });

  it('by vertical: the group, its buckets, limit and headroom; no customer columns', () => {
    const data = ageingData();
    data.options = { ...data.options, groupBy: 'vertical' };
    const plan = ageingSheet(data, NOW);
    expect(plan.columns.map((c) => c.header)).toEqual(['Vertical', ...BUCKETS.map((b) => b.label), 'Unapplied', 'Total', '% over 90', 'Credit limit', 'Headroom']);
    expect(plan.title).toBe('AR Ageing by vertical');
  });

  it('finds "over 90" at the first boundary of at least 90 days, or leaves the column out', () => {
    expect(over90Threshold(BUCKETS)).toBe(90);
    expect(over90Threshold([{ label: 'Current', from: null, to: 0 }, { label: '1-120', from: 1, to: 120 }, { label: '121+', from: 121, to: null }])).toBe(120);
    expect(over90Threshold([{ label: 'Current', from: null, to: 0 }, { label: '1-30', from: 1, to: 30 }, { label: '31+', from: 31, to: null }])).toBeNull();
    expect(shareOver([10, 0, 0, 0, 5, 5], BUCKETS, 90, 'USD')).toBe(0.5);
    expect(shareOver([0, 0, 0, 0, 0, 0], BUCKETS, 90, 'USD')).toBeNull();
  });
});

describe('Open items', () => {
  const item = (customer: string, doc: string, days: number, outstanding: number, reference = ''): OpenItem => ({
    customer_id: customer, doc_type: 'INV', doc_no: doc, doc_date: '2026-03-01', due_date: '2026-03-31', days, amount: outstanding, currency: 'EUR', functional_amount: outstanding, outstanding, reference,
  });
  const data = (amounts: number[]) => ({
    options: { asOf: '2026-06-30', basis: 'due' as const, buckets: '30,60,90,120', customer: '' },
    asOf: '2026-06-30',
    currency: 'USD',
    items: [item('0042', '=INV-1', -3, 10.1, '+cmd'), item('C1', 'INV-2', 45, 20.2), item('C1', 'INV-3', 121, 30.3)],
    names: new Map([['C1', '@Someone']]),
    ageing: ageingReply([{ key: 'all', name: 'all', amounts, unapplied: 0, total: 60.6 }], 60.6),
    dataVersion: 3,
  });

  it('lists each item with dates as Excel dates, days past due and its bucket', () => {
    const plan = openItemsSheet(data([10.1, 0, 20.2, 0, 0, 30.3]), NOW);
    expect(plan.columns.map((c) => c.header)).toEqual(['Customer ID', 'Customer', 'Type', 'Document', 'Document date', 'Due date', 'Days past due', 'Bucket', 'Doc currency', 'Amount (doc currency)', 'Amount (USD)', 'Outstanding (USD)', 'Reference']);
    expect(plan.rows[0]).toEqual(['0042', null, 'INV', '=INV-1', isoToExcelSerial('2026-03-01'), isoToExcelSerial('2026-03-31'), -3, 'Current', 'EUR', 10.1, 10.1, 10.1, '+cmd']);
    expect(plan.rows.map((r) => r[7])).toEqual(['Current', '31-60', '121+']);
    expect(plan.rows[1]![1]).toBe('@Someone');
    expect(plan.fields.find((f) => f.label === 'Outstanding')?.value).toBe(60.6);
  });

  it('ties the items to the ageing bucket by bucket in the check line', () => {
    expect(openItemsSheet(data([10.1, 0, 20.2, 0, 0, 30.3]), NOW).note).toEqual({ text: '✓ Check: Σ outstanding of 3 open items = Σ ageing buckets, bucket by bucket: 60.60', tone: 'good' });
    expect(openItemsSheet(data([10.1, 20.2, 0, 0, 0, 30.3]), NOW).note?.tone).toBe('bad');
  });

  it('reads the bucket set as the API does, and says what is wrong with a bad one', () => {
    expect(parseBoundaries(' 30, 60 ,90')).toEqual([30, 60, 90]);
    expect(() => parseBoundaries('60,30')).toThrow(/strictly increasing/);
    expect(() => parseBoundaries('30,abc')).toThrow(/not a whole number/);
  });
});

describe('DSO dashboard', () => {
  it('has twelve period ends: month-ends, the last one the as-of date when mid-month', () => {
    expect(periodEnds('2026-06-30')).toEqual(['2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
    expect(periodEnds('2026-03-15', 3)).toEqual(['2026-01-31', '2026-02-28', '2026-03-15']);
  });

  const dsoLine = (key: string, dso: number | null, reason?: string): DsoLine => ({ key, name: key === 'total' ? 'Total' : key, ar: 100, currentAr: 60, sales: 300, dso, bpdso: dso === null ? null : dso - 5, add: dso === null ? null : 5, ...(reason ? { reason } : {}) });
  const ceiLine = (key: string, cei: number | null): CeiLine => ({ key, name: key, openingAr: 1, sales: 1, closingAr: 1, closingCurrentAr: 1, cei });
  const data: DsoData = {
    options: { asOf: '2026-06-30', method: 'countback' },
    currency: 'USD',
    dataVersion: 4,
    periods: ['2026-05-31', '2026-06-30'].map((end, i) => ({
      end,
      dso: { asOf: end, method: 'countback', currency: 'USD', dataVersion: 4, rows: [dsoLine('Retail', 40 + i), dsoLine('=Energy', null, 'no sales')], totals: dsoLine('total', 30 + i) },
      cei: { asOf: end, months: 1, periodStart: end, currency: 'USD', rows: [ceiLine('Retail', 80), ceiLine('=Energy', null)], totals: ceiLine('total', 75) },
    })),
  };

  it('lists each vertical (sorted) and the company total per period end, with DSO, BPDSO, ADD, the month’s CEI and why a figure is missing', () => {
    const plan = dsoSheet(data, NOW);
    expect(plan.rows.slice(0, 3)).toEqual([
      [isoToExcelSerial('2026-05-31'), '=Energy', 100, 60, 300, null, null, null, null, 'no sales'],
      [isoToExcelSerial('2026-05-31'), 'Retail', 100, 60, 300, 40, 35, 5, 80, null],
      [isoToExcelSerial('2026-05-31'), 'Company total', 100, 60, 300, 30, 25, 5, 75, null],
    ]);
    expect(plan.rows).toHaveLength(6);
  });

  it('charts the company’s DSO and BPDSO; no target line until the targets hook answers', () => {
    const [chart] = dsoSheet(data, NOW).charts;
    expect(chart).toMatchObject({ type: 'Line' });
    expect(chart!.columns.map((c) => c.header)).toEqual(['Period end', 'DSO', 'BPDSO']);
    expect(chart!.rows).toEqual([['2026-05-31', 30, 25], ['2026-06-30', 31, 26]]);
    const withTargets = dsoSheet(data, NOW, (group, end) => (group === 'Total' && end === '2026-06-30' ? 35 : null)).charts[0]!;
    expect(withTargets.columns.map((c) => c.header)).toEqual(['Period end', 'DSO', 'BPDSO', 'DSO target']);
    expect(withTargets.rows).toEqual([['2026-05-31', 30, 25, null], ['2026-06-30', 31, 26, 35]]);
  });
});

describe('MIS summary', () => {
  it('has a row per month: billed, credit notes, net billed, unbilled, debtors, provision and debtors net of it; totals only for flows', () => {
    const plan = misSheet(
      {
        options: { asOf: '2026-06-30' },
        dataVersion: 2,
        mis: { asOf: '2026-06-30', currency: 'USD', matrix: 'ifrs9-default', months: [{ month: '2026-06', end: '2026-06-30', billed: 1000.1, creditNotes: 0.2, unbilled: 5, debtors: 700.3, provision: 12.1 }] },
      },
      NOW,
    );
    expect(plan.rows).toEqual([['2026-06', isoToExcelSerial('2026-06-30'), 1000.1, 0.2, 999.9, 5, 700.3, 12.1, 688.2]]);
    expect(Object.keys(plan.totals ?? {})).toEqual(['Month', 'Billed (invoices)', 'Credit notes', 'Net billed', 'Unbilled']);
    expect(plan.fields.find((f) => f.label === 'Provision matrix')?.value).toBe('ifrs9-default');
    expect(plan.charts[0]!.rows).toEqual([['2026-06', 999.9, 5, 700.3, 12.1]]);
  });
});
