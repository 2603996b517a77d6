import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * Researchers' accounts, their API tokens, sign-in bookkeeping and sessions. Every request
 * reads these by `_id` only: any other query reads the whole collection on FerretDB.
 */

/**
 * A stored password: scrypt's output with the salt and the cost parameters it was made with,
 * so that the parameters can be raised later without locking anyone out (old hashes still
 * verify with their own parameters and are re-hashed at the next sign-in).
 */
export interface PasswordHash {
  algorithm: 'scrypt';
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

export const ROLES = ['admin', 'researcher', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What an API token may do, chosen when it is made: `read` results and exports (every GET),
 * or `manage`, which may also change what its user may change. No token manages tokens.
 */
export const TOKEN_SCOPES = ['read', 'manage'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** One account; `_id` is the username in lower case. */
const userSchema = new Schema(
  {
    _id: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    /** scrypt output with its salt and parameters (see services/passwords.ts). */
    password: {
      algorithm: { type: String, enum: ['scrypt'], required: true },
      N: { type: Number, required: true },
      r: { type: Number, required: true },
      p: { type: Number, required: true },
      salt: { type: String, required: true },
      hash: { type: String, required: true },
    },
    /**
     * Set while wrong passwords lock the name, so that its sessions end meanwhile (one read by
     * `_id` per request). The lock itself is counted in `sign_in_tries`; this only mirrors it.
     */
    lockedUntil: { type: Date },
    createdAt: { type: Date, required: true },
    lastSignInAt: { type: Date },
  },
  { collection: 'users', versionKey: false },
);

/** An API token, stored only as its SHA-256 (hex) so that a leaked database leaks no token. */
const apiTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    name: { type: String, required: true },
    /** Absent on tokens made before scopes existed: they keep the rights they had, `manage`. */
    scope: { type: String, enum: TOKEN_SCOPES },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date },
    revokedAt: { type: Date },
  },
  { collection: 'api_tokens', versionKey: false },
);
apiTokenSchema.index({ username: 1 });

/**
 * Tries at a password, one document per try, per end of a count and per name's head (see
 * password-tries.ts), keyed by a keyed hash of the typed name, with or without an account:
 * such a name locks exactly like a real one and the answer does not tell whether it exists.
 * Removed by the periodic clean-up once `expiresAt` has passed.
 */
const signInTrySchema = new Schema(
  {
    _id: { type: String, required: true },
    /** On a name's head (`<key>`): the round its tries are counted in, or one behind it. */
    round: { type: Number },
    /** On a try (`<key>|<round>|<slot>`) and on the end of a round (`<key>|<round>|end`): when. */
    at: { type: Date },
    /** On the end of a round: why it ended. */
    ended: { type: String, enum: ['success', 'lock-over', 'reset'] },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sign_in_tries', versionKey: false },
);
// The periodic clean-up deletes by expiry (no TTL index: FerretDB has none).
signInTrySchema.index({ expiresAt: 1 });

/** Sign-in attempts from one client address (hashed) in one fixed window of the rate limit. */
const rateLimitWindowSchema = new Schema(
  {
    _id: { type: String, required: true },
    hits: { type: Number, required: true, default: 0 },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'rate_limits', versionKey: false },
);
rateLimitWindowSchema.index({ expiresAt: 1 });

/**
 * Researcher sessions, written by connect-mongo (`session` is its JSON). Declared here so the
 * collection is created at start-up with the others and so that the clean-up can find it.
 */
const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    session: { type: String, required: true },
    expires: { type: Date, required: true },
    lastModified: { type: Date },
  },
  { collection: 'sessions', versionKey: false, strict: false },
);
// The clean-up's deletion of expired sessions (named `expires_1`, as connect-mongo names its TTL index).
sessionSchema.index({ expires: 1 });

export type UserDocument = InferSchemaType<typeof userSchema> & { _id: string };
export type ApiTokenDocument = InferSchemaType<typeof apiTokenSchema> & { _id: string };
export type SignInTryDocument = InferSchemaType<typeof signInTrySchema> & { _id: string };
export type RateLimitWindowDocument = InferSchemaType<typeof rateLimitWindowSchema> & { _id: string };
export type SessionDocument = InferSchemaType<typeof sessionSchema> & { _id: string };

export interface AccountModels {
  User: Model<UserDocument>;
  ApiToken: Model<ApiTokenDocument>;
  SignInTry: Model<SignInTryDocument>;
  RateLimitWindow: Model<RateLimitWindowDocument>;
  Session: Model<SessionDocument>;
}

export function defineAccountModels(connection: Connection): AccountModels {
  return {
    User: connection.model<UserDocument>('User', userSchema),
    ApiToken: connection.model<ApiTokenDocument>('ApiToken', apiTokenSchema),
    SignInTry: connection.model<SignInTryDocument>('SignInTry', signInTrySchema),
    RateLimitWindow: connection.model<RateLimitWindowDocument>('RateLimitWindow', rateLimitWindowSchema),
    Session: connection.model<SessionDocument>('Session', sessionSchema),
  };
}
