import { describe, expect, it } from 'vitest';
import { normalizeServerUrl } from '../../src/connection/server-url';
import { createConnectionStore, memoryStorage, STORAGE_KEYS, type KeyValueStorage } from '../../src/connection/storage';

function recordingStorage(): KeyValueStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: async (key) => items.get(key) ?? null,
    setItem: async (key, value) => void items.set(key, value),
    removeItem: async (key) => void items.delete(key),
  };
}

describe('connection store', () => {
  it('keeps the token and server URL under ar.token and ar.serverUrl', async () => {
    const storage = recordingStorage();
    const store = createConnectionStore(storage);
    await store.save({ serverUrl: 'https://ar.example.test', token: 'tok_1' });
    expect(STORAGE_KEYS).toEqual({ token: 'ar.token', serverUrl: 'ar.serverUrl' });
    expect(Object.fromEntries(storage.items)).toEqual({ 'ar.token': 'tok_1', 'ar.serverUrl': 'https://ar.example.test' });
    expect(await store.load()).toEqual({ serverUrl: 'https://ar.example.test', token: 'tok_1' });
  });

  it('forgets the token on sign out and keeps the server URL', async () => {
    const storage = recordingStorage();
    const store = createConnectionStore(storage);
    await store.save({ serverUrl: 'https://ar.example.test', token: 'tok_1' });
    await store.signOut();
    expect(await store.load()).toEqual({ serverUrl: 'https://ar.example.test', token: null });
    expect(storage.items.has('ar.token')).toBe(false);
  });

  it('reads nothing saved (null or empty) as absent', async () => {
    const storage = recordingStorage();
    storage.items.set('ar.token', '');
    expect(await createConnectionStore(storage).load()).toEqual({ serverUrl: null, token: null });
  });

  it('works over memory storage outside Excel', async () => {
    const store = createConnectionStore(memoryStorage());
    await store.save({ serverUrl: 'https://a.test', token: 't' });
    expect(await store.load()).toEqual({ serverUrl: 'https://a.test', token: 't' });
  });
});

describe('server URL', () => {
  it.each([
    ['https://ar.example.test', 'https://ar.example.test'],
    ['  https://ar.example.test/  ', 'https://ar.example.test'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['https://ar.example.test/ledger/', 'https://ar.example.test/ledger'],
  ])('reads %j as %s', (input, url) => {
    expect(normalizeServerUrl(input)).toEqual({ ok: true, url });
  });

  it.each(['', 'ar.example.test', 'ftp://ar.example.test', 'https://user:pw@ar.example.test', 'https://ar.example.test/?x=1'])(
    'refuses %j',
    (input) => {
      expect(normalizeServerUrl(input).ok).toBe(false);
    },
  );
});
