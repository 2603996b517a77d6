import { isDuplicateKey } from './database';
import type { ApiTokenDocument, PasswordHash, Role, TokenScope } from './account-models';
import { LOCK_POLICY, PasswordTries, type LockPolicy } from './password-tries';
import type { Models } from './models';

export interface UserRecord {
  username: string;
  role: Role;
  password: PasswordHash;
  /** Set while wrong passwords lock the account (mirrored from its tries, see password-tries.ts). */
  lockedUntil?: Date;
  createdAt: Date;
  lastSignInAt?: Date;
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
  lockedUntil?: Date | null;
  createdAt: Date;
  lastSignInAt?: Date | null;
}): UserRecord {
  return {
    username: doc._id,
    role: doc.role as Role,
    password: doc.password as PasswordHash,
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
 * Accounts, API tokens and tries at a password in the database. Every read and write on a
 * request's path is by `_id`; only the token list of one user is a query on another field.
 */
export class AccountStore {
  /** Tries at a password, per typed name (see password-tries.ts). */
  readonly tries: PasswordTries;

  constructor(
    private readonly models: Models,
    policy: LockPolicy = LOCK_POLICY,
  ) {
    this.tries = new PasswordTries(models.SignInTry, policy);
  }

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
        createdAt: user.now,
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AccountExistsError(user.username);
      throw error;
    }
  }

  /** A new password, and the sessions' lock mirror gone; false when there is no such account. */
  async setPassword(username: string, password: PasswordHash, role?: Role): Promise<boolean> {
    const result = await this.models.User.updateOne(
      { _id: username },
      { $set: { password, ...(role ? { role } : {}) }, $unset: { lockedUntil: '' } },
    );
    return result.matchedCount === 1;
  }

  /** A successful sign-in: a re-hashed password replaces the old one, and the sessions' lock mirror goes. */
  async recordSignIn(username: string, now: Date, rehashed?: PasswordHash): Promise<void> {
    await this.models.User.updateOne(
      { _id: username },
      { $set: { lastSignInAt: now, ...(rehashed ? { password: rehashed } : {}) }, $unset: { lockedUntil: '' } },
    );
  }

  /** Wrong passwords locked the account until `until`: its sessions end meanwhile. */
  async markLocked(username: string, until: Date): Promise<void> {
    await this.models.User.updateOne({ _id: username }, { $set: { lockedUntil: until } });
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
