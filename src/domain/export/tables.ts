import { format } from '../locale/messages';
import type { ResultsMessages } from '../locale/results-messages';
import { talliesOf } from '../question-types';
import type { ExportColumn } from '../question-types/export-columns';
import { hasSmallExpectedCounts, type Crosstab } from '../results/crosstab';
import type { SurveyResults } from '../results/survey-results';

/**
 * The tables of the export besides the raw responses, as rows of cells for the CSV writer:
 * the codebook, the results (tallies) and a crosstab. An empty cell is undefined.
 */

export type Cell = string | number | undefined;

/**
 * `codebook.csv`: one row per code of every column, and one row for a column without codes;
 * the last cell notes how the column's cells are written, where that matters (ids, texts).
 */
export function codebookRows(columns: readonly ExportColumn[]): Cell[][] {
  const rows: Cell[][] = [['variable', 'question', 'code', 'label', 'note']];
  for (const column of columns) {
    if (column.valueLabels.length === 0) rows.push([column.name, column.label, undefined, undefined, column.note]);
    for (const { code, label } of column.valueLabels) {
      // The code exactly as the responses CSV writes it, so that R can join on it.
      rows.push([column.name, column.label, column.cells.kind === 'number' ? Number(code) : code, label, column.note]);
    }
  }
  return rows;
}

/**
 * The tallies, one row per option (per row and column of a matrix): question id, title, row
 * code and label (matrix), option code and label, count, percent of those who answered, its
 * 95 % Wilson interval, and how many answered the question (or the row).
 */
export function resultsRows(results: SurveyResults, words: ResultsMessages): Cell[][] {
  const rows: Cell[][] = [
    [
      words.exportQuestionId,
      words.exportQuestion,
      words.exportRowCode,
      words.row,
      words.exportCode,
      words.option,
      words.count,
      words.percent,
      words.exportCiLow,
      words.exportCiHigh,
      words.exportAnswered,
    ],
  ];
  const figures = (choice: { count: number; percent: number | null; ci95: [number, number] | null }) =>
    [choice.count, choice.percent ?? undefined, choice.ci95?.[0], choice.ci95?.[1]] as Cell[];
  for (const question of results.questions) {
    for (const table of talliesOf(question)) {
      for (const choice of table.choices) {
        rows.push([question.id, question.title, table.row?.value, table.row?.label, choice.value, choice.label, ...figures(choice), table.answered]);
      }
    }
  }
  return rows;
}

const variableTitle = (variable: Crosstab['row']) => (variable.row ? `${variable.title}: ${variable.row}` : variable.title);
const rounded = (x: number, digits: number) => Number(x.toFixed(digits));

/**
 * A crosstab as the page shows it: the counts with row and column totals, then the chi-square
 * figures (or why there is no test) and the subgroup it counts.
 *
 * @example crosstabRows(browseByAge, words, 'Respondents where gender:2')
 * // [['浏览频率 \ 年龄', '18岁以下', …, '合计'], ['每天', 3, …, 50], …, ['合计', …, 269], [], ['χ²', 21.5], …]
 */
export function crosstabRows(crosstab: Crosstab, words: ResultsMessages, subgroup: string): Cell[][] {
  const rows: Cell[][] = [[`${variableTitle(crosstab.row)} \\ ${variableTitle(crosstab.col)}`, ...crosstab.cols.map((c) => c.label), words.crosstabTotal]];
  crosstab.rows.forEach((row, i) => rows.push([row.label, ...crosstab.counts[i]!, crosstab.rowTotals[i]]));
  rows.push([words.crosstabTotal, ...crosstab.colTotals, crosstab.total]);
  rows.push([]);
  const { chiSquare } = crosstab;
  if (chiSquare) {
    rows.push(['χ²', rounded(chiSquare.statistic, 3)]);
    rows.push([words.exportDegreesOfFreedom, chiSquare.df]);
    rows.push(['p', Number(chiSquare.p.toPrecision(4))]);
    rows.push(['Cramér’s V', rounded(chiSquare.cramersV, 3)]);
    if (hasSmallExpectedCounts(chiSquare)) {
      rows.push([format(words.crosstabSmallExpected, { share: rounded(chiSquare.shareExpectedBelow5 * 100, 1), min: rounded(chiSquare.minExpected, 2) })]);
    }
  } else if (crosstab.untested === 'multiple') {
    const several = crosstab.row.multiple ? crosstab.row : crosstab.col;
    rows.push([format(words.crosstabUntestedMultiple, { variable: variableTitle(several) })]);
  } else rows.push([words.crosstabUntestedCategories]);
  rows.push([subgroup]);
  return rows;
}
