import { format } from '../domain/locale/messages';
import { researcherMessagesFor, type ResearcherMessages } from '../domain/locale/researcher-messages';
import { resultsMessagesFor, type ResultsMessages } from '../domain/locale/results-messages';
import type { Variable } from '../domain/question-types';
import type { GroupDifference } from '../domain/results/comparison';
import { hasSmallExpectedCounts, type Crosstab } from '../domain/results/crosstab';
import type { SurveyResults, VersionCount } from '../domain/results/survey-results';
import type { ChoiceTally, QuestionTally } from '../domain/results/tally';
import { Z_95 } from '../domain/statistics';
import type { Locale } from '../domain/survey/definition';
import type { Freshness, OtherTextsPage, SubgroupComparison } from '../services/results';
import { exportLinks, type ExportLink } from './export-links';
import { queryString, type QueryValue } from './results-query';

/*
 * View models of the researcher's results pages (views/results/): everything a page prints is
 * formatted here, so that the templates only loop and print. The live script
 * (public/js/results.js) formats the numbers it receives from the API the same way:
 * `formatPercent` and `formatInterval` have their twins there.
 */

/** What every results page's URL may carry besides its own parameters. */
export interface PageQuery {
  version?: number;
  where: readonly string[];
}


const STYLESHEETS = ['/css/results.css'];
/** Texts of an "other" choice shown on the results page before the link to all of them. */
export const OTHER_TEXTS_PREVIEW = 5;

// --- Formatting ---------------------------------------------------------------------------

/** `33.33%`; a dash when nobody answered (no base for a percent). */
export function formatPercent(percent: number | null): string {
  return percent === null ? '—' : `${percent.toFixed(2)}%`;
}

/** `25.53–36.62%` */
export function formatInterval(ci95: [number, number] | null): string {
  return ci95 === null ? '—' : `${ci95[0].toFixed(2)}–${ci95[1].toFixed(2)}%`;
}

/** `p = 0.034`, or `p < 0.001` below what three decimals can show. */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** An adjusted residual with its sign: `+2.35`, `−1.20` (a true minus sign). */
export function formatResidual(residual: number): string {
  const text = Math.abs(residual).toFixed(2);
  return residual < 0 && text !== '0.00' ? `−${text}` : `+${text}`;
}

/** A share of a base in percent with two decimals (row and column percents of a crosstab). */
function shareOf(count: number, base: number): string {
  return base === 0 ? '—' : formatPercent(Math.round((count / base) * 10000) / 100);
}

/** `2015-11-20 14:03`, in the server's time zone. */
function formatDateTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

function formatTime(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 8);
}

/** JSON for a `<script type="application/json">` block: `<` escaped so that no text can close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}


const whereParams = (where: readonly string[], name = 'where'): [string, string][] => where.map((w) => [name, w]);

/**
 * The `where=` conditions of what a condition form ticked: one `variable:code` per ticked box,
 * merged per variable in the order ticked (codes of one variable are alternatives).
 *
 * @example conditionsFromPicks(['browse:1', 'browse:2', 'gender:2']) // ['browse:1,2', 'gender:2']
 */
export function conditionsFromPicks(picks: readonly string[]): string[] {
  const byVariable = new Map<string, string[]>();
  const loose: string[] = [];
  for (const pick of picks) {
    const at = pick.indexOf(':');
    // Not of the form a box sends: passed on as it is, for the results service to explain.
    if (at <= 0 || pick.includes(',')) {
      loose.push(pick);
      continue;
    }
    const codes = byVariable.get(pick.slice(0, at)) ?? [];
    if (!codes.includes(pick.slice(at + 1))) codes.push(pick.slice(at + 1));
    byVariable.set(pick.slice(0, at), codes);
  }
  return [...[...byVariable].map(([variable, codes]) => `${variable}:${codes.join(',')}`), ...loose];
}

// --- Pieces shared by the pages -------------------------------------------------------------

interface Layout {
  lang: Locale;
  t: ResearcherMessages;
  r: ResultsMessages;
  pageTitle: string;
  stylesheets: string[];
  survey: { id: string; title: string };
  nav: { label: string; href: string; current: boolean }[];
}

/** A number the live script keeps current: `data-live="<key>"`, and `template` when it sits in a sentence. */
export interface LiveText {
  key: string;
  text: string;
  /** The sentence with `{value}` where the number goes (the script fills it the same way). */
  template?: string;
  hidden?: boolean;
}

function liveText(key: string, value: string | null, template?: string): LiveText {
  if (template === undefined) return { key, text: value ?? '' };
  return { key, text: value === null ? '' : format(template, { value }), template, ...(value === null ? { hidden: true } : {}) };
}

/** Where the keys of the numbers the live script updates come from; results.js builds the same. */
const liveKey = {
  respondents: 'respondents',
  margin: 'margin',
  answered: (question: string) => `${question}/answered`,
  other: (question: string) => `${question}/other`,
  choice: (...path: string[]) => path.join('/'),
};

interface VariableLabels {
  /** `6. 您平时浏览淘宝网站的频率`, `11. 影响您购买产品的主要因素 — 页面设计` */
  variable(id: string): string;
  code(variableId: string, code: string): string;
}

/** Question numbers as in the form, from the order of the results' questions. */
function labelsOf(questions: readonly QuestionTally[], variables: readonly Variable[]): VariableLabels {
  const numbers = new Map(questions.map((q, i) => [q.id, i + 1]));
  const byId = new Map(variables.map((v) => [v.id, v]));
  return {
    variable(id) {
      const v = byId.get(id);
      if (!v) return id;
      const number = numbers.get(v.questionId);
      return `${number !== undefined ? `${number}. ` : ''}${v.title}${v.row !== undefined ? ` — ${v.row}` : ''}`;
    },
    code(variableId, code) {
      return byId.get(variableId)?.choices.find((c) => c.value === code)?.label ?? code;
    },
  };
}

function layout(
  results: Pick<SurveyResults, 'survey'>,
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
    t,
    r,
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
interface LiveConfig {
  kind: 'results' | 'page';
  lang: Locale;
  api: string;
  /** The freshness the page was drawn with; the script redraws when the API's differs. */
  key: string;
  words: Record<string, string>;
}

/** Changes when the counts move, and once more when a stale (still computing) answer turns fresh. */
export function freshnessKey(...answers: Freshness[]): string {
  return answers.map((a) => `${a.signature}|${a.stale ? a.computedAt : ''}`).join(';');
}

function liveWords(r: ResultsMessages): Record<string, string> {
  return { live: r.live, updated: r.liveUpdated, stale: r.liveStale, offline: r.liveOffline, signedOut: r.liveSignedOut, signIn: r.liveSignIn };
}

/** The status line under the title: filled by the script; without it, only a stale answer says so. */
function liveStatus(r: ResultsMessages, ...answers: Freshness[]): { text: string; stale: boolean } {
  const stale = answers.find((a) => a.stale);
  return stale ? { text: format(r.liveStale, { time: formatTime(stale.computedAt) }), stale: true } : { text: '', stale: false };
}

// --- Subgroups: the conditions in words, and the form that builds them ------------------------

export interface ConditionBuilder {
  /** The query parameter each ticked box sends (`pick`, `pickA`, `pickB`). */
  field: string;
  idPrefix: string;
  variables: {
    id: string;
    label: string;
    fieldsetId: string;
    /** Shown at once (it holds a ticked box) when the script hides the others. */
    active: boolean;
    choices: { value: string; label: string; inputId: string; checked: boolean }[];
  }[];
}

function conditionBuilder(field: string, variables: readonly Variable[], labels: VariableLabels, where: readonly string[]): ConditionBuilder {
  const ticked = new Set(where.flatMap((w) => {
    const [variable, codes = ''] = w.split(':');
    return codes.split(',').map((code) => `${variable}:${code}`);
  }));
  const idPrefix = `${field}-`;
  return {
    field,
    idPrefix,
    variables: variables.map((v, i) => {
      const choices = v.choices.map((c, j) => ({
        value: `${v.id}:${c.value}`,
        label: c.label,
        inputId: `${idPrefix}${i}-${j}`,
        checked: ticked.has(`${v.id}:${c.value}`),
      }));
      return { id: v.id, label: labels.variable(v.id), fieldsetId: `${idPrefix}${i}`, active: choices.some((c) => c.checked), choices };
    }),
  };
}

/** `您的性别 为 女`, `浏览频率 为以下任一项 每天、经常` */
function conditionText(r: ResultsMessages, lang: Locale, labels: VariableLabels, condition: string): string {
  const [variable = '', list = ''] = condition.split(':');
  const codes = list.split(',').map((code) => labels.code(variable, code));
  const separator = lang === 'zh-CN' ? '、' : ', ';
  return `${labels.variable(variable)} ${codes.length > 1 ? r.subgroupAnyOf : r.subgroupIs} ${codes.join(separator)}`;
}

function subgroupSummary(r: ResultsMessages, lang: Locale, labels: VariableLabels, where: readonly string[]): string {
  if (where.length === 0) return r.subgroupAll;
  return format(r.subgroupShowing, { conditions: where.map((w) => conditionText(r, lang, labels, w)).join(` ${r.subgroupAnd} `) });
}

export interface FilterView {
  active: boolean;
  summary: string;
  conditions: { text: string; removeHref: string; removeLabel: string }[];
  clearHref: string;
  action: string;
  /** The page's other parameters, kept by the form. */
  keep: { name: string; value: string }[];
  builder: ConditionBuilder;
}

function filterView(
  l: Layout,
  labels: VariableLabels,
  variables: readonly Variable[],
  action: string,
  query: PageQuery,
  keep: [string, QueryValue][],
): FilterView {
  const { r, lang } = l;
  const url = (where: readonly string[]) => `${action}${queryString([['version', query.version], ...keep, ...whereParams(where)])}`;
  return {
    active: query.where.length > 0,
    summary: subgroupSummary(r, lang, labels, query.where),
    conditions: query.where.map((condition, i) => {
      const text = conditionText(r, lang, labels, condition);
      return { text, removeHref: url(query.where.filter((_, j) => j !== i)), removeLabel: format(r.subgroupRemove, { condition: text }) };
    }),
    clearHref: url([]),
    action,
    keep: ([['version', query.version], ...keep] as [string, QueryValue][])
      .filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== '')
      .map(([name, value]) => ({ name, value: String(value) })),
    builder: conditionBuilder('pick', variables, labels, query.where),
  };
}

// --- The results page -----------------------------------------------------------------------

interface ChoiceRowView {
  label: string;
  count: LiveText;
  percent: LiveText;
  interval: LiveText;
}

interface OtherView {
  summary: LiveText;
  /** The other-texts API for the first few, which the script fetches when the section opens. */
  api: string;
  href: string;
}

interface QuestionViewBase {
  id: string;
  anchor: string;
  number: number;
  title: string;
  typeLabel: string;
  /** Percents of a question with several answers each may add past 100. */
  note: string;
  answered: LiveText;
  other: OtherView | null;
  chart: { id: string; label: string };
  /** The name of the table's scroll box. */
  tableLabel: string;
  crosstabHref: string;
}

export interface OptionsQuestionView extends QuestionViewBase {
  kind: 'options';
  options: ChoiceRowView[];
}

export interface MatrixQuestionView extends QuestionViewBase {
  kind: 'matrix';
  columns: string[];
  rows: { label: string; answered: LiveText; cells: ChoiceRowView[] }[];
}

export type QuestionResultView = OptionsQuestionView | MatrixQuestionView;

export interface ResultsPageView extends Layout {
  respondents: LiveText;
  margin: LiveText;
  marginHint: string;
  versions: {
    counted: string;
    notCounted: { text: string; href: string; linkText: string }[];
    showing: { text: string; href: string; linkText: string } | null;
  };
  status: { text: string; stale: boolean };
  filter: FilterView;
  /** Said instead of the tables when nobody (of the subgroup) has answered. */
  empty: string;
  downloads: { title: string; links: ExportLink[] };
  questions: QuestionResultView[];
  config: string;
}

function choiceRow(key: string, choice: ChoiceTally): ChoiceRowView {
  return {
    label: choice.label,
    count: liveText(liveKey.choice(key, 'count'), String(choice.count)),
    percent: liveText(liveKey.choice(key, 'percent'), formatPercent(choice.percent)),
    interval: liveText(liveKey.choice(key, 'interval'), formatInterval(choice.ci95)),
  };
}

function typeLabel(r: ResultsMessages, question: QuestionTally): string {
  if (question.type === 'matrix') return question.multiple ? r.typeMatrixMultiple : r.typeMatrix;
  return question.type === 'multi' ? r.typeMulti : r.typeSingle;
}

function versionsView(r: ResultsMessages, results: SurveyResults, query: PageQuery, path: string): ResultsPageView['versions'] {
  const titles = new Map(results.questions.map((q) => [q.id, q.title]));
  const reasons = (v: VersionCount) =>
    v.conflicts
      .map((c) =>
        c.value === null
          ? format(r.versionTypeChanged, { question: titles.get(c.question) ?? c.question })
          : format(r.versionConflict, { question: titles.get(c.question) ?? c.question, value: c.value, there: c.labelThere, here: c.labelHere }),
      )
      .join('; ');
  return {
    counted: format(r.versionsCounted, { versions: results.versions.filter((v) => v.counted).map((v) => v.version).join(', ') }),
    notCounted: results.versions
      .filter((v) => !v.counted)
      .map((v) => ({
        text: format(r.versionNotCounted, { version: v.version, count: v.respondents, reasons: reasons(v) }),
        href: `${path}${queryString([['version', v.version]])}`,
        linkText: format(r.versionShow, { version: v.version }),
      })),
    showing:
      query.version === undefined
        ? null
        : {
            text: format(r.versionShowing, { version: results.survey.version }),
            href: `${path}${queryString(whereParams(query.where))}`,
            linkText: r.versionShowCurrent,
          },
  };
}

/**
 * The results page: the header (respondents, margin of error, versions), the subgroup filter,
 * and per question its table, chart and "other" texts.
 */
export function resultsPageView(results: SurveyResults & Freshness, variables: readonly Variable[], query: PageQuery): ResultsPageView {
  const l = layout(results, resultsMessagesFor(results.survey.locale as Locale).resultsTitle, 'results', query);
  const { r } = l;
  const base = surveyPath(results.survey.id);
  const path = `${base}/results`;
  const labels = labelsOf(results.questions, variables);
  const scope: [string, QueryValue][] = [['version', query.version], ...whereParams(query.where)];

  const questions = results.questions.map((question, i): QuestionResultView => {
    const number = i + 1;
    const otherLabel =
      question.type === 'matrix' ? question.title : variables.find((v) => v.id === question.id)?.choices.find((c) => c.other)?.label ?? '';
    const common: QuestionViewBase = {
      id: question.id,
      anchor: `q-${question.id}`,
      number,
      title: question.title,
      typeLabel: typeLabel(r, question),
      note: question.type === 'multi' || (question.type === 'matrix' && question.multiple) ? r.severalAnswers : '',
      answered: liveText(liveKey.answered(question.id), String(question.answered)),
      other: question.other
        ? {
            summary: liveText(liveKey.other(question.id), String(question.other.count), format(r.otherTexts, { label: otherLabel, count: '{value}' })),
            api: `/api${base}/other/${encodeURIComponent(question.id)}${queryString(scope)}`,
            href: `${path}/other/${encodeURIComponent(question.id)}${queryString(scope)}`,
          }
        : null,
      chart: { id: `chart-${question.id}`, label: format(r.chartAlt, { title: question.title }) },
      tableLabel: format(r.tableOf, { title: `${number}. ${question.title}` }),
      crosstabHref: `${base}/crosstab${queryString([['row', question.type === 'matrix' ? variables.find((v) => v.questionId === question.id)?.id : question.id], ...scope])}`,
    };
    if (question.type === 'matrix') {
      return {
        ...common,
        kind: 'matrix',
        columns: question.rows[0]?.columns.map((c) => c.label) ?? [],
        rows: question.rows.map((row) => ({
          label: row.label,
          answered: liveText(liveKey.answered(`${question.id}/${row.value}`), String(row.answered)),
          cells: row.columns.map((column) => choiceRow(`${question.id}/${row.value}/${column.value}`, column)),
        })),
      };
    }
    return { ...common, kind: 'options', options: question.options.map((o) => choiceRow(`${question.id}/${o.value}`, o)) };
  });

  const config: LiveConfig & { results: SurveyResults & Freshness } = {
    kind: 'results',
    lang: l.lang,
    api: `/api${path}${queryString(scope)}`,
    key: freshnessKey(results),
    words: {
      ...liveWords(r),
      chartLabel: r.chartLabel,
      interval: r.interval,
      count: r.count,
      loading: r.otherTextsLoading,
      failed: r.otherTextsFailed,
      first: r.otherTextsFirst,
    },
    results,
  };
  return {
    ...l,
    respondents: liveText(liveKey.respondents, String(results.respondents), format(r.respondents, { count: '{value}' })),
    margin: liveText(
      liveKey.margin,
      results.marginOfError === null ? null : results.marginOfError.toFixed(2),
      format(r.marginOfError, { margin: '{value}' }),
    ),
    marginHint: r.marginOfErrorHint,
    versions: versionsView(r, results, query, path),
    status: liveStatus(r, results),
    filter: filterView(l, labels, variables, path, query, []),
    empty: results.respondents > 0 ? '' : query.where.length ? r.subgroupEmpty : r.noAnswers,
    downloads: { title: r.exportTitle, links: exportLinks(r, results.survey.id, query, { kind: 'results' }) },
    questions,
    config: jsonForScript(config),
  };
}

// --- The texts of an "other" choice -----------------------------------------------------------

export interface OtherTextsPageView extends Layout {
  heading: string;
  tableLabel: string;
  question: string;
  texts: { text: string; when: string; datetime: string }[];
  empty: string;
  pageText: string;
  newer: string | null;
  older: string | null;
  back: string;
  subgroup: string;
}

export function otherTextsPageView(
  results: Pick<SurveyResults, 'survey' | 'questions'>,
  variables: readonly Variable[],
  page: OtherTextsPage,
  query: PageQuery,
): OtherTextsPageView {
  const r = resultsMessagesFor(results.survey.locale as Locale);
  const heading = format(r.otherTexts, { label: page.question.label, count: page.count });
  const l = layout(results, heading, 'other', query);
  const base = surveyPath(results.survey.id);
  const scope: [string, QueryValue][] = [['version', query.version], ...whereParams(query.where)];
  const pageUrl = (n: number) =>
    `${base}/results/other/${encodeURIComponent(page.question.id)}${queryString([...scope, ['page', n === 1 ? undefined : n]])}`;
  const number = results.questions.findIndex((q) => q.id === page.question.id) + 1;
  return {
    ...l,
    heading,
    tableLabel: format(r.tableOf, { title: heading }),
    question: `${number > 0 ? `${number}. ` : ''}${page.question.title}`,
    texts: page.texts.map((x) => ({ text: x.text, when: formatDateTime(new Date(x.submittedAt)), datetime: new Date(x.submittedAt).toISOString() })),
    empty: page.texts.length ? '' : r.otherTextsNone,
    pageText: format(r.otherTextsPage, { page: page.page, pages: page.pages }),
    newer: page.page > 1 ? pageUrl(page.page - 1) : null,
    older: page.page < page.pages ? pageUrl(page.page + 1) : null,
    back: `${base}/results${queryString(scope)}#q-${page.question.id}`,
    subgroup: query.where.length ? subgroupSummary(r, l.lang, labelsOf(results.questions, variables), query.where) : '',
  };
}

// --- Still counting ----------------------------------------------------------------------------

/** How often a page that is still being counted reloads itself (and the Retry-After it sends). */
export const COMPUTING_RELOAD_SECONDS = 5;

export interface ComputingPageView extends Layout {
  heading: string;
  body: string;
  /** The subgroup being counted, in words; empty for everyone. */
  subgroup: string;
  reload: string;
  reloadSeconds: number;
}

/**
 * The page shown instead of a subgroup, crosstab or comparison whose first aggregation is not
 * ready yet (a large survey on the embedded database takes tens of seconds): it says so, and
 * reloads itself until the figures are in.
 */
export function computingPageView(
  results: Pick<SurveyResults, 'survey' | 'respondents' | 'questions'>,
  variables: readonly Variable[],
  since: Date,
  now: Date,
  current: 'results' | 'crosstab' | 'compare',
  query: PageQuery,
  url: string,
): ComputingPageView {
  const r = resultsMessagesFor(results.survey.locale as Locale);
  const seconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  const l = layout(results, r.computingTitle, current, query);
  return {
    ...l,
    heading: r.computingTitle,
    body: format(r.computingBody, { count: results.respondents, seconds }),
    subgroup: query.where.length ? subgroupSummary(r, l.lang, labelsOf(results.questions, variables), query.where) : '',
    reload: url,
    reloadSeconds: COMPUTING_RELOAD_SECONDS,
  };
}

// --- Crosstab ----------------------------------------------------------------------------------

export type CrosstabShow = 'counts' | 'row' | 'col';

export function crosstabShow(value: string): CrosstabShow {
  return value === 'row' || value === 'col' ? value : 'counts';
}

interface VariableOption {
  value: string;
  label: string;
  selected: boolean;
}

export interface CrosstabCellView {
  main: string;
  /** The adjusted standardized residual, signed; empty where untested. */
  residual: string;
  residualLabel: string;
  /** ▲ / ▼ beyond ±1.96, with its words for those who do not see it. */
  mark: '' | '▲' | '▼';
  markText: string;
  className: string;
}

export interface CrosstabTableView {
  caption: string;
  tableLabel: string;
  rowTitle: string;
  colTitle: string;
  cols: string[];
  rows: { label: string; cells: CrosstabCellView[]; total: string }[];
  colTotals: string[];
  total: string;
  answeredBoth: string;
  test: { title: string; line: string; verdict: string } | null;
  notes: string[];
  warnings: string[];
  residualsHint: string;
}

export interface CrosstabPageView extends Layout {
  form: {
    action: string;
    rowOptions: VariableOption[];
    colOptions: VariableOption[];
    show: CrosstabShow;
    keep: { name: string; value: string }[];
  };
  showLinks: { label: string; href: string; current: boolean }[];
  filter: FilterView;
  /** Null until both variables are chosen. */
  table: CrosstabTableView | null;
  choose: string;
  status: { text: string; stale: boolean };
  config: string | null;
  downloads: { title: string; links: ExportLink[] };
}

function crosstabTable(r: ResultsMessages, labels: VariableLabels, crosstab: Crosstab, show: CrosstabShow): CrosstabTableView {
  const { counts, rowTotals, colTotals, total, residuals, chiSquare } = crosstab;
  const main = (count: number, i: number, j: number) =>
    show === 'row' ? shareOf(count, rowTotals[i]!) : show === 'col' ? shareOf(count, colTotals[j]!) : String(count);
  const rows = crosstab.rows.map((row, i) => ({
    label: row.label,
    cells: crosstab.cols.map((_, j): CrosstabCellView => {
      const residual = residuals?.[i]?.[j] ?? null;
      const mark = residual === null ? '' : residual > Z_95 ? '▲' : residual < -Z_95 ? '▼' : '';
      return {
        main: main(counts[i]![j]!, i, j),
        residual: residual === null ? '' : formatResidual(residual),
        residualLabel: residual === null ? '' : format(r.crosstabResidual, { value: formatResidual(residual) }),
        mark,
        markText: mark === '▲' ? r.crosstabAbove : mark === '▼' ? r.crosstabBelow : '',
        className: mark === '▲' ? 'above' : mark === '▼' ? 'below' : '',
      };
    }),
    total: show === 'row' ? shareOf(rowTotals[i]!, rowTotals[i]!) : show === 'col' ? shareOf(rowTotals[i]!, total) : String(rowTotals[i]),
  }));
  const notes: string[] = [];
  const warnings: string[] = [];
  let test: CrosstabTableView['test'] = null;
  if (chiSquare) {
    test = {
      title: r.crosstabChiSquare,
      line: format(r.crosstabChiSquareLine, {
        statistic: chiSquare.statistic.toFixed(2),
        df: chiSquare.df,
        p: formatP(chiSquare.p),
        v: chiSquare.cramersV.toFixed(3),
      }),
      verdict: chiSquare.p < 0.05 ? r.crosstabSignificant : r.crosstabNotSignificant,
    };
    if (hasSmallExpectedCounts(chiSquare)) {
      warnings.push(format(r.crosstabSmallExpected, { share: (chiSquare.shareExpectedBelow5 * 100).toFixed(1), min: chiSquare.minExpected.toFixed(2) }));
    }
    if (rowTotals.includes(0) || colTotals.includes(0)) notes.push(r.crosstabLeftOut);
  } else if (crosstab.untested === 'multiple') {
    const multiple = crosstab.row.multiple ? crosstab.row : crosstab.col;
    notes.push(format(r.crosstabUntestedMultiple, { variable: labels.variable(multiple.id) }));
  } else if (crosstab.untested === 'tooFewCategories') {
    notes.push(r.crosstabUntestedCategories);
  }
  const caption = `${labels.variable(crosstab.row.id)} × ${labels.variable(crosstab.col.id)}`;
  return {
    caption,
    tableLabel: format(r.tableOf, { title: caption }),
    rowTitle: labels.variable(crosstab.row.id),
    colTitle: labels.variable(crosstab.col.id),
    cols: crosstab.cols.map((c) => c.label),
    rows,
    colTotals: colTotals.map((n) => (show === 'row' ? shareOf(n, total) : show === 'col' ? shareOf(n, n) : String(n))),
    total: show === 'counts' ? String(total) : shareOf(total, total),
    answeredBoth: format(r.crosstabAnsweredBoth, { count: total }),
    test,
    notes,
    warnings,
    residualsHint: residuals ? r.crosstabResidualsHint : '',
  };
}

/**
 * The crosstab page: two variable selects, the counts / row % / column % switch, the filter,
 * and once both variables are chosen the table with its test.
 */
export function crosstabPageView(
  survey: Pick<SurveyResults, 'survey' | 'questions'>,
  variables: readonly Variable[],
  crosstab: (Crosstab & Freshness) | null,
  choice: { row: string; col: string; show: CrosstabShow },
  query: PageQuery,
): CrosstabPageView {
  const r = resultsMessagesFor(survey.survey.locale as Locale);
  const l = layout(survey, r.crosstabTitle, 'crosstab', query);
  const labels = labelsOf(survey.questions, variables);
  const path = `${surveyPath(survey.survey.id)}/crosstab`;
  const options = (selected: string) => variables.map((v) => ({ value: v.id, label: labels.variable(v.id), selected: v.id === selected }));
  const pick: [string, QueryValue][] = [['row', choice.row], ['col', choice.col]];
  const scope: [string, QueryValue][] = [['version', query.version], ...whereParams(query.where)];
  const shows: [CrosstabShow, string][] = [['counts', r.crosstabCounts], ['row', r.crosstabRowPercent], ['col', r.crosstabColumnPercent]];
  const keepShow: [string, QueryValue][] = [['show', choice.show === 'counts' ? undefined : choice.show]];
  return {
    ...l,
    form: {
      action: path,
      rowOptions: options(choice.row),
      colOptions: options(choice.col),
      show: choice.show,
      keep: [...scope, ...keepShow]
        .filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== '')
        .map(([name, value]) => ({ name, value: String(value) })),
    },
    showLinks: shows.map(([show, label]) => ({
      label,
      href: `${path}${queryString([...pick, ['show', show === 'counts' ? undefined : show], ...scope])}`,
      current: show === choice.show,
    })),
    filter: filterView(l, labels, variables, path, query, [...pick, ...keepShow]),
    table: crosstab ? crosstabTable(r, labels, crosstab, choice.show) : null,
    choose: crosstab ? '' : r.crosstabChoose,
    downloads: { title: r.exportTitle, links: exportLinks(r, survey.survey.id, query, crosstab ? { kind: 'crosstab', row: choice.row, col: choice.col } : null) },
    status: crosstab ? liveStatus(r, crosstab) : { text: '', stale: false },
    config: crosstab
      ? jsonForScript({
          kind: 'page',
          lang: l.lang,
          api: `/api${path}${queryString([...pick, ...scope])}`,
          key: freshnessKey(crosstab),
          words: liveWords(r),
        } satisfies LiveConfig)
      : null,
  };
}

// --- Two subgroups side by side -----------------------------------------------------------------

interface CompareCell {
  count: string;
  percent: string;
}

export interface CompareBlockView {
  caption: string;
  tableLabel: string;
  typeLabel: string;
  note: string;
  options: { label: string; a: CompareCell; b: CompareCell }[];
  answered: { a: string; b: string };
  /** The test of whether the groups differ, or why there is none. */
  test: { line: string; verdict: string } | null;
  untested: string;
}

export interface ComparePageView extends Layout {
  intro: string;
  choose: string;
  example: { text: string; href: string } | null;
  groups: { name: string; summary: string; size: string }[];
  builders: { name: string; builder: ConditionBuilder }[];
  action: string;
  keep: { name: string; value: string }[];
  overlap: string;
  blocks: CompareBlockView[];
  status: { text: string; stale: boolean };
  config: string | null;
}

function compareBlocks(r: ResultsMessages, comparison: SubgroupComparison): CompareBlockView[] {
  const difference = new Map((comparison.differences ?? []).map((d) => [d.variable, d]));
  const testOf = (variableId: string): Pick<CompareBlockView, 'test' | 'untested'> => {
    if (comparison.differences === null) return { test: null, untested: '' };
    const found: GroupDifference | undefined = difference.get(variableId);
    if (!found || found.untested === 'multiple') return { test: null, untested: r.compareNoTestMultiple };
    if (!found.test) return { test: null, untested: r.compareNoTestCategories };
    const { statistic, df, p, cramersV } = found.test;
    return {
      test: {
        line: format(r.compareDifference, { statistic: statistic.toFixed(2), df, p: formatP(p), v: cramersV.toFixed(3) }),
        verdict: p < 0.05 ? r.crosstabSignificant : r.crosstabNotSignificant,
      },
      untested: '',
    };
  };
  const cell = (c: ChoiceTally | undefined): CompareCell => ({ count: String(c?.count ?? 0), percent: formatPercent(c?.percent ?? null) });
  return comparison.a.questions.flatMap((question, i): CompareBlockView[] => {
    const other = comparison.b.questions[i]!;
    const number = i + 1;
    if (question.type === 'matrix' && other.type === 'matrix') {
      return question.rows.map((row, k) => {
        const rowB = other.rows[k]!;
        const caption = `${number}. ${question.title} — ${row.label}`;
        return {
          caption,
          tableLabel: format(r.tableOf, { title: caption }),
          typeLabel: typeLabel(r, question),
          note: question.multiple ? r.severalAnswers : '',
          options: row.columns.map((c, j) => ({ label: c.label, a: cell(c), b: cell(rowB.columns[j]) })),
          answered: { a: String(row.answered), b: String(rowB.answered) },
          ...testOf(`${question.id}.${row.value}`),
        };
      });
    }
    if (question.type === 'matrix' || other.type === 'matrix') return [];
    const caption = `${number}. ${question.title}`;
    return [
      {
        caption,
        tableLabel: format(r.tableOf, { title: caption }),
        typeLabel: typeLabel(r, question),
        note: question.type === 'multi' ? r.severalAnswers : '',
        options: question.options.map((o, j) => ({ label: o.label, a: cell(o), b: cell(other.options[j]) })),
        answered: { a: String(question.answered), b: String(other.answered) },
        ...testOf(question.id),
      },
    ];
  });
}

/**
 * The study's own comparison (daily against rare browsers, `browse:1` / `browse:4`) when the
 * survey has that question; otherwise the first one-answer question's first and last answers.
 */
function compareExample(variables: readonly Variable[]): { a: string; b: string } | null {
  const browse = variables.find((v) => v.id === 'browse' && v.choices.some((c) => c.value === '1') && v.choices.some((c) => c.value === '4'));
  if (browse) return { a: 'browse:1', b: 'browse:4' };
  const first = variables.find((v) => !v.multiple && v.choices.length >= 2);
  return first ? { a: `${first.id}:${first.choices[0]!.value}`, b: `${first.id}:${first.choices.at(-1)!.value}` } : null;
}

/** The compare page: the two groups' forms, and once both are given each question for both. */
export function comparePageView(
  survey: Pick<SurveyResults, 'survey' | 'questions'>,
  variables: readonly Variable[],
  comparison: SubgroupComparison | null,
  groups: { a: string[]; b: string[] },
  version: number | undefined,
): ComparePageView {
  const r = resultsMessagesFor(survey.survey.locale as Locale);
  const query: PageQuery = { ...(version !== undefined ? { version } : {}), where: [] };
  const l = layout(survey, r.compareTitle, 'compare', query);
  const labels = labelsOf(survey.questions, variables);
  const path = `${surveyPath(survey.survey.id)}/compare`;
  const example = compareExample(variables);
  const exampleText = (condition: string) => conditionText(r, l.lang, labels, condition);
  return {
    ...l,
    intro: r.compareIntro,
    choose: comparison ? '' : r.compareChoose,
    example: example
      ? {
          text: format(r.compareExample, { a: exampleText(example.a), b: exampleText(example.b) }),
          href: `${path}${queryString([['a', example.a], ['b', example.b], ['version', version]])}`,
        }
      : null,
    groups: comparison
      ? [
          { name: r.compareGroupA, summary: subgroupSummary(r, l.lang, labels, groups.a), size: format(r.compareSize, { count: comparison.a.respondents }) },
          { name: r.compareGroupB, summary: subgroupSummary(r, l.lang, labels, groups.b), size: format(r.compareSize, { count: comparison.b.respondents }) },
        ]
      : [],
    builders: [
      { name: r.compareGroupA, builder: conditionBuilder('pickA', variables, labels, groups.a) },
      { name: r.compareGroupB, builder: conditionBuilder('pickB', variables, labels, groups.b) },
    ],
    action: path,
    keep: version !== undefined ? [{ name: 'version', value: String(version) }] : [],
    overlap: comparison && comparison.differences === null ? format(r.compareOverlap, { count: comparison.overlap }) : '',
    blocks: comparison ? compareBlocks(r, comparison) : [],
    status: comparison ? liveStatus(r, comparison.a, comparison.b) : { text: '', stale: false },
    config: comparison
      ? jsonForScript({
          kind: 'page',
          lang: l.lang,
          api: `/api${path}${queryString([...whereParams(groups.a, 'a'), ...whereParams(groups.b, 'b'), ['version', version]])}`,
          key: freshnessKey(comparison.a, comparison.b),
          words: liveWords(r),
        } satisfies LiveConfig)
      : null,
  };
}
