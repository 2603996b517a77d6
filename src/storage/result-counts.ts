import type { Logger } from 'pino';
import { CountBatch, type CountedResponse } from './kept-counts/count-batch';
import { Bases } from './kept-counts/bases';
import { CounterLiveness } from './kept-counts/counter-liveness';
import { CounterRepair } from './kept-counts/counter-repair';
import { FullRecount } from './kept-counts/full-recount';
import { readVersionCounts, sharesOf, type VersionCounts } from './kept-counts/reading';
import type { Models } from './models';
import type { ResponseAnalysis } from './response-analysis';
import { SurveyRecords } from './survey-records';

export type { VersionCounts } from './kept-counts/reading';

/** How often a running counter says it is alive and looks for counters to repair. */
const HEARTBEAT_MS = 10_000;

export interface ResultCountsOptions {
  /** How long submissions are batched before their counts are written (the live page's delay). */
  flushIntervalMs: number;
  /** How often a running counter says it is alive and looks for counters to repair (10 s). */
  heartbeatMs?: number;
  logger?: Logger;
  now?: () => number;
}

/**
 * Kept per-version counts of every `choices` key, so that a live results page reads a few
 * small documents instead of scanning every response (a scan of 100,000 responses takes tens
 * of seconds on the embedded FerretDB).
 *
 * Each process that stores responses is a *counter*: every response it stores names it
 * (`countedBy`), and it adds the response's keys to its own document per version with
 * acknowledged `$inc`s, batched off the submission's path. Readers add up, per version, the
 * base document and the counter documents not yet folded into it.
 *
 * Counts stay exact because every share can be recounted from its own responses:
 * - a counter that stops cleanly flushes and folds its documents into the base;
 * - a counter whose process died (a crash between a response and its count) is found by its
 *   heartbeat (or its pid, on the same host) and repaired by a recount of its own responses;
 * - a counter that saw a write time out (which may still land) is retired, and a new one takes
 *   the following responses; once the late writes have settled the retired one is repaired;
 * - `recountAll` (npm run results:recount, the first start) recounts from the responses
 *   everything no running counter holds.
 *
 * Each job has its file under `kept-counts/`: the batch and its flush (`count-batch.ts`), this
 * process's counter and the others' liveness (`counter-liveness.ts`), the repair of a gone
 * counter (`counter-repair.ts`), writing a version's base (`bases.ts`), the full recount
 * (`full-recount.ts`), and what readers add up (`reading.ts`). This class ties them together.
 */
export class ResultCounts {
  private readonly liveness: CounterLiveness;
  private readonly batch: CountBatch;
  private readonly bases: Bases;
  private readonly repair: CounterRepair;
  private readonly recount: FullRecount;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly models: Models,
    analysis: ResponseAnalysis,
    private readonly options: ResultCountsOptions,
  ) {
    const now = options.now ?? Date.now;
    // A recount read from a lagging secondary would miss the last responses, for good.
    const onPrimary = analysis.onPrimary();
    this.liveness = new CounterLiveness(models, now);
    this.batch = new CountBatch(models, new SurveyRecords(models, analysis), (counter) => this.liveness.noteUncertainWrite(counter), options.logger);
    this.bases = new Bases(models, now);
    this.repair = new CounterRepair(models, onPrimary, this.liveness, this.bases, now, options.logger);
    this.recount = new FullRecount(models, onPrimary, this.liveness, this.repair, this.bases, now);
  }

  /** The id to store in a response's `countedBy`. */
  get currentCounter(): string {
    return this.liveness.current;
  }

  /**
   * Registers this process's counter and starts the batching, the heartbeat and the repair
   * of counters whose processes are gone. A server calls this before it takes responses.
   */
  async start(): Promise<void> {
    await this.liveness.register();
    const every = (ms: number, task: () => Promise<unknown>) => {
      const timer = setInterval(() => {
        task().catch((error: unknown) => this.warn(error, 'kept counts: background task failed'));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.flushIntervalMs, () => this.flush());
    every(this.options.heartbeatMs ?? HEARTBEAT_MS, async () => {
      await this.liveness.heartbeat();
      await this.repair.repairGone();
    });
  }

  /**
   * Brings the kept counts up to date after a start: repairs the counters of processes that
   * stopped without folding theirs, and on a database that has never kept counts (or lost
   * them), recounts everything once. Slow on a large database: a server runs it in the
   * background while it already takes responses.
   */
  async catchUp(progress: (message: string) => void = () => {}): Promise<void> {
    const repaired = await this.repair.repairGone();
    if (repaired) progress(`Kept result counts: recounted the share of ${repaired} process(es) that had stopped.`);
    if (await this.recount.hasRun()) return;
    progress('Kept result counts: counting the stored responses once…');
    const counted = await this.recountAll(undefined, progress);
    progress(`Kept result counts: ${[...counted.values()].reduce((a, b) => a + b, 0)} responses counted.`);
  }

  /** Flushes, folds this counter into the base and says goodbye. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    if (!this.liveness.isRegistered) return;
    this.liveness.unregister();
    try {
      await this.batch.flush();
      const counterId = this.liveness.current;
      // The database is away, or a write of unknown outcome went to this counter: it is
      // retired as it is, and recounted from its responses later (the next start's catch-up).
      const leftToRecount = this.batch.hasPending || this.batch.isUncertain(counterId);
      await this.liveness.retire(counterId);
      if (leftToRecount) return;
      await this.bases.fold(counterId, await sharesOf(this.models, counterId));
      await this.liveness.forget(counterId);
    } catch (error) {
      this.warn(error, 'kept counts: could not fold at stop; another process will repair them');
    }
  }

  /** Adds one stored response's keys, written at the next flush. */
  add(response: CountedResponse): void {
    this.batch.add(response);
  }

  /**
   * A write that names `counter` (this process's current one unless told) failed in a way that
   * may still land. Its documents are not written again; at the next heartbeat the following
   * responses go to a new counter, and the old one is recounted from its responses once late
   * writes have settled. (At most one new counter per heartbeat, however long an outage lasts.)
   */
  noteUncertainWrite(counter: string = this.liveness.current): void {
    this.batch.noteUncertainWrite(counter);
  }

  /** Writes the batched counts (see CountBatch.flush for what happens to each on an error). */
  flush(): Promise<void> {
    return this.batch.flush();
  }

  /** The counts of every version of a survey: each base plus the counters not folded into it. */
  read(surveyId: string): Promise<VersionCounts> {
    return readVersionCounts(this.models, surveyId);
  }

  /** Repairs every counter whose process is gone; returns how many. */
  repairGone(): Promise<number> {
    return this.repair.repairGone();
  }

  /**
   * Recounts from the responses everything that no running counter holds, for every version
   * of the given surveys (all surveys when none is given). Safe while servers take responses:
   * their counters keep counting theirs. Returns each survey's respondents, as now kept.
   */
  recountAll(surveyIds?: string[], progress: (message: string) => void = () => {}): Promise<Map<string, number>> {
    return this.recount.run(surveyIds, progress);
  }

  private warn(error: unknown, message: string) {
    this.options.logger?.warn({ err: error }, message);
  }
}
