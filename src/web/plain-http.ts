import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ResearcherMessageKey } from '../domain/locale/researcher-messages';

/**
 * In production the researcher's cookies (session, CSRF) are `Secure`, so a browser that
 * reached the app over plain HTTP never sends them back: signing in could only ever answer
 * "this page had expired". This says what is wrong instead.
 */
export type PlainHttpProblem = Extract<ResearcherMessageKey, 'plainHttpNeedsHttps' | 'plainHttpNeedsTrustProxy'>;

/**
 * Why a production request is not secure, or null when it is (or when not in production):
 * a proxy that says the client used HTTPS but is not trusted (TRUST_PROXY unset), or plain
 * HTTP all the way (no TLS, or a trusted proxy that does not send `X-Forwarded-Proto: https`).
 */
export function plainHttpProblem(req: Pick<Request, 'secure' | 'get'>, { production, trustProxy }: { production: boolean; trustProxy: number }): PlainHttpProblem | null {
  if (!production || req.secure) return null;
  return trustProxy === 0 && req.get('x-forwarded-proto') !== undefined ? 'plainHttpNeedsTrustProxy' : 'plainHttpNeedsHttps';
}

/**
 * On the researcher's paths: leaves the problem in `res.locals.plainHttpProblem` for the
 * sign-in page, and logs it at warn for the first such request of the process (one line,
 * not one per request: the operator needs to read it, not to scroll past it).
 */
export function detectPlainHttp(options: { production: boolean; trustProxy: number; logger: Logger }): RequestHandler {
  let logged = false;
  return (req, res, next) => {
    const problem = plainHttpProblem(req, options);
    if (problem) {
      res.locals.plainHttpProblem = problem;
      if (!logged) {
        logged = true;
        options.logger.warn(
          { event: 'plain-http', problem: problem === 'plainHttpNeedsTrustProxy' ? 'trust-proxy-not-set' : 'https-needed', forwardedProto: req.get('x-forwarded-proto') ?? null, path: req.originalUrl.split('?')[0] },
          problem === 'plainHttpNeedsTrustProxy'
            ? 'NODE_ENV=production and the request came through a proxy (X-Forwarded-Proto) that is not trusted: set TRUST_PROXY to the number of proxies, or no researcher can sign in'
            : 'NODE_ENV=production but the request came over plain HTTP: serve the app over HTTPS (behind a TLS proxy: set TRUST_PROXY, and have the proxy send X-Forwarded-Proto: https), or no researcher can sign in',
        );
      }
    }
    next();
  };
}
