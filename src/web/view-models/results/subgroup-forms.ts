/* The forms that build a subgroup (the filter of a page, the groups of a comparison), and its conditions' links. */

import { format } from '../../../domain/locale/messages';
import type { Variable } from '../../../domain/question-types';
import { conditionQuery, describeCondition, describeSubgroup, type Subgroup } from '../../../domain/results/subgroup';
import type { ShownVersion } from '../../../services/results';
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

export function conditionBuilder(field: string, variables: readonly Variable[], labels: VariableLabels, subgroup: Subgroup): ConditionBuilder {
  const ticked = new Set(subgroup.flatMap((c) => c.values.map((code) => `${c.variable.id}:${code}`)));
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
  shown: ShownVersion,
  action: string,
  query: PageQuery,
  keep: [string, QueryValue][],
): FilterView {
  const r = l.resultsWords;
  const { subgroup, definition } = shown;
  const url = (where: readonly string[]) => `${action}${queryString([['version', query.version], ...keep, ...whereParams(where)])}`;
  return {
    active: subgroup.length > 0,
    summary: describeSubgroup(definition, subgroup),
    conditions: subgroup.map((condition, i) => {
      const text = describeCondition(definition, condition);
      const others = subgroup.filter((_, j) => j !== i).map(conditionQuery);
      return { text, removeHref: url(others), removeLabel: format(r.subgroupRemove, { condition: text }) };
    }),
    clearHref: url([]),
    action,
    keep: ([['version', query.version], ...keep] as [string, QueryValue][])
      .filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== '')
      .map(([name, value]) => ({ name, value: String(value) })),
    builder: conditionBuilder('pick', shown.variables, labels, subgroup),
  };
}
