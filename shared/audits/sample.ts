/**
 * A reproducible random sample: the population is put in a fixed order (type, then id) and drawn with a seeded
 * PRNG (mulberry32 over a 32-bit FNV-1a hash of the seed text), so the same seed over the same population draws
 * the same items in the same order. Pure.
 */
export interface Sampleable {
  type: string;
  id: string;
}

export function seedNumber(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a small, well-known 32-bit generator; returns numbers in [0, 1). */
export function prng(seed: string): () => number {
  let a = seedNumber(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const order = (a: Sampleable, b: Sampleable) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Draw min(size, population) distinct items: a partial Fisher–Yates shuffle of the ordered population. */
export function drawSample<T extends Sampleable>(population: readonly T[], size: number, seed: string): T[] {
  const pool = [...population].sort(order);
  const next = prng(seed);
  const n = Math.min(size, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
