import type { Request, RequestHandler } from 'express';
import session, { type Store } from 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in researcher; the account itself is re-read on every request. */
    username: string;
    signedInAt: number;
    /** When the researcher last asked for something (ms); the live pages' own refreshes do not count. */
    activeAt: number;
  }
}

/**
 * Sent by the live pages' script with the refreshes it makes by itself: they keep the page
 * current, but they are not the researcher at work, so they do not hold an idle session open.
 */
export const BACKGROUND_HEADER = 'x-likert-background';

export interface ResearcherSessionOptions {
  store: Store;
  /** The app's signing secret: signs the session cookie. */
  secret: string;
  production: boolean;
  /** A session unused this long ends (see `isIdle`). */
  idleMinutes: number;
}

/**
 * How long an idle session is kept after it has ended, so that a researcher coming back to it
 * is told why they must sign in again; `isIdle` refuses it all the same.
 */
const KEPT_AFTER_IDLE_MINUTES = 8 * 60;

export function sessionCookieName(production: boolean): string {
  return production ? '__Host-likert.sid' : 'likert.sid';
}

/**
 * express-session for the researcher's side only: nothing is stored until someone signs in,
 * the cookie is HttpOnly and SameSite=Lax (and `Secure` with the `__Host-` prefix in
 * production). It is renewed by every response (`rolling`) and outlives the idle timeout by
 * some hours: the idle timeout itself is `isIdle` on `activeAt`, which background refreshes
 * leave alone.
 */
export function researcherSession({ store, secret, production, idleMinutes }: ResearcherSessionOptions): RequestHandler {
  return session({
    name: sessionCookieName(production),
    store,
    secret,
    rolling: true,
    resave: false,
    saveUninitialized: false,
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: (idleMinutes + KEPT_AFTER_IDLE_MINUTES) * 60_000 },
  });
}

/** Starts a new session (new id) for a user who just signed in, and waits until it is stored. */
export async function beginSession(req: Request, username: string, now: Date): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
  req.session.username = username;
  req.session.signedInAt = now.getTime();
  req.session.activeAt = now.getTime();
  await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/** Deletes the session from the store; the cookie is cleared by the caller. */
export async function endSession(req: Request): Promise<void> {
  if (!req.session) return;
  await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
}

/** True when the session's researcher has asked for nothing for longer than `idleMs`. */
export function isIdle(req: Request, idleMs: number, now: number): boolean {
  const activeAt = req.session.activeAt ?? req.session.signedInAt ?? 0;
  return now - activeAt > idleMs;
}

/** A session's `activeAt` is written at most this often: a changed session is a write to the store. */
const ACTIVITY_STEP_MS = 15_000;

/** Notes the researcher's request, unless the page's script made it by itself. */
export function noteActivity(req: Request, now: number): void {
  if (req.get(BACKGROUND_HEADER) !== undefined) return;
  if (now - (req.session.activeAt ?? 0) >= ACTIVITY_STEP_MS) req.session.activeAt = now;
}
