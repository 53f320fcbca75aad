import { describe, expect, it } from 'vitest';
import { suggestAllocations, type OpenInvoice } from './unapplied';

const open: OpenInvoice[] = [
  { docNo: 'INV-1042', date: '2026-07-01', open: 480_00 },
  { docNo: 'INV-1043', date: '2026-07-15', open: 120_00 },
  { docNo: 'INV-1050', date: '2026-08-01', open: 300_00 },
  { docNo: 'INV-1051', date: '2026-08-20', open: 600_00 },
];

describe('suggestAllocations', () => {
  it('reads invoice numbers written in the payment reference, whatever their form', () => {
    const s = suggestAllocations({ amount: 600_00, reference: 'Remit inv 1042 / 001043' }, open);
    expect(s[0]).toEqual({ rule: 'reference', confidence: 0.95, allocations: [{ invoiceNo: 'INV-1042', amount: 480_00 }, { invoiceNo: 'INV-1043', amount: 120_00 }] });
    // The same amount is also INV-1051's exact open amount: offered second.
    expect(s[1]).toEqual({ rule: 'exact_amount', confidence: 0.85, allocations: [{ invoiceNo: 'INV-1051', amount: 600_00 }] });
  });

  it('reads a number without our letter prefix when only one invoice has those digits', () => {
    const mine = [{ docNo: 'U-1042', date: '2026-07-01', open: 480_00 }, { docNo: 'U-1043', date: '2026-07-02', open: 120_00 }, { docNo: 'X-1043', date: '2026-07-03', open: 5_00 }];
    expect(suggestAllocations({ amount: 480_00, reference: 'paid 1042 and 1043' }, mine)[0]).toEqual({ rule: 'reference', confidence: 0.95, allocations: [{ invoiceNo: 'U-1042', amount: 480_00 }] });
  });

  it('a referenced invoice smaller than the payment takes only its open amount (lower confidence)', () => {
    expect(suggestAllocations({ amount: 500_00, reference: 'INV-1043' }, open)[0]).toEqual({ rule: 'reference', confidence: 0.7, allocations: [{ invoiceNo: 'INV-1043', amount: 120_00 }] });
  });

  it('finds one invoice of the exact amount, then a subset of open invoices, oldest first', () => {
    expect(suggestAllocations({ amount: 300_00, reference: 'BACS 99812' }, open)).toEqual([{ rule: 'exact_amount', confidence: 0.85, allocations: [{ invoiceNo: 'INV-1050', amount: 300_00 }] }]);
    expect(suggestAllocations({ amount: 900_00, reference: '' }, open)).toEqual([
      { rule: 'subset_sum', confidence: 0.5, allocations: [{ invoiceNo: 'INV-1042', amount: 480_00 }, { invoiceNo: 'INV-1043', amount: 120_00 }, { invoiceNo: 'INV-1050', amount: 300_00 }] },
    ]);
  });

  it('offers nothing when nothing fits', () => {
    expect(suggestAllocations({ amount: 77_00, reference: 'unknown' }, open)).toEqual([]);
    expect(suggestAllocations({ amount: 0, reference: 'INV-1042' }, open)).toEqual([]);
  });
});
