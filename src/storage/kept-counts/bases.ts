import { isDuplicateKey } from '../database';
import type { Models } from '../models';
import { addCounts, BASE, baseId, counterDocumentId, countsOf, encodeKey, latestBases, type CounterShare } from './count-documents';

/**
 * A new base is written only this soon after the base it was made from was read, and a
 * replaced base keeps its `_id` taken far longer than that (see `rewrite`).
 */
const BASE_WRITE_WITHIN_MS = 60_000;
const SUPERSEDED_KEPT_MS = 10 * 60_000;
const REWRITE_ATTEMPTS = 20;

/** What a change of a base sees: the latest base of a version (empty, `seq` 0, when there is none). */
export interface Base {
  counts: Map<string, number>;
  folded: string[];
  seq: number;
}

/** Each version's base: what recounts and the shares of counters that stopped were folded into. */
export class Bases {
  constructor(
    private readonly models: Pick<Models, 'ResultCount'>,
    private readonly now: () => number,
  ) {}

  /** Adds a counter's share (its own documents, or a recount of its responses) into each version's base. */
  async fold(counterId: string, shares: CounterShare[]): Promise<void> {
    for (const share of shares) {
      await this.rewrite(share.surveyId, share.versionId, (base) => {
        if (base.folded.includes(counterId)) return undefined;
        return { counts: addCounts(new Map(base.counts), share.counts), folded: [...base.folded, counterId] };
      });
      await this.models.ResultCount.deleteOne({ _id: counterDocumentId(share.versionId, counterId) });
    }
  }

  /**
   * Writes a version's next base from what `change` makes of the latest one, retrying when
   * another process wrote one meanwhile; `change` returns undefined to leave it as it is.
   *
   * Bases are never updated in place: each is a new document whose `_id` carries its sequence
   * number, so two processes writing at once collide on the `_id` and one of them retries.
   * (FerretDB 1.24 does not isolate concurrent updates, even conditional ones: both would win.)
   * That holds only while the `_id` stays taken: had the replaced bases been deleted, a process
   * that read base 10 and wrote 11 after others had written 11, 12 and deleted 11 would write
   * a base nobody reads, and the share it folded would be lost. So a replaced base is emptied
   * and kept for SUPERSEDED_KEPT_MS, and a base is written only within BASE_WRITE_WITHIN_MS of
   * reading the one it replaces.
   */
  async rewrite(surveyId: string, versionId: string, change: (base: Base) => Omit<Base, 'seq'> | undefined): Promise<void> {
    for (let attempt = 0; attempt < REWRITE_ATTEMPTS; attempt++) {
      // The real clock, not `now`: this bounds how long the write below may come after the read.
      const readAt = Date.now();
      const current = latestBases(await this.models.ResultCount.find({ versionId, counter: BASE }).lean()).get(versionId);
      const seq = current?.seq ?? 0;
      const next = change({ counts: current ? countsOf(current) : new Map(), folded: current?.folded ?? [], seq });
      if (!next) return;
      if (Date.now() - readAt > BASE_WRITE_WITHIN_MS) continue; // Its `_id` may be free again: read afresh.
      try {
        await this.models.ResultCount.collection.insertOne({
          _id: baseId(versionId, seq + 1),
          surveyId,
          versionId,
          counter: BASE,
          seq: seq + 1,
          counts: Object.fromEntries([...next.counts].filter(([, n]) => n !== 0).map(([key, n]) => [encodeKey(key), n])),
          folded: [...new Set(next.folded)],
        } as never);
      } catch (error) {
        if (isDuplicateKey(error)) continue;
        throw error;
      }
      // Readers take the latest base: the older ones only hold their `_id`s now.
      const older = { versionId, counter: BASE, seq: { $lt: seq + 1 } };
      await this.models.ResultCount.collection.updateMany({ ...older, supersededAt: { $exists: false } }, { $set: { counts: {}, folded: [], supersededAt: new Date(this.now()) } });
      await this.models.ResultCount.deleteMany({ ...older, supersededAt: { $lt: new Date(this.now() - SUPERSEDED_KEPT_MS) } });
      return;
    }
    throw new Error(`Could not update the kept counts of ${versionId}: too many concurrent changes`);
  }
}
