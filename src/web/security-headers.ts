import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * The security headers of every response (helmet), as Express middleware and as a fixed set
 * of header values for the API's submission lane (web/routes/api.ts), which answers before
 * Express: the same headers either way, taken from the middleware itself once, at start-up.
 * @param styleSource the CSP source of the inlined stylesheet (web/stylesheet.ts).
 */
export function securityHeaders(production: boolean, styleSource: string) {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", styleSource],
        // helmet's default is https: (any host); the pages use the system's fonts and none from elsewhere.
        fontSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: production ? [] : null,
      },
    },
    strictTransportSecurity: production,
  });
  return { middleware, fixed: headersSetBy(middleware) };
}

/** The headers a middleware that depends on nothing in the request sets on a response. */
function headersSetBy(middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
  };
  let done = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('the security headers are not set synchronously');
  return headers;
}
