import { describe, expect, it } from 'vitest';
import {
  ageingLabels,
  asOfArg,
  boundariesArg,
  bucketArg,
  choiceArg,
  customerArg,
  optionalScopeArg,
  optionalTextArg,
  scopeArg,
  wholeNumberArg,
} from '../../src/figures/arguments';
import { FigureError } from '../../src/figures/errors';

/** The #VALUE! an argument parser throws, or a failure naming what it returned instead. */
function valueError(parse: () => unknown): FigureError {
  try {
    const got = parse();
    throw new Error(`expected #VALUE!, got ${JSON.stringify(got)}`);
  } catch (err) {
    if (!(err instanceof FigureError)) throw err;
    expect(err.code).toBe('VALUE');
    return err;
  }
}

describe('scope', () => {
  it('takes a customer id, vertical:, region:, collector: or *, as typed but trimmed', () => {
    expect(scopeArg('C1042')).toBe('C1042');
    expect(scopeArg('  C1042 ')).toBe('C1042');
    expect(scopeArg('vertical:Retail')).toBe('vertical:Retail');
    expect(scopeArg('Region:EMEA')).toBe('Region:EMEA');
    expect(scopeArg('collector:Ana Silva')).toBe('collector:Ana Silva');
    expect(scopeArg('*')).toBe('*');
  });

  it('takes a numeric customer id that Excel passes as a number', () => {
    expect(scopeArg(1042)).toBe('1042');
    expect(customerArg(7)).toBe('7');
  });

  it('refuses what is not a scope, naming the argument', () => {
    expect(valueError(() => scopeArg('team:North')).message).toMatch(/^scope: "team:North" is not a customer id, vertical:<name>/);
    expect(valueError(() => scopeArg('')).message).toMatch(/^scope is required/);
    expect(valueError(() => scopeArg(null)).message).toMatch(/^scope is required/);
    expect(valueError(() => scopeArg('x'.repeat(101))).message).toMatch(/^scope: /);
    expect(valueError(() => scopeArg(true)).message).toBe('scope: true is not text.');
    expect(valueError(() => scopeArg(12.5)).message).toBe('scope: 12.5 is not text.');
    expect(valueError(() => scopeArg([['C1']])).message).toBe('scope: a range is not text.');
  });

  it('is optional where the function says so', () => {
    expect(optionalScopeArg(null)).toBeNull();
    expect(optionalScopeArg(undefined)).toBeNull();
    expect(optionalScopeArg('region:EMEA')).toBe('region:EMEA');
  });

  it('a customer argument refuses a group', () => {
    expect(valueError(() => customerArg('vertical:Retail')).message).toBe('customer: "vertical:Retail" is a group; give one customer id.');
    expect(valueError(() => customerArg('*')).message).toMatch(/^customer: "\*" is a group/);
  });
});

describe('asOf', () => {
  it('is null when omitted: the server uses its data date', () => {
    expect(asOfArg(null)).toBeNull();
    expect(asOfArg(undefined)).toBeNull();
    expect(asOfArg('')).toBeNull();
  });

  it('reads Excel date serials, dropping the time of day', () => {
    expect(asOfArg(1)).toBe('1900-01-01');
    expect(asOfArg(46203)).toBe('2026-06-30');
    expect(asOfArg(46203.75)).toBe('2026-06-30');
  });

  it("steps around Excel's phantom 1900-02-29: 59 is 28 February, 60 does not exist, 61 is 1 March", () => {
    expect(asOfArg(59)).toBe('1900-02-28');
    expect(valueError(() => asOfArg(60)).message).toMatch(/^asOf: 60 is 29 February 1900/);
    expect(valueError(() => asOfArg(60.5)).message).toMatch(/^asOf: 60 is 29 February 1900/);
    expect(asOfArg(61)).toBe('1900-03-01');
  });

  it('reads YYYY-MM-DD text', () => {
    expect(asOfArg('2026-06-30')).toBe('2026-06-30');
    expect(asOfArg(' 2024-02-29 ')).toBe('2024-02-29');
  });

  it('refuses what is not a date, naming the argument', () => {
    expect(valueError(() => asOfArg(0)).message).toBe('asOf: 0 is not a date.');
    expect(valueError(() => asOfArg(-3)).message).toBe('asOf: -3 is not a date.');
    expect(valueError(() => asOfArg(3_000_000)).message).toBe('asOf: 3000000 is not a date.');
    expect(valueError(() => asOfArg('2026-02-30')).message).toMatch(/^asOf: "2026-02-30" is not a date/);
    expect(valueError(() => asOfArg('30/06/2026')).message).toMatch(/^asOf: "30\/06\/2026" is not a date/);
    expect(valueError(() => asOfArg(true)).message).toBe('asOf: true is not a date.');
  });
});

describe('numbers, choices and text', () => {
  it('whole numbers in range, as numbers or digits; omitted is null', () => {
    expect(wholeNumberArg(90, 'days', 1, 730)).toBe(90);
    expect(wholeNumberArg(' 30 ', 'days', 1, 730)).toBe(30);
    expect(wholeNumberArg(null, 'days', 1, 730)).toBeNull();
    expect(valueError(() => wholeNumberArg(0, 'days', 1, 730)).message).toBe('days: 0 is not a whole number from 1 to 730.');
    expect(valueError(() => wholeNumberArg(1.5, 'months', 1, 24)).message).toBe('months: 1.5 is not a whole number from 1 to 24.');
    expect(valueError(() => wholeNumberArg('ten', 'minDays', 1, 3650)).message).toBe('minDays: "ten" is not a whole number from 1 to 3650.');
  });

  it('choices in any case become the listed word', () => {
    expect(choiceArg('Standard', 'method', ['countback', 'standard'])).toBe('standard');
    expect(choiceArg(null, 'method', ['countback', 'standard'])).toBeNull();
    expect(valueError(() => choiceArg('median', 'method', ['countback', 'standard'])).message).toBe('method: "median" is not one of countback, standard.');
  });

  it('free text has a length limit', () => {
    expect(optionalTextArg(' pm-2026 ', 'matrix')).toBe('pm-2026');
    expect(optionalTextArg(null, 'matrix')).toBeNull();
    expect(valueError(() => optionalTextArg('m'.repeat(101), 'matrix')).message).toBe('matrix: at most 100 characters.');
  });
});

describe('ageing buckets', () => {
  it('normalises boundaries to "30,60,90"; one number is one boundary', () => {
    expect(boundariesArg(' 30, 60 ,90')).toBe('30,60,90');
    expect(boundariesArg(45)).toBe('45');
    expect(boundariesArg(null)).toBeNull();
    expect(valueError(() => boundariesArg('60,30')).message).toMatch(/^buckets: bucket boundaries must be strictly increasing/);
    expect(valueError(() => boundariesArg('30,sixty')).message).toMatch(/^buckets: bucket boundary 2/);
  });

  it('labels follow basis and boundaries, in report order', () => {
    expect(ageingLabels(null, null)).toEqual(['Current', '1-30', '31-60', '61-90', '91-120', '121+', 'unapplied', 'total']);
    expect(ageingLabels('document', '30,60')).toEqual(['0-30', '31-60', '61+', 'unapplied', 'total']);
  });

  it('a bucket is matched in any case and sent as labelled', () => {
    const labels = ageingLabels(null, null);
    expect(bucketArg('61-90', labels)).toBe('61-90');
    expect(bucketArg('current', labels)).toBe('Current');
    expect(bucketArg('TOTAL', labels)).toBe('total');
    expect(bucketArg(null, labels)).toBeNull();
    expect(valueError(() => bucketArg('60-90', labels)).message).toBe(
      'bucket: "60-90" is not one of Current, 1-30, 31-60, 61-90, 91-120, 121+, unapplied, total.',
    );
  });
});
