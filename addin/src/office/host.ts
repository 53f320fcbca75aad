// The task pane's only contact with Office.js: is this page inside Excel, and where may it keep
// the connection. Everything else in the pane is plain DOM and fetch.
import type { KeyValueStorage } from '../connection/storage';

interface OfficeGlobal {
  onReady(): Promise<{ host: string | null; platform: string | null }>;
}
interface OfficeRuntimeGlobal {
  storage?: KeyValueStorage;
}

export interface OfficeHost {
  /** True when Office.js loaded and reports Excel as the host. */
  inExcel: boolean;
  /** OfficeRuntime.storage when inside Excel; null in a bare browser. */
  storage: KeyValueStorage | null;
}

const OUTSIDE_EXCEL: OfficeHost = { inExcel: false, storage: null };

export async function detectOfficeHost(timeoutMs = 5_000): Promise<OfficeHost> {
  const scope = globalThis as { Office?: OfficeGlobal; OfficeRuntime?: OfficeRuntimeGlobal };
  if (!scope.Office || typeof scope.Office.onReady !== 'function') return OUTSIDE_EXCEL;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const info = await Promise.race([scope.Office.onReady().catch(() => null), timeout]);
  clearTimeout(timer);
  if (!info || info.host !== 'Excel') return OUTSIDE_EXCEL;
  return { inExcel: true, storage: scope.OfficeRuntime?.storage ?? null };
}
