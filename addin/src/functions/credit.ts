// Credit decisions: AR.CREDITSCORE, AR.SCOREDETAIL, AR.CREDITLIMIT, AR.EXPOSURE, AR.HEADROOM, AR.ECL.
import { asOfArg, customerArg, optionalTextArg, scopeArg } from '../figures/arguments';
import { matrixFigure, numberFigure } from '../figures/current';

/**
 * A customer's credit score, 0 to 100 (higher is safer), from the explainable scorecard (model cs-1.0); AR.SCOREDETAIL shows why.
 * @customfunction CREDITSCORE
 * @param customer The customer's id.
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @returns The score, 0 to 100.
 */
export async function creditScore(customer: string, asOf?: number | string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('CREDITSCORE', [customerArg(customer), asOfArg(asOf)], invocation);
}

/**
 * Why a customer has the score it has, spilled as a table: each driver's value, points and weight, then the score, the grade (A to E), the recommended credit limit and the model version.
 * @customfunction SCOREDETAIL
 * @param customer The customer's id.
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @returns A table with a header row: driver, value, points, weight.
 */
export async function scoreDetail(customer: string, asOf?: number | string, invocation?: CustomFunctions.Invocation): Promise<Array<Array<number | string | boolean>>> {
  return matrixFigure('SCOREDETAIL', [customerArg(customer), asOfArg(asOf)], invocation);
}

/**
 * The credit limit of a customer, or the sum of the limits of a group's customers.
 * @customfunction CREDITLIMIT
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @returns The limit in the functional currency (0 where none is set).
 */
export async function creditLimit(scope: string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('CREDITLIMIT', [scopeArg(scope)], invocation);
}

/**
 * Credit exposure as of a date: the balance plus work delivered but not yet invoiced.
 * @customfunction EXPOSURE
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @returns The exposure in the functional currency.
 */
export async function exposure(scope: string, asOf?: number | string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('EXPOSURE', [scopeArg(scope), asOfArg(asOf)], invocation);
}

/**
 * Credit headroom as of a date: the credit limit less the exposure (negative when over the limit).
 * @customfunction HEADROOM
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @returns The headroom in the functional currency.
 */
export async function headroom(scope: string, asOf?: number | string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('HEADROOM', [scopeArg(scope), asOfArg(asOf)], invocation);
}

/**
 * Expected credit loss (IFRS 9 simplified approach): the loss allowance a provision matrix gives for the aged balance.
 * @customfunction ECL
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param [asOf] The date: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @param [matrix] The provision matrix: its name for the latest version ("default"), or name@version ("default@2"). Omitted: the server's default matrix.
 * @returns The allowance in the functional currency.
 */
export async function ecl(scope: string, asOf?: number | string, matrix?: string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('ECL', [scopeArg(scope), asOfArg(asOf), optionalTextArg(matrix, 'matrix')], invocation);
}
