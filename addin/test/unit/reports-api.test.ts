import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/client';
import { createReportsApi, queryString, ReportCancelled, type BatchCall } from '../../src/reports/api';
import { sameVersion } from '../../src/reports/common';
import { freshness, headerFields, reportInfo, staleStatus } from '../../src/reports/staleness';

type Call = { url: string; init?: RequestInit };
function fakeFetch(respond: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      return respond(url, init);
    },
  };
}

describe('reports api', () => {
  it('sends the bearer token and the query, and answers the reply', async () => {
    const reply = { asOf: '2026-06-30', basis: 'due', currency: 'USD', dataVersion: 3, buckets: [], rows: [], totals: {}, check: {} };
    const { fetch, calls } = fakeFetch(() => Response.json(reply));
    const api = createReportsApi({ serverUrl: 'https://ar.test', token: 'tok', fetch });
    expect(await api.ageing({ asOf: '2026-06-30', basis: 'due', buckets: '30,60', groupBy: 'customer', scope: undefined })).toEqual(reply);
    expect(calls[0]!.url).toBe('https://ar.test/api/v1/ageing?asOf=2026-06-30&basis=due&buckets=30%2C60&groupBy=customer');
    expect(new Headers(calls[0]!.init?.headers).get('authorization')).toBe('Bearer tok');
  });

  it('sends a large batch 2,000 calls at a time and answers the results in order', async () => {
    const { fetch, calls } = fakeFetch((_, init) => {
      const { calls: sent } = JSON.parse(String(init?.body)) as { calls: BatchCall[] };
      return Response.json({ dataVersion: 5, dataDate: '2026-06-30', results: sent.map((c) => ({ value: Number(c.args[0]) })) });
    });
    const api = createReportsApi({ serverUrl: 'https://ar.test', token: 't', fetch });
    const reply = await api.batch(Array.from({ length: 4500 }, (_, i) => ({ fn: 'CREDITSCORE', args: [i] })));
    expect(calls.map((c) => (JSON.parse(String(c.init?.body)) as { calls: unknown[] }).calls.length)).toEqual([2000, 2000, 500]);
    expect(reply.results).toHaveLength(4500);
    expect(reply.results[4321]).toEqual({ value: 4321 });
    expect(reply.dataVersion).toBe(5);
  });

  it('asks the data version of GET /me, or of an empty batch while /me does not carry it', async () => {
    const me = { id: 'u', name: 'Ana', role: 'analyst', authority: 0, dataDate: '2026-06-30' };
    const old = fakeFetch((url) => (url.endsWith('/me') ? Response.json(me) : Response.json({ dataVersion: 8, dataDate: '2026-06-30', results: [] })));
    expect(await createReportsApi({ serverUrl: 'https://ar.test', token: 't', fetch: old.fetch }).serverState()).toEqual({ dataVersion: 8, dataDate: '2026-06-30' });
    expect(old.calls.map((c) => [c.init?.method, c.url])).toEqual([['GET', 'https://ar.test/api/v1/me'], ['POST', 'https://ar.test/api/v1/functions/batch']]);
    expect(JSON.parse(String(old.calls[1]!.init?.body))).toEqual({ calls: [] });
    const current = fakeFetch(() => Response.json({ ...me, dataVersion: 9 }));
    expect(await createReportsApi({ serverUrl: 'https://ar.test', token: 't', fetch: current.fetch }).serverState()).toEqual({ dataVersion: 9, dataDate: '2026-06-30' });
    expect(current.calls).toHaveLength(1);
  });

  it("fails with the server's own message, and on a reply of the wrong shape", async () => {
    const denied = fakeFetch(() => Response.json({ error: { code: 'forbidden', message: 'analysts may not' } }, { status: 403 }));
    await expect(createReportsApi({ serverUrl: 'https://ar.test', token: 't', fetch: denied.fetch }).mis({ asOf: '2026-06-30', months: 12 })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'analysts may not',
      status: 403,
    });
    const odd = fakeFetch(() => Response.json({ hello: 'world' }));
    await expect(createReportsApi({ serverUrl: 'https://ar.test', token: 't', fetch: odd.fetch }).customers()).rejects.toBeInstanceOf(ApiError);
  });

  it('stops a request when the report is cancelled', async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch(
      (_, init) =>
        new Promise<Response>((_, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const pending = createReportsApi({ serverUrl: 'https://ar.test', token: 't', fetch }).dso({ asOf: '2026-06-30', method: 'countback', groupBy: 'vertical' }, controller.signal);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(ReportCancelled);
  });

  it('leaves empty parameters out of the query', () => {
    expect(queryString({ asOf: '2026-06-30', customer: undefined, scope: '' , limit: 10 })).toBe('?asOf=2026-06-30&limit=10');
    expect(queryString({})).toBe('');
  });

  it('refuses figures from different data versions in one report', () => {
    expect(sameVersion([4, 4, 4])).toBe(4);
    expect(() => sameVersion([4, 5])).toThrow(/The ledger changed while the report was being fetched \(data versions 4, 5\)/);
  });
});

describe('report sheets in the workbook', () => {
  const labels = ['Report', 'As of', 'Data version', 'Generated', 'Status'];

  it('reads a header block back, and ignores sheets that are not reports', () => {
    expect(headerFields(labels, ['AR Ageing', '2026-06-30', 4]).get('Data version')).toBe(4);
    expect(reportInfo('AR Ageing', labels, ['AR Ageing', '2026-06-30', 4, '2026-07-01 09:30 UTC', 'Complete'])).toEqual({
      sheetName: 'AR Ageing', report: 'AR Ageing', asOf: '2026-06-30', dataVersion: 4, generated: '2026-07-01 09:30 UTC', status: 'Complete',
    });
    expect(reportInfo('AR Ageing', ['my notes'], ['x'])).toBeNull();
    expect(reportInfo('AR Ageing', [], [])).toBeNull();
  });

  it('is out of date when the server has a newer data version, incomplete when writing did not finish', () => {
    const info = reportInfo('Open Items', labels, ['Open Items', '2026-06-30', 4, '', 'Complete'])!;
    expect(freshness(info, 4)).toEqual({ kind: 'current' });
    expect(freshness(info, 6)).toEqual({ kind: 'stale', serverVersion: 6 });
    expect(freshness(info, null)).toEqual({ kind: 'unknown' });
    expect(freshness({ ...info, status: 'INCOMPLETE: being written' }, 6)).toEqual({ kind: 'incomplete' });
    expect(staleStatus(6, '2026-07-02 10:00 UTC')).toBe("Out of date: the server's data is now version 6 (checked 2026-07-02 10:00 UTC)");
  });
});
