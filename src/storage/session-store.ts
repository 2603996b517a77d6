import MongoStore from 'connect-mongo';
import type { Logger } from 'pino';
import type { Database } from './database';
import type { Models } from './models';

/**
 * Researcher sessions in the `sessions` collection, on the app's own connection.
 *
 * `autoRemove: 'disabled'`: connect-mongo's default creates a TTL index, which FerretDB refuses
 * with a rejection nobody catches (the process ends), and its 'interval' mode deletes with
 * `w: 0`, whose stray reply FerretDB sends anyway and the next command on that connection
 * then reads as its own (measured: a session read failed, a count came back 0). Expired
 * sessions are deleted by `startExpiryCleanup` instead, acknowledged.
 */
export function createSessionStore(database: Database): MongoStore {
  const { connection } = database;
  return MongoStore.create({
    client: connection.getClient(),
    dbName: connection.db?.databaseName ?? connection.name,
    collectionName: 'sessions',
    autoRemove: 'disabled',
    // A session's expiry is written at most once a minute while it is used, not on every request.
    touchAfter: 60,
  });
}

export interface ExpiryCleanup {
  /** One pass now; resolves when done (errors are logged, never thrown). */
  runOnce(): Promise<void>;
  stop(): void;
}

/**
 * Deletes what has expired, every `intervalMs`: sessions, ended rate-limit windows, and the
 * records of tries at a password that no longer count. Each delete is acknowledged; a failure (the
 * database away) is logged and the next pass tries again. The timer never keeps the process
 * alive; `stop()` ends it when the server closes.
 */
export function startExpiryCleanup(
  models: Models,
  logger: Logger,
  { intervalMs = 5 * 60_000, now = () => new Date() }: { intervalMs?: number; now?: () => Date } = {},
): ExpiryCleanup {
  let running: Promise<void> | null = null;
  const steps = [
    { what: 'sessions', remove: (at: Date) => models.Session.deleteMany({ expires: { $lt: at } }) },
    { what: 'rate-limit windows', remove: (at: Date) => models.RateLimitWindow.deleteMany({ expiresAt: { $lt: at } }) },
    { what: 'sign-in tries', remove: (at: Date) => models.SignInTry.deleteMany({ expiresAt: { $lt: at } }) },
  ];

  const pass = async () => {
    const at = now();
    for (const step of steps) {
      try {
        const { deletedCount } = await step.remove(at);
        if (deletedCount) logger.debug({ deleted: deletedCount }, `expired ${step.what} deleted`);
      } catch (error) {
        logger.warn({ err: error }, `could not delete expired ${step.what}; trying again later`);
      }
    }
  };
  const runOnce = () => {
    running ??= pass().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
