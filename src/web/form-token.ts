import { createHmac, timingSafeEqual } from 'node:crypto';
import { newResponseId } from '../domain/response-id';

/**
 * The hidden `_form` field of a served form: `<key>.<issued, base36 ms>.<signature>`.
 * The key, a new response id (`domain/response-id.ts`), becomes the response's `_id`, so the
 * same filled form can be stored only once; the signature stops a client from choosing keys;
 * the time gives the filling duration.
 */
export interface FormToken {
  key: string;
  issuedAt: number;
}

const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

function sign(secret: string, surveyId: string, key: string, issued: string): string {
  return createHmac('sha256', secret).update(`${surveyId}|${key}|${issued}`).digest('base64url').slice(0, 22);
}

export function issueFormToken(secret: string, surveyId: string, now = Date.now()): string {
  const key = newResponseId();
  const issued = now.toString(36);
  return `${key}.${issued}.${sign(secret, surveyId, key, issued)}`;
}

/** The token's key and time, or null when it is missing, altered, or from another survey. */
export function readFormToken(secret: string, surveyId: string, token: unknown, now = Date.now()): FormToken | null {
  if (typeof token !== 'string' || token.length > 80) return null;
  const [key, issued, signature, ...rest] = token.split('.');
  // Any 22 base64url characters: a page served before ids started with a letter or digit still sends.
  if (!key || !issued || !signature || rest.length || !/^[A-Za-z0-9_-]{22}$/.test(key)) return null;
  const expected = Buffer.from(sign(secret, surveyId, key, issued));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const issuedAt = parseInt(issued, 36);
  if (!Number.isFinite(issuedAt) || issuedAt > now + 60_000 || now - issuedAt > MAX_AGE_MS) return null;
  return { key, issuedAt };
}
