/** The few API calls the benchmarks make, with failures kept whole: status, body and the network cause. */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface ImportReply {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  warnings: string[];
}

export class ApiError extends Error {
  constructor(readonly what: string, readonly status: number | null, readonly body: string) {
    super(`${what} ${status === null ? 'failed' : `answered ${status}`}: ${body.length > 2000 ? `${body.slice(0, 2000)} …` : body}`);
  }
}

/** Posts a CSV file streamed from disk, as a client uploading a large file would: never read whole. */
export async function postCsvFile(base: string, token: string, endpoint: string, file: string): Promise<ImportReply> {
  const body = Readable.toWeb(createReadStream(file, { highWaterMark: 1 << 20 })) as unknown as ReadableStream<Uint8Array>;
  const what = `POST ${endpoint}`;
  let res: Response;
  try {
    res = await fetch(new URL(endpoint, base), {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${token}` },
      body,
      // Node's fetch needs this to send a stream body as it is read.
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
  } catch (err) {
    throw new ApiError(what, null, describeFetchError(err));
  }
  const text = await res.text().catch((err: unknown) => `(reading the reply failed: ${describeFetchError(err)})`);
  if (!res.ok) throw new ApiError(what, res.status, text);
  return JSON.parse(text) as ImportReply;
}

/**
 * `wrangler dev` sometimes refuses a request at once with 503 "Your worker restarted mid-request" (seen on the
 * request after a long import): a dev-server event, not the Worker failing. Imports are all-or-nothing, so the
 * caller may send them once more.
 */
export function isDevServerRestart(err: unknown): boolean {
  return err instanceof ApiError && err.status === 503 && /Your worker restarted mid-request/.test(err.body);
}

/** undici hides the useful part ("other side closed", a timeout code) in `cause`. */
export function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as (Error & { code?: string }) | undefined;
  return cause ? `${err.message}: ${cause.code ? `${cause.code} ` : ''}${cause.message}` : err.message;
}
