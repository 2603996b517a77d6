import type { Request, RequestHandler } from 'express';
import session, { type Store } from 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in researcher; the account itself is re-read on every request. */
    username: string;
    signedInAt: number;
  }
}

export interface ResearcherSessionOptions {
  store: Store;
  /** The app's signing secret: signs the session cookie. */
  secret: string;
  production: boolean;
  /** A session unused this long ends; every request starts the time again. */
  idleMinutes: number;
}

export function sessionCookieName(production: boolean): string {
  return production ? '__Host-likert.sid' : 'likert.sid';
}

/**
 * express-session for the researcher's side only: nothing is stored until someone signs in,
 * the cookie is HttpOnly and SameSite=Lax (and `Secure` with the `__Host-` prefix in
 * production), and its lifetime is the idle timeout, renewed by every response (`rolling`).
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
    cookie: { httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: idleMinutes * 60_000 },
  });
}

/** Starts a new session (new id) for a user who just signed in, and waits until it is stored. */
export async function beginSession(req: Request, username: string, now: Date): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
  req.session.username = username;
  req.session.signedInAt = now.getTime();
  await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/** Deletes the session from the store; the cookie is cleared by the caller. */
export async function endSession(req: Request): Promise<void> {
  if (!req.session) return;
  await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
}
