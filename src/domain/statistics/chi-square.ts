import { jStat } from 'jstat';

/** Pearson's chi-square test of independence on one table; see `chiSquareTest`. */
export interface ChiSquareTest {
  /** Pearson's X² = Σ (n_ij − μ_ij)² / μ_ij over the kept cells, no continuity correction. */
  statistic: number;
  /** (r − 1)(c − 1) of the kept table. */
  df: number;
  /** Upper tail P(χ²_df ≥ statistic); 0 once it is below double precision (about 1e-16). */
  p: number;
  /** Cramér's V = √(X² / (n · (min(r, c) − 1))), in [0, 1]; φ for a 2×2 table. */
  cramersV: number;
  /** Indexes into the input of the rows and columns the test used (those with a total above 0). */
  keptRows: number[];
  keptColumns: number[];
  /** μ_ij = n_i+ · n_+j / n, in the input's shape; null in left-out rows and columns. */
  expected: (number | null)[][];
  /** The smallest μ_ij among the kept cells. */
  minExpected: number;
  /** The fraction of kept cells with μ_ij < 5 (the usual warning: above 0.2, or minExpected < 1). */
  shareExpectedBelow5: number;
  /**
   * (n_ij − μ_ij) / √(μ_ij (1 − p_i+)(1 − p_+j)), in the input's shape; null in left-out rows and
   * columns. Roughly standard normal under independence, so beyond ±1.96 marks a cell that drives
   * the association.
   */
  adjustedResiduals: (number | null)[][];
}

/**
 * Pearson's chi-square test of independence (Pearson 1900) for a table of two one-answer
 * variables, `counts[i][j]` = respondents in row i and column j. Rows and columns with no
 * respondents are left out first (they would give μ = 0). Cramér's V from Cramér (1946);
 * adjusted standardized residuals as Agresti defines them (An Introduction to Categorical Data
 * Analysis, 2nd ed. 2007, §2.4, after Haberman 1973). The χ² tail comes from jStat.
 *
 * Returns null when fewer than 2 rows or 2 columns have respondents: independence is then not
 * a question the table can answer (df would be 0).
 *
 * @example
 * // Agresti 2007, Table 2.5: party identification (Dem, Ind, Rep) by gender (female, male)
 * chiSquareTest([[762, 327, 468], [484, 239, 477]])
 * // → { statistic: 30.07, df: 2, p: 3.0e-7, cramersV: 0.104, keptRows: [0, 1], keptColumns: [0, 1, 2],
 * //     adjustedResiduals: [[4.50, 0.70, -5.32], [-4.50, -0.70, 5.32]], … }
 */
export function chiSquareTest(counts: number[][]): ChiSquareTest | null {
  const width = counts[0]?.length ?? 0;
  if (counts.some((row) => row.length !== width)) {
    throw new RangeError('every row of the table needs the same number of columns');
  }

  const rowTotals = counts.map(sum);
  const columnTotals = Array.from({ length: width }, (_, j) => sum(counts.map((row) => row[j] ?? 0)));
  const keptRows = indexesOfPositive(rowTotals);
  const keptColumns = indexesOfPositive(columnTotals);
  if (keptRows.length < 2 || keptColumns.length < 2) return null;
  const n = sum(rowTotals);

  const expected = rowTotals.map((rowTotal) =>
    columnTotals.map((columnTotal) => (rowTotal > 0 && columnTotal > 0 ? (rowTotal * columnTotal) / n : null)),
  );
  const adjustedResiduals = counts.map((row, i) =>
    row.map((observed, j) => {
      const mu = expected[i]?.[j] ?? null;
      if (mu === null) return null;
      const rowShare = (rowTotals[i] ?? 0) / n;
      const columnShare = (columnTotals[j] ?? 0) / n;
      return (observed - mu) / Math.sqrt(mu * (1 - rowShare) * (1 - columnShare));
    }),
  );

  const keptCells = counts.flatMap((row, i) =>
    row.flatMap((observed, j) => {
      const mu = expected[i]?.[j] ?? null;
      return mu === null ? [] : [{ observed, expected: mu }];
    }),
  );
  const statistic = sum(keptCells.map((cell) => (cell.observed - cell.expected) ** 2 / cell.expected));
  const df = (keptRows.length - 1) * (keptColumns.length - 1);
  const smallerSide = Math.min(keptRows.length, keptColumns.length);

  return {
    statistic,
    df,
    p: 1 - jStat.chisquare.cdf(statistic, df),
    cramersV: Math.sqrt(statistic / (n * (smallerSide - 1))),
    keptRows,
    keptColumns,
    expected,
    minExpected: Math.min(...keptCells.map((cell) => cell.expected)),
    shareExpectedBelow5: keptCells.filter((cell) => cell.expected < 5).length / keptCells.length,
    adjustedResiduals,
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function indexesOfPositive(totals: number[]): number[] {
  return totals.flatMap((total, index) => (total > 0 ? [index] : []));
}
