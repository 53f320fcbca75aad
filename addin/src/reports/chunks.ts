// How a large table body is cut into writes that each fit one context.sync(). Excel on the web
// refuses a request over about 5 MB, and big requests are slow to apply and to cancel, so each chunk
// holds at most CELLS_PER_SYNC cells (rows × columns) and at most BYTES_PER_SYNC of estimated JSON
// (values and number formats together), whichever is hit first. A single row always fits.
import type { Cell } from './sheet-plan';

export const CELLS_PER_SYNC = 5_000;
/** A fifth of Excel on the web's ~5 MB request limit: room for long texts and for the request's own overhead. */
export const BYTES_PER_SYNC = 1_000_000;

export interface ChunkLimits {
  maxCells: number;
  maxBytes: number;
}

export const DEFAULT_LIMITS: ChunkLimits = { maxCells: CELLS_PER_SYNC, maxBytes: BYTES_PER_SYNC };

/** Rows [start, end) of the table body. */
export interface Chunk {
  start: number;
  end: number;
}

/** Roughly what one row costs in a request: its values as JSON plus one format code per cell. */
export function estimateRowBytes(row: readonly Cell[], formatBytes: number): number {
  return JSON.stringify(row).length + row.length * formatBytes;
}

/**
 * Consecutive row ranges covering every row once, in order. `formatBytes` is the average length of a
 * number-format code in JSON (quotes and comma included).
 */
export function planChunks(rows: readonly (readonly Cell[])[], columnCount: number, limits: ChunkLimits = DEFAULT_LIMITS, formatBytes = 24): Chunk[] {
  if (columnCount < 1) throw new Error('a table needs at least one column');
  const rowsByCells = Math.max(1, Math.floor(limits.maxCells / columnCount));
  const chunks: Chunk[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const rowBytes = estimateRowBytes(rows[i]!, formatBytes);
    const full = i - start >= rowsByCells || (i > start && bytes + rowBytes > limits.maxBytes);
    if (full) {
      chunks.push({ start, end: i });
      start = i;
      bytes = 0;
    }
    bytes += rowBytes;
  }
  if (rows.length > start) chunks.push({ start, end: rows.length });
  return chunks;
}
