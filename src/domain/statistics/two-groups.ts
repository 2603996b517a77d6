import { jStat } from 'jstat';
import { describeDistribution, sortedCounts, type ValueCounts } from './value-counts';

/** Welch's t-test of two groups' means, with Cohen's d; see `welchTest`. */
export interface WelchTest {
  /** The first group's mean minus the second's. */
  meanDifference: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom (not a whole number). */
  df: number;
  /** Two-sided. */
  p: number;
  /** Cohen's d with the pooled SD; null when neither group varies. */
  cohensD: number | null;
}

/** The Mann–Whitney U test (Wilcoxon rank-sum) of two groups; see `mannWhitneyTest`. */
export interface MannWhitneyTest {
  /** U of the first group: pairs in which its value is the larger, ties counting ½ (R's W). */
  u: number;
  /** The standard normal deviate after the continuity correction. */
  z: number;
  /** Two-sided, from the normal approximation. */
  p: number;
}

/**
 * Welch's t-test (Welch 1947) of two groups, each given as the count of each value (the codes of
 * an ordered item, or scale scores), as R's `t.test(x, y)` computes it:
 *
 *   t = (x̄₁ − x̄₂) / √(s₁²/n₁ + s₂²/n₂),   df = (s₁²/n₁ + s₂²/n₂)² / Σ (sᵢ²/nᵢ)² / (nᵢ − 1)
 *
 * with the two-sided p from Student's t (jStat). Cohen's d (Cohen 1988, §2.5) is the mean
 * difference over the pooled SD, √(((n₁ − 1)s₁² + (n₂ − 1)s₂²) / (n₁ + n₂ − 2)), the d of
 * equal-variance designs, not Hedges' g nor a d over the average of the two variances.
 *
 * Returns null when a group has fewer than 2 respondents or neither varies (R stops: "data are
 * essentially constant").
 *
 * @example welchTest([[1, 1], [2, 2], [3, 4], [4, 2]], [[2, 1], [3, 2], [4, 4], [5, 3]])
 * // → { meanDifference: -1.122, t: -2.486, df: 16.87, p: 0.0237, cohensD: -1.141 }
 */
export function welchTest(first: ValueCounts, second: ValueCounts): WelchTest | null {
  const a = describeDistribution(first);
  const b = describeDistribution(second);
  if (a.sd === null || b.sd === null || a.mean === null || b.mean === null) return null;
  const shareA = a.sd ** 2 / a.n;
  const shareB = b.sd ** 2 / b.n;
  const standardError = Math.sqrt(shareA + shareB);
  if (!(standardError > 0)) return null;
  const meanDifference = a.mean - b.mean;
  const t = meanDifference / standardError;
  const df = (shareA + shareB) ** 2 / (shareA ** 2 / (a.n - 1) + shareB ** 2 / (b.n - 1));
  const pooledSd = Math.sqrt(((a.n - 1) * a.sd ** 2 + (b.n - 1) * b.sd ** 2) / (a.n + b.n - 2));
  return {
    meanDifference,
    t,
    df,
    p: 2 * jStat.studentt.cdf(-Math.abs(t), df),
    cohensD: pooledSd > 0 ? meanDifference / pooledSd : null,
  };
}

/**
 * The Mann–Whitney U test (Mann & Whitney 1947) of two groups given as value counts, with the
 * normal approximation, the tie correction of its variance and the continuity correction, as R's
 * `wilcox.test(x, y, exact = FALSE, correct = TRUE)`: tied values share their mean rank, and
 *
 *   U = R₁ − n₁(n₁ + 1)/2,   σ² = n₁n₂/12 · (n₁ + n₂ + 1 − Σ(t³ − t) / ((n₁ + n₂)(n₁ + n₂ − 1)))
 *   z = (U − n₁n₂/2 − ½·sign(U − n₁n₂/2)) / σ,   p = 2·min(Φ(z), 1 − Φ(z))
 *
 * over the tie groups of size t. A Likert item has few values and many ties, which is why the
 * exact distribution (for untied data) does not apply. Returns null when a group is empty or
 * every respondent gave the same value (σ = 0).
 *
 * @example mannWhitneyTest([[1, 1], [2, 2], [3, 4], [4, 2]], [[2, 1], [3, 2], [4, 4], [5, 3]])
 * // → { u: 19, z: -2.157, p: 0.0310 }
 */
export function mannWhitneyTest(first: ValueCounts, second: ValueCounts): MannWhitneyTest | null {
  const a = new Map(sortedCounts(first));
  const b = new Map(sortedCounts(second));
  const n1 = sumOf([...a.values()]);
  const n2 = sumOf([...b.values()]);
  if (n1 === 0 || n2 === 0) return null;
  const values = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);

  let below = 0;
  let rankSum = 0;
  let ties = 0;
  for (const value of values) {
    const inFirst = a.get(value) ?? 0;
    const tied = inFirst + (b.get(value) ?? 0);
    rankSum += inFirst * (below + (tied + 1) / 2);
    ties += tied ** 3 - tied;
    below += tied;
  }
  const n = n1 + n2;
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1))));
  if (!(sigma > 0)) return null;
  const centred = u - (n1 * n2) / 2;
  const z = (centred - 0.5 * Math.sign(centred)) / sigma;
  const lowerTail = jStat.normal.cdf(z, 0, 1);
  return { u, z, p: 2 * Math.min(lowerTail, jStat.normal.cdf(-z, 0, 1)) };
}

function sumOf(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
