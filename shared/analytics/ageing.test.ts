import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOpenItems, ageingCheck, ageingRow, bucketHeading, bucketIndex, bucketSet, checkBoundaries, daysFor,
  DEFAULT_BOUNDARIES, MAX_BOUNDARIES, sumAgeing,
} from './ageing';
import { AnalyticsInputError } from './errors';

const labels = (bs: number[], basis?: 'due' | 'document') => bucketSet(bs, basis).map((b) => b.label);

describe('bucketSet', () => {
  it('30, 60, 90, 120 on the due basis: Current, 1-30 … 121+', () => {
    expect(bucketSet([30, 60, 90, 120])).toEqual([
      { label: 'Current', from: null, to: 0 },
      { label: '1-30', from: 1, to: 30 },
      { label: '31-60', from: 31, to: 60 },
      { label: '61-90', from: 61, to: 90 },
      { label: '91-120', from: 91, to: 120 },
      { label: '121+', from: 121, to: null },
    ]);
    expect(labels([...DEFAULT_BOUNDARIES])).toEqual(['Current', '1-30', '31-60', '61-90', '91-120', '121+']);
  });

  it('on the document basis the first bucket is 0-30 (days since invoice), no Current', () => {
    expect(bucketSet([30, 60, 90, 120], 'document')).toEqual([
      { label: '0-30', from: 0, to: 30 },
      { label: '31-60', from: 31, to: 60 },
      { label: '61-90', from: 61, to: 90 },
      { label: '91-120', from: 91, to: 120 },
      { label: '121+', from: 121, to: null },
    ]);
  });

  it('headings name the basis: "1-30 past due" and "0-30 since invoice" are different populations', () => {
    const [current, first] = bucketSet([30]);
    expect(bucketHeading(current!, 'due')).toBe('Current (not yet due)');
    expect(bucketHeading(first!, 'due')).toBe('1-30 days past due');
    expect(bucketHeading(bucketSet([30], 'document')[0]!, 'document')).toBe('0-30 days since invoice');
  });

  it('the IFRS 9 example set: Current, 1-30, 31-60, 61-90, 91+', () => {
    expect(labels([30, 60, 90])).toEqual(['Current', '1-30', '31-60', '61-90', '91+']);
  });

  it('nine slabs up to 720 days (the pharmaceutical case)', () => {
    expect(labels([30, 60, 90, 120, 180, 270, 360, 540, 720])).toEqual([
      'Current', '1-30', '31-60', '61-90', '91-120', '121-180', '181-270', '271-360', '361-540', '541-720', '721+',
    ]);
  });

  it('one boundary; a one-day bucket is labelled by its day', () => {
    expect(labels([1])).toEqual(['Current', '1', '2+']);
    expect(labels([1, 2, 10])).toEqual(['Current', '1', '2', '3-10', '11+']);
    expect(labels([1], 'document')).toEqual(['0-1', '2+']);
  });

  it(`accepts ${MAX_BOUNDARIES} boundaries and refuses ${MAX_BOUNDARIES + 1}`, () => {
    const many = Array.from({ length: MAX_BOUNDARIES }, (_, i) => (i + 1) * 30);
    expect(bucketSet(many)).toHaveLength(MAX_BOUNDARIES + 2);
    expect(() => bucketSet([...many, 9999])).toThrow(`at most ${MAX_BOUNDARIES} bucket boundaries are allowed, got ${MAX_BOUNDARIES + 1}`);
  });

  it.each([
    [[], 'at least one bucket boundary is needed'],
    [[30, 30], 'strictly increasing: 30 comes after 30'],
    [[60, 30], 'strictly increasing: 30 comes after 60'],
    [[0, 30], 'bucket boundary 1 (0) must be at least 1 day'],
    [[-30], 'bucket boundary 1 (-30) must be at least 1 day'],
    [[30, 45.5], 'bucket boundary 2 (45.5) is not a whole number of days'],
    [[30, Number.NaN], 'bucket boundary 2 (NaN) is not a whole number of days'],
    [[30, 3651], 'bucket boundary 2 (3651) exceeds the maximum of 3650 days'],
  ])('refuses %j: %s', (bs, message) => {
    expect(() => bucketSet(bs)).toThrow(AnalyticsInputError);
    expect(() => bucketSet(bs)).toThrow(message);
  });

  it('checkBoundaries takes request input as it comes', () => {
    expect(checkBoundaries('30,60')).toEqual({ ok: false, message: 'bucket boundaries must be a list of days, e.g. 30, 60, 90, 120' });
    expect(checkBoundaries([30, '60'])).toEqual({ ok: false, message: 'bucket boundary 2 (60) is not a whole number of days' });
    expect(checkBoundaries([7, 14])).toEqual({ ok: true, value: [7, 14] });
  });
});

describe('bucketIndex: boundaries are inclusive upper bounds', () => {
  const due = bucketSet([30, 60, 90, 120]);
  const doc = bucketSet([30, 60, 90, 120], 'document');
  it.each([
    [-400, 'Current'], [-1, 'Current'], [0, 'Current'], [1, '1-30'], [30, '1-30'], [31, '31-60'], [60, '31-60'],
    [61, '61-90'], [90, '61-90'], [91, '91-120'], [120, '91-120'], [121, '121+'], [100_000, '121+'],
  ])('due basis: %i days past due → %s', (days, label) => {
    expect(due[bucketIndex(days, due)]!.label).toBe(label);
  });
  it.each([[0, '0-30'], [30, '0-30'], [31, '31-60'], [121, '121+']])('document basis: %i days old → %s', (days, label) => {
    expect(doc[bucketIndex(days, doc)]!.label).toBe(label);
  });
  it('refuses a document dated after the as-of date on the document basis, and fractions of days', () => {
    expect(() => bucketIndex(-1, doc)).toThrow('before the first bucket (0-30)');
    expect(() => bucketIndex(1.5, due)).toThrow('whole number');
  });

  it('property: every day count lands in exactly one bucket, the one whose range holds it', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 3650 }), { minLength: 1, maxLength: MAX_BOUNDARIES }),
        fc.constantFrom('due' as const, 'document' as const),
        fc.integer({ min: -5000, max: 5000 }),
        (raw, basis, days) => {
          const buckets = bucketSet([...raw].sort((a, b) => a - b), basis);
          if (basis === 'document' && days < 0) return;
          const holding = buckets.filter((b) => (b.from === null || b.from <= days) && (b.to === null || days <= b.to));
          expect(holding).toHaveLength(1);
          expect(buckets[bucketIndex(days, buckets)]).toBe(holding[0]);
        },
      ),
    );
  });
});

describe('daysFor', () => {
  const item = { docDate: '2024-01-30', dueDate: '2024-02-29' };
  it('due basis: as-of − due date; document basis: as-of − document date', () => {
    expect(daysFor(item, '2024-03-30', 'due')).toBe(30);
    expect(daysFor(item, '2024-03-30', 'document')).toBe(60);
    expect(daysFor(item, '2024-02-29', 'due')).toBe(0);
    expect(daysFor(item, '2024-02-01', 'due')).toBe(-28);
  });
  it('counts the leap day: Feb 28 → Mar 1 is 2 days in 2024 and 1 day in 2023', () => {
    expect(daysFor({ docDate: '2024-01-01', dueDate: '2024-02-28' }, '2024-03-01', 'due')).toBe(2);
    expect(daysFor({ docDate: '2023-01-01', dueDate: '2023-02-28' }, '2023-03-01', 'due')).toBe(1);
    expect(daysFor({ docDate: '2023-12-31', dueDate: '2024-01-30' }, '2024-12-31', 'document')).toBe(366);
  });
  it('across a year end', () => {
    expect(daysFor({ docDate: '2023-12-01', dueDate: '2023-12-31' }, '2024-01-30', 'due')).toBe(30);
    expect(daysFor({ docDate: '2023-12-01', dueDate: '2023-12-31' }, '2024-01-31', 'due')).toBe(31);
  });
});

describe('ageOpenItems and ageingRow', () => {
  const buckets = bucketSet([30, 60, 90, 120]);
  const asOf = '2024-03-31';
  // Hand computation, as of 2024-03-31 (2024 is a leap year):
  //   A due 2024-04-15 → −15 days → Current        100.00
  //   B due 2024-03-31 →   0 days → Current         50.00
  //   C due 2024-03-01 →  30 days → 1-30           200.00
  //   D due 2024-02-29 →  31 days → 31-60          300.00
  //   E due 2023-12-02 → 120 days → 91-120          25.50   (Dec 2 → Mar 31: 29 + 31 + 29 + 31 = 120)
  //   F due 2023-12-01 → 121 days → 121+             0.01
  const items = [
    { outstanding: 10_000, docDate: '2024-03-16', dueDate: '2024-04-15' },
    { outstanding: 5_000, docDate: '2024-03-01', dueDate: '2024-03-31' },
    { outstanding: 20_000, docDate: '2024-01-31', dueDate: '2024-03-01' },
    { outstanding: 30_000, docDate: '2024-01-30', dueDate: '2024-02-29' },
    { outstanding: 2_550, docDate: '2023-11-02', dueDate: '2023-12-02' },
    { outstanding: 1, docDate: '2023-11-01', dueDate: '2023-12-01' },
  ];

  it('puts each outstanding amount whole into one bucket', () => {
    expect(ageOpenItems(items, asOf, 'due', buckets)).toEqual([15_000, 20_000, 30_000, 0, 2_550, 1]);
  });

  it('the same items on the document basis', () => {
    // days since invoice: A 15, B 30 → 0-30 (150.00); C 60 → 31-60 (200.00); D 61 → 61-90 (300.00); E 150, F 151 → 121+ (25.51)
    expect(ageOpenItems(items, asOf, 'document', bucketSet([30, 60, 90, 120], 'document'))).toEqual([15_000, 20_000, 30_000, 0, 2_551]);
  });

  it('no items: zeros in every bucket; a row of them totals the unapplied', () => {
    expect(ageOpenItems([], asOf, 'due', buckets)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(ageingRow([0, 0, 0, 0, 0, 0], -700)).toEqual({ amounts: [0, 0, 0, 0, 0, 0], unapplied: -700, total: -700 });
  });

  it('row total = Σ buckets + unapplied', () => {
    const row = ageingRow(ageOpenItems(items, asOf, 'due', buckets), -12_345);
    expect(row.total).toBe(15_000 + 20_000 + 30_000 + 2_550 + 1 - 12_345);
  });

  it('refuses positive unapplied, fractions of a cent and a bad as-of date', () => {
    expect(() => ageingRow([1], 1)).toThrow('≤ 0');
    expect(() => ageingRow([1.5], 0)).toThrow('whole number of minor units');
    expect(() => ageOpenItems([{ ...items[0]!, outstanding: 0.1 }], asOf, 'due', buckets)).toThrow('minor units');
    expect(() => ageOpenItems(items, '2024-02-30', 'due', buckets)).toThrow('YYYY-MM-DD');
  });

  it('sumAgeing adds rows bucket by bucket; an empty group is all zeros', () => {
    const a = ageingRow([1, 2, 3], -1);
    const b = ageingRow([10, 0, 30], -5);
    expect(sumAgeing([a, b], 3)).toEqual({ amounts: [11, 2, 33], unapplied: -6, total: 40 });
    expect(sumAgeing([], 3)).toEqual({ amounts: [0, 0, 0], unapplied: 0, total: 0 });
    expect(() => sumAgeing([a, ageingRow([1], 0)], 3)).toThrow('1 buckets to one of 3');
  });

  it('ageingCheck shows the difference to the ledger balance', () => {
    const row = ageingRow([100, 50], -30);
    expect(ageingCheck(row, 120)).toEqual({ difference: 0, balanced: true });
    expect(ageingCheck(row, 125)).toEqual({ difference: -5, balanced: false });
  });
});
