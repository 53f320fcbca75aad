// Every custom function the add-in registers, by the id its JSDoc gives (`@customfunction ID`).
// The glue (addin/src/functions.ts) associates each entry; a unit test checks this table against
// the generated functions.json, so an id missing here or there fails before Excel does.
import { version } from './about';

export type CustomFunctionImplementation = (...args: never[]) => unknown;

export const customFunctions: Readonly<Record<string, CustomFunctionImplementation>> = {
  VERSION: version,
};
