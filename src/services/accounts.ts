import { createHash, createHmac, randomBytes } from 'node:crypto';
import { unstorableCharacter } from '../domain/text-characters';
import { ROLES, TOKEN_SCOPES, type Role, type TokenScope } from '../storage/account-models';
import type { AccountStore, TokenRecord } from '../storage/account-store';
import { hashPassword, needsRehash, passwordProblem, verifyPassword, type PasswordHash } from './passwords';
import { AppError } from '../errors';
import type { AuditLog } from '../storage/audit-log';

/** Who is making a researcher request, as routes and views see it. */
export interface ResearcherUser {
  username: string;
  role: Role;
}

/** The user a Bearer token stands for, and what the token may do for them. */
export interface TokenHolder {
  user: ResearcherUser;
  scope: TokenScope;
}

export type SignInResult =
  | { outcome: 'signed-in'; user: ResearcherUser }
  /** The same answer for a wrong password and a name without an account. */
  | { outcome: 'refused'; reason: 'wrong-password' | 'unknown-name' }
  | { outcome: 'locked'; reason: 'locked'; retryAfterMinutes: number; lockedNow: boolean; knownName: boolean };

/** A username or role or password that cannot be used, with a sentence saying why (422). */
export class AccountInputError extends AppError {
  constructor(message: string) {
    super(422, message);
  }
}

/** What is wrong with a token's name or scope: a key of the researcher messages, with its parameters. */
export type TokenInputProblem =
  | { key: 'tokenNameRequired' }
  | { key: 'tokenNameTooLong'; max: number }
  | { key: 'tokenNameControlCharacter' | 'tokenNameBrokenCharacter'; code: string }
  | { key: 'tokenScopeRequired' };

/** The same problems in one English sentence each, for the command line. */
const TOKEN_PROBLEMS_IN_ENGLISH: { [K in TokenInputProblem['key']]: (problem: Extract<TokenInputProblem, { key: K }>) => string } = {
  tokenNameRequired: () => 'the token needs a name',
  tokenNameTooLong: ({ max }) => `the token name may be at most ${max} characters`,
  tokenNameControlCharacter: ({ code }) => `the token name contains the invisible character ${code}; remove it`,
  tokenNameBrokenCharacter: ({ code }) => `the token name contains a broken character (${code}); remove it`,
  tokenScopeRequired: () => `the token's scope must be one of ${TOKEN_SCOPES.join(', ')}`,
};

/** A token's name or scope that cannot be used; routes say `problem` in the user's language, the CLI the English message. */
export class TokenInputError extends AccountInputError {
  constructor(readonly problem: TokenInputProblem) {
    super((TOKEN_PROBLEMS_IN_ENGLISH[problem.key] as (p: TokenInputProblem) => string)(problem));
  }
}

export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const TOKEN_NAME_MAX = 100;

/** `lkt_` and 32 random bytes: a prefix that secret scanners and people recognise. */
const TOKEN_FORMAT = /^lkt_[A-Za-z0-9_-]{43}$/;
/** Last use is recorded at most this often, so a busy script does not write on every request. */
const LAST_USE_RESOLUTION_MS = 60_000;
/** Longest typed name that is looked up at all; anything longer is simply unknown. */
const MAX_TYPED_NAME = 200;

/** Lower case and trimmed: the form in which a username is stored and looked up. */
export function normalizeUsername(name: string): string {
  return name.trim().toLowerCase();
}

/** Why `typedName` cannot be a username, or null when it can. */
export function usernameProblem(typedName: string): string | null {
  if (USERNAME.test(normalizeUsername(typedName))) return null;
  return `"${typedName}" cannot be a username: 2 to 64 characters, letters a-z, digits and . _ -, starting with a letter or digit`;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && (TOKEN_SCOPES as readonly string[]).includes(value);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Why `name` (trimmed) cannot name a token, or null: the one place token names are checked. */
function tokenNameProblem(name: string): TokenInputProblem | null {
  if (!name) return { key: 'tokenNameRequired' };
  if (name.length > TOKEN_NAME_MAX) return { key: 'tokenNameTooLong', max: TOKEN_NAME_MAX };
  const unstorable = unstorableCharacter(name, { oneLine: true });
  if (unstorable) return { key: unstorable.kind === 'control' ? 'tokenNameControlCharacter' : 'tokenNameBrokenCharacter', code: unstorable.code };
  return null;
}

function lockedFor(lockedUntil: Date | undefined, now: Date): number {
  const until = lockedUntil?.getTime() ?? 0;
  return until > now.getTime() ? until - now.getTime() : 0;
}

/**
 * Accounts, sign-in with lock-out, and API tokens. Knows nothing of HTTP: routes pass in what
 * was typed and get back what to say.
 */
export class AccountService {
  /** A hash of nothing in particular, checked when a name has no account, so that it takes as long. */
  private dummyHash?: Promise<PasswordHash>;

  private readonly now: () => Date;
  private readonly audit: AuditLog | undefined;

  constructor(
    private readonly store: AccountStore,
    /** Keys the hash under which typed names' tries are counted (the app's signing secret). */
    private readonly secret: string,
    /** `audit`: where tokens made and revoked are recorded (the app's; the command line records none, as ever). */
    options: { now?: () => Date; audit?: AuditLog } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.audit = options.audit;
  }

  /** Computes the stand-in hash ahead, so that the first unknown name takes no longer than later ones. */
  warmUp(): void {
    this.dummy().catch(() => {});
  }

  /** Creates an account; AccountInputError for a bad name, role or password, AccountExistsError when taken. */
  async createUser(typedName: string, role: string, password: string): Promise<ResearcherUser> {
    const username = this.checkUsername(typedName);
    if (!isRole(role)) throw new AccountInputError(`the role must be one of ${ROLES.join(', ')}, got "${role}"`);
    this.checkPassword(password);
    await this.store.createUser({ username, role, password: await hashPassword(password), now: this.now() });
    return { username, role };
  }

  /**
   * A new password, and the account unlocked (its wrong passwords forgotten); false when there
   * is no such account. Needs the app's own secret, under which the tries are counted.
   */
  async resetPassword(typedName: string, password: string, role?: string): Promise<boolean> {
    const username = this.checkUsername(typedName);
    if (role !== undefined && !isRole(role)) throw new AccountInputError(`the role must be one of ${ROLES.join(', ')}, got "${role}"`);
    this.checkPassword(password);
    if (!(await this.store.setPassword(username, await hashPassword(password), role))) return false;
    await this.store.tries.endCurrent(this.triesKey(username), 'reset', this.now());
    return true;
  }

  async findUser(typedName: string): Promise<ResearcherUser | null> {
    const user = await this.store.findUser(normalizeUsername(typedName));
    return user ? { username: user.username, role: user.role } : null;
  }

  /**
   * Checks a typed name and password. Five wrong passwords in a row lock the name for 15
   * minutes, whether or not it has an account. A try is counted *before* its password is
   * checked (see storage/password-tries.ts), so that concurrent tries, in any number of
   * processes, get no more than five passwords checked; a locked name's password is not
   * checked at all. A name without an account costs the same reads, one scrypt and the same
   * writes as one with: neither the answer nor its time says whether the name exists.
   */
  async signIn(typedName: string, password: string): Promise<SignInResult> {
    const now = this.now();
    const username = normalizeUsername(typedName).slice(0, MAX_TYPED_NAME);
    const key = this.triesKey(username);
    const [user, claim] = await Promise.all([
      USERNAME.test(username) ? this.store.findUser(username) : Promise.resolve(null),
      this.store.tries.claim(key, now),
    ]);
    if (!claim.granted) {
      // As long as a check, so that the time does not tell a locked name from a wrong password.
      await verifyPassword(await this.dummy(), password.slice(0, 2048));
      const minutes = Math.ceil(lockedFor(claim.lockedUntil, now) / 60_000);
      return { outcome: 'locked', reason: 'locked', retryAfterMinutes: minutes, lockedNow: false, knownName: !!user };
    }
    const passwordMatches = await verifyPassword(user?.password ?? (await this.dummy()), password.slice(0, 2048));
    if (user && passwordMatches) {
      const rehashed = needsRehash(user.password) ? await hashPassword(password) : undefined;
      await this.store.tries.end(key, claim.round, 'success', now);
      await this.store.recordSignIn(user.username, now, rehashed);
      return { outcome: 'signed-in', user: { username: user.username, role: user.role } };
    }
    // The last try of the count, wrong: the name is locked from now, unless a success ended the count meanwhile.
    const { maxFailures, lockMs } = this.store.tries.policy;
    if (claim.slot === maxFailures && !(await this.store.tries.hasEnded(key, claim.round))) {
      if (user) await this.store.markLocked(user.username, new Date(now.getTime() + lockMs));
      return { outcome: 'locked', reason: 'locked', retryAfterMinutes: Math.ceil(lockMs / 60_000), lockedNow: true, knownName: !!user };
    }
    return { outcome: 'refused', reason: user ? 'wrong-password' : 'unknown-name' };
  }

  /** The user of a session, or null when the account is gone or locked out. */
  async sessionUser(username: string): Promise<ResearcherUser | null> {
    const user = await this.store.findUser(username);
    if (!user || lockedFor(user.lockedUntil, this.now()) > 0) return null;
    return { username: user.username, role: user.role };
  }

  /**
   * The user of a Bearer token and the token's scope, or null for junk, an unknown (forged) or
   * revoked token, and for an account that is gone. Read from the database on every request,
   * never cached, so that a revocation holds at once in every process. A lock-out does not stop
   * it: the lock is about passwords, and anyone who knows a username could otherwise stop that
   * user's scripts.
   */
  async tokenHolder(token: string): Promise<TokenHolder | null> {
    if (!TOKEN_FORMAT.test(token)) return null;
    const record = await this.store.findToken(tokenHash(token));
    if (!record || record.revokedAt) return null;
    const user = await this.findUser(record.username);
    if (!user) return null;
    const now = this.now();
    if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= LAST_USE_RESOLUTION_MS) {
      await this.store.recordTokenUse(record.id, now);
    }
    return { user, scope: record.scope };
  }

  /**
   * Issues a token with the scope chosen for it, `read` or `manage` (no default here: the page
   * and the CLI ask, offering `read`); the token itself is returned once and only its hash is
   * kept. TokenInputError for a bad name or scope.
   */
  async createToken(username: string, typedName: string, scope: string): Promise<{ token: string; record: TokenRecord }> {
    const name = typedName.trim();
    const problem = tokenNameProblem(name);
    if (problem) throw new TokenInputError(problem);
    if (!isTokenScope(scope)) throw new TokenInputError({ key: 'tokenScopeRequired' });
    const user = await this.store.findUser(normalizeUsername(username));
    if (!user) throw new AccountInputError(`there is no account "${normalizeUsername(username)}"`);
    const token = `lkt_${randomBytes(32).toString('base64url')}`;
    const record: TokenRecord = { id: tokenHash(token), username: user.username, name, scope, createdAt: this.now() };
    await this.store.insertToken({ id: record.id, username: record.username, name, scope, now: record.createdAt });
    await this.audit?.record({ username: user.username, action: 'token.create', detail: name });
    return { token, record };
  }

  listTokens(username: string): Promise<TokenRecord[]> {
    return this.store.listTokens(username);
  }

  /** Revokes one of the user's own tokens; false when it is not theirs or does not exist. */
  async revokeToken(username: string, id: string): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(id)) return false;
    const record = await this.store.findToken(id);
    if (!record || record.username !== username) return false;
    if (!record.revokedAt) await this.store.revokeToken(id, this.now());
    await this.audit?.record({ username, action: 'token.revoke', detail: record.name });
    return true;
  }

  private checkUsername(typedName: string): string {
    const problem = usernameProblem(typedName);
    if (problem) throw new AccountInputError(problem);
    return normalizeUsername(typedName);
  }

  private checkPassword(password: string): void {
    const problem = passwordProblem(password);
    if (problem) throw new AccountInputError(problem);
  }

  /**
   * The key under which a typed name's tries are counted: a keyed hash, the same for a name
   * with an account and one without, so that the database does not list the names typed.
   */
  private triesKey(username: string): string {
    return createHmac('sha256', this.secret).update(`sign-in|${username}`).digest('base64url').slice(0, 32);
  }

  private dummy(): Promise<PasswordHash> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('base64'));
    return this.dummyHash;
  }
}
