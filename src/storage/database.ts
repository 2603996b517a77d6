import type { CreateIndexesOptions, Db } from 'mongodb';
import mongoose, { type Connection, type Model } from 'mongoose';
import { defineModels, type Models } from './models';

export interface Database {
  connection: Connection;
  models: Models;
  /**
   * A second, small pool for the long reads of results (aggregations over every response):
   * no socket timeout, so that a scan of 100,000 responses is not cut at 5 s; each such read
   * carries its own `timeoutMS` instead, and cannot queue behind respondents' writes. Its reads
   * follow the URI's `readPreference` (see `ResponseAnalysis.onPrimary` for those that may not).
   */
  analysis: Db;
  /** True when the server answers a ping within a second. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Short timeouts so that a database that is gone or frozen turns into a 503 within seconds
 * instead of a request hanging for half a minute (measured with the driver's defaults).
 */
const CONNECTION_OPTIONS = {
  serverSelectionTimeoutMS: 3000,
  connectTimeoutMS: 3000,
  socketTimeoutMS: 5000,
  bufferCommands: false,
  waitQueueTimeoutMS: 3000,
  autoIndex: false,
  autoCreate: false,
} as const;

/**
 * The app's own connection reads from the primary whatever the URI says: sessions, kept counts,
 * survey versions and states, accounts and rate limits must see the last write (a session just
 * signed in, a count just flushed). Options given here win over the URI's. Only the analysis
 * pool follows the URI's `readPreference`, for exports and subgroup tallies.
 */
const APP_CONNECTION_OPTIONS = { ...CONNECTION_OPTIONS, readPreference: 'primary' } as const;

/**
 * The database a MongoDB URI names in its path, or undefined when it names none:
 * `mongodb://user:pw@a:1,b:2/surveys_2026?replicaSet=rs0` → `surveys_2026`.
 */
export function databaseNameIn(uri: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri)?.[1];
  if (!path) return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // The driver refuses the URI with its own message.
  }
}

/**
 * Connects to `uri`, to the database it names, or `likert` when it names none. `dbName`
 * overrides both (the tests give each file a database of its own on one server); mongoose
 * would otherwise let any `dbName` it is passed win over the URI's.
 */
export async function connectDatabase(
  uri: string,
  dbName = databaseNameIn(uri) ?? 'likert',
  onError: (error: Error) => void = () => {},
): Promise<Database> {
  const pending = mongoose.createConnection(uri, { ...APP_CONNECTION_OPTIONS, dbName });
  // An 'error' event without a listener would end the process; requests see failures anyway.
  pending.on('error', onError);
  const connection = await pending.asPromise();
  const analysis = mongoose.createConnection(uri, { ...CONNECTION_OPTIONS, socketTimeoutMS: 0, maxPoolSize: 4, waitQueueTimeoutMS: 0, dbName });
  analysis.on('error', onError);
  await analysis.asPromise();
  const models = defineModels(connection);
  try {
    // One after another: creating several at once is where FerretDB is least proven.
    for (const model of Object.values(models)) {
      await model.createCollection().catch((error: { code?: number }) => {
        if (error.code !== 48) throw error; // NamespaceExists
      });
      await createIndexesOf(model);
    }
  } catch (error) {
    // Open connections would keep a process that cannot start alive.
    await Promise.allSettled([analysis.close(), connection.close()]);
    throw error;
  }
  return {
    connection,
    models,
    analysis: analysis.db!,
    async ping() {
      try {
        await connection.db!.admin().command({ ping: 1 }, { timeoutMS: 1000 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await analysis.close();
      await connection.close();
    },
  };
}

/** MongoDB's answers to an index that exists under that name or key with other options. */
const INDEX_CONFLICT_CODES = new Set([85, 86]); // IndexOptionsConflict, IndexKeySpecsConflict

/**
 * Creates a model's indexes one after another. An index of the same key that the database
 * holds already, with other options or another name, is kept when it serves the same queries:
 * an older deployment's connect-mongo made `expires_1` on `sessions` a TTL index, and MongoDB
 * refuses to create ours beside it (code 85), which stopped the server at start. A unique
 * index, or one of the same name on another key, is not ours to keep: start-up stops and says
 * which index to drop. (FerretDB reports no such conflict: it keeps the first index silently.)
 */
async function createIndexesOf(model: Model<any>): Promise<void> {
  for (const [fields, options] of model.schema.indexes()) {
    try {
      await model.collection.createIndex(fields as Record<string, 1 | -1>, options as CreateIndexesOptions);
    } catch (error) {
      if (!INDEX_CONFLICT_CODES.has((error as { code?: number }).code ?? 0)) throw error;
      const key = JSON.stringify(fields);
      const existing = (await model.collection.indexes()).find((index) => JSON.stringify(index.key) === key);
      if (existing && !existing.unique && !existing.partialFilterExpression) continue;
      const name = existing?.name ?? Object.entries(fields).map(([field, order]) => `${field}_${order}`).join('_');
      throw new Error(
        `The ${model.collection.collectionName} collection has an index "${name}" that conflicts with the one likert needs on ${key} ` +
          `(${(error as Error).message}). Drop it (db.${model.collection.collectionName}.dropIndex("${name}")) and start again.`,
        { cause: error },
      );
    }
  }
}

const UNAVAILABLE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoServerClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
]);

/** Driver errors whose message shows that the connection itself failed. */
const CONNECTION_FAILURE = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|connection .*closed|socket .*(closed|hang up)|timed out/i;

/**
 * Socket errors the driver sometimes lets through unwrapped (seen: EPIPE, "This socket has
 * been ended by the other party", when the database died between two commands).
 */
const SOCKET_ERROR_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_SOCKET_CLOSED']);

/**
 * Codes a MongoDB server answers with while it cannot do the work now but will shortly: a
 * replica set electing a new primary, a server shutting down, a command cut off by its time
 * limit. (The driver's own list of retryable codes, plus the time limits and the write concern's
 * timeout.) On FerretDB none of these occurs; on MongoDB each is a failover or an overload.
 */
const UNAVAILABLE_CODES = new Map<number, string>([
  [6, 'HostUnreachable'],
  [7, 'HostNotFound'],
  [50, 'MaxTimeMSExpired'],
  [64, 'WriteConcernFailed'],
  [89, 'NetworkTimeout'],
  [91, 'ShutdownInProgress'],
  [189, 'PrimarySteppedDown'],
  [262, 'ExceededTimeLimit'],
  [9001, 'SocketException'],
  [10107, 'NotWritablePrimary'],
  [11600, 'InterruptedAtShutdown'],
  [11602, 'InterruptedDueToReplStateChange'],
  [13435, 'NotPrimaryNoSecondaryOk'],
  [13436, 'NotPrimaryOrSecondary'],
  [134, 'ReadConcernMajorityNotAvailableYet'],
]);

/** Labels the driver or the server puts on an error that a retry shortly may not meet. */
const UNAVAILABLE_LABELS = ['RetryableWriteError', 'SystemOverloadedError', 'PoolRequestedRetry'];

/** Messages of servers older than the codes above (the driver's own patterns). */
const FAILOVER_MESSAGE = /not master|node is recovering/i;

/**
 * True for errors that mean "the database cannot do this now", not "this request is wrong":
 * it cannot be reached, it is frozen, or (on a replica set) it is failing over or shutting down,
 * or it took the write but could not make it durable as asked (a write-concern error). Each of
 * these is a 503 with Retry-After; none says whether a write was applied.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  type Failure = {
    name?: string;
    message?: string;
    code?: unknown;
    cause?: unknown;
    hasErrorLabel?: (label: string) => boolean;
    writeConcernError?: unknown;
    writeConcernErrors?: unknown[];
  };
  for (let e = error as Failure | undefined; e; e = e.cause as Failure | undefined) {
    if (e.name && UNAVAILABLE_ERRORS.has(e.name)) return true;
    if (e.name?.startsWith('Mongo') && CONNECTION_FAILURE.test(e.message ?? '')) return true;
    if (typeof e.code === 'string' && SOCKET_ERROR_CODES.has(e.code)) return true;
    if (!e.name?.startsWith('Mongo')) continue;
    if (typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.hasErrorLabel === 'function' && UNAVAILABLE_LABELS.some((label) => e.hasErrorLabel!(label))) return true;
    if (e.name === 'MongoWriteConcernError' || e.writeConcernError || e.writeConcernErrors?.length) return true;
    if (FAILOVER_MESSAGE.test(e.message ?? '')) return true;
  }
  return false;
}

/**
 * True when the server itself answered the command with a refusal (a bad field name, a
 * document too large…): nothing was applied, and trying it again cannot apply it twice. Any
 * other failure of a write (a timeout, a lost connection, a failover) leaves its outcome
 * unknown: it may have been applied, or may still be.
 */
export function isRefusedByServer(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'MongoServerError' && !isDatabaseUnavailable(error);
}

/** True for a duplicate `_id` or unique-index violation. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | undefined)?.code === 11000;
}
