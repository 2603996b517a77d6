import type { Model } from 'mongoose';
import type { SignInTryDocument } from './account-models';
import { isDuplicateKey } from './database';

export interface LockPolicy {
  /** Wrong passwords in a row that lock the name. */
  maxFailures: number;
  lockMs: number;
}

/** Five wrong passwords in a row lock the name for 15 minutes. */
export const LOCK_POLICY: LockPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };

/** Whether a password may be checked now: a try of the name's current count, or not while it is locked. */
export type TryClaim =
  | { granted: true; round: number; slot: number }
  | { granted: false; lockedUntil: Date };

export type RoundEnd = 'success' | 'lock-over' | 'reset';

/** A wrong password counts for a day; after that it is forgotten (and deleted by the clean-up). */
const TRY_KEPT_MS = 24 * 60 * 60_000;
/** How long the end of a count and a name's head document outlive their last use. */
const HEAD_KEPT_MS = 30 * 24 * 60 * 60_000;
/** A name whose head is this many counts behind is walked forward no further (it cannot happen by use). */
const MAX_WALK = 1000;

/**
 * The tries at a password of one name, counted so that no interleaving of concurrent sign-ins,
 * in any number of processes, gets more than `maxFailures` passwords checked in a row.
 *
 * A try is *claimed before* its password is checked, by inserting a document whose `_id` is
 * one of the count's `maxFailures` slots: `<key>|<round>|1` … `<key>|<round>|5`. The unique
 * `_id` is the one thing that is atomic on both servers: FerretDB 1.24 applies even a
 * conditional update as read-modify-write without isolation (measured: 40 concurrent
 * compare-and-sets all "won"), but of two inserts of one `_id` exactly one succeeds. So each
 * count (a `round`) checks at most `maxFailures` passwords, whoever sends them and wherever.
 * When every slot is taken the name is locked until `lockMs` after the latest try.
 *
 * A count ends with `<key>|<round>|end`, inserted (also exactly once) by a success, by the
 * first try after the lock is over, or by a password reset; the next try starts the next
 * round. Which round is current is found by walking the ends from the round named in the
 * name's head document `<key>` (raised with `$max`; a concurrent write may leave it a round
 * behind, which the walk corrects, never ahead). Every read and write is by `_id`.
 */
export class PasswordTries {
  constructor(
    private readonly tries: Model<SignInTryDocument>,
    readonly policy: LockPolicy,
  ) {}

  /** Claims a try for the name `key` before its password is checked. */
  async claim(key: string, now: Date): Promise<TryClaim> {
    let round = await this.currentRound(key);
    for (let walked = 0; walked < MAX_WALK; walked++) {
      for (let slot = 1; slot <= this.policy.maxFailures; slot++) {
        if (await this.insert(`${key}|${round}|${slot}`, { at: now, expiresAt: new Date(now.getTime() + TRY_KEPT_MS) })) {
          await this.raiseHead(key, round, now);
          return { granted: true, round, slot };
        }
      }
      // Every slot is taken: locked until lockMs after the latest, then the first to come ends the round.
      const lockedUntil = new Date((await this.latestTry(key, round)) + this.policy.lockMs);
      if (lockedUntil > now) {
        await this.raiseHead(key, round, now);
        return { granted: false, lockedUntil };
      }
      await this.end(key, round, 'lock-over', now);
      round = await this.currentRound(key, round + 1);
    }
    throw new Error(`sign-in tries of one name are ${MAX_WALK} rounds behind their head`);
  }

  /** True when the round has ended since the try was claimed (a success of another try, say). */
  async hasEnded(key: string, round: number): Promise<boolean> {
    return (await this.tries.exists({ _id: `${key}|${round}|end` })) !== null;
  }

  /** Ends the round (a success, or the lock over); a second end of the same round changes nothing. */
  async end(key: string, round: number, why: RoundEnd, now: Date): Promise<void> {
    await this.insert(`${key}|${round}|end`, { at: now, ended: why, expiresAt: new Date(now.getTime() + HEAD_KEPT_MS) });
    await this.raiseHead(key, round + 1, now);
  }

  /** Ends whatever round is current: the name's wrong passwords are forgotten (a new password). */
  async endCurrent(key: string, why: RoundEnd, now: Date): Promise<void> {
    await this.end(key, await this.currentRound(key), why, now);
  }

  /** The first round from the head (or `from`) that has not ended. */
  private async currentRound(key: string, from?: number): Promise<number> {
    let round = from ?? (await this.tries.findById(key).lean())?.round ?? 0;
    for (let walked = 0; walked < MAX_WALK && (await this.hasEnded(key, round)); walked++) round++;
    return round;
  }

  /** When the round's latest try was made (ms); its slots are all taken. */
  private async latestTry(key: string, round: number): Promise<number> {
    let latest = 0;
    for (let slot = 1; slot <= this.policy.maxFailures; slot++) {
      const doc = await this.tries.findById(`${key}|${round}|${slot}`).lean();
      // A slot deleted since (a try older than a day) is simply free again at the next claim.
      latest = Math.max(latest, doc?.at?.getTime() ?? 0);
    }
    return latest;
  }

  /** Inserts a document; false when its `_id` is taken (by a concurrent try, in any process). */
  private async insert(id: string, fields: Omit<SignInTryDocument, '_id'>): Promise<boolean> {
    try {
      await this.tries.collection.insertOne({ _id: id, ...fields } as never);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Raises the head to `round` and keeps it for HEAD_KEPT_MS more. */
  private async raiseHead(key: string, round: number, now: Date): Promise<void> {
    const raise = () =>
      this.tries.updateOne({ _id: key }, { $max: { round }, $set: { expiresAt: new Date(now.getTime() + HEAD_KEPT_MS) } }, { upsert: true });
    // Two processes creating the head at once: one insert loses, and then it exists.
    await raise().catch((error: unknown) => {
      if (isDuplicateKey(error)) return raise();
      throw error;
    });
  }
}
