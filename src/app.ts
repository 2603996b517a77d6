import type { RequestListener } from 'node:http';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import ejs from 'ejs';
import express from 'express';
import type { Logger } from 'pino';
import { defaultPaths } from './paths';
import { AccountService } from './services/accounts';
import { ExportService } from './services/exports';
import { DEMO_COMPARISON, DEMO_SURVEY_ID } from './demo/taobao-2015';
import { ResultsService } from './services/results';
import { SubmissionService } from './services/submissions';
import type { SurveyCheck } from './services/survey-check';
import { SurveyManagement } from './services/survey-management';
import { AccountStore } from './storage/account-store';
import { AuditLog } from './storage/audit-log';
import type { Database } from './storage/database';
import { MongoRateLimitStore } from './storage/rate-limit-store';
import { ResponseAnalysis } from './storage/response-analysis';
import { ResponseStore } from './storage/response-store';
import type { ResultCounts } from './storage/result-counts';
import { createSessionStore } from './storage/session-store';
import { SurveyStore } from './storage/survey-store';
import { managementStores } from './storage/management-stores';
import { csrfProtection } from './web/csrf';
import { errorHandler, notFound } from './web/error-handler';
import { apiRoutes, apiSubmissionLane } from './web/routes/api';
import { healthRoutes } from './web/routes/health';
import { detectPlainHttp } from './web/plain-http';
import { PROTECTED_PATHS, RESEARCHER_PATHS, requireResearcher } from './web/researcher-auth';
import { researcherCsrf } from './web/researcher-csrf';
import { requestLog } from './web/request-log';
import { researcherSession } from './web/researcher-session';
import { securityHeaders } from './web/security-headers';
import { requireSurveyAccess, speakSurveyLanguage, SURVEY_LANGUAGE_PATHS, SURVEY_PATHS } from './web/survey-access';
import { accountRoutes } from './web/routes/account';
import { formRoutes } from './web/routes/form';
import { respondentRoutes } from './web/routes/respondent';
import { manageSurveyRoutes } from './web/routes/manage-surveys';
import { exportRoutes } from './web/routes/exports';
import { resultsApiRoutes } from './web/routes/results';
import { chartJsRoute, resultsPageRoutes } from './web/routes/results-pages';
import { surveyRoutes } from './web/routes/surveys';
import { inlineStylesheet } from './web/stylesheet';

export interface AppDependencies {
  database: Database;
  surveys: SurveyStore;
  /** The kept result counts every stored response is added to (started and stopped by the caller). */
  resultCounts: ResultCounts;
  /** Signs form tokens and the CSRF cookie. */
  secret: string;
  logger: Logger;
  production: boolean;
  trustProxy: number;
  /** A researcher's session ends after this many minutes without a request (default 30). */
  sessionIdleMinutes?: number;
  /** How survey texts sent in the browser are checked (default `surveyChecker()`: large ones in a worker thread). */
  surveyCheck?: SurveyCheck;
}

/**
 * Builds the web app as the handler of an HTTP server's requests; it does not connect or
 * listen (see `server.ts`), so tests can drive it. Every request is logged, then served by the
 * API's submission lane when it takes it (web/routes/api.ts: the stored-response path without
 * Express's own cost), else by Express.
 */
export function createApp(deps: AppDependencies): RequestListener {
  const { database, surveys, secret, logger } = deps;
  const submissions = new SubmissionService(surveys, new ResponseStore(database.models, deps.resultCounts));
  const analysis = new ResponseAnalysis(database.analysis);
  // The demo study's own comparison (daily against rare browsers) is its compare page's example.
  const results = new ResultsService(surveys, deps.resultCounts, analysis, { comparisonExamples: new Map([[DEMO_SURVEY_ID, DEMO_COMPARISON]]) });
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', defaultPaths.views);
  // Inlined in every respondent page (views/partials/page-start.ejs), allowed by its hash below.
  const stylesheet = inlineStylesheet();
  app.locals.stylesheet = stylesheet.css;
  app.set('trust proxy', deps.trustProxy);
  app.disable('x-powered-by');
  // Leading indentation is a tenth of a rendered form; respondents are often on slow networks.
  const templateOptions = { rmWhitespace: true, cache: deps.production };
  app.engine('ejs', (file, data, done) => ejs.renderFile(file, data as ejs.Data, templateOptions, done));

  const security = securityHeaders(deps.production, stylesheet.cspSource);
  const lane = apiSubmissionLane({ submissions, secret, trustProxy: deps.trustProxy, securityHeaders: security.fixed }, app);
  app.use(security.middleware);
  app.use(lane.errors);
  // The API and the health check need neither cookies, compression nor files: they come
  // first, which keeps the submission path short.
  app.use(healthRoutes(() => database.ping()));
  app.use(apiRoutes({ submissions, secret }));

  // The survey form too: its page is compressed once per survey version, and it reads its
  // one cookie itself (see web/routes/form.ts).
  app.use(formRoutes({ submissions, surveys, csrf: csrfProtection(secret, deps.production), secret }));

  app.use(compression());
  app.use(cookieParser());
  app.use(respondentRoutes({ submissions, surveys }));
  // After the respondent's pages: a file look-up (a stat on disk) for every page served cost
  // more than the rest of serving it.
  app.use(express.static(defaultPaths.public, { maxAge: '1h', index: false }));

  // Researchers. Sessions only on their paths, so that the respondent's form and API never
  // touch the sessions collection; everything under PROTECTED_PATHS needs a signed-in user or
  // a Bearer token (res.locals.user): mount researcher routes after these lines.
  const audit = new AuditLog(database.models);
  const accounts = new AccountService(new AccountStore(database.models), secret, { audit });
  const researcherForms = researcherCsrf(secret, deps.production);
  const sessionOptions = { secret, production: deps.production, idleMinutes: deps.sessionIdleMinutes ?? 30 };
  app.use(RESEARCHER_PATHS, detectPlainHttp({ production: deps.production, trustProxy: deps.trustProxy, logger }));
  app.use(RESEARCHER_PATHS, researcherSession({ store: createSessionStore(database), ...sessionOptions }));
  app.use(PROTECTED_PATHS, requireResearcher(accounts, researcherForms, { idleMinutes: sessionOptions.idleMinutes }));
  app.use(SURVEY_PATHS, requireSurveyAccess(surveys));
  app.use(SURVEY_LANGUAGE_PATHS, speakSurveyLanguage);
  const signInLimitStore = new MongoRateLimitStore(database.models, secret, 'sign-in');
  app.use(accountRoutes({ accounts, csrf: researcherForms, logger, secret, production: deps.production, signInLimitStore }));
  const management = new SurveyManagement({ surveys, counts: deps.resultCounts, ...managementStores(database), ...(deps.surveyCheck ? { check: deps.surveyCheck } : {}) });
  app.use(manageSurveyRoutes({ management, csrf: researcherForms, logger }));
  app.use(surveyRoutes({ management }));
  app.use(resultsApiRoutes({ results }));
  app.use(exportRoutes({ exports: new ExportService(results, analysis, audit), logger }));
  app.use(resultsPageRoutes({ results }));
  app.use(chartJsRoute());

  app.use(notFound);
  app.use(errorHandler(logger));

  const logRequest = requestLog(logger, { ignore: (url) => url === '/healthz' });
  return (req, res) => {
    logRequest(req, res);
    if (!lane.serve(req, res)) app(req, res);
  };
}
