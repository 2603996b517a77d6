import type { RequestHandler } from 'express';
import { localizeResearcher } from '../domain/locale/researcher-messages';
import { surveyAccess, type SurveyAccess } from '../domain/survey/access';
import { LocalizedError, SurveyNotFoundError, type AppError } from '../errors';
import type { SurveyStore } from '../storage/survey-store';
import { currentUser } from './researcher-auth';

/** Paths of one survey on the researcher's side; the access check runs on each. */
export const SURVEY_PATHS = ['/surveys/:surveyId', '/api/surveys/:surveyId'];

/**
 * The results pages and APIs of one survey, which speak the survey's language (the figures'
 * words and every error alike); the survey's management pages speak the researcher's browser's.
 */
export const SURVEY_LANGUAGE_PATHS = ['results', 'crosstab', 'compare'].map((page) => `/surveys/:surveyId/${page}`).concat(
  ['results', 'crosstab', 'compare', 'other', 'export'].map((api) => `/api/surveys/:surveyId/${api}`),
);

/** After `requireSurveyAccess`: the page's language is the survey's (see `pageLocale`). */
export const speakSurveyLanguage: RequestHandler = (_req, res, next) => {
  res.locals.locale = res.locals.surveyLocale;
  next();
};

/** The survey of a researcher's path, for the pages that name it (an error page links back to it). */
export interface SurveyOfPage {
  id: string;
  title: string;
}

/** Not survey ids: researcher pages of the survey collection itself (`/surveys/new`). */
const COLLECTION_PAGES = new Set(['new']);

/**
 * After `requireResearcher`, on every path of one survey: 404 for a user who may not see it
 * (the same answer as for a survey that does not exist, so that nobody learns which exist),
 * 403 for a reader who tries to change it. Leaves the access in `res.locals.surveyAccess`, the
 * survey in `res.locals.surveyOfPage`, and its language in `res.locals.surveyLocale` (which
 * `speakSurveyLanguage` makes the page's on its results pages, and so of an error page there).
 */
export function requireSurveyAccess(surveys: SurveyStore): RequestHandler<{ surveyId: string }> {
  return async (req, res, next) => {
    const { surveyId } = req.params;
    if (COLLECTION_PAGES.has(surveyId)) return next();
    const survey = await surveys.find(surveyId);
    const access = survey ? surveyAccess(currentUser(res), survey.sharing) : null;
    if (!survey || !access) throw new SurveyNotFoundError(surveyId);
    res.locals.surveyAccess = access;
    res.locals.surveyOfPage = { id: survey.id, title: survey.definition.title } satisfies SurveyOfPage;
    res.locals.surveyLocale = survey.definition.locale;
    if (req.method !== 'GET' && req.method !== 'HEAD' && access !== 'owner') return next(forbidden());
    next();
  };
}

/** For the pages that only an owner sees (editing, deleting, the record of actions). */
export const requireSurveyOwner: RequestHandler = (_req, res, next) => {
  if ((res.locals.surveyAccess as SurveyAccess | undefined) === 'owner') return next();
  next(forbidden());
};

function forbidden(): AppError {
  return new LocalizedError(403, (locale) => localizeResearcher(locale, 'forbidden'));
}
