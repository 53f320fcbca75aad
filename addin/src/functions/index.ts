// Every custom function the add-in registers, by the id its JSDoc gives (`@customfunction ID`).
// The glue (addin/src/functions.ts) associates each entry; a unit test checks this table against
// the generated functions.json, so an id missing here or there fails before Excel does.
// Ids are stable forever: workbooks store them in their formulas.
import { version } from './about';
import { ageing, balance, overdue } from './balances';
import { cei, dso, payIndex } from './collection';
import { creditLimit, creditScore, ecl, exposure, headroom, scoreDetail } from './credit';
import { customers } from './customers';
import { actual, target } from './targets';
import { forecast, rollRate } from './forecast';

export type CustomFunctionImplementation = (...args: never[]) => unknown;

export const customFunctions: Readonly<Record<string, CustomFunctionImplementation>> = {
  VERSION: version,
  AGEING: ageing,
  BALANCE: balance,
  OVERDUE: overdue,
  DSO: dso,
  CEI: cei,
  PAYINDEX: payIndex,
  CREDITSCORE: creditScore,
  SCOREDETAIL: scoreDetail,
  CREDITLIMIT: creditLimit,
  EXPOSURE: exposure,
  HEADROOM: headroom,
  ECL: ecl,
  CUSTOMERS: customers,
  TARGET: target,
  ACTUAL: actual,
  // Cash-in forecast and roll rates (issue 12).
  FORECAST: forecast,
  ROLLRATE: rollRate,
};
