// What the server answered, per call key. Fresh results belong to one server dataVersion: a reply
// carrying another version drops them all, and refreshAll drops them on request. Apart from that,
// the last value each call had is kept, to answer with when the server cannot be reached.
import type { CallResult, FigureValue } from './protocol';

/** Enough for several sheets of 10,000 formulas; beyond it the least recently stored value goes. */
const LAST_KNOWN_LIMIT = 200_000;

export class ResultCache {
  private version: number | null = null;
  private readonly fresh = new Map<string, CallResult>();
  private readonly lastKnown = new Map<string, FigureValue>();

  get dataVersion(): number | null {
    return this.version;
  }

  get size(): number {
    return this.fresh.size;
  }

  /** The result for the current data version, if any. */
  get(key: string): CallResult | undefined {
    return this.fresh.get(key);
  }

  /** The last value this call had, whatever the version: for answering while the server is away. */
  lastValue(key: string): FigureValue | undefined {
    return this.lastKnown.get(key);
  }

  /** Records one reply's results; a version other than the cache's replaces the cache. */
  store(dataVersion: number, results: Iterable<readonly [string, CallResult]>): void {
    if (this.version !== dataVersion) {
      this.fresh.clear();
      this.version = dataVersion;
    }
    for (const [key, result] of results) {
      this.fresh.set(key, result);
      if ('value' in result) this.remember(key, result.value);
    }
  }

  /** Forgets every fresh result; last known values stay for answering while offline. */
  dropFresh(): void {
    this.fresh.clear();
    this.version = null;
  }

  private remember(key: string, value: FigureValue): void {
    this.lastKnown.delete(key);
    this.lastKnown.set(key, value);
    if (this.lastKnown.size > LAST_KNOWN_LIMIT) {
      const oldest = this.lastKnown.keys().next();
      if (!oldest.done) this.lastKnown.delete(oldest.value);
    }
  }
}
