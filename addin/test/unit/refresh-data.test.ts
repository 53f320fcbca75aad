// What the Reports pane says about the custom functions, how it finds them across the two bundles,
// and which connection the functions use.
import { describe, expect, it, vi } from 'vitest';
import { createBatchClient, type FiguresStatus } from '../../src/figures/batch-client';
import { findFigures, publishFigures } from '../../src/figures/bridge';
import { savedConnection } from '../../src/office/saved-connection';
import { cachedWarning, dataLine } from '../../src/taskpane/refresh-data';

const STATUS: FiguresStatus = { dataVersion: 12, dataDate: '2026-06-30', requests: 3, callsSent: 2_400, cachedAnswers: 0, problem: null };

describe('Reports pane: the functions status', () => {
  it('says which data the functions show once they heard from the server', () => {
    expect(dataLine(STATUS)).toBe('AR data as of 2026-06-30 (version 12).');
    expect(dataLine({ ...STATUS, dataVersion: null })).toBe('');
    expect(dataLine({ ...STATUS, dataDate: null })).toBe('AR data as of no data loaded (version 12).');
  });

  it('warns while cells show cached values, with the reason', () => {
    expect(cachedWarning(STATUS)).toBeNull();
    expect(cachedWarning({ ...STATUS, cachedAnswers: 1, problem: 'The AR server (https://ar.test) could not be reached.' })).toBe(
      'Showing cached values in 1 cell: The AR server (https://ar.test) could not be reached. Refresh AR data to try again.',
    );
    expect(cachedWarning({ ...STATUS, cachedAnswers: 2_500, problem: null })).toMatch(/^Showing cached values in 2,500 cells: /);
  });
});

describe('the bridge between functions.js and taskpane.js', () => {
  it('publishes the functions client on the shared window; absent, the pane finds nothing', () => {
    const window = {};
    expect(findFigures(window)).toBeNull();
    const client = createBatchClient({ connection: async () => null });
    publishFigures(client, window);
    const found = findFigures(window);
    expect(found?.status()).toEqual(client.status());
    const seen: FiguresStatus[] = [];
    found?.onStatus((s) => seen.push(s));
    found?.refreshAll();
    expect(seen).toHaveLength(1);
  });
});

describe('the connection the functions use', () => {
  const withStorage = async (items: Record<string, string>) => {
    vi.stubGlobal('OfficeRuntime', { storage: { getItem: async (k: string) => items[k] ?? null, setItem: async () => {}, removeItem: async () => {} } });
    try {
      return await savedConnection();
    } finally {
      vi.unstubAllGlobals();
    }
  };

  it('is the saved token with the server it was saved for, and nothing without both', async () => {
    expect(await withStorage({ 'ar.token': 't', 'ar.serverUrl': 'https://ar.test' })).toEqual({ serverUrl: 'https://ar.test', token: 't' });
    expect(await withStorage({ 'ar.serverUrl': 'https://ar.test' })).toBeNull();
    expect(await withStorage({ 'ar.token': 't' })).toBeNull();
    expect(await savedConnection()).toBeNull();
  });
});
