import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Models, ResultCounterDocument } from '../models';

/** How long a running counter may stay silent before it counts as gone (it says it is alive every 10 s). */
const GONE_AFTER_MS = 60_000;
/** How long a write cut off by a timeout may still land: past this, a retired counter's responses are all in. */
const SETTLE_MS = 15_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * This process's counter (the id its responses store in `countedBy`) and what the counters'
 * records say of the others: registering, the heartbeat, retiring, and which are gone.
 */
export class CounterLiveness {
  private counterId = randomUUID();
  private registered = false;
  /** A write timed out: the current counter may be missing a response that lands late. */
  private uncertain = false;
  private readonly host = hostname();

  constructor(
    private readonly models: Pick<Models, 'ResultCounter'>,
    private readonly now: () => number,
  ) {}

  /** The counter that counts this process's responses now. */
  get current(): string {
    return this.counterId;
  }

  get isRegistered(): boolean {
    return this.registered;
  }

  async register(): Promise<void> {
    const at = new Date(this.now());
    await this.models.ResultCounter.create({ _id: this.counterId, host: this.host, pid: process.pid, startedAt: at, heartbeatAt: at, state: 'active' });
    this.registered = true;
  }

  /** At stop: no later write replaces the counter, and the next stop does nothing. */
  unregister(): void {
    this.registered = false;
  }

  /** A write to `counter` may still land: if it is the current one, the next heartbeat replaces it. */
  noteUncertainWrite(counter: string): void {
    if (this.registered && counter === this.counterId) this.uncertain = true;
  }

  retire(counterId: string) {
    return this.models.ResultCounter.updateOne({ _id: counterId }, { $set: { state: 'retired', heartbeatAt: new Date(this.now()) } });
  }

  /**
   * Says this process is alive. After a write of unknown outcome, the following responses go to
   * a new counter from here (at most one new counter per heartbeat, however long an outage lasts).
   */
  async heartbeat(): Promise<void> {
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
  }

  /** Every counter's record. */
  all() {
    return this.models.ResultCounter.find().lean();
  }

  /**
   * True when no response will arrive under this counter any more and its counts may be
   * incomplete: retired (and settled), or its process stopped without folding them.
   */
  isGone(counter: Pick<ResultCounterDocument, '_id' | 'host' | 'pid' | 'heartbeatAt' | 'state'>): boolean {
    const silentFor = this.now() - counter.heartbeatAt.getTime();
    if (counter.state === 'retired') return silentFor > SETTLE_MS;
    if (counter._id === this.counterId) return false;
    if (counter.host === this.host && !isAlive(counter.pid)) return true;
    return silentFor > GONE_AFTER_MS;
  }

  /** Ids of the counters whose processes are taking responses now. */
  async running(): Promise<string[]> {
    const counters = await this.all();
    return counters.filter((c) => c.state === 'active' && !this.isGone(c)).map((c) => c._id);
  }

  /** Forgets a counter whose share is in the bases now. */
  async forget(counterId: string): Promise<void> {
    await this.models.ResultCounter.deleteOne({ _id: counterId });
  }

  /**
   * Forgets every counter found now but those in `running`. (By their ids: one that registers
   * meanwhile stays.)
   */
  async forgetAllBut(running: readonly string[]): Promise<void> {
    const stopped = (await this.all()).filter((c) => !running.includes(c._id)).map((c) => c._id);
    await this.models.ResultCounter.deleteMany({ _id: { $in: stopped } });
  }
}
