import { format } from '../../../domain/locale/messages';
import { resultsMessagesFor, type ResultsMessages } from '../../../domain/locale/results-messages';
import { talliesOf } from '../../../domain/question-types';
import type { GroupDifference } from '../../../domain/results/comparison';
import type { ChoiceTally } from '../../../domain/results/tally';
import type { Locale } from '../../../domain/survey/definition';
import type { ComparePage, ShownVersion, SubgroupComparison } from '../../../services/results';
import { describeConditions, describeSubgroup, subgroupQuery, type Subgroup } from '../../../domain/results/subgroup';
import { queryString } from '../../results-query';
import { formatP, formatPercent, jsonForScript } from './format';
import { freshnessKey, labelsOf, layout, liveStatus, liveWords, questionTypeLabel, surveyPath, type Layout, type LiveConfig, type PageQuery } from './layout';
import { conditionBuilder, type ConditionBuilder } from './subgroup-forms';

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

function compareBlocks(r: ResultsMessages, shown: ShownVersion, comparison: SubgroupComparison): CompareBlockView[] {
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
  const definitions = new Map(shown.definition.questions.map((q) => [q.id, q]));
  // Both groups are counted in the version shown: their questions and tables line up.
  return comparison.a.questions.flatMap((question, i): CompareBlockView[] => {
    const definition = definitions.get(question.id)!;
    const tablesB = talliesOf(comparison.b.questions[i]!);
    const several = shown.variables.some((v) => v.questionId === question.id && v.multiple);
    return talliesOf(question).map((table, k) => {
      const tableB = tablesB[k]!;
      const caption = `${i + 1}. ${question.title}${table.row ? ` — ${table.row.label}` : ''}`;
      return {
        caption,
        tableLabel: format(r.tableOf, { title: caption }),
        typeLabel: questionTypeLabel(r, definition),
        note: several ? r.severalAnswers : '',
        options: table.choices.map((c, j) => ({ label: c.label, a: cell(c), b: cell(tableB.choices[j]) })),
        answered: { a: String(table.answered), b: String(tableB.answered) },
        ...testOf(table.variableId),
      };
    });
  });
}

/** The compare page: the two groups' forms, and once both are given each question for both. */
export function comparePageView({ shown, groups, example, comparison }: ComparePage, version: number | undefined): ComparePageView {
  const { variables, definition } = shown;
  const r = resultsMessagesFor(shown.survey.locale as Locale);
  const query: PageQuery = { ...(version !== undefined ? { version } : {}), where: [] };
  const l = layout(shown, r.compareTitle, 'compare', query);
  const labels = labelsOf(shown);
  const path = `${surveyPath(shown.survey.id)}/compare`;
  const groupParams = (name: string, subgroup: Subgroup) => subgroupQuery(subgroup).map((w): [string, string] => [name, w]);
  return {
    ...l,
    intro: r.compareIntro,
    choose: comparison ? '' : r.compareChoose,
    example: example
      ? {
          text: format(r.compareExample, { a: describeConditions(definition, example.a), b: describeConditions(definition, example.b) }),
          href: `${path}${queryString([...groupParams('a', example.a), ...groupParams('b', example.b), ['version', version]])}`,
        }
      : null,
    groups: comparison
      ? [
          { name: r.compareGroupA, summary: describeSubgroup(definition, groups.a), size: format(r.compareSize, { count: comparison.a.respondents }) },
          { name: r.compareGroupB, summary: describeSubgroup(definition, groups.b), size: format(r.compareSize, { count: comparison.b.respondents }) },
        ]
      : [],
    builders: [
      { name: r.compareGroupA, builder: conditionBuilder('pickA', variables, labels, groups.a) },
      { name: r.compareGroupB, builder: conditionBuilder('pickB', variables, labels, groups.b) },
    ],
    action: path,
    keep: version !== undefined ? [{ name: 'version', value: String(version) }] : [],
    overlap: comparison && comparison.differences === null ? format(r.compareOverlap, { count: comparison.overlap }) : '',
    blocks: comparison ? compareBlocks(r, shown, comparison) : [],
    status: comparison ? liveStatus(r, comparison.a, comparison.b) : { text: '', stale: false },
    config: comparison
      ? jsonForScript({
          lang: l.lang,
          key: freshnessKey(comparison.a, comparison.b),
          words: liveWords(r),
        } satisfies LiveConfig)
      : null,
  };
}
