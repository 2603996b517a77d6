import type { Logger } from 'pino';
import { isDuplicateKey, isRefusedByServer } from '../database';
import type { Models } from '../models';
import type { LastResponseNotes } from '../survey-records';
import { addCounts, counterDocumentId, encodeKey } from './count-documents';

/** Counts waiting for the next flush, and when the latest of their responses was submitted (ms). */
interface PendingCounts {
  surveyId: string;
  versionId: string;
  counter: string;
  counts: Map<string, number>;
  latest?: number;
}

/** A stored response, as the kept counts add it. */
export interface CountedResponse {
  surveyId: string;
  versionId: string;
  choices: readonly string[];
  countedBy: string;
  submittedAt?: Date;
}

/**
 * The counts of the responses stored since the last flush, per counter document, written off
 * the submission's path with one acknowledged `$inc` per document; and the counters this
 * process no longer writes because a write to them had an unknown outcome.
 */
export class CountBatch {
  private readonly pending = new Map<string, PendingCounts>();
  private flushing: Promise<void> | undefined;
  /**
   * Counters a write of unknown outcome went to (a response's insert or a flush's `$inc`):
   * their documents are never written again by this process, and their counts are rebuilt from
   * their responses once retired and settled (see `flush`).
   */
  private readonly uncertainCounters = new Set<string>();

  /** @param onUncertainWrite told of each counter marked uncertain (so that this process's own one is replaced). */
  constructor(
    private readonly models: Pick<Models, 'ResultCount'>,
    private readonly lastResponses: LastResponseNotes,
    private readonly onUncertainWrite: (counter: string) => void,
    private readonly logger?: Logger,
  ) {}

  /** True while counts wait for a flush (the database away at the last one). */
  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  isUncertain(counter: string): boolean {
    return this.uncertainCounters.has(counter);
  }

  /** Adds one stored response's keys, written at the next flush. */
  add(response: CountedResponse): void {
    // Its counter is recounted from its responses, this one included.
    if (this.uncertainCounters.has(response.countedBy)) return;
    const id = counterDocumentId(response.versionId, response.countedBy);
    let entry = this.pending.get(id);
    if (!entry) {
      entry = { surveyId: response.surveyId, versionId: response.versionId, counter: response.countedBy, counts: new Map() };
      this.pending.set(id, entry);
    }
    if (response.submittedAt) entry.latest = Math.max(entry.latest ?? 0, response.submittedAt.getTime());
    for (const key of response.choices) entry.counts.set(key, (entry.counts.get(key) ?? 0) + 1);
  }

  /** A write that names `counter` may still land: its documents are not written again (see `flush`). */
  noteUncertainWrite(counter: string): void {
    this.uncertainCounters.add(counter);
    this.onUncertainWrite(counter);
  }

  /**
   * Writes the batched counts, one acknowledged `$inc` per document. Every entry is either
   * written, kept for the next flush, or left to the recount of its counter:
   *
   * - The server refused the `$inc` (a definite error, e.g. a field name it will not store):
   *   nothing was applied, so the entry is kept and tried again at the next flush, and the
   *   error is logged with its survey. The loop goes on with the other entries.
   * - Any other failure (a timeout, a lost connection, a failover, a write concern not met)
   *   leaves the outcome unknown: the `$inc` may land later, or may have landed already. Trying
   *   it again could count its responses twice (a 10 s stall did exactly that: it landed when
   *   the database thawed, and the retry added it again); dropping it could lose them. So the
   *   counter is marked uncertain instead: retired at the next heartbeat and, once late writes
   *   have settled, its share is rebuilt from its own responses (`countedBy`), which is what its
   *   documents should have held. Every pending count of that counter belongs to such a
   *   response, so the recount covers it: the entry, and any later one of that counter, is
   *   dropped rather than written.
   */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.entries()];
    this.pending.clear();
    this.flushing = (async () => {
      const latest = new Map<string, number>();
      for (const [id, entry] of batch) {
        if (this.uncertainCounters.has(entry.counter)) continue;
        try {
          await this.increment(id, entry);
          if (entry.latest) latest.set(entry.surveyId, Math.max(latest.get(entry.surveyId) ?? 0, entry.latest));
        } catch (error) {
          if (isRefusedByServer(error)) {
            this.keep(id, entry);
            this.logger?.error({ err: error, surveyId: entry.surveyId, versionId: entry.versionId }, 'kept counts: the database refused a count; kept for the next flush');
          } else {
            this.noteUncertainWrite(entry.counter);
            this.logger?.warn(
              { err: error, surveyId: entry.surveyId, versionId: entry.versionId, counter: entry.counter },
              'kept counts: a count may or may not have been written; its counter will be recounted from its responses',
            );
          }
        }
      }
      for (const [id, entry] of this.pending) if (this.uncertainCounters.has(entry.counter)) this.pending.delete(id);
      await this.raiseLastResponse(latest);
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  /** Puts an entry back into the pending counts, beside what arrived meanwhile. */
  private keep(id: string, entry: PendingCounts) {
    const kept = this.pending.get(id);
    if (!kept) {
      this.pending.set(id, entry);
      return;
    }
    addCounts(kept.counts, entry.counts);
    if (entry.latest) kept.latest = Math.max(kept.latest ?? 0, entry.latest);
  }

  /**
   * The survey list's last response, noted with the survey records. Only a hint: one that fails
   * is not retried, the next response raises it again, and the list can look it up in the
   * responses on request.
   */
  private async raiseLastResponse(latest: Map<string, number>): Promise<void> {
    for (const [surveyId, at] of latest) {
      try {
        await this.lastResponses.noteLastResponse(surveyId, new Date(at));
      } catch (error) {
        this.logger?.warn({ err: error }, 'kept counts: could not note the time of the last response');
      }
    }
  }

  private async increment(id: string, entry: PendingCounts) {
    const $inc = Object.fromEntries([...entry.counts].map(([key, n]) => [`counts.${encodeKey(key)}`, n]));
    const update = { $inc, $setOnInsert: { surveyId: entry.surveyId, versionId: entry.versionId, counter: entry.counter } };
    try {
      await this.models.ResultCount.collection.updateOne({ _id: id } as never, update, { upsert: true });
    } catch (error) {
      // Two processes creating the same document at once: the second one updates it.
      if (!isDuplicateKey(error)) throw error;
      await this.models.ResultCount.collection.updateOne({ _id: id } as never, { $inc });
    }
  }
}
