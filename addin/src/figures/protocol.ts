// The contract of POST /api/v1/functions/batch, and a strict reading of its reply: anything not in
// this shape is a bad reply, never a figure.
import type { Arg } from './arguments';

export const BATCH_PATH = '/api/v1/functions/batch';
/** The server's limit on calls per request; larger queues go as several requests at once. */
export const MAX_CALLS_PER_REQUEST = 2_000;

/** fn is the function's id without the namespace ("AGEING"); args are normalised (arguments.ts). */
export interface FunctionCall {
  fn: string;
  args: Arg[];
}

export type Cell = number | string | boolean | null;
/** A number, a text, or rows × columns for a spill. */
export type FigureValue = number | string | Cell[][];

export type CallResult = { value: FigureValue } | { error: { code: string; message: string } };

export interface BatchReply {
  dataVersion: number;
  dataDate: string | null;
  results: CallResult[];
}

/** The call's identity for de-duplication and the cache. */
export function callKey(call: FunctionCall): string {
  return `${call.fn}\u0000${JSON.stringify(call.args)}`;
}

export function parseBatchReply(body: unknown, expectedResults: number): BatchReply | null {
  if (!isRecord(body)) return null;
  const { dataVersion, dataDate, results } = body;
  if (typeof dataVersion !== 'number' || !Number.isFinite(dataVersion)) return null;
  if (dataDate !== null && dataDate !== undefined && typeof dataDate !== 'string') return null;
  if (!Array.isArray(results) || results.length !== expectedResults) return null;
  return { dataVersion, dataDate: dataDate ?? null, results: results.map(parseResult) };
}

const UNREADABLE: CallResult = { error: { code: 'NA', message: 'The AR server answered this call with nothing a cell can show.' } };

/** One result; a result this client cannot show becomes that call's #N/A, not the whole batch's. */
function parseResult(result: unknown): CallResult {
  if (!isRecord(result)) return UNREADABLE;
  if (isRecord(result.error)) {
    const { code, message } = result.error;
    return { error: { code: typeof code === 'string' ? code : 'NA', message: typeof message === 'string' ? message : '' } };
  }
  const value = result.value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string' || isMatrix(value)) return { value };
  return UNREADABLE;
}

function isMatrix(value: unknown): value is Cell[][] {
  if (!Array.isArray(value) || value.length === 0) return false;
  const width = Array.isArray(value[0]) ? value[0].length : -1;
  if (width < 1) return false;
  return value.every((row) => Array.isArray(row) && row.length === width && row.every(isCell));
}

function isCell(cell: unknown): cell is Cell {
  return cell === null || typeof cell === 'string' || typeof cell === 'boolean' || (typeof cell === 'number' && Number.isFinite(cell));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
