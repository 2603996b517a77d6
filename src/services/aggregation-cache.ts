/**
 * Keeps the results of expensive aggregations (a subgroup's tallies, a crosstab) so that
 * live pages watching a large survey do not re-run them on every refresh:
 * - a result is reused while the survey's counts have not moved (same `signature`);
 * - after they moved, it is recomputed no more often than its own computing time allows
 *   (at least `minIntervalMs`, and `costFactor` times as long as it took), and until then the
 *   previous result is served, marked stale;
 * - identical aggregations asked for at once run once: the second asker gets the first's result.
 */
export interface Cached<T> {
  value: T;
  /** When the value was computed, and whether the counts have moved since. */
  computedAt: Date;
  stale: boolean;
}

interface Entry<T> {
  signature: string;
  value?: T;
  computedAt?: number;
  durationMs?: number;
  running?: Promise<void>;
}

export class AggregationCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(
    private readonly options: { maxEntries?: number; minIntervalMs?: number; costFactor?: number; now?: () => number } = {},
  ) {}

  private get now() {
    return this.options.now ?? Date.now;
  }

  /** The value for `key` at `signature`, computing it with `compute` when it must. */
  async get<T>(key: string, signature: string, compute: () => Promise<T>): Promise<Cached<T>> {
    let entry = this.entries.get(key) as Entry<T> | undefined;
    if (entry?.running) {
      await entry.running;
      entry = this.entries.get(key) as Entry<T> | undefined;
    }
    if (entry && entry.value !== undefined && entry.computedAt !== undefined) {
      const fresh = entry.signature === signature;
      const wait = Math.max(this.options.minIntervalMs ?? 2000, (this.options.costFactor ?? 4) * (entry.durationMs ?? 0));
      if (fresh || this.now() - entry.computedAt < wait) {
        return { value: entry.value, computedAt: new Date(entry.computedAt), stale: !fresh };
      }
    }
    const next: Entry<T> = { signature, ...(entry?.value !== undefined ? { value: entry.value, computedAt: entry.computedAt!, durationMs: entry.durationMs! } : {}) };
    const started = this.now();
    next.running = compute().then(
      (value) => {
        next.value = value;
        next.computedAt = this.now();
        next.durationMs = next.computedAt - started;
        next.signature = signature;
        delete next.running;
      },
      (error: unknown) => {
        delete next.running;
        // A failed computation leaves no entry behind, so that the next asker tries again.
        if (this.entries.get(key) === next) this.entries.delete(key);
        throw error;
      },
    );
    this.entries.delete(key);
    this.entries.set(key, next as Entry<unknown>);
    this.evict();
    await next.running;
    return { value: next.value!, computedAt: new Date(next.computedAt!), stale: false };
  }

  private evict() {
    const max = this.options.maxEntries ?? 200;
    for (const key of this.entries.keys()) {
      if (this.entries.size <= max) return;
      if (!this.entries.get(key)!.running) this.entries.delete(key);
    }
  }
}
