/**
 * A promise to pay, judged from the ledger as of a date. `paid` is what settled the promised invoices from the day
 * the promise was made up to the promised date (or the as-of date, if earlier): money that arrived before the
 * promise is not the promise kept, and money after the promised date is late.
 *  - kept: paid covers the amount (whenever within that window);
 *  - open: the promised date has not passed and it is not yet covered;
 *  - partly_kept: the date passed with some but not all of it paid;
 *  - broken: the date passed with nothing paid.
 * The promised date itself is still "not passed" on the as-of date (a promise for today can be kept today).
 */
export type PromiseState = 'open' | 'kept' | 'partly_kept' | 'broken';

export function promiseState(p: { amount: number; promisedDate: string; paid: number }, asOf: string): PromiseState {
  if (p.paid >= p.amount) return 'kept';
  if (asOf <= p.promisedDate) return 'open';
  return p.paid > 0 ? 'partly_kept' : 'broken';
}
