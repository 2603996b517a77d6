import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/**
 * One log line per request, when its response is sent or the client goes away: method,
 * path, status and milliseconds, nothing else (no headers, cookies, bodies or addresses).
 * The same lines pino-http wrote ("request completed", "request errored" for a 5xx, "request
 * aborted"), at a fraction of its cost: it made two child loggers and serialized the request
 * for every request, a tenth of the API's CPU time (`npm run bench -- api`). Called for every
 * request before it is served (src/app.ts), whichever way it is served.
 *
 * A refused or failed request's line (status 400 and above) is written out at once with the
 * lines waiting before it (`logger.flush()`), so that a process that dies next loses none of
 * them; the others go out in the logger's batches (src/logger.ts).
 */
export function requestLog(logger: Logger, options: { ignore?: (url: string) => boolean } = {}) {
  const { ignore } = options;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '';
    if (ignore?.(url)) return;
    const started = Date.now();
    const written = () => {
      res.removeListener('finish', written);
      res.removeListener('close', written);
      const line = { req: { method: req.method, url }, res: { statusCode: res.headersSent ? res.statusCode : null }, responseTime: Date.now() - started };
      if (!res.writableFinished) logger.info(line, 'request aborted');
      else if (res.statusCode >= 500) logger.info(line, 'request errored');
      else logger.info(line, 'request completed');
      if (!res.writableFinished || res.statusCode >= 400) logger.flush();
    };
    res.on('finish', written);
    res.on('close', written);
  };
}
