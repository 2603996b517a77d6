import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { RESPONDENT_KEY } from '../domain/results/counting-keys';
import { isDuplicateKey, isRefusedByServer } from './database';
import type { Models, ResultCountDocument } from './models';
import type { ResponseAnalysis } from './response-analysis';
import { SurveyRecords, type LastResponseNotes } from './survey-records';

/** Respondents per counting key, per survey version. */
export type VersionCounts = Map<string, Map<string, number>>;

const BASE = 'base';
/** Set once the kept counts have been built from the stored responses. */
const COUNTS_MARKER = 'result-counts-kept-since';
/** How often a running counter says it is alive, and after how long without a word it counts as gone. */
const HEARTBEAT_MS = 10_000;
const GONE_AFTER_MS = 60_000;
/** A repair that has not finished in this time is taken over by another process. */
const REPAIR_TAKEOVER_MS = 5 * 60_000;
/** How long a write cut off by a timeout may still land: past this, a retired counter's responses are all in. */
const SETTLE_MS = 15_000;
/**
 * A new base is written only this soon after the base it was made from was read, and a
 * replaced base keeps its `_id` taken far longer than that (see `rewriteBase`).
 */
const BASE_WRITE_WITHIN_MS = 60_000;
const SUPERSEDED_KEPT_MS = 10 * 60_000;

/** Field names cannot hold dots: `factors.3=1` is kept as `factors:3=1`. */
const encodeKey = (key: string) => key.replaceAll('.', ':');
const decodeKey = (field: string) => field.replaceAll(':', '.');

const baseId = (versionId: string, seq: number) => `${versionId}|${BASE}|${String(seq).padStart(9, '0')}`;

/** The latest base document of each version among `documents`. */
function latestBases<D extends Pick<ResultCountDocument, 'counter' | 'versionId' | 'seq'>>(documents: D[]): Map<string, D> {
  const latest = new Map<string, D>();
  for (const d of documents) {
    if (d.counter !== BASE) continue;
    const known = latest.get(d.versionId);
    if (!known || (d.seq ?? 0) > (known.seq ?? 0)) latest.set(d.versionId, d);
  }
  return latest;
}

function countsOf(document: Pick<ResultCountDocument, 'counts'>): Map<string, number> {
  return new Map(Object.entries((document.counts ?? {}) as Record<string, number>).map(([field, n]) => [decodeKey(field), n]));
}

function add(into: Map<string, number>, counts: Iterable<[string, number]>): Map<string, number> {
  for (const [key, n] of counts) into.set(key, (into.get(key) ?? 0) + n);
  return into;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Counts waiting for the next flush, and when the latest of their responses was submitted (ms). */
interface PendingCounts {
  surveyId: string;
  versionId: string;
  counter: string;
  counts: Map<string, number>;
  latest?: number;
}

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
 */
export class ResultCounts {
  /** The counter that counts this process's responses now. */
  private counterId = randomUUID();
  private readonly pending = new Map<string, PendingCounts>();
  private flushing: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private registered = false;
  /** A write timed out: the current counter may be missing a response that lands late. */
  private uncertain = false;
  /**
   * Counters a write of unknown outcome went to (a response's insert or a flush's `$inc`):
   * their documents are never written again by this process, and their counts are rebuilt from
   * their responses once retired and settled (see `flush`).
   */
  private readonly uncertainCounters = new Set<string>();
  private readonly now: () => number;
  private readonly host = hostname();

  private readonly analysis: ResponseAnalysis;
  private readonly lastResponses: LastResponseNotes;

  constructor(
    private readonly models: Models,
    analysis: ResponseAnalysis,
    private readonly options: ResultCountsOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.lastResponses = new SurveyRecords(models, analysis);
    // A recount read from a lagging secondary would miss the last responses, for good.
    this.analysis = analysis.onPrimary();
  }

  /** The id to store in a response's `countedBy`. */
  get currentCounter(): string {
    return this.counterId;
  }

  /**
   * Registers this process's counter and starts the batching, the heartbeat and the repair
   * of counters whose processes are gone. A server calls this before it takes responses.
   */
  async start(): Promise<void> {
    await this.register(this.counterId);
    this.registered = true;
    const every = (ms: number, task: () => Promise<unknown>) => {
      const timer = setInterval(() => {
        task().catch((error: unknown) => this.warn(error, 'kept counts: background task failed'));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.flushIntervalMs, () => this.flush());
    every(this.options.heartbeatMs ?? HEARTBEAT_MS, () => this.heartbeat());
  }

  /**
   * Brings the kept counts up to date after a start: repairs the counters of processes that
   * stopped without folding theirs, and on a database that has never kept counts (or lost
   * them), recounts everything once. Slow on a large database: a server runs it in the
   * background while it already takes responses.
   */
  async catchUp(progress: (message: string) => void = () => {}): Promise<void> {
    const repaired = await this.repairGone();
    if (repaired) progress(`Kept result counts: recounted the share of ${repaired} process(es) that had stopped.`);
    const marker = await this.models.Setting.findById(COUNTS_MARKER).lean();
    if (marker) return;
    progress('Kept result counts: counting the stored responses once…');
    const counted = await this.recountAll(undefined, progress);
    progress(`Kept result counts: ${[...counted.values()].reduce((a, b) => a + b, 0)} responses counted.`);
  }

  /** Flushes, folds this counter into the base and says goodbye. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    if (!this.registered) return;
    this.registered = false;
    try {
      await this.flush();
      // The database is away, or a write of unknown outcome went to this counter: it is
      // retired as it is, and recounted from its responses later (the next start's catch-up).
      if (this.pending.size || this.uncertainCounters.has(this.counterId)) {
        await this.retire(this.counterId);
        return;
      }
      await this.retire(this.counterId);
      await this.foldCounter(this.counterId, await this.documentsOf(this.counterId));
      await this.models.ResultCounter.deleteOne({ _id: this.counterId });
    } catch (error) {
      this.warn(error, 'kept counts: could not fold at stop; another process will repair them');
    }
  }

  /** Adds one stored response's keys, written at the next flush. */
  add(response: { surveyId: string; versionId: string; choices: readonly string[]; countedBy: string; submittedAt?: Date }): void {
    // Its counter is recounted from its responses, this one included.
    if (this.uncertainCounters.has(response.countedBy)) return;
    const id = `${response.versionId}|${response.countedBy}`;
    let entry = this.pending.get(id);
    if (!entry) {
      entry = { surveyId: response.surveyId, versionId: response.versionId, counter: response.countedBy, counts: new Map() };
      this.pending.set(id, entry);
    }
    if (response.submittedAt) entry.latest = Math.max(entry.latest ?? 0, response.submittedAt.getTime());
    for (const key of response.choices) entry.counts.set(key, (entry.counts.get(key) ?? 0) + 1);
  }

  /**
   * A write that names `counter` (this process's current one unless told) failed in a way that
   * may still land. Its documents are not written again; at the next heartbeat the following
   * responses go to a new counter, and the old one is recounted from its responses once late
   * writes have settled. (At most one new counter per heartbeat, however long an outage lasts.)
   */
  noteUncertainWrite(counter: string = this.counterId): void {
    this.uncertainCounters.add(counter);
    if (this.registered && counter === this.counterId) this.uncertain = true;
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
            this.options.logger?.error({ err: error, surveyId: entry.surveyId, versionId: entry.versionId }, 'kept counts: the database refused a count; kept for the next flush');
          } else {
            this.noteUncertainWrite(entry.counter);
            this.options.logger?.warn(
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
    add(kept.counts, entry.counts);
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
        this.warn(error, 'kept counts: could not note the time of the last response');
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

  /** The counts of every version of a survey: each base plus the counters not folded into it. */
  async read(surveyId: string): Promise<VersionCounts> {
    const documents = await this.models.ResultCount.find({ surveyId }).lean();
    const bases = latestBases(documents);
    const byVersion: VersionCounts = new Map();
    for (const document of documents) {
      const base = bases.get(document.versionId);
      if (document.counter === BASE ? document !== base : base?.folded?.includes(document.counter)) continue;
      const sum = byVersion.get(document.versionId) ?? new Map<string, number>();
      byVersion.set(document.versionId, add(sum, countsOf(document)));
    }
    return byVersion;
  }

  // --- Counters: registering, heartbeat, finding and repairing those whose process is gone ---

  private async register(counterId: string): Promise<void> {
    const at = new Date(this.now());
    await this.models.ResultCounter.create({ _id: counterId, host: this.host, pid: process.pid, startedAt: at, heartbeatAt: at, state: 'active' });
  }

  private retire(counterId: string) {
    return this.models.ResultCounter.updateOne({ _id: counterId }, { $set: { state: 'retired', heartbeatAt: new Date(this.now()) } });
  }

  private async heartbeat(): Promise<void> {
    if (this.uncertain) {
      const old = this.counterId;
      this.counterId = randomUUID();
      this.uncertain = false;
      await this.retire(old);
    }
    // An upsert, so that a counter whose registration failed (the database away) is registered now.
    const at = new Date(this.now());
    await this.models.ResultCounter.updateOne(
      { _id: this.counterId },
      { $set: { heartbeatAt: at }, $setOnInsert: { host: this.host, pid: process.pid, startedAt: at, state: 'active' } },
      { upsert: true },
    );
    await this.repairGone();
  }

  /**
   * True when no response will arrive under this counter any more and its counts may be
   * incomplete: retired (and settled), or its process stopped without folding them.
   */
  private isGone(counter: { _id: string; host: string; pid: number; heartbeatAt: Date; state: string }): boolean {
    const silentFor = this.now() - counter.heartbeatAt.getTime();
    if (counter.state === 'retired') return silentFor > SETTLE_MS;
    if (counter._id === this.counterId) return false;
    if (counter.host === this.host && !isAlive(counter.pid)) return true;
    return silentFor > GONE_AFTER_MS;
  }

  /** Repairs every counter whose process is gone; returns how many. */
  async repairGone(): Promise<number> {
    const counters = await this.models.ResultCounter.find().lean();
    let repaired = 0;
    for (const counter of counters) {
      if (this.isGone(counter) && (await this.repair(counter._id))) repaired++;
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
      { $set: { repairBy: this.counterId, repairAt: at } },
    );
    if (claim.modifiedCount !== 1) return false;
    this.options.logger?.info({ counter: counterId }, 'kept counts: recounting the share of a counter that stopped');
    const versions = new Map<string, { surveyId: string; counts: Map<string, number> }>();
    for (const { surveyId, versionId } of await this.analysis.versionsCountedBy(counterId)) {
      versions.set(versionId, { surveyId, counts: await this.analysis.countChoices({ surveyId, versionIds: [versionId], countedBy: counterId }) });
    }
    // Documents of versions that turn out to have no response left still need folding (as zero).
    for (const document of await this.documentsOf(counterId)) {
      if (!versions.has(document.versionId)) versions.set(document.versionId, { surveyId: document.surveyId, counts: new Map() });
    }
    await this.foldCounter(counterId, [...versions].map(([versionId, v]) => ({ versionId, surveyId: v.surveyId, counts: v.counts })));
    await this.models.ResultCounter.deleteOne({ _id: counterId });
    return true;
  }

  private async documentsOf(counterId: string): Promise<{ versionId: string; surveyId: string; counts: Map<string, number> }[]> {
    const documents = await this.models.ResultCount.find({ counter: counterId }).lean();
    return documents.map((d) => ({ versionId: d.versionId, surveyId: d.surveyId, counts: countsOf(d) }));
  }

  /** Adds a counter's share (its own documents, or a recount of its responses) into each version's base. */
  private async foldCounter(counterId: string, shares: { versionId: string; surveyId: string; counts: Map<string, number> }[]): Promise<void> {
    for (const share of shares) {
      await this.rewriteBase(share.surveyId, share.versionId, (base) => {
        if (base.folded.includes(counterId)) return undefined;
        return { counts: add(new Map(base.counts), share.counts), folded: [...base.folded, counterId] };
      });
      await this.models.ResultCount.deleteOne({ _id: `${share.versionId}|${counterId}` });
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
  private async rewriteBase(
    surveyId: string,
    versionId: string,
    change: (base: { counts: Map<string, number>; folded: string[]; seq: number }) => { counts: Map<string, number>; folded: string[] } | undefined,
  ): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
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

  /**
   * Recounts from the responses everything that no running counter holds, for every version
   * of the given surveys (all surveys when none is given). Safe while servers take responses:
   * their counters keep counting theirs. Returns each survey's respondents, as now kept.
   */
  async recountAll(surveyIds?: string[], progress: (message: string) => void = () => {}): Promise<Map<string, number>> {
    await this.repairGone();
    for (let attempt = 0; attempt < 5; attempt++) {
      const running = await this.runningCounters();
      const versions = await this.versionsOf(surveyIds);
      const baseSeqs = new Map<string, number>();
      const bases = latestBases(await this.models.ResultCount.find({ counter: BASE }).lean());
      for (const { versionId } of versions) baseSeqs.set(versionId, bases.get(versionId)?.seq ?? 0);
      const recounted: { surveyId: string; versionId: string; counts: Map<string, number> }[] = [];
      for (const { surveyId, versionId } of versions) {
        progress(`counting ${versionId}…`);
        recounted.push({ surveyId, versionId, counts: await this.analysis.countChoices({ surveyId, versionIds: [versionId], notCountedBy: running }) });
      }
      // A counter that started or stopped during the scan may be counted twice or not at all: again.
      const after = await this.runningCounters();
      if (after.length !== running.length || after.some((id) => !running.includes(id))) continue;
      let changed = false;
      for (const share of recounted) {
        const documents = await this.models.ResultCount.find({ versionId: share.versionId }, { counter: 1 }).lean();
        const stopped = documents.map((d) => d.counter).filter((c) => c !== BASE && !running.includes(c));
        await this.rewriteBase(share.surveyId, share.versionId, (base) => {
          if (base.seq !== baseSeqs.get(share.versionId)) {
            changed = true; // A counter was folded in meanwhile.
            return undefined;
          }
          return { counts: share.counts, folded: [...base.folded, ...stopped] };
        });
        if (changed) break;
        await this.models.ResultCount.deleteMany({ versionId: share.versionId, counter: { $in: stopped } });
      }
      if (changed) continue;
      // Their shares are in the bases now; repairing them again would count them twice.
      const stoppedCounters = (await this.models.ResultCounter.find().lean()).filter((c) => !running.includes(c._id)).map((c) => c._id);
      await this.models.ResultCounter.deleteMany({ _id: { $in: stoppedCounters } });
      if (!surveyIds) {
        await this.models.Setting.updateOne({ _id: COUNTS_MARKER }, { $set: { value: new Date(this.now()).toISOString() } }, { upsert: true });
      }
      const respondents = new Map<string, number>();
      for (const surveyId of new Set(versions.map((v) => v.surveyId))) {
        const counted = [...(await this.read(surveyId)).values()].reduce((sum, counts) => sum + (counts.get(RESPONDENT_KEY) ?? 0), 0);
        respondents.set(surveyId, counted);
      }
      return respondents;
    }
    throw new Error('Servers kept starting or stopping during the recount; run it again');
  }

  /** Ids of the counters whose processes are taking responses now. */
  private async runningCounters(): Promise<string[]> {
    const counters = await this.models.ResultCounter.find().lean();
    return counters.filter((c) => c.state === 'active' && !this.isGone(c)).map((c) => c._id);
  }

  private async versionsOf(surveyIds?: string[]): Promise<{ surveyId: string; versionId: string }[]> {
    const filter = surveyIds ? { surveyId: { $in: surveyIds } } : {};
    const [versions, kept] = await Promise.all([
      this.models.SurveyVersion.find(filter, { surveyId: 1 }).lean(),
      this.models.ResultCount.find(filter, { surveyId: 1, versionId: 1 }).lean(),
    ]);
    const all = new Map<string, string>();
    for (const v of versions) all.set(v._id, v.surveyId);
    for (const k of kept) all.set(k.versionId, k.surveyId);
    return [...all].map(([versionId, surveyId]) => ({ surveyId, versionId }));
  }

  private warn(error: unknown, message: string) {
    this.options.logger?.warn({ err: error }, message);
  }
}
