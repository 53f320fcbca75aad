// The functions as Excel calls them: arguments checked before any request, normalised the way the
// batch endpoint expects, results shaped for a cell, and failures as CustomFunctions.Error.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchClient, type Fetch } from '../../src/figures/batch-client';
import { setBatchClient } from '../../src/figures/current';
import { FigureError } from '../../src/figures/errors';
import type { CallResult, FunctionCall } from '../../src/figures/protocol';
import { ageing, balance, overdue } from '../../src/functions/balances';
import { cei, dso, payIndex } from '../../src/functions/collection';
import { creditLimit, creditScore, ecl, exposure, headroom, scoreDetail } from '../../src/functions/credit';
import { customers } from '../../src/functions/customers';
import { associateAll, toExcelError, withExcelErrors, type CustomFunctionsApi } from '../../src/office/custom-functions';
import { customFunctions } from '../../src/functions/index';

/** CustomFunctions.Error and ErrorCode as Excel has them. */
class ExcelError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
  }
}
const ERROR_CODE = { invalidValue: '#VALUE!', notAvailable: '#N/A' };
const api: CustomFunctionsApi = { associate: () => {}, Error: ExcelError, ErrorCode: ERROR_CODE };

let sent: FunctionCall[];
let answer: (call: FunctionCall) => CallResult;

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  answer = () => ({ value: 1 });
  const fetch: Fetch = async (_url, init) => {
    const calls = (JSON.parse(String(init?.body)) as { calls: FunctionCall[] }).calls;
    sent.push(...calls);
    return Response.json({ dataVersion: 1, dataDate: '2026-06-30', results: calls.map((c) => answer(c)) });
  };
  setBatchClient(createBatchClient({ connection: async () => ({ serverUrl: 'https://ar.test', token: 't' }), fetch }));
});
afterEach(() => {
  setBatchClient(null);
  vi.useRealTimers();
});

/** Runs a function as Excel would (trailing invocation), past the batching window. */
async function inCell<T>(result: Promise<T>): Promise<T> {
  await vi.advanceTimersByTimeAsync(25);
  return result;
}
const cell = { isInValuePreview: false };

describe('arguments as the batch endpoint receives them', () => {
  it('every function sends its id and its normalised arguments, omitted ones as null', async () => {
    await inCell(
      Promise.all([
        ageing('C1', 'current', 46203, 'DUE', '30, 60', cell),
        balance(' C1 ', undefined, cell),
        overdue('region:EMEA', '2026-06-30', 31, cell),
        dso('vertical:Retail', 'Standard', undefined, 60, cell),
        cei('*', 6, undefined, cell),
        payIndex('C1', undefined, cell),
        creditScore('C1', 46203, cell),
        creditLimit('collector:Ana', cell),
        exposure('C1', undefined, cell),
        headroom('C1', undefined, cell),
        ecl('*', undefined, 'pm-2026', cell),
      ]),
    );
    const byFn = (calls: FunctionCall[]) => [...calls].sort((a, b) => a.fn.localeCompare(b.fn));
    expect(byFn(sent)).toEqual(byFn([
      { fn: 'AGEING', args: ['C1', 'Current', '2026-06-30', 'due', '30,60'] },
      { fn: 'BALANCE', args: ['C1', null] },
      { fn: 'OVERDUE', args: ['region:EMEA', '2026-06-30', 31] },
      { fn: 'DSO', args: ['vertical:Retail', 'standard', null, 60] },
      { fn: 'CEI', args: ['*', 6, null] },
      { fn: 'PAYINDEX', args: ['C1', null] },
      { fn: 'CREDITSCORE', args: ['C1', '2026-06-30'] },
      { fn: 'CREDITLIMIT', args: ['collector:Ana'] },
      { fn: 'EXPOSURE', args: ['C1', null] },
      { fn: 'HEADROOM', args: ['C1', null] },
      { fn: 'ECL', args: ['*', null, 'pm-2026'] },
    ]));
  });

  it('Excel passes omitted optional arguments as null: the same call as leaving them out', async () => {
    await inCell(Promise.all([ageing('C1', null as never, null as never, null as never, null as never, cell), ageing('C1', undefined, undefined, undefined, undefined, cell)]));
    expect(sent).toEqual([{ fn: 'AGEING', args: ['C1', null, null, null, null] }]);
  });

  it('a malformed argument is #VALUE! naming it, with no request', async () => {
    const failures = await inCell(
      Promise.all([
        ageing('team:North', undefined, undefined, undefined, undefined, cell).catch((e: unknown) => e),
        ageing('C1', '60-90', undefined, undefined, undefined, cell).catch((e: unknown) => e),
        ageing('C1', '1-30', undefined, 'document', undefined, cell).catch((e: unknown) => e),
        balance('C1', 60, cell).catch((e: unknown) => e),
        dso('*', 'median', undefined, undefined, cell).catch((e: unknown) => e),
        creditScore('vertical:Retail', undefined, cell).catch((e: unknown) => e),
        overdue('C1', undefined, 0, cell).catch((e: unknown) => e),
      ]),
    );
    expect(failures.map((e) => (e as FigureError).code)).toEqual(Array(7).fill('VALUE'));
    expect(failures.map((e) => (e as FigureError).message.split(':')[0])).toEqual(['scope', 'bucket', 'bucket', 'asOf', 'method', 'customer', 'minDays']);
    expect(sent).toEqual([]);
  });
});

describe('results shaped for a cell', () => {
  it('AR.AGEING with a bucket is one cell; without, one row spilled', async () => {
    answer = (c) => ({ value: c.args[1] === null ? [[100, 20, 0, 0, 0, 0, -5, 115]] : 20 });
    expect(await inCell(ageing('C1', '1-30', undefined, undefined, undefined, cell))).toEqual([[20]]);
    expect(await inCell(ageing('C1', undefined, undefined, undefined, undefined, cell))).toEqual([[100, 20, 0, 0, 0, 0, -5, 115]]);
  });

  it('spills show an empty cell for a missing value', async () => {
    answer = () => ({ value: [['driver', 'value'], ['add', null]] });
    expect(await inCell(scoreDetail('C1', undefined, cell))).toEqual([['driver', 'value'], ['add', '']]);
  });

  it('a number function answered with text is #N/A, not a wrong figure', async () => {
    answer = () => ({ value: 'A' });
    expect(await inCell(balance('C1', undefined, cell).catch((e: unknown) => e))).toMatchObject({ code: 'NA' });
  });

  it('while the user types (formula preview), a placeholder and no request', async () => {
    const preview = { isInValuePreview: true };
    expect(await inCell(balance('C1', undefined, preview))).toBe(0);
    expect(await inCell(customers(undefined, preview))).toEqual([['…']]);
    expect(sent).toEqual([]);
  });
});

describe('Excel errors', () => {
  it('#VALUE! and #N/A with the message; an Excel error passes as it is; anything else is #N/A', () => {
    expect(toExcelError(new FigureError('VALUE', 'asOf: bad'), api)).toMatchObject({ code: '#VALUE!', message: 'asOf: bad' });
    expect(toExcelError(new FigureError('NA', 'unknown customer X'), api)).toMatchObject({ code: '#N/A', message: 'unknown customer X' });
    const own = new ExcelError('#NUM!', 'x');
    expect(toExcelError(own, api)).toBe(own);
    expect(toExcelError(new TypeError('boom'), api)).toMatchObject({ code: '#N/A', message: 'The AR add-in failed: boom' });
  });

  it('wraps thrown and rejected failures; values pass through', async () => {
    const wrapped = withExcelErrors((async (id: string) => {
      if (id === 'bad') throw new FigureError('VALUE', 'scope: bad');
      return 5;
    }) as never, api);
    await expect(wrapped('ok')).resolves.toBe(5);
    await expect(wrapped('bad')).rejects.toMatchObject({ code: '#VALUE!', message: 'scope: bad' });
    const sync = withExcelErrors((() => {
      throw new FigureError('NA', 'no');
    }) as never, api);
    expect(() => sync()).toThrow(ExcelError);
    expect(withExcelErrors((() => '0.1.0') as never, api)()).toBe('0.1.0');
  });

  it('associates every function, wrapped, when CustomFunctions exists', async () => {
    const associated = new Map<string, (...args: unknown[]) => unknown>();
    vi.stubGlobal('CustomFunctions', { ...api, associate: (id: string, fn: (...args: unknown[]) => unknown) => associated.set(id, fn) });
    try {
      expect(associateAll(customFunctions)).toBe(true);
      expect([...associated.keys()].sort()).toEqual(Object.keys(customFunctions).sort());
      await expect(associated.get('BALANCE')!('team:North', null, cell)).rejects.toMatchObject({ code: '#VALUE!' });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(associateAll(customFunctions)).toBe(false);
  });
});
