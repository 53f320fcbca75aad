import { describe, expect, it } from 'vitest';
import { parseActivity, parseAmount, parseDispute, parseInvoices, parsePromise, problemsFromServer, problemText, SubmissionKey } from '../../src/collections/forms';

describe('the forms', () => {
  it('reads invoices and amounts as typed', () => {
    expect(parseInvoices(' INV-1, INV-2;INV-1 ,, ')).toEqual(['INV-1', 'INV-2']);
    expect(parseInvoices('')).toEqual([]);
    expect(['1,234.50', '1234.5', '1 234.50', '0.01', '10'].map(parseAmount)).toEqual(['1234.50', '1234.5', '1234.50', '0.01', '10']);
    expect(['', '0', '0.00', '-5', '12,5x', '1.2.3'].map(parseAmount)).toEqual([null, null, null, null, null, null]);
  });

  it('builds an activity: kind checked, next action date optional, invoices optional', () => {
    expect(parseActivity({ customerId: ' C1 ', kind: 'call', outcome: ' promised to pay ', note: '', nextActionDate: '2026-11-30', invoices: 'A, B' })).toEqual({
      ok: true, body: { customerId: 'C1', kind: 'call', invoices: ['A', 'B'], outcome: 'promised to pay', note: '', nextActionDate: '2026-11-30' },
    });
    expect(parseActivity({ customerId: 'C1', kind: 'note' })).toEqual({ ok: true, body: { customerId: 'C1', kind: 'note', invoices: [], outcome: '', note: '' } });
    const bad = parseActivity({ customerId: '', kind: 'fax', nextActionDate: '30/11/2026', outcome: 'x'.repeat(501) });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.field)).toEqual(['customerId', 'kind', 'outcome', 'nextActionDate']);
  });

  it('builds a promise: invoices, amount and date required', () => {
    expect(parsePromise({ customerId: 'C1', invoices: 'INV-9', amount: '2,500.00', promisedDate: '2026-12-01', note: 'CFO' })).toEqual({
      ok: true, body: { customerId: 'C1', invoices: ['INV-9'], amount: '2500.00', promisedDate: '2026-12-01', note: 'CFO' },
    });
    const bad = parsePromise({ customerId: 'C1', invoices: ' , ', amount: 'lots', promisedDate: '' });
    expect(bad.ok ? [] : bad.problems).toEqual([
      { field: 'invoices', message: 'name at least one open invoice' },
      { field: 'amount', message: 'a positive amount such as 1250.00' },
      { field: 'promisedDate', message: 'a date is required' },
    ]);
  });

  it('builds a dispute with one of the server’s reasons', () => {
    expect(parseDispute({ customerId: 'C1', invoices: 'INV-9', amount: '100', reason: 'quality', owner: 'ops', note: '' })).toEqual({
      ok: true, body: { customerId: 'C1', invoices: ['INV-9'], amount: '100', reason: 'quality', owner: 'ops', note: '' },
    });
    const bad = parseDispute({ customerId: 'C1', invoices: 'INV-9', amount: '100', reason: 'mood' });
    expect(bad.ok ? '' : problemText(bad.problems)).toBe('Reason: one of pricing, quantity, quality, delivery, billing_error, other');
  });

  it('puts the server’s 422 details on the form’s fields', () => {
    const problems = problemsFromServer([
      { path: 'json.invoices.1', message: 'NOPE is not an open invoice of C1 on 2026-11-22' },
      { path: 'json.amount', message: "more than the invoices' open total 400.00 USD" },
      { message: 'something else' },
    ]);
    expect(problems.map((p) => p.field)).toEqual(['invoices', 'amount', 'form']);
    expect(problemText(problems)).toBe("Invoices: NOPE is not an open invoice of C1 on 2026-11-22; Amount: more than the invoices' open total 400.00 USD; something else");
  });
});

describe('SubmissionKey', () => {
  it('a fresh key per submission; the same key when the same submission is sent again before an answer', () => {
    let n = 0;
    const key = new SubmissionKey('promise', () => `k${++n}`);
    const body = { customerId: 'C1', amount: '10' };
    const first = key.keyFor(body);
    expect(first).toBe('promise-k1');
    // No answer came: the user presses the button again, unchanged.
    expect(key.keyFor({ customerId: 'C1', amount: '10' })).toBe(first);
    // Changed before retrying: a new submission, a new key.
    expect(key.keyFor({ customerId: 'C1', amount: '11' })).toBe('promise-k2');
    // Answered: the same body again is a new submission (a second promise, on purpose).
    key.settle();
    expect(key.keyFor({ customerId: 'C1', amount: '11' })).toBe('promise-k3');
    expect(new SubmissionKey('x').keyFor(body)).toMatch(/^x-[0-9a-f-]{36}$/);
  });
});
