// Who is in the ledger: AR.CUSTOMERS.
import { optionalScopeArg } from '../figures/arguments';
import { matrixFigure } from '../figures/current';

/**
 * The customers of a scope, spilled one a row: id, name, vertical, region, collector. Use it to lay out a sheet of figures, one customer a row.
 * @customfunction CUSTOMERS
 * @param [scope] vertical:<name>, region:<name>, collector:<name>, a customer id, or * (the default) for every customer.
 * @returns Rows of id, name, vertical, region, collector, in id order.
 */
export async function customers(scope?: string, invocation?: CustomFunctions.Invocation): Promise<Array<Array<number | string | boolean>>> {
  return matrixFigure('CUSTOMERS', [optionalScopeArg(scope)], invocation);
}
