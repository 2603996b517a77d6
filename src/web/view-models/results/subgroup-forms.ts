/* A subgroup in words, and the forms that build one (the filter of a page, the groups of a comparison). */

import { format } from '../../../domain/locale/messages';
import type { ResultsMessages } from '../../../domain/locale/results-messages';
import type { Variable } from '../../../domain/question-types';
import type { Locale } from '../../../domain/survey/definition';
import { queryString, type QueryValue } from '../../results-query';
import { whereParams, type Layout, type PageQuery, type VariableLabels } from './layout';
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

export function conditionBuilder(field: string, variables: readonly Variable[], labels: VariableLabels, where: readonly string[]): ConditionBuilder {
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
export function conditionText(r: ResultsMessages, lang: Locale, labels: VariableLabels, condition: string): string {
  const [variable = '', list = ''] = condition.split(':');
  const codes = list.split(',').map((code) => labels.code(variable, code));
  const separator = lang === 'zh-CN' ? '、' : ', ';
  return `${labels.variable(variable)} ${codes.length > 1 ? r.subgroupAnyOf : r.subgroupIs} ${codes.join(separator)}`;
}

export function subgroupSummary(r: ResultsMessages, lang: Locale, labels: VariableLabels, where: readonly string[]): string {
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

export function filterView(
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
