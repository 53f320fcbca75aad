// The batch client the custom functions use, set once by the entry (functions.ts) or by a test, and
// the few steps every function shares: preview, evaluate, and the shape Excel expects back.
import type { Arg } from './arguments';
import type { BatchClient } from './batch-client';
import { notAvailable } from './errors';
import type { Cell, FigureValue } from './protocol';

let client: BatchClient | null = null;

export function setBatchClient(next: BatchClient | null): void {
  client = next;
}

/** Drops every cached result; the task pane's "Refresh AR data" calls it, then recalculates. */
export function refreshAll(): void {
  client?.refreshAll();
}

/** The part of Excel's invocation object the functions read. */
export interface InvocationLike {
  /** True while the user is still typing the formula (Excel's formula value preview). */
  isInValuePreview?: boolean;
}

function evaluate(fn: string, args: Arg[], invocation: InvocationLike | undefined, placeholder: FigureValue): Promise<FigureValue> {
  if (!client) return Promise.reject(notAvailable('The AR functions are still starting. Recalculate in a moment.'));
  return client.evaluate({ fn, args }, { preview: invocation?.isInValuePreview === true, placeholder });
}

/** A figure that is one number (a preview with nothing cached shows 0). */
export async function numberFigure(fn: string, args: Arg[], invocation?: InvocationLike): Promise<number> {
  const value = await evaluate(fn, args, invocation, 0);
  if (typeof value !== 'number') throw notAvailable(`The AR server answered ${fn} with something that is not a number.`);
  return value;
}

/** A figure that spills rows × columns; a single value is a 1 × 1 spill (one cell). */
export async function matrixFigure(fn: string, args: Arg[], invocation?: InvocationLike): Promise<Exclude<Cell, null>[][]> {
  const value = await evaluate(fn, args, invocation, [['…']]);
  const rows = Array.isArray(value) ? value : [[value]];
  // Excel shows an empty string as an empty cell; null in a spill is not supported everywhere.
  return rows.map((row) => row.map((cell) => cell ?? ''));
}
