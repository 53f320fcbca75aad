/**
 * Seeded randomness for the demo ledger. The same seed must give byte-identical CSV on every machine,
 * so everything here is 32-bit integer mixing and exact IEEE arithmetic: no Math.random, no Math.exp.
 */

/** mulberry32: tiny, fast, good enough for believable test data (not for anything secret). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * One independent stream per (seed, customer, purpose): a customer's profile or history can be produced
 * on its own, without replaying everyone before it — which is what lets the ledger stream in bounded memory.
 */
export function streamSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export class Dice {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  unit(): number {
    return this.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Integer in [min, max] skewed towards min: most invoices are small, a few are large. */
  skewed(min: number, max: number): number {
    return min + Math.floor(this.next() * this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(table: readonly (readonly [T, number])[]): T {
    const total = table.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of table) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return table[table.length - 1]![0];
  }
}
