import express, { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { localizeResearcher, researcherLocale, researcherMessagesFor } from '../../domain/locale/researcher-messages';
import { AppError } from '../../errors';
import { TokenInputError, type AccountService } from '../../services/accounts';
import type { MongoRateLimitStore } from '../../storage/rate-limit-store';
import type { TokenRecord } from '../../storage/account-store';
import { clientInfo } from '../client-info';
import { currentUser, refuseTokens } from '../researcher-auth';
import type { ResearcherCsrf } from '../researcher-csrf';
import { beginSession, endSession, sessionCookieName } from '../researcher-session';
import { AFTER_SIGN_IN, localPath, renderSignIn } from '../sign-in-page';
import { tokensPageView, type TokensPageInput } from '../view-models/tokens-page';

interface AccountDeps {
  accounts: AccountService;
  csrf: ResearcherCsrf;
  logger: Logger;
  /** Keys the hash of client addresses in the sign-in log. */
  secret: string;
  production: boolean;
  /** Counts sign-in attempts per client address across processes. */
  signInLimitStore: MongoRateLimitStore;
}

/** Sign-in attempts allowed per client address and window, whatever names they try. */
export const SIGN_IN_RATE = { windowMs: 15 * 60_000, limit: 20 };

/** A login or token form is a few short fields. */
const formBody = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function locale(req: Request) {
  return researcherLocale(req.get('accept-language'));
}

/** Sign-in, sign-out and the user's own API tokens. */
export function accountRoutes({ accounts, csrf, logger, secret, production, signInLimitStore }: AccountDeps): Router {
  const router = Router();
  accounts.warmUp();

  const signInLimit = rateLimit({
    ...SIGN_IN_RATE,
    store: signInLimitStore,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    logger,
    handler: (req, res) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const minutes = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + SIGN_IN_RATE.windowMs) - Date.now()) / 60_000));
      logger.warn({ event: 'sign-in', outcome: 'rate-limited', addressHash: clientInfo(req, secret).addressHash }, 'sign-in refused');
      renderSignIn(req, res, csrf, {
        status: 429,
        next: field(req, 'next'),
        message: localizeResearcher(locale(req), 'signInRateLimited', { minutes }),
      });
    },
  });

  /** @route GET /login */
  router.get('/login', (req, res) => {
    const next = localPath(req.query.next);
    if (req.session?.username) return res.redirect(303, next ?? AFTER_SIGN_IN);
    renderSignIn(req, res, csrf, { next });
  });

  /** @route POST /login */
  router.post('/login', signInLimit, formBody, async (req, res) => {
    const next = localPath(field(req, 'next'));
    const typedName = field(req, 'username');
    if (!csrf.isValid(req)) {
      return renderSignIn(req, res, csrf, { status: 403, next, username: typedName, message: localizeResearcher(locale(req), 'formExpired') });
    }
    const result = await accounts.signIn(typedName, field(req, 'password'));
    const addressHash = clientInfo(req, secret).addressHash;
    // The typed name is logged only when it is an account's: a mistyped "name" is often a password.
    const username = result.outcome === 'signed-in' ? result.user.username : result.reason === 'unknown-name' ? null : typedName.trim().toLowerCase();
    if (result.outcome === 'signed-in') {
      await beginSession(req, result.user.username, new Date());
      logger.info({ event: 'sign-in', outcome: 'success', username, addressHash }, 'signed in');
      return res.redirect(303, next ?? AFTER_SIGN_IN);
    }
    if (result.outcome === 'locked') {
      logger.warn(
        { event: 'sign-in', outcome: result.lockedNow ? 'locked-now' : 'locked', username: result.knownName ? username : null, addressHash },
        'sign-in refused',
      );
      res.set('Retry-After', String(result.retryAfterMinutes * 60));
      return renderSignIn(req, res, csrf, {
        status: 429,
        next,
        username: typedName,
        message: localizeResearcher(locale(req), 'signInLocked', { minutes: result.retryAfterMinutes }),
      });
    }
    logger.warn({ event: 'sign-in', outcome: result.reason, username, addressHash }, 'sign-in refused');
    renderSignIn(req, res, csrf, { status: 401, next, username: typedName, message: localizeResearcher(locale(req), 'signInFailed') });
  });

  /** @route POST /logout */
  router.post('/logout', formBody, async (req, res) => {
    if (req.session?.username) {
      if (!csrf.isValid(req)) throw new AppError(403, localizeResearcher(locale(req), 'formExpired'));
      const username = req.session.username;
      await endSession(req);
      logger.info({ event: 'sign-out', username }, 'signed out');
    }
    res.clearCookie(sessionCookieName(production), { path: '/', httpOnly: true, sameSite: 'lax', secure: production });
    res.redirect(303, '/login');
  });

  function renderTokens(req: Request, res: Response, extra: Omit<TokensPageInput, 'origin'> & { status?: number }, tokens: TokenRecord[]) {
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.status(extra.status ?? 200).render('account/tokens', tokensPageView(locale(req), tokens, { ...extra, origin }));
  }

  /** @route GET /account/tokens */
  router.get('/account/tokens', async (req, res) => {
    const user = currentUser(res);
    const notice = req.query.revoked === '1' ? researcherMessagesFor(locale(req)).tokenRevokedNotice : '';
    renderTokens(req, res, { notice }, await accounts.listTokens(user.username));
  });

  /** @route POST /account/tokens  creates a token and shows it, once. */
  router.post('/account/tokens', refuseTokens, formBody, csrf.protect, async (req, res) => {
    const user = currentUser(res);
    const name = field(req, 'name');
    const scope = field(req, 'scope');
    let created;
    try {
      created = await accounts.createToken(user.username, name, scope);
    } catch (error) {
      if (error instanceof TokenInputError) {
        const { key, ...params } = error.problem;
        const problem = { field: key === 'tokenScopeRequired' ? ('scope' as const) : ('name' as const), message: localizeResearcher(locale(req), key, params) };
        return renderTokens(req, res, { status: 422, error: problem, name: name.trim(), scope }, await accounts.listTokens(user.username));
      }
      throw error;
    }
    logger.info({ event: 'token-created', username: user.username, token: created.record.name, scope: created.record.scope }, 'API token created');
    renderTokens(req, res, { status: 201, created }, await accounts.listTokens(user.username));
  });

  /** @route POST /account/tokens/:tokenId/revoke */
  router.post('/account/tokens/:tokenId/revoke', refuseTokens, formBody, csrf.protect, async (req, res) => {
    const user = currentUser(res);
    const tokenId = String(req.params.tokenId);
    if (!(await accounts.revokeToken(user.username, tokenId))) {
      throw new AppError(404, localizeResearcher(locale(req), 'tokenNotFound'));
    }
    logger.info({ event: 'token-revoked', username: user.username }, 'API token revoked');
    res.redirect(303, '/account/tokens?revoked=1');
  });

  return router;
}
