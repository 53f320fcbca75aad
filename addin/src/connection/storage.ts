// Where the add-in keeps its connection: OfficeRuntime.storage inside Excel (per add-in, outside the
// workbook, so a shared file never carries a token), plain memory in a bare browser.

/** The shape of OfficeRuntime.storage that the add-in uses. */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export const STORAGE_KEYS = { token: 'ar.token', serverUrl: 'ar.serverUrl' } as const;

export interface SavedConnection {
  serverUrl: string | null;
  token: string | null;
}

export interface ConnectionStore {
  load(): Promise<SavedConnection>;
  save(connection: { serverUrl: string; token: string }): Promise<void>;
  /** Forgets the token; the server URL stays, so signing in again needs only a token. */
  signOut(): Promise<void>;
}

export function createConnectionStore(storage: KeyValueStorage): ConnectionStore {
  const read = async (key: string) => {
    const value = await storage.getItem(key);
    return typeof value === 'string' && value !== '' ? value : null;
  };
  return {
    async load() {
      const [serverUrl, token] = await Promise.all([read(STORAGE_KEYS.serverUrl), read(STORAGE_KEYS.token)]);
      return { serverUrl, token };
    },
    async save({ serverUrl, token }) {
      await storage.setItem(STORAGE_KEYS.serverUrl, serverUrl);
      await storage.setItem(STORAGE_KEYS.token, token);
    },
    async signOut() {
      await storage.removeItem(STORAGE_KEYS.token);
    },
  };
}

/** For a page outside Excel: the token lives as long as the page, and is never written anywhere. */
export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    async getItem(key) {
      return items.get(key) ?? null;
    },
    async setItem(key, value) {
      items.set(key, value);
    },
    async removeItem(key) {
      items.delete(key);
    },
  };
}
