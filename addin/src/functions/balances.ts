// Balances and their ageing: AR.AGEING, AR.BALANCE, AR.OVERDUE. Arguments are checked here (a
// malformed one is #VALUE! naming it, with no request); figures come from the batch endpoint.
import { AGEING_BASES, ageingLabels, asOfArg, boundariesArg, bucketArg, choiceArg, scopeArg, wholeNumberArg } from '../figures/arguments';
import { matrixFigure, numberFigure } from '../figures/current';

/**
 * Aged receivables of a customer or a group as of a date: one bucket's amount, or (without a bucket) one row spilled across: every bucket, then unapplied, then total.
 * @customfunction AGEING
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param [bucket] The bucket to answer: a label such as "Current", "1-30", "61-90", "121+", or "unapplied" or "total". Omitted: the whole row.
 * @param [asOf] The date to age at: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @param [basis] "due" (days past the due date; the default) or "document" (days since the document date).
 * @param [buckets] Bucket boundaries in days, such as "30,60,90,120" (the default): each is the last day of a bucket.
 * @returns The amount in the functional currency, or a row of amounts.
 */
export async function ageing(
  scope: string,
  bucket?: string,
  asOf?: number | string,
  basis?: string,
  buckets?: string,
  invocation?: CustomFunctions.Invocation,
): Promise<Array<Array<number | string | boolean>>> {
  const basisArg = choiceArg(basis, 'basis', AGEING_BASES);
  const bounds = boundariesArg(buckets);
  const args = [scopeArg(scope), bucketArg(bucket, ageingLabels(basisArg, bounds)), asOfArg(asOf), basisArg, bounds];
  return matrixFigure('AGEING', args, invocation);
}

/**
 * The net balance a customer or a group owes as of a date: open items less unapplied cash and credits.
 * @customfunction BALANCE
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @returns The balance in the functional currency.
 */
export async function balance(scope: string, asOf?: number | string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('BALANCE', [scopeArg(scope), asOfArg(asOf)], invocation);
}

/**
 * The amount past due as of a date, optionally only what is at least some days past due.
 * @customfunction OVERDUE
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @param [minDays] Count only items at least this many days past due (1 to 3650). Omitted: 1, everything overdue.
 * @returns The overdue amount in the functional currency.
 */
export async function overdue(scope: string, asOf?: number | string, minDays?: number, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('OVERDUE', [scopeArg(scope), asOfArg(asOf), wholeNumberArg(minDays, 'minDays', 1, 3650)], invocation);
}
