import type { Category } from './match';

/** What each part of a reconciliation difference means, in a credit controller's words. */
export const CATEGORY_LABELS: Record<Category, string> = {
  payments_in_transit: 'Payments in transit (on their statement, not yet in our ledger)',
  invoices_not_booked_by_customer: 'Invoices they have not booked',
  credit_notes_not_booked_by_customer: 'Credit notes they have not booked',
  payments_not_on_statement: 'Payments or credits we hold that their statement does not show',
  invoices_not_in_our_ledger: 'Charges on their statement that are not in our ledger',
  credits_not_in_our_ledger: 'Credits on their statement that are not in our ledger',
  amount_differences: 'Amount differences on matched items',
};
