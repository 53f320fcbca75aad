// The only place that touches Excel's CustomFunctions global. In the shared runtime it is part of
// office.js, which the page loads from Microsoft's CDN before functions.js.
import type { CustomFunctionImplementation } from '../functions/index';

interface CustomFunctionsApi {
  associate(id: string, implementation: CustomFunctionImplementation): void;
}

/** Associates every function; answers false when the page runs outside Excel (no CustomFunctions). */
export function associateAll(functions: Readonly<Record<string, CustomFunctionImplementation>>): boolean {
  const api = (globalThis as { CustomFunctions?: CustomFunctionsApi }).CustomFunctions;
  if (!api || typeof api.associate !== 'function') return false;
  for (const [id, implementation] of Object.entries(functions)) api.associate(id, implementation);
  return true;
}
