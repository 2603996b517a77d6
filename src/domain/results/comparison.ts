import { chiSquareTest } from '../statistics';
import type { SurveyDefinition } from '../survey/definition';
import { choiceKey } from './counting-keys';
import { parseSubgroup, type Subgroup } from './subgroup';
import { countOf, type ChoiceCounts } from './tally';
import { surveyVariables } from './variables';

/** Whether two subgroups answer one variable differently. */
export interface GroupDifference {
  /** The variable: a question, or a matrix row (`factors.3`). */
  variable: string;
  /** Pearson's χ² on the 2 × k table of the two groups' counts; null when untested. */
  test: { statistic: number; df: number; p: number; cramersV: number; minExpected: number; shareExpectedBelow5: number } | null;
  untested: 'multiple' | 'tooFewCategories' | null;
}

/**
 * For every variable of the survey, a chi-square test of whether two disjoint subgroups
 * answer it differently (the study compares daily and rare browsers). A variable with
 * several answers per respondent is not tested: its cells are not independent.
 *
 * @example groupDifferences(taobao, dailyCounts, rareCounts)
 * // [{ variable: 'gender', test: { statistic: 24.1, df: 1, p: 9e-7, … }, untested: null }, …]
 */
export function groupDifferences(survey: SurveyDefinition, a: ChoiceCounts, b: ChoiceCounts): GroupDifference[] {
  return surveyVariables(survey).map((variable) => {
    if (variable.multiple) return { variable: variable.id, test: null, untested: 'multiple' };
    const table = [a, b].map((counts) => variable.choices.map((c) => countOf(counts, choiceKey(variable.id, c.value))));
    const test = chiSquareTest(table);
    if (!test) return { variable: variable.id, test: null, untested: 'tooFewCategories' };
    const { statistic, df, p, cramersV, minExpected, shareExpectedBelow5 } = test;
    return { variable: variable.id, test: { statistic, df, p, cramersV, minExpected, shareExpectedBelow5 }, untested: null };
  });
}

/** A comparison offered as an example on the compare page, as `where=` conditions. */
export interface ComparisonExample {
  a: string;
  b: string;
}

/**
 * The comparison the compare page offers: the survey's own (`own`, the demo study's) when it
 * reads in this version; otherwise the first one-answer question's first and last answers.
 */
export function comparisonExample(survey: SurveyDefinition, own?: ComparisonExample): { a: Subgroup; b: Subgroup } | null {
  if (own) {
    const [a, b] = [parseSubgroup(survey, [own.a]), parseSubgroup(survey, [own.b])];
    if (a.problems.length === 0 && b.problems.length === 0) return { a: a.subgroup, b: b.subgroup };
  }
  const first = surveyVariables(survey).find((v) => !v.multiple && v.choices.length >= 2);
  return first ? { a: [{ variable: first, values: [first.choices[0]!.value] }], b: [{ variable: first, values: [first.choices.at(-1)!.value] }] } : null;
}
