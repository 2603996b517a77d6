import { jStat } from 'jstat';
import { describeDistribution, sortedCounts, type Distribution, type ValueCounts } from './value-counts';

/**
 * What a scale's reliability is computed from: the count, sums and sums of cross-products of its
 * complete cases (every item answered), and how many respondents had each total score. They add
 * up response by response (`addCase`) and part by part (`mergeScaleSums`), so that they can be
 * kept as responses arrive. Raw sums rather than running means: with whole-number scores every
 * sum is a whole number, exact in a double and the same in any order, and the covariance's
 * numerator n·Σxy − Σx·Σy stays exact up to n·max(score)²·n < 2⁵³ (a million 7-point answers).
 */
export interface ScaleSums {
  /** k, the number of items. */
  items: number;
  /** Complete cases added. */
  n: number;
  /** Cases left out because an item had no score (as `na.omit` leaves them out). */
  incomplete: number;
  /** Σ xᵢ over the complete cases, per item. */
  sums: number[];
  /** Σ xᵢxⱼ over the complete cases, a k × k symmetric matrix. */
  crossProducts: number[][];
  /** How many complete cases had each sum of the k scores (the scale score is that sum / k). */
  totals: Map<number, number>;
}

/** One item of a scale, on the complete cases; see `reliability`. */
export interface ItemReliability {
  n: number;
  mean: number;
  /** The sample SD (n − 1). */
  sd: number;
  /** Corrected item-total correlation: with the sum of the other items (psych's `r.drop`). */
  correctedItemTotal: number | null;
  /** Raw α of the other items (psych's `alpha.drop$raw_alpha`); null for a 2-item scale, as one item has no α. */
  alphaIfDeleted: number | null;
}

/** A scale's reliability on its complete cases; see `reliability`. */
export interface Reliability {
  /** k */
  items: number;
  /** Complete cases, the n of every figure below. */
  n: number;
  /** Cases left out for a missing item. */
  incomplete: number;
  /** Cronbach's α from the covariances; null when n < 2 or the total score does not vary. */
  alpha: number | null;
  /** α from the correlations (as if every item were standardized); null when an item does not vary. */
  standardizedAlpha: number | null;
  /** Feldt's 95 % confidence interval of α; null when α is. */
  alphaInterval95: [number, number] | null;
  /** The mean of the k(k − 1)/2 inter-item correlations (psych's `average_r`). */
  averageInterItemCorrelation: number | null;
  /** Null when n < 2 (no SD and no correlation yet). */
  itemStatistics: ItemReliability[] | null;
  /**
   * Indexes of the items whose corrected item-total correlation is below 0: worded the other way
   * round and not reversed? (psych warns on the sign of the first principal component's loading;
   * on a scale worth reporting the two agree, and r.drop is the figure the page shows.)
   */
  negativelyCorrelatedItems: number[];
  /** The scale score (the mean of the k items) of the complete cases. */
  scaleScore: Distribution;
  /** How many complete cases had each scale score, lowest first, for a histogram. */
  scaleScoreCounts: ValueCounts;
}

/** Sums of a k-item scale before any case: `addCase` fills them. */
export function emptyScaleSums(items: number): ScaleSums {
  if (!Number.isInteger(items) || items < 2) throw new RangeError('a scale has at least two items');
  return {
    items,
    n: 0,
    incomplete: 0,
    sums: new Array<number>(items).fill(0),
    crossProducts: Array.from({ length: items }, () => new Array<number>(items).fill(0)),
    totals: new Map(),
  };
}

/**
 * Adds one respondent's item scores (null: no score, "不确定" or unanswered) to the sums, which
 * it changes and returns. A case with any null counts as incomplete and adds nothing else.
 *
 * @example addCase(emptyScaleSums(3), [4, 5, 4]); addCase(sums, [2, null, 3]) // n 1, incomplete 1
 */
export function addCase(sums: ScaleSums, scores: readonly (number | null)[]): ScaleSums {
  if (scores.length !== sums.items) throw new RangeError(`${scores.length} scores for a scale of ${sums.items} items`);
  if (scores.some((score) => score === null)) {
    sums.incomplete += 1;
    return sums;
  }
  const complete = scores as readonly number[];
  if (complete.some((score) => !Number.isFinite(score))) throw new RangeError('a score is not a finite number');
  sums.n += 1;
  let total = 0;
  for (let i = 0; i < sums.items; i++) {
    const xi = complete[i]!;
    total += xi;
    sums.sums[i]! += xi;
    const row = sums.crossProducts[i]!;
    for (let j = 0; j < sums.items; j++) row[j]! += xi * complete[j]!;
  }
  sums.totals.set(total, (sums.totals.get(total) ?? 0) + 1);
  return sums;
}

/** The sums of two parts of the same scale's responses taken together (a new object). */
export function mergeScaleSums(a: ScaleSums, b: ScaleSums): ScaleSums {
  if (a.items !== b.items) throw new RangeError(`a scale of ${a.items} items merged with one of ${b.items}`);
  const totals = new Map(a.totals);
  for (const [total, count] of b.totals) totals.set(total, (totals.get(total) ?? 0) + count);
  return {
    items: a.items,
    n: a.n + b.n,
    incomplete: a.incomplete + b.incomplete,
    sums: a.sums.map((sum, i) => sum + b.sums[i]!),
    crossProducts: a.crossProducts.map((row, i) => row.map((value, j) => value + b.crossProducts[i]![j]!)),
    totals,
  };
}

/**
 * Cronbach's α and its item statistics from a scale's sums, as `psych::alpha(na.omit(items))`
 * gives them (Revelle, psych 2.2.9) and SPSS's and PSPP's RELIABILITY on complete cases:
 *
 *   C = the item covariance matrix (n − 1),  R = its correlation matrix
 *   α = k/(k − 1) · (1 − tr C / ΣC)                 (Cronbach 1951)
 *   standardized α = k/(k − 1) · (1 − k / ΣR),  mean inter-item r = (ΣR − k) / (k(k − 1))
 *   r.drop of item i = (ΣC·ᵢ − Cᵢᵢ) / √(Cᵢᵢ · ΣC₋ᵢ₋ᵢ),  α if deleted = α of C₋ᵢ₋ᵢ
 *   Feldt's interval (Feldt 1965; psych's `alpha.ci`): 1 − (1 − α)·F(q; n − 1, (n − 1)(k − 1))
 *     at q = 0.975 for the lower bound and 0.025 for the upper.
 *
 * @example
 * const sums = emptyScaleSums(3);
 * for (const c of [[1, 2, 1], [2, 2, 3], [3, 3, 3], [4, 5, 4], [5, 4, 5], [2, 1, 2], [3, 3, 2]]) addCase(sums, c);
 * reliability(sums) // → { n: 7, alpha: 0.930, standardizedAlpha: 0.930, averageInterItemCorrelation: 0.816, … }
 */
export function reliability(sums: ScaleSums): Reliability {
  const { items: k, n } = sums;
  const scaleScoreCounts = sortedCounts([...sums.totals].map(([total, count]) => [total / k, count] as const));
  const common = {
    items: k,
    n,
    incomplete: sums.incomplete,
    scaleScore: describeDistribution(scaleScoreCounts),
    scaleScoreCounts,
  };
  if (n < 2) {
    return {
      ...common,
      alpha: null,
      standardizedAlpha: null,
      alphaInterval95: null,
      averageInterItemCorrelation: null,
      itemStatistics: null,
      negativelyCorrelatedItems: [],
    };
  }

  const covariance = sums.crossProducts.map((row, i) =>
    row.map((crossProduct, j) => (n * crossProduct - sums.sums[i]! * sums.sums[j]!) / (n * (n - 1))),
  );
  const variances = covariance.map((row, i) => row[i]!);
  const everyItemVaries = variances.every((variance) => variance > 0);
  const correlationSum = everyItemVaries
    ? sumOf(covariance.map((row, i) => sumOf(row.map((c, j) => c / Math.sqrt(variances[i]! * variances[j]!)))))
    : null;
  const alpha = rawAlpha(covariance);

  const itemStatistics = variances.map((variance, i): ItemReliability => {
    const others = withoutItem(covariance, i);
    const otherTotalVariance = sumOf(others.map(sumOf));
    const withOthers = sumOf(covariance[i]!) - variance;
    const denominator = Math.sqrt(variance * otherTotalVariance);
    return {
      n,
      mean: sums.sums[i]! / n,
      sd: Math.sqrt(variance),
      correctedItemTotal: denominator > 0 ? withOthers / denominator : null,
      alphaIfDeleted: k > 2 ? rawAlpha(others) : null,
    };
  });

  return {
    ...common,
    alpha,
    standardizedAlpha: correlationSum === null ? null : (k / (k - 1)) * (1 - k / correlationSum),
    alphaInterval95: alpha === null ? null : feldtInterval(alpha, n, k, 0.95),
    averageInterItemCorrelation: correlationSum === null ? null : (correlationSum - k) / (k * (k - 1)),
    itemStatistics,
    negativelyCorrelatedItems: itemStatistics.flatMap((item, i) =>
      item.correctedItemTotal !== null && item.correctedItemTotal < 0 ? [i] : [],
    ),
  };
}

/**
 * Feldt's (1965) confidence interval of Cronbach's α from n cases of k items, as psych's
 * `alpha.ci` computes it, the F quantiles from jStat.
 */
export function feldtInterval(alpha: number, n: number, k: number, confidence: number): [number, number] {
  const tail = (1 - confidence) / 2;
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  return [
    1 - (1 - alpha) * jStat.centralF.inv(1 - tail, df1, df2),
    1 - (1 - alpha) * jStat.centralF.inv(tail, df1, df2),
  ];
}

/** α = k/(k − 1) · (1 − tr C / ΣC); null when the total does not vary (ΣC = 0). */
function rawAlpha(covariance: number[][]): number | null {
  const k = covariance.length;
  const totalVariance = sumOf(covariance.map(sumOf));
  if (!(totalVariance > 0)) return null;
  const trace = sumOf(covariance.map((row, i) => row[i]!));
  return (k / (k - 1)) * (1 - trace / totalVariance);
}

function withoutItem(matrix: number[][], item: number): number[][] {
  return matrix.filter((_, i) => i !== item).map((row) => row.filter((_, j) => j !== item));
}

function sumOf(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
