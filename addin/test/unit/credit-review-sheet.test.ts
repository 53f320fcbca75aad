import { describe, expect, it } from 'vitest';
import { decisionsFrom, resultText } from '../../src/credit/review-sheet';

const header = ['Customer ID', 'Customer', 'Version', 'New limit', 'New terms days', 'New hold', 'New review date', 'Reason', 'Result'];
const row = (id: string, v: number, limit: unknown, terms: unknown, hold: unknown, review: unknown, reason: unknown) => [id, `Name ${id}`, v, limit, terms, hold, review, reason, ''];

describe('decisionsFrom', () => {
  it('takes the rows with a decision, skips the rest, and reads Excel’s date serials and typed text', () => {
    const parsed = decisionsFrom(header, [
      row('A', 3, 20000, '', '', '', 'peak season'),
      row('B', 1, '', '', '', '', ''),
      row('C', 2, '', 14, ' ALL ', 46387, 'bounced cheque'),
      ['', '', '', '', '', '', '', '', ''],
    ]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.decisions).toEqual([
      { row: { index: 0, customerId: 'A' }, decision: { customerId: 'A', version: 3, newLimit: 20000, reason: 'peak season' } },
      { row: { index: 2, customerId: 'C' }, decision: { customerId: 'C', version: 2, newTermsDays: 14, hold: 'all', nextReviewDate: '2026-12-31', reason: 'bounced cheque' } },
    ]);
  });

  it('says why a row is not sent', () => {
    const parsed = decisionsFrom(header, [row('A', 1, 5, '', '', '', ''), row('B', 1, '', 1.5, '', '', 'x'), row('C', 1, '', '', 'frozen', '', 'x'), row('D', 1, '', '', '', '31/12/2026', 'x')]);
    expect(parsed.decisions).toEqual([]);
    expect(parsed.problems.map((p) => [p.row.customerId, p.message])).toEqual([
      ['A', 'not sent: a reason is required'],
      ['B', 'not sent: New terms days must be a whole number of days'],
      ['C', 'not sent: New hold must be one of none, new_orders, invoicing, all'],
      ['D', 'not sent: New review date must be a date YYYY-MM-DD'],
    ]);
    expect(() => decisionsFrom(['Customer ID'], [])).toThrow(/lacks the column/);
  });

  it('writes each result as the sheet shows it', () => {
    expect(resultText({ customerId: 'A', decisionId: 'd', status: 'applied' })).toBe('applied');
    expect(resultText({ customerId: 'A', decisionId: 'd', status: 'pending_approval', approverRole: 'manager', reason: 'raises the limit' })).toBe('pending: manager approves (raises the limit)');
    expect(resultText({ customerId: 'A', decisionId: null, status: 'rejected', reason: 'stale' })).toBe('rejected: stale');
  });
});
