import pino, { type DestinationStream, type Logger } from 'pino';

/** How long a written line may wait in memory at most, and how much may wait before it is written. */
export const LOG_BATCH = { maxWaitMs: 1000, bytes: 4096 };

/**
 * A file descriptor (standard output: 1) or a file, written in batches (`LOG_BATCH`) rather
 * than with one write per line: a write for each request's line cost about a twentieth of the
 * API's CPU time under load (`npm run bench -- api`). pino writes whatever is waiting when the
 * process exits, an uncaught exception included.
 *
 * `flush()` (what `logger.flush()` calls) starts writing what waits, and syncs it to disk;
 * while one such write is under way, further flushes make one more once it is done, so that a
 * flood of refused requests neither waits for the next batch nor queues a write and a sync
 * for each line.
 */
export function batchedDestination(dest: number | string = 1, maxWaitMs = LOG_BATCH.maxWaitMs): DestinationStream & { flush(done?: () => void): void } {
  const out = pino.destination({ dest, sync: false, minLength: LOG_BATCH.bytes, periodicFlush: maxWaitMs });
  let flushing = false;
  let again = false;
  const flush = () => {
    if (flushing) {
      again = true;
      return;
    }
    flushing = true;
    out.flush(() => {
      flushing = false;
      if (again) {
        again = false;
        flush();
      }
    });
  };
  return {
    write: (line: string) => void out.write(line),
    flush: (done?: () => void) => {
      flush();
      done?.();
    },
  };
}

/**
 * JSON lines on stdout; request bodies and cookies are never logged. A line at warn or above
 * is written out at once with every line waiting before it, so that an error's line is on
 * disk before anything else can go wrong.
 */
export function createLogger(level: string, destination: DestinationStream = batchedDestination()): Logger {
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
