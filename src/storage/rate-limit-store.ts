import { createHmac } from 'node:crypto';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { isDuplicateKey } from './database';
import { KeyedQueue } from './keyed-queue';
import type { Models } from './models';

/**
 * express-rate-limit's Store on MongoDB, shared by every app process: one document per client
 * and fixed window, `_id` = `<prefix>|<keyed hash of the client>|<window start>`, counted with
 * an acknowledged `$inc`. Client addresses are kept only as a keyed hash. Windows that have
 * ended are deleted by the periodic clean-up (see session-store.ts), not by a TTL index, which
 * FerretDB does not have.
 */
export class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  /** `$inc` is read-modify-write on FerretDB: one at a time per key in this process. */
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly models: Models,
    private readonly secret: string,
    readonly prefix: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private window(key: string): { id: string; resetTime: Date } {
    const start = Math.floor(this.now() / this.windowMs) * this.windowMs;
    const client = createHmac('sha256', this.secret).update(`rate-limit|${key}`).digest('base64url').slice(0, 22);
    return { id: `${this.prefix}|${client}|${start}`, resetTime: new Date(start + this.windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { id, resetTime } = this.window(key);
    const doc = await this.models.RateLimitWindow.findById(id).lean();
    return doc ? { totalHits: doc.hits, resetTime } : undefined;
  }

  increment(key: string): Promise<ClientRateLimitInfo> {
    const { id, resetTime } = this.window(key);
    return this.queue.run(id, async () => {
      const add = () =>
        this.models.RateLimitWindow.findOneAndUpdate(
          { _id: id },
          { $inc: { hits: 1 }, $setOnInsert: { expiresAt: resetTime } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
      // Another process created this window's document at the same moment: it exists now.
      const doc = await add().catch((error: unknown) => {
        if (isDuplicateKey(error)) return add();
        throw error;
      });
      return { totalHits: doc?.hits ?? 1, resetTime };
    });
  }

  async decrement(key: string): Promise<void> {
    const { id } = this.window(key);
    await this.queue.run(id, () => this.models.RateLimitWindow.updateOne({ _id: id }, { $inc: { hits: -1 } }));
  }

  async resetKey(key: string): Promise<void> {
    await this.models.RateLimitWindow.deleteOne({ _id: this.window(key).id });
  }
}
