import type { Variable } from '../question-types';
import { chiSquareTest } from '../statistics';

/**
 * How many respondents gave one combination of answers to the two variables, as the
 * database groups them: `row` and `col` are the stored answers (one code, a list of codes,
 * or absent when the variable was not answered).
 */
export interface AnswerPairGroup {
  row?: unknown;
  col?: unknown;
  respondents: number;
}

export interface CrosstabVariable {
  id: string;
  title: string;
  row?: string;
  multiple: boolean;
}

export interface Crosstab {
  row: CrosstabVariable;
  col: CrosstabVariable;
  rows: { value: string; label: string }[];
  cols: { value: string; label: string }[];
  /** `counts[i][j]`: respondents who chose both row value i and column value j. */
  counts: number[][];
  /** Respondents who chose row value i (column value j) and answered the other variable. */
  rowTotals: number[];
  colTotals: number[];
  /** Respondents who answered both. */
  total: number;
  /** Adjusted standardized residuals (null in rows or columns left out of the test), or null when untested. */
  residuals: (number | null)[][] | null;
  chiSquare: {
    statistic: number;
    df: number;
    p: number;
    cramersV: number;
    minExpected: number;
    shareExpectedBelow5: number;
  } | null;
  /** Why there is no chi-square test, when there is none. */
  untested: 'multiple' | 'tooFewCategories' | null;
}

function codesOf(answer: unknown, variable: Variable): string[] {
  const codes = Array.isArray(answer) ? answer : answer === undefined || answer === null ? [] : [answer];
  return variable.choices.filter((c) => codes.includes(c.value)).map((c) => c.value);
}

function describe(variable: Variable): CrosstabVariable {
  return { id: variable.id, title: variable.title, ...(variable.row ? { row: variable.row } : {}), multiple: variable.multiple };
}

/**
 * The crosstab of two variables from the respondents grouped by their pair of answers. A
 * respondent counts in every cell of the codes they chose, so a variable with several
 * answers may count one respondent in several cells; such a table has no chi-square test
 * (its cells are not independent). Pearson's χ² for two one-answer variables.
 */
export function buildCrosstab(rowVariable: Variable, colVariable: Variable, groups: readonly AnswerPairGroup[]): Crosstab {
  const rowIndex = new Map(rowVariable.choices.map((c, i) => [c.value, i]));
  const colIndex = new Map(colVariable.choices.map((c, i) => [c.value, i]));
  const counts = rowVariable.choices.map(() => colVariable.choices.map(() => 0));
  const rowTotals = rowVariable.choices.map(() => 0);
  const colTotals = colVariable.choices.map(() => 0);
  let total = 0;
  for (const group of groups) {
    const rowCodes = codesOf(group.row, rowVariable);
    const colCodes = codesOf(group.col, colVariable);
    if (rowCodes.length === 0 || colCodes.length === 0) continue;
    total += group.respondents;
    for (const r of rowCodes) {
      rowTotals[rowIndex.get(r)!]! += group.respondents;
      for (const c of colCodes) counts[rowIndex.get(r)!]![colIndex.get(c)!]! += group.respondents;
    }
    for (const c of colCodes) colTotals[colIndex.get(c)!]! += group.respondents;
  }

  const multiple = rowVariable.multiple || colVariable.multiple;
  const test = multiple ? null : chiSquareTest(counts);
  return {
    row: describe(rowVariable),
    col: describe(colVariable),
    rows: rowVariable.choices.map(({ value, label }) => ({ value, label })),
    cols: colVariable.choices.map(({ value, label }) => ({ value, label })),
    counts,
    rowTotals,
    colTotals,
    total,
    residuals: test ? test.adjustedResiduals : null,
    chiSquare: test
      ? {
          statistic: test.statistic,
          df: test.df,
          p: test.p,
          cramersV: test.cramersV,
          minExpected: test.minExpected,
          shareExpectedBelow5: test.shareExpectedBelow5,
        }
      : null,
    untested: multiple ? 'multiple' : test ? null : 'tooFewCategories',
  };
}

/** The usual caution for a chi-square test: more than 20 % of expected counts below 5, or any below 1. */
export function hasSmallExpectedCounts(chiSquare: NonNullable<Crosstab['chiSquare']>): boolean {
  return chiSquare.shareExpectedBelow5 > 0.2 || chiSquare.minExpected < 1;
}
