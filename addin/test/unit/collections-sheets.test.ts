import { describe, expect, it } from 'vitest';
import type { WorklistReply } from '../../src/collections/desk-api';
import { disputesSheet } from '../../src/collections/disputes-sheet';
import { customerOfRow } from '../../src/collections/selection';
import { activityText, promiseText, rowWrites, worklistSheet } from '../../src/collections/worklist-sheet';
import { layoutSheet } from '../../src/reports/sheet-layout';

const NOW = new Date('2026-11-02T14:03:00Z');

const reply: WorklistReply = {
  date: '2026-10-16',
  collector: 'Kim',
  currency: 'USD',
  items: [
    {
      customerId: 'K1', name: '=HYPERLINK("http://x","Kilo")', collector: 'Kim', priority: 128.5,
      reasons: ['400.00 USD overdue 31–60 days (0.8 pts)', '2 broken promises in the last 30 days (100 pts)'], overdue: 900, disputed: 1500, grade: 'D',
      promises: [{ id: 'p1', promisedDate: '2026-10-10', amount: 2000, currency: 'USD', state: 'broken' }, { id: 'p2', promisedDate: '2026-10-15', amount: 1234.5, currency: 'USD', state: 'partly_kept' }],
      lastActivity: null, nextActionDate: null, nextStep: 'Call about the promise of 2026-10-10 (broken)',
    },
    {
      customerId: '00123', name: 'Quiet Ltd', collector: 'Kim', priority: 30, reasons: ['next action date reached (30 pts)'], overdue: 0, disputed: 0, grade: null,
      promises: [], lastActivity: { occurredOn: '2026-10-14', kind: 'call', outcome: 'left voicemail' }, nextActionDate: '2026-10-16', nextStep: 'Do the follow-up planned in the last activity',
    },
  ],
};

describe('the Worklist sheet', () => {
  it('one row per customer in the server’s order, with the reasons, promises and last activity as text', () => {
    const plan = worklistSheet(reply, NOW);
    expect(plan.columns.map((c) => c.header)).toEqual(['Rank', 'Customer ID', 'Customer', 'Collector', 'Priority', 'Why', 'Overdue', 'Disputed', 'Grade', 'Open promises', 'Last activity', 'Next action', 'Next step']);
    expect(plan.rows[0]).toEqual([
      1, 'K1', '=HYPERLINK("http://x","Kilo")', 'Kim', 128.5, '400.00 USD overdue 31–60 days (0.8 pts); 2 broken promises in the last 30 days (100 pts)', 900, 1500, 'D',
      '2026-10-10 2,000.00 USD broken; 2026-10-15 1,234.50 USD partly kept', null, null, 'Call about the promise of 2026-10-10 (broken)',
    ]);
    // 2026-10-16 as an Excel serial: 46,310 days after 1899-12-31, +1 for Excel's 1900-02-29 = 46,311.
    expect(plan.rows[1]!.slice(0, 2)).toEqual([2, '00123']);
    expect(plan.rows[1]!.slice(10, 12)).toEqual(['2026-10-14 call: left voicemail', 46311]);
    expect(plan.fields.map((f) => [f.label, f.value])).toEqual([['As of', '2026-10-16'], ['Collector', 'Kim'], ['Customers', 2], ['Currency', 'USD'], ['Generated', '2026-11-02 14:03 UTC']]);
  });

  it('writes ledger text as text: a name like a formula or an id like a number gets the Text format', () => {
    const layout = layoutSheet(worklistSheet(reply, NOW));
    const body = layout.chunk({ start: 0, end: 2 });
    expect(body.values[0]![2]).toBe('=HYPERLINK("http://x","Kilo")');
    expect(body.numberFormat[0]![2]).toBe('@');
    expect(body.numberFormat[1]![1]).toBe('@');
    expect(body.numberFormat[1]![11]).toBe('yyyy-mm-dd');
    expect(body.numberFormat[0]![6]).toBe('#,##0.00;[Red]-#,##0.00');
    expect(layout.sheetName).toBe('Worklist');
  });

  it('after a write, rewrites only the customer’s own cells', () => {
    const plan = worklistSheet(reply, NOW);
    const header = plan.columns.map((c) => c.header);
    const body = plan.rows.map((r) => r.map((v) => v ?? ''));
    const activity = { id: 'a', customerId: '00123', kind: 'visit', invoices: [], outcome: 'met the buyer', note: '', nextActionDate: '2026-11-30', occurredOn: '2026-11-22', createdBy: 'u' };
    // Row 8 = first body row 7 + index 1; Last activity is the 11th column (K), Next action the 12th (L).
    expect(rowWrites(header, body, 7, '00123', { activity })).toEqual([
      { address: 'K8', values: [['2026-11-22 visit: met the buyer']], numberFormat: [['@']] },
      { address: 'L8', values: [[46356]], numberFormat: [['yyyy-mm-dd']] },
    ]);
    const promise = { id: 'p', customerId: 'K1', invoices: ['K-3'], amount: 500, currency: 'USD', madeOn: '2026-11-22', promisedDate: '2026-11-29', note: '', paid: 0, state: 'open' as const };
    expect(rowWrites(header, body, 7, 'K1', { promise })).toEqual([
      { address: 'J7', values: [['2026-10-10 2,000.00 USD broken; 2026-10-15 1,234.50 USD partly kept; 2026-11-29 500.00 USD open']], numberFormat: [['@']] },
    ]);
    expect(rowWrites(header, body, 7, '00123', { promise })[0]!.values).toEqual([['2026-11-29 500.00 USD open']]);
    expect(rowWrites(header, body, 7, 'NOPE', { promise })).toEqual([]);
    expect(rowWrites(header, body, 7, '00123', { activity: { ...activity, nextActionDate: null, outcome: '' } })).toEqual([{ address: 'K8', values: [['2026-11-22 visit']], numberFormat: [['@']] }]);
  });

  it('formats promises and activities in the currency’s decimals', () => {
    expect(promiseText({ promisedDate: '2026-12-01', amount: 150000, currency: 'JPY', state: 'open' })).toBe('2026-12-01 150,000 JPY open');
    expect(activityText({ occurredOn: '2026-10-01', kind: 'email', outcome: '' })).toBe('2026-10-01 email');
  });
});

describe('the Disputes sheet', () => {
  it('one row per dispute with its version; dates as Excel dates', () => {
    const plan = disputesSheet(
      [{ id: 'd1', customerId: 'K1', invoices: ['K-3', 'K-4'], amount: 1500, currency: 'USD', reason: 'pricing', owner: 'sales', status: 'resolved_credit_note', rootCause: 'old price list', note: '', openedOn: '2026-10-01', resolvedOn: '2026-10-20', version: 3 }],
      'all', 'USD', NOW,
    );
    expect(plan.columns.map((c) => c.header)).toEqual(['Dispute ID', 'Customer ID', 'Invoices', 'Amount', 'Currency', 'Reason', 'Owner', 'Status', 'Root cause', 'Opened', 'Resolved', 'Version']);
    // 2026-10-01 → 46296; 2026-10-20 → 46315 (19 days later).
    expect(plan.rows).toEqual([['d1', 'K1', 'K-3, K-4', 1500, 'USD', 'pricing', 'sales', 'resolved_credit_note', 'old price list', 46296, 46315, 3]]);
    expect(disputesSheet([], 'active', 'USD', NOW).fields[0]).toEqual({ label: 'Showing', value: 'active (open, in review)', kind: 'text' });
  });
});

describe('the selected row', () => {
  const header = ['Rank', 'Customer ID', 'Customer'];
  it('names the customer of a body row', () => {
    expect(customerOfRow({ sheetName: 'Worklist', row: 9, header, values: [3, 'C0042', 'Acme'] })).toEqual({ customerId: 'C0042', name: 'Acme' });
    expect(customerOfRow({ sheetName: 'Disputes', row: 7, header: ['Dispute ID', 'Customer ID'], values: ['d', 123] })).toEqual({ customerId: '123', name: null });
  });
  it('says why there is none', () => {
    expect(customerOfRow({ sheetName: 'Worklist', row: 6, header, values: header })).toEqual({ problem: expect.stringMatching(/below the header \(row 7 or lower\)/) });
    expect(customerOfRow({ sheetName: 'Worklist', row: 40, header, values: ['', '', ''] })).toEqual({ problem: 'Row 40 of "Worklist" has no customer id.' });
    expect(customerOfRow({ sheetName: 'Sheet1', row: 2, header: ['', ''], values: [] })).toEqual({ problem: expect.stringMatching(/"Sheet1" has no Customer ID column/) });
  });
});
