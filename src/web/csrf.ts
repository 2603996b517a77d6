import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export interface CsrfProtection {
  /**
   * The hidden `_csrf` field of a page whose form carries `formToken` (its `_form` field).
   * Gives the browser its cookie when it has none; reuses it otherwise, so several tabs work.
   */
  token(req: Request, res: Response, formToken: string): string;
  /** True when a form sent with these `_form` and `_csrf` fields may be accepted. */
  isValid(req: Request, formToken: string | undefined, csrfToken: string | undefined): boolean;
}

/** True when the browser itself says the request comes from one of our own pages. */
function isSameOrigin(req: Request): boolean {
  if (req.get('sec-fetch-site') === 'same-origin') return true;
  const origin = req.get('origin');
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

const BROWSER_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * The value of one cookie of the request. The form's routes come before the app's cookie
 * parser (they need this one cookie only), so they read it here.
 */
function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Anti-forgery for the respondent's form, without a server-side session. The browser keeps
 * a random id in an HttpOnly cookie; each page's `_csrf` field is an HMAC of that id and of
 * the page's own form key (`_form`). A token is therefore good for one page in one browser:
 * another site can neither read nor set the cookie, and a token/cookie pair taken from one
 * visit stores at most the one response its form key allows.
 *
 * Over HTTPS the cookie is `__Host-likert.csrf` (Secure, this host, path /), which no
 * sibling domain and no plain-HTTP page can plant; a cookie without the prefix is not read
 * then. Over plain HTTP (development) browsers refuse the prefix, so it goes without.
 *
 * A browser that keeps no cookies at all (some in-app browsers) would otherwise never get
 * its answers in; such a form is accepted when the browser's own Sec-Fetch-Site or Origin
 * header shows that it was sent from our page, which a cross-site forgery cannot fake.
 */
export function csrfProtection(secret: string, production: boolean): CsrfProtection {
  const cookieName = (req: Request) => (req.secure ? '__Host-likert.csrf' : 'likert.csrf');
  const browserId = (req: Request): string | undefined => {
    const value = cookieValue(req, cookieName(req));
    return value !== undefined && BROWSER_ID.test(value) ? value : undefined;
  };
  const sign = (id: string, formToken: string) =>
    createHmac('sha256', secret).update(`csrf|${id}|${formToken}`).digest('base64url');

  return {
    token(req, res, formToken) {
      let id = browserId(req);
      if (!id) {
        id = randomBytes(16).toString('base64url');
        res.cookie(cookieName(req), id, { httpOnly: true, sameSite: 'lax', secure: req.secure || production, path: '/' });
      }
      return sign(id, formToken);
    },
    isValid(req, formToken, csrfToken) {
      if (cookieValue(req, cookieName(req)) === undefined) return isSameOrigin(req);
      const id = browserId(req);
      if (!id || typeof formToken !== 'string' || typeof csrfToken !== 'string') return false;
      const expected = Buffer.from(sign(id, formToken));
      const given = Buffer.from(csrfToken);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
