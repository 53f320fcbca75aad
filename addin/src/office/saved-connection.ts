// The custom functions' way to the connection the Connect pane saved in OfficeRuntime.storage, read
// at each send, so signing in or out in the pane takes effect at the next calculation.
import type { Connection } from '../figures/batch-client';
import { createConnectionStore, type KeyValueStorage } from '../connection/storage';

/** The saved token and the server it was saved for; null unless both are there (the token goes nowhere else). */
export async function savedConnection(): Promise<Connection | null> {
  const storage = (globalThis as { OfficeRuntime?: { storage?: KeyValueStorage } }).OfficeRuntime?.storage;
  if (!storage) return null;
  const { serverUrl, token } = await createConnectionStore(storage).load();
  return serverUrl && token ? { serverUrl, token } : null;
}
