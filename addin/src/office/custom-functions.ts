// The only place that touches Excel's CustomFunctions global. In the shared runtime it is part of
// office.js, which the page loads from Microsoft's CDN before functions.js. The functions themselves
// fail with plain FigureErrors; here they become the Excel errors a cell shows, message included.
import { FigureError } from '../figures/errors';
import type { CustomFunctionImplementation } from '../functions/index';

/** The parts of CustomFunctions the add-in uses. */
export interface CustomFunctionsApi {
  associate(id: string, implementation: (...args: unknown[]) => unknown): void;
  Error: new (code: string, message?: string) => Error;
  ErrorCode: { invalidValue: string; notAvailable: string };
}

/** Associates every function; answers false when the page runs outside Excel (no CustomFunctions). */
export function associateAll(functions: Readonly<Record<string, CustomFunctionImplementation>>): boolean {
  const api = (globalThis as { CustomFunctions?: CustomFunctionsApi }).CustomFunctions;
  if (!api || typeof api.associate !== 'function') return false;
  for (const [id, implementation] of Object.entries(functions)) api.associate(id, withExcelErrors(implementation, api));
  return true;
}

/** The function as Excel calls it: a FigureError, thrown or as a rejection, becomes #VALUE! or #N/A. */
export function withExcelErrors(implementation: CustomFunctionImplementation, api: CustomFunctionsApi): (...args: unknown[]) => unknown {
  const call = implementation as (...args: unknown[]) => unknown;
  return (...args: unknown[]) => {
    try {
      const result = call(...args);
      return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(toExcelError(err, api))) : result;
    } catch (err) {
      throw toExcelError(err, api);
    }
  };
}

export function toExcelError(err: unknown, api: CustomFunctionsApi): Error {
  if (err instanceof api.Error) return err;
  if (err instanceof FigureError) {
    return new api.Error(err.code === 'VALUE' ? api.ErrorCode.invalidValue : api.ErrorCode.notAvailable, err.message);
  }
  // A bug, not a figure: still an answer, never an eternal #BUSY!.
  return new api.Error(api.ErrorCode.notAvailable, `The AR add-in failed: ${err instanceof Error ? err.message : String(err)}`);
}
