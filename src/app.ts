import compression from 'compression';
import cookieParser from 'cookie-parser';
import ejs from 'ejs';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { defaultPaths } from './paths';
import { SubmissionService } from './services/submissions';
import type { Database } from './storage/database';
import { ResponseStore } from './storage/response-store';
import { SurveyStore } from './storage/survey-store';
import { csrfProtection } from './web/csrf';
import { errorHandler, notFound } from './web/error-handler';
import { apiRoutes } from './web/routes/api';
import { healthRoutes } from './web/routes/health';
import { respondentRoutes } from './web/routes/respondent';

export interface AppDependencies {
  database: Database;
  surveys: SurveyStore;
  /** Signs form tokens and the CSRF cookie. */
  secret: string;
  logger: Logger;
  production: boolean;
  trustProxy: number;
}

/** Builds the web app; it does not connect or listen (see `server.ts`), so tests can drive it. */
export function createApp(deps: AppDependencies): express.Express {
  const { database, surveys, secret, logger } = deps;
  const submissions = new SubmissionService(surveys, new ResponseStore(database.models));
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', defaultPaths.views);
  app.set('trust proxy', deps.trustProxy);
  app.disable('x-powered-by');
  // Leading indentation is a tenth of a rendered form; respondents are often on slow networks.
  const templateOptions = { rmWhitespace: true, cache: deps.production };
  app.engine('ejs', (file, data, done) => ejs.renderFile(file, data as ejs.Data, templateOptions, done));

  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      // Method, path and status only: no headers, cookies, bodies or addresses in the logs.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: deps.production ? [] : null,
        },
      },
      strictTransportSecurity: deps.production,
    }),
  );
  // The API and the health check need neither cookies, compression nor files: they come
  // first, which keeps the submission path short.
  app.use(healthRoutes(() => database.ping()));
  app.use(apiRoutes({ submissions, secret }));

  app.use(compression());
  app.use(express.static(defaultPaths.public, { maxAge: '1h', index: false }));
  app.use(cookieParser());
  app.use(respondentRoutes({ submissions, surveys, csrf: csrfProtection(secret, deps.production), secret }));
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
