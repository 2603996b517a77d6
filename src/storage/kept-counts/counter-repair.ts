import type { Logger } from 'pino';
import type { Models } from '../models';
import type { ResponseAnalysis } from '../response-analysis';
import type { Bases } from './bases';
import type { CounterShare } from './count-documents';
import type { CounterLiveness } from './counter-liveness';
import { sharesOf } from './reading';

/** A repair that has not finished in this time is taken over by another process. */
const REPAIR_TAKEOVER_MS = 5 * 60_000;

/** The repair of counters that are gone: their share recounted from their own responses. */
export class CounterRepair {
  /** @param analysis reads from the primary: a recount read from a lagging secondary would miss the last responses, for good. */
  constructor(
    private readonly models: Pick<Models, 'ResultCount' | 'ResultCounter'>,
    private readonly analysis: ResponseAnalysis,
    private readonly liveness: CounterLiveness,
    private readonly bases: Bases,
    private readonly now: () => number,
    private readonly logger?: Logger,
  ) {}

  /** Repairs every counter whose process is gone; returns how many. */
  async repairGone(): Promise<number> {
    const counters = await this.liveness.all();
    let repaired = 0;
    for (const counter of counters) {
      if (this.liveness.isGone(counter) && (await this.repair(counter._id))) repaired++;
    }
    return repaired;
  }

  /**
   * Recounts a gone or retired counter's share from its own responses, folds it into the
   * bases and forgets the counter. Only one process repairs a counter at a time.
   */
  private async repair(counterId: string): Promise<boolean> {
    const at = new Date(this.now());
    const claim = await this.models.ResultCounter.updateOne(
      {
        _id: counterId,
        $or: [{ repairBy: { $exists: false } }, { repairAt: { $lt: new Date(this.now() - REPAIR_TAKEOVER_MS) } }],
      },
      { $set: { repairBy: this.liveness.current, repairAt: at } },
    );
    if (claim.modifiedCount !== 1) return false;
    this.logger?.info({ counter: counterId }, 'kept counts: recounting the share of a counter that stopped');
    const shares = new Map<string, CounterShare>();
    for (const { surveyId, versionId } of await this.analysis.versionsCountedBy(counterId)) {
      shares.set(versionId, { surveyId, versionId, counts: await this.analysis.countChoices({ surveyId, versionIds: [versionId], countedBy: counterId }) });
    }
    // Documents of versions that turn out to have no response left still need folding (as zero).
    for (const document of await sharesOf(this.models, counterId)) {
      if (!shares.has(document.versionId)) shares.set(document.versionId, { ...document, counts: new Map() });
    }
    await this.bases.fold(counterId, [...shares.values()]);
    await this.liveness.forget(counterId);
    return true;
  }
}
