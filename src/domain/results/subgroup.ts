import { format } from '../locale/messages';
import { localizeResults, resultsMessagesFor, type ResultsMessageKey } from '../locale/results-messages';
import type { MessageParams } from '../locale/messages';
import { questionType, type Variable } from '../question-types';
import type { SurveyDefinition } from '../survey/definition';
import { choiceKey } from './counting-keys';
import { findVariable } from './variables';

/** Respondents who chose one of `values` for `variable`. */
export interface Condition {
  variable: Variable;
  values: string[];
}

/** A subgroup: respondents for whom every condition holds. No condition is everyone. */
export type Subgroup = Condition[];

export type SubgroupProblem =
  | { kind: 'syntax'; text: string }
  | { kind: 'unknownVariable'; id: string }
  | { kind: 'wholeMatrix'; id: string; example: string }
  | { kind: 'unknownValue'; id: string; value: string }
  | { kind: 'tooMany'; max: number };

const SUBGROUP_PROBLEM_WORDS: { [K in SubgroupProblem['kind']]: ResultsMessageKey } = {
  syntax: 'whereSyntax',
  unknownVariable: 'whereUnknownVariable',
  wholeMatrix: 'whereWholeMatrix',
  unknownValue: 'whereUnknownValue',
  tooMany: 'whereTooMany',
};

/** What is wrong with one `where=` condition, in the survey's language. */
export function localizeSubgroupProblem(locale: SurveyDefinition['locale'], { kind, ...params }: SubgroupProblem): string {
  return localizeResults(locale, SUBGROUP_PROBLEM_WORDS[kind], params as MessageParams);
}

const MAX_CONDITIONS = 20;
const CONDITION = /^([a-z][a-z0-9_]*(?:\.[A-Za-z0-9_-]+)?):([A-Za-z0-9_-]+(?:,[A-Za-z0-9_-]+)*)$/;

/**
 * Reads the `where=` conditions of a results, crosstab or export request: each is
 * `<variable>:<code>[,<code>…]`, codes within one condition are alternatives, and all
 * conditions hold at once.
 *
 * @example parseSubgroup(taobao, ['browse:1', 'gender:2']) // daily browsers who are women
 * @example parseSubgroup(taobao, ['factors.2:1,2'])         // 店铺评价 非常在意 or 比较在意
 */
export function parseSubgroup(survey: SurveyDefinition, where: readonly string[]): { subgroup: Subgroup; problems: SubgroupProblem[] } {
  const problems: SubgroupProblem[] = [];
  const subgroup: Subgroup = [];
  if (where.length > MAX_CONDITIONS) return { subgroup, problems: [{ kind: 'tooMany', max: MAX_CONDITIONS }] };
  for (const text of where) {
    const match = CONDITION.exec(text.trim());
    if (!match) {
      problems.push({ kind: 'syntax', text });
      continue;
    }
    const [, id, list] = match as unknown as [string, string, string];
    const variable = findVariable(survey, id);
    if (!variable) {
      // A question whose variables are its rows (a matrix) is named row by row.
      const question = survey.questions.find((q) => q.id === id);
      const first = question && questionType(question).variables(question)[0];
      if (first && first.id !== id) problems.push({ kind: 'wholeMatrix', id, example: first.id });
      else problems.push({ kind: 'unknownVariable', id });
      continue;
    }
    const values = [...new Set(list.split(','))];
    const unknown = values.filter((v) => !variable.choices.some((c) => c.value === v));
    for (const value of unknown) problems.push({ kind: 'unknownValue', id, value });
    if (unknown.length === 0) subgroup.push({ variable, values });
  }
  return { subgroup: problems.length ? [] : subgroup, problems };
}

/** The `choices` keys of which a respondent of the condition has at least one. */
export function conditionKeys(condition: Condition): string[] {
  return condition.values.map((value) => choiceKey(condition.variable.id, value));
}

/** The conditions back in their `where=` form, for links. */
export function subgroupQuery(subgroup: Subgroup): string[] {
  return subgroup.map(conditionQuery);
}

/** One condition in its `where=` form: `browse:1,2`. */
export function conditionQuery(condition: Condition): string {
  return `${condition.variable.id}:${condition.values.join(',')}`;
}

// --- In words: the one way pages and exports describe a subgroup ---------------------------------

/**
 * A variable as the results name it, numbered as in the form.
 * @example variableName(taobao, factorsRow3) // '11. 影响您购买产品的主要因素 — 页面设计'
 */
export function variableName(survey: SurveyDefinition, variable: Variable): string {
  const number = survey.questions.findIndex((q) => q.id === variable.questionId) + 1;
  return `${number > 0 ? `${number}. ` : ''}${variable.title}${variable.row !== undefined ? ` — ${variable.row}` : ''}`;
}

/**
 * One condition in the survey's language.
 * @example describeCondition(taobao, browseDailyOrOften) // '6. 您平时浏览淘宝网站的频率 为以下任一项 每天、经常'
 */
export function describeCondition(survey: SurveyDefinition, { variable, values }: Condition): string {
  const r = resultsMessagesFor(survey.locale);
  const labels = values.map((value) => variable.choices.find((c) => c.value === value)?.label ?? value);
  const separator = survey.locale === 'zh-CN' ? '、' : ', ';
  return `${variableName(survey, variable)} ${labels.length > 1 ? r.subgroupAnyOf : r.subgroupIs} ${labels.join(separator)}`;
}

/** Every condition in words, joined by "and" (`并且`). */
export function describeConditions(survey: SurveyDefinition, subgroup: Subgroup): string {
  return subgroup.map((c) => describeCondition(survey, c)).join(` ${resultsMessagesFor(survey.locale).subgroupAnd} `);
}

/**
 * The subgroup as a sentence: `Respondents where 1. Favourite colour is Red`, or "All respondents".
 * The results pages, the "still counting" page and the exported tables all say it this way.
 */
export function describeSubgroup(survey: SurveyDefinition, subgroup: Subgroup): string {
  const r = resultsMessagesFor(survey.locale);
  return subgroup.length ? format(r.subgroupShowing, { conditions: describeConditions(survey, subgroup) }) : r.subgroupAll;
}
