/* What every results page shares: its header and navigation, the live numbers, the labels of variables. */

import { format } from '../../../domain/locale/messages';
import { researcherMessagesFor, type ResearcherMessages } from '../../../domain/locale/researcher-messages';
import { QUESTION_VARIANT_WORDS, resultsMessagesFor, type ResultsMessages } from '../../../domain/locale/results-messages';
import { questionType } from '../../../domain/question-types';
import type { Locale, Question } from '../../../domain/survey/definition';
import type { Freshness, ShownVersion } from '../../../services/results';
import { variableName } from '../../../domain/results/subgroup';
import { queryString, type QueryValue } from '../../results-query';
import { formatTime } from './format';
/** What every results page's URL may carry besides its own parameters. */
export interface PageQuery {
  version?: number;
  where: readonly string[];
}


const STYLESHEETS = ['/css/results.css'];

export const whereParams = (where: readonly string[], name = 'where'): [string, string][] => where.map((w) => [name, w]);

export interface Layout {
  lang: Locale;
  researcherWords: ResearcherMessages;
  resultsWords: ResultsMessages;
  pageTitle: string;
  stylesheets: string[];
  survey: { id: string; title: string };
  nav: { label: string; href: string; current: boolean }[];
}

/**
 * A text the live script keeps current: `data-live="<key>"`; the script takes the element of
 * the same key from a fresh copy of the page. Hidden when its number is unknown.
 */
export interface LiveText {
  key: string;
  text: string;
  hidden?: boolean;
}

/** The value, or the sentence `template` with the value at `{value}`; hidden when there is no value. */
export function liveText(key: string, value: string | null, template?: string): LiveText {
  if (template === undefined) return { key, text: value ?? '' };
  return { key, text: value === null ? '' : format(template, { value }), ...(value === null ? { hidden: true } : {}) };
}

/** The keys of the texts the live script keeps current: one per number of the page. */
export const liveKey = {
  respondents: 'respondents',
  margin: 'margin',
  answered: (question: string) => `${question}/answered`,
  other: (question: string) => `${question}/other`,
  choice: (...path: string[]) => path.join('/'),
};

export interface VariableLabels {
  /** `6. 您平时浏览淘宝网站的频率`, `11. 影响您购买产品的主要因素 — 页面设计` (see `variableName`). */
  variable(id: string): string;
}

/** The names of the shown version's variables, numbered as in the form. */
export function labelsOf(shown: Pick<ShownVersion, 'definition' | 'variables'>): VariableLabels {
  const byId = new Map(shown.variables.map((v) => [v.id, v]));
  return {
    variable(id) {
      const v = byId.get(id);
      return v ? variableName(shown.definition, v) : id;
    },
  };
}

export function layout(
  results: Pick<ShownVersion, 'survey'>,
  pageTitle: string,
  current: 'results' | 'crosstab' | 'compare' | 'other',
  query: PageQuery,
): Layout {
  const lang = results.survey.locale as Locale;
  const r = resultsMessagesFor(lang);
  const t = researcherMessagesFor(lang);
  const base = surveyPath(results.survey.id);
  const scope: [string, QueryValue][] = [['version', query.version], ...whereParams(query.where)];
  return {
    lang,
    researcherWords: t,
    resultsWords: r,
    pageTitle: `${pageTitle} · ${results.survey.title}`,
    stylesheets: STYLESHEETS,
    survey: { id: results.survey.id, title: results.survey.title },
    nav: [
      { label: r.resultsTitle, href: `${base}/results${queryString(scope)}`, current: current === 'results' },
      { label: r.crosstabOpen, href: `${base}/crosstab${queryString(scope)}`, current: current === 'crosstab' },
      { label: r.compareOpen, href: `${base}/compare${queryString([['version', query.version]])}`, current: current === 'compare' },
      { label: r.navSurveys, href: '/surveys', current: false },
    ],
  };
}

export const surveyPath = (surveyId: string) => `/surveys/${encodeURIComponent(surveyId)}`;

/** The live script's settings: what to poll, and the words it shows. */
export interface LiveConfig {
  lang: Locale;
  /** The freshness the page was drawn with: the script asks for the page with it as If-None-Match. */
  key: string;
  words: Record<string, string>;
}

/** Changes when the counts move, and once more when a stale (still computing) answer turns fresh. */
export function freshnessKey(...answers: Freshness[]): string {
  return answers.map((a) => `${a.signature}|${a.stale ? a.computedAt : ''}`).join(';');
}

/** A live page's ETag: its freshness, so that the live script's copy of an unchanged page is a 304. */
export function pageETag(...answers: Freshness[]): string {
  return `W/"${freshnessKey(...answers)}"`;
}

export function liveWords(r: ResultsMessages): Record<string, string> {
  return { live: r.live, updated: r.liveUpdated, stale: r.liveStale, offline: r.liveOffline, signedOut: r.liveSignedOut, signIn: r.liveSignIn };
}

/** The status line under the title: filled by the script; without it, only a stale answer says so. */
export function liveStatus(r: ResultsMessages, ...answers: Freshness[]): { text: string; stale: boolean } {
  const stale = answers.find((a) => a.stale);
  return stale ? { text: format(r.liveStale, { time: formatTime(stale.computedAt) }), stale: true } : { text: '', stale: false };
}

/** The words for the question's kind (`one answer`, `grid, one answer per row`). */
export function questionTypeLabel(r: ResultsMessages, question: Question): string {
  return r[QUESTION_VARIANT_WORDS[questionType(question).variant(question)]];
}
