import { AggregationPendingError } from '../errors';
/**
 * Keeps the results of expensive aggregations (a subgroup's tallies, a crosstab) so that
 * live pages watching a large survey do not re-run them on every refresh:
 * - a result is reused while the survey's counts have not moved (same `signature`);
 * - after they moved, a new one is computed, no more often than its own computing time allows
 *   (at least `minIntervalMs`, and `costFactor` times as long as it took); the asker waits for
 *   it up to `patienceMs` (a small survey's is there by then), and past that is given the
 *   previous result, marked stale, while the new one goes on in the background: a page of a
 *   survey whose aggregation takes a minute shows the last figures at once and follows when
 *   the new ones are in, instead of hanging for that minute;
 * - identical aggregations asked for at once run once: the second asker gets the first's result;
 * - an asker who must have the current figures (an export) asks `fresh` and waits for them;
 * - an asker who would rather say "still counting" than wait long for a first result (a page)
 *   gives `waitMs`, and gets an AggregationPendingError past it while the computation goes on.
 */

/** How long an asker waits: `fresh` for the current figures, `waitMs` at most for a first result. */
export interface AnswerWait {
  fresh?: boolean;
  waitMs?: number;
}

export interface Cached<T> {
  value: T;
  /** When the value was computed, and whether the counts have moved since. */
  computedAt: Date;
  stale: boolean;
}

interface Entry<T> {
  /** The last value computed, and the signature of the counts it was computed at. */
  value?: T;
  signature?: string;
  computedAt?: number;
  durationMs?: number;
  /** When a computation last started: the next one waits for the interval from here. */
  triedAt?: number;
  running?: Promise<void>;
}

export class AggregationCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(
    private readonly options: { maxEntries?: number; minIntervalMs?: number; costFactor?: number; patienceMs?: number; now?: () => number } = {},
  ) {}

  private get now() {
    return this.options.now ?? Date.now;
  }

  /** The value for `key` at `signature`, computing it with `compute` when it must. */
  async get<T>(key: string, signature: string, compute: () => Promise<T>, { fresh = false, waitMs }: AnswerWait = {}): Promise<Cached<T>> {
    for (;;) {
      const entry = this.entries.get(key) as Entry<T> | undefined;
      if (entry?.value !== undefined && entry.signature === signature) return this.served(entry, false);
      const previous = entry?.value !== undefined && !fresh ? entry : undefined;
      if (entry?.running) {
        if (previous) {
          // `previous` is this entry: once the computation is in, it holds the new value.
          await this.within(entry.running);
          return this.served(previous, previous.signature !== signature);
        }
        await this.waitFor(entry, waitMs);
        continue;
      }
      if (previous) {
        const wait = Math.max(this.options.minIntervalMs ?? 2000, (this.options.costFactor ?? 4) * (previous.durationMs ?? 0));
        // A failed background computation leaves the old value; the next try waits as long.
        const lastTry = Math.max(previous.computedAt ?? 0, previous.triedAt ?? 0);
        if (this.now() - lastTry < wait) return this.served(previous, true);
        const running = this.start(key, previous, signature, compute);
        running.catch(() => {});
        await this.within(running);
        return this.served(previous, previous.signature !== signature);
      }
      const first = entry ?? {};
      this.start(key, first, signature, compute).catch(() => {});
      await this.waitFor(first, waitMs);
    }
  }

  /** Waits for `entry`'s computation (up to `waitMs` when given), and throws its error if it failed. */
  private async waitFor<T>(entry: Entry<T>, waitMs: number | undefined): Promise<void> {
    const running = entry.running;
    if (!running) return;
    if (waitMs !== undefined && !(await this.within(running, waitMs))) throw new AggregationPendingError(new Date(entry.triedAt ?? this.now()));
    await running;
  }

  /** Computes `key` at `signature` into `entry`, which is (or becomes) the cache's entry. */
  private start<T>(key: string, entry: Entry<T>, signature: string, compute: () => Promise<T>): Promise<void> {
    const started = this.now();
    entry.triedAt = started;
    entry.running = compute().then(
      (value) => {
        Object.assign(entry, { value, signature, computedAt: this.now(), durationMs: this.now() - started });
        delete entry.running;
      },
      (error: unknown) => {
        delete entry.running;
        // A failure with nothing to show leaves no entry behind, so that the next asker tries again.
        if (entry.value === undefined && this.entries.get(key) === entry) this.entries.delete(key);
        throw error;
      },
    );
    this.entries.delete(key);
    this.entries.set(key, entry as Entry<unknown>);
    this.evict();
    return entry.running;
  }

  /** Waits for `running` up to `patience` ms; true if it ended by then (done or failed). */
  private within(running: Promise<void>, patience = this.options.patienceMs ?? 1000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      running.then(() => true, () => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), patience))),
    ]).finally(() => clearTimeout(timer));
  }

  private served<T>(entry: Entry<T>, stale: boolean): Cached<T> {
    return { value: entry.value!, computedAt: new Date(entry.computedAt!), stale };
  }

  private evict() {
    const max = this.options.maxEntries ?? 200;
    for (const key of this.entries.keys()) {
      if (this.entries.size <= max) return;
      if (!this.entries.get(key)!.running) this.entries.delete(key);
    }
  }
}
