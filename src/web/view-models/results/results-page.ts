import { format } from '../../../domain/locale/messages';
import { resultsMessagesFor, type ResultsMessages } from '../../../domain/locale/results-messages';
import { questionType, talliesOf, type VariableTally } from '../../../domain/question-types';
import type { SurveyResults, VersionCount } from '../../../domain/results/survey-results';
import type { ChoiceTally } from '../../../domain/results/tally';
import type { Locale } from '../../../domain/survey/definition';
import type { Freshness, ShownVersion } from '../../../services/results';
import { exportLinks, type ExportLink } from '../../export-links';
import { queryString, type QueryValue } from '../../results-query';
import { formatInterval, formatPercent, jsonForScript } from './format';
import {
  freshnessKey,
  labelsOf,
  layout,
  liveKey,
  liveStatus,
  liveText,
  liveWords,
  questionTypeLabel,
  surveyPath,
  whereParams,
  type Layout,
  type LiveConfig,
  type LiveText,
  type PageQuery,
} from './layout';
import { filterView, type FilterView } from './subgroup-forms';

interface ChoiceRowView {
  label: string;
  count: LiveText;
  percent: LiveText;
  interval: LiveText;
}

interface OtherView {
  summary: LiveText;
  /** The live key of its count, by which the script knows when to load the texts again. */
  countKey: string;
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
  /** The canvas, its words for those who do not see it, and the data the script draws (JSON). */
  chart: { id: string; label: string; data: string };
  /** The name of the table's scroll box. */
  tableLabel: string;
  crosstabHref: string;
}

/** A question's results: its tables (one, or one per matrix row), drawn by its type's partial. */
export interface QuestionResultView extends QuestionViewBase {
  /** The partial in views/results/questions/ that draws it, as the question's type says. */
  kind: string;
  /** The headings of the choices (a matrix's columns). */
  columns: string[];
  tables: { label: string; answered: LiveText; cells: ChoiceRowView[] }[];
}

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

/**
 * What the script draws for a question (Chart.js bars, in percent): one bar per choice, or,
 * for a question of several tables (a matrix), one group per row and a series per column.
 * The tooltips' lines are written here, as the tables write them.
 */
export interface ChartSpec {
  axis: string;
  grouped: boolean;
  labels: string[];
  datasets: { label: string; percents: (number | null)[]; ranges: ([number, number] | null)[]; tips: [string, string][] }[];
}

export function chartSpec(r: ResultsMessages, tables: readonly VariableTally[]): ChartSpec {
  const grouped = tables.some((t) => t.row !== undefined);
  const series = (label: string, choices: ChoiceTally[]) => ({
    label,
    percents: choices.map((c) => c.percent),
    ranges: choices.map((c) => c.ci95),
    tips: choices.map((c): [string, string] => [
      `${label ? `${label}: ` : ''}${formatPercent(c.percent)} (${r.count} ${c.count})`,
      `${r.interval}: ${formatInterval(c.ci95)}`,
    ]),
  });
  if (!grouped) return { axis: r.chartLabel, grouped, labels: tables[0]?.choices.map((c) => c.label) ?? [], datasets: tables.map((t) => series('', t.choices)) };
  const columns = tables[0]?.choices ?? [];
  return {
    axis: r.chartLabel,
    grouped,
    labels: tables.map((t) => t.row!.label),
    datasets: columns.map((column, j) => series(column.label, tables.map((t) => t.choices[j]!))),
  };
}

function choiceRow(key: string, choice: ChoiceTally): ChoiceRowView {
  return {
    label: choice.label,
    count: liveText(liveKey.choice(key, 'count'), String(choice.count)),
    percent: liveText(liveKey.choice(key, 'percent'), formatPercent(choice.percent)),
    interval: liveText(liveKey.choice(key, 'interval'), formatInterval(choice.ci95)),
  };
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
export function resultsPageView(results: SurveyResults & Freshness, shown: ShownVersion, query: PageQuery): ResultsPageView {
  const { variables } = shown;
  const l = layout(results, resultsMessagesFor(results.survey.locale as Locale).resultsTitle, 'results', query);
  const r = l.resultsWords;
  const base = surveyPath(results.survey.id);
  const path = `${base}/results`;
  const labels = labelsOf(shown);
  const scope: [string, QueryValue][] = [['version', query.version], ...whereParams(query.where)];

  const definitions = new Map(shown.definition.questions.map((q) => [q.id, q]));
  const questions = results.questions.map((question, i): QuestionResultView => {
    const definition = definitions.get(question.id)!;
    const type = questionType(definition);
    const own = variables.filter((v) => v.questionId === question.id);
    const tables = talliesOf(question);
    return {
      id: question.id,
      anchor: `q-${question.id}`,
      number: i + 1,
      title: question.title,
      typeLabel: questionTypeLabel(r, definition),
      note: own.some((v) => v.multiple) ? r.severalAnswers : '',
      answered: liveText(liveKey.answered(question.id), String(question.answered)),
      other: question.other
        ? {
            summary: liveText(
              liveKey.other(question.id),
              String(question.other.count),
              format(r.otherTexts, { label: type.otherLabel(definition), count: '{value}' }),
            ),
            countKey: liveKey.other(question.id),
            api: `/api${base}/other/${encodeURIComponent(question.id)}${queryString(scope)}`,
            href: `${path}/other/${encodeURIComponent(question.id)}${queryString(scope)}`,
          }
        : null,
      chart: { id: `chart-${question.id}`, label: format(r.chartAlt, { title: question.title }), data: jsonForScript(chartSpec(r, tables)) },
      tableLabel: format(r.tableOf, { title: `${i + 1}. ${question.title}` }),
      crosstabHref: `${base}/crosstab${queryString([['row', own[0]?.id], ...scope])}`,
      kind: type.resultsView,
      columns: tables[0]?.choices.map((c) => c.label) ?? [],
      tables: tables.map((table) => ({
        label: table.row?.label ?? '',
        // A table of the question itself shares the question's "answered".
        answered: liveText(liveKey.answered(table.path.join('/')), String(table.answered)),
        cells: table.choices.map((choice) => choiceRow([...table.path, choice.value].join('/'), choice)),
      })),
    };
  });

  const config: LiveConfig = {
    lang: l.lang,
    key: freshnessKey(results),
    words: { ...liveWords(r), loading: r.otherTextsLoading, failed: r.otherTextsFailed, first: r.otherTextsFirst },
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
    filter: filterView(l, labels, shown, path, query, []),
    empty: results.respondents > 0 ? '' : query.where.length ? r.subgroupEmpty : r.noAnswers,
    downloads: { title: r.exportTitle, links: exportLinks(r, results.survey.id, query, { kind: 'results' }) },
    questions,
    config: jsonForScript(config),
  };
}
