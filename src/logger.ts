import pino, { type Logger } from 'pino';

/** JSON lines on stdout; request bodies and cookies are never logged. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
  });
}
