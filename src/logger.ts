import pino, { type DestinationStream, type Logger } from 'pino';

/** How long a written line may wait in memory at most, and how much may wait before it is written. */
export const LOG_BATCH = { maxWaitMs: 1000, bytes: 4096 };

/**
 * Standard output, written in batches (`LOG_BATCH`) rather than with one write per line: a
 * write for each request's line cost about a twentieth of the API's CPU time under load
 * (`npm run bench -- api`). pino writes whatever is waiting when the process exits, an
 * uncaught exception included.
 */
export function batchedStdout(maxWaitMs = LOG_BATCH.maxWaitMs): DestinationStream & { flush(): void } {
  return pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH.bytes, periodicFlush: maxWaitMs });
}

/**
 * JSON lines on stdout; request bodies and cookies are never logged. A line at warn or above
 * is written out at once with every line waiting before it, so that an error's line is on
 * disk before anything else can go wrong.
 */
export function createLogger(level: string, destination: DestinationStream = batchedStdout()): Logger {
  return pino(
    {
      level,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      hooks: {
        logMethod(args, write, levelValue) {
          write.apply(this, args);
          if (levelValue >= pino.levels.values.warn!) this.flush();
        },
      },
    },
    destination,
  );
}
