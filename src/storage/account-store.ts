import { isDuplicateKey } from './database';
import type { ApiTokenDocument, PasswordHash, Role, TokenScope } from './account-models';
import { KeyedQueue } from './keyed-queue';
import type { Models } from './models';

export interface UserRecord {
  username: string;
  role: Role;
  password: PasswordHash;
  failedAttempts: number;
  lockedUntil?: Date;
  createdAt: Date;
  lastSignInAt?: Date;
}

/** What counts wrong passwords for one name: an account, or the record of a name without one. */
export interface AttemptState {
  failedAttempts: number;
  lockedUntil?: Date;
}

export interface TokenRecord {
  /** SHA-256 of the token, hex: the `_id`. */
  id: string;
  username: string;
  name: string;
  scope: TokenScope;
  createdAt: Date;
  lastUsedAt?: Date;
  revokedAt?: Date;
}

export interface LockPolicy {
  /** Wrong passwords in a row that lock the name. */
  maxFailures: number;
  lockMs: number;
}

export class AccountExistsError extends Error {
  constructor(readonly username: string) {
    super(`An account "${username}" already exists`);
    this.name = 'AccountExistsError';
  }
}

function toUser(doc: {
  _id: string;
  role: string;
  password?: Partial<PasswordHash> | null;
  failedAttempts?: number | null;
  lockedUntil?: Date | null;
  createdAt: Date;
  lastSignInAt?: Date | null;
}): UserRecord {
  return {
    username: doc._id,
    role: doc.role as Role,
    password: doc.password as PasswordHash,
    failedAttempts: doc.failedAttempts ?? 0,
    ...(doc.lockedUntil ? { lockedUntil: doc.lockedUntil } : {}),
    createdAt: doc.createdAt,
    ...(doc.lastSignInAt ? { lastSignInAt: doc.lastSignInAt } : {}),
  };
}

function toToken(doc: ApiTokenDocument): TokenRecord {
  return {
    id: doc._id,
    username: doc.username,
    name: doc.name,
    // A token stored before scopes existed keeps the rights it had.
    scope: doc.scope ?? 'manage',
    createdAt: doc.createdAt,
    ...(doc.lastUsedAt ? { lastUsedAt: doc.lastUsedAt } : {}),
    ...(doc.revokedAt ? { revokedAt: doc.revokedAt } : {}),
  };
}

/**
 * Accounts, API tokens and failed-attempt counters in the database. Every read and write on
 * a request's path is by `_id`; only the token list of one user is a query on another field.
 */
export class AccountStore {
  /** Failed-attempt counters are read-modify-write on FerretDB: one at a time per name. */
  private readonly counters = new KeyedQueue();

  constructor(private readonly models: Models) {}

  async findUser(username: string): Promise<UserRecord | null> {
    const doc = await this.models.User.findById(username).lean();
    return doc ? toUser(doc) : null;
  }

  /** Stores a new account; AccountExistsError when the name is taken (also by a concurrent run). */
  async createUser(user: { username: string; role: Role; password: PasswordHash; now: Date }): Promise<void> {
    try {
      await this.models.User.create({
        _id: user.username,
        role: user.role,
        password: user.password,
        failedAttempts: 0,
        createdAt: user.now,
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AccountExistsError(user.username);
      throw error;
    }
  }

  /** A new password, which also unlocks the account; false when there is no such account. */
  async setPassword(username: string, password: PasswordHash, role?: Role): Promise<boolean> {
    const result = await this.models.User.updateOne(
      { _id: username },
      { $set: { password, failedAttempts: 0, ...(role ? { role } : {}) }, $unset: { lockedUntil: '' } },
    );
    return result.matchedCount === 1;
  }

  /** A successful sign-in: the counter starts again; a re-hashed password replaces the old one. */
  async recordSuccess(username: string, now: Date, rehashed?: PasswordHash): Promise<void> {
    await this.counters.run(`user|${username}`, () =>
      this.models.User.updateOne(
        { _id: username },
        { $set: { failedAttempts: 0, lastSignInAt: now, ...(rehashed ? { password: rehashed } : {}) }, $unset: { lockedUntil: '' } },
      ),
    );
  }

  /**
   * One more wrong password for an account; at `maxFailures` in a row the account is locked
   * and the counter starts again. Returns the state after, or null if the account is gone.
   */
  recordUserFailure(username: string, now: Date, policy: LockPolicy): Promise<AttemptState | null> {
    return this.counters.run(`user|${username}`, async () => {
      const after = await this.models.User.findOneAndUpdate(
        { _id: username },
        { $inc: { failedAttempts: 1 } },
        // No projection: FerretDB refuses findAndModify with `fields`.
        { returnDocument: 'after' },
      ).lean();
      if (!after) return null;
      if ((after.failedAttempts ?? 0) < policy.maxFailures) return { failedAttempts: after.failedAttempts ?? 0 };
      const lockedUntil = new Date(now.getTime() + policy.lockMs);
      await this.models.User.updateOne({ _id: username }, { $set: { failedAttempts: 0, lockedUntil } });
      return { failedAttempts: 0, lockedUntil };
    });
  }

  /** The counter of a name that has no account (`key` is a keyed hash of the name). */
  async findAttempts(key: string): Promise<AttemptState | null> {
    const doc = await this.models.SignInAttempt.findById(key).lean();
    if (!doc) return null;
    return { failedAttempts: doc.failedAttempts, ...(doc.lockedUntil ? { lockedUntil: doc.lockedUntil } : {}) };
  }

  /** As `recordUserFailure`, for a name that has no account. The record outlives any lock. */
  recordUnknownFailure(key: string, now: Date, policy: LockPolicy): Promise<AttemptState> {
    return this.counters.run(`unknown|${key}`, async () => {
      const expiresAt = new Date(now.getTime() + policy.lockMs);
      const increment = () =>
        this.models.SignInAttempt.findOneAndUpdate(
          { _id: key },
          { $inc: { failedAttempts: 1 }, $set: { expiresAt } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
      // Two processes creating the same record at once: one insert loses, and then it exists.
      const after = await increment().catch((error: unknown) => {
        if (isDuplicateKey(error)) return increment();
        throw error;
      });
      const failedAttempts = after?.failedAttempts ?? 1;
      if (failedAttempts < policy.maxFailures) return { failedAttempts };
      await this.models.SignInAttempt.updateOne({ _id: key }, { $set: { failedAttempts: 0, lockedUntil: expiresAt, expiresAt } });
      return { failedAttempts: 0, lockedUntil: expiresAt };
    });
  }

  async insertToken(token: { id: string; username: string; name: string; scope: TokenScope; now: Date }): Promise<void> {
    await this.models.ApiToken.create({ _id: token.id, username: token.username, name: token.name, scope: token.scope, createdAt: token.now });
  }

  async findToken(id: string): Promise<TokenRecord | null> {
    const doc = await this.models.ApiToken.findById(id).lean();
    return doc ? toToken(doc) : null;
  }

  async recordTokenUse(id: string, now: Date): Promise<void> {
    await this.models.ApiToken.updateOne({ _id: id }, { $set: { lastUsedAt: now } });
  }

  /** A user's tokens, newest first. */
  async listTokens(username: string): Promise<TokenRecord[]> {
    const docs = await this.models.ApiToken.find({ username }).sort({ createdAt: -1 }).lean();
    return docs.map(toToken);
  }

  async revokeToken(id: string, now: Date): Promise<void> {
    await this.models.ApiToken.updateOne({ _id: id }, { $set: { revokedAt: now } });
  }
}
