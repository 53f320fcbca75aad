// How fast customers pay: AR.DSO, AR.CEI, AR.PAYINDEX.
import { asOfArg, choiceArg, customerArg, scopeArg, wholeNumberArg } from '../figures/arguments';
import { numberFigure } from '../figures/current';

const DSO_METHODS = ['countback', 'standard', 'bpdso', 'add'] as const;

/**
 * Days sales outstanding of a customer or a group, from the group's totals.
 * @customfunction DSO
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param [method] "countback" (the default: receivables counted back through each month's sales), "standard" (receivables ÷ sales × days), "bpdso" (best possible DSO: current receivables only) or "add" (average days delinquent: DSO − BPDSO).
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @param [days] For "standard": the sales window in days (1 to 730). Omitted: 90.
 * @returns Days, to 2 decimals.
 */
export async function dso(scope: string, method?: string, asOf?: number | string, days?: number, invocation?: CustomFunctions.Invocation): Promise<number> {
  const args = [scopeArg(scope), choiceArg(method, 'method', DSO_METHODS), asOfArg(asOf), wholeNumberArg(days, 'days', 1, 730)];
  return numberFigure('DSO', args, invocation);
}

/**
 * Collection effectiveness index (Credit Research Foundation): the share of what could be collected over some months that was collected.
 * @customfunction CEI
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param [months] How many months, ending with the as-of date's month (1 to 24). Omitted: 3.
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @returns Percent, to 2 decimals.
 */
export async function cei(scope: string, months?: number, asOf?: number | string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('CEI', [scopeArg(scope), wholeNumberArg(months, 'months', 1, 24), asOfArg(asOf)], invocation);
}

/**
 * A customer's payment index on the PAYDEX scale, 20 to 100 (80 = pays on the due date; higher is earlier, lower is later), weighted by amount over the last 12 months of payments.
 * @customfunction PAYINDEX
 * @param customer The customer's id.
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @returns The index, 20 to 100.
 */
export async function payIndex(customer: string, asOf?: number | string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('PAYINDEX', [customerArg(customer), asOfArg(asOf)], invocation);
}
