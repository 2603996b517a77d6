/**
 * How many respondents gave each value, as `[value, count]` pairs: `[[1, 12], [2, 30], [5, 4]]`.
 * A Likert item has few distinct values, so its statistics are computed from these counts (kept
 * counts included) rather than from one number per respondent. Any order; a value listed twice
 * adds up.
 */
export type ValueCounts = readonly (readonly [value: number, count: number])[];

/** n, mean, SD and quartiles of a distribution; see `describeDistribution`. */
export interface Distribution {
  n: number;
  /** Null when n = 0. */
  mean: number | null;
  /** The sample SD, √(Σ (x − x̄)² / (n − 1)); null when n < 2. */
  sd: number | null;
  /** Null when n = 0 (as the quartiles). */
  median: number | null;
  /** The 25th, 50th and 75th percentiles as R's `quantile(x)` gives them (type 7). */
  quartiles: [number, number, number] | null;
}

/** The counts of a list of values: `countValues([2, 1, 2])` → `[[1, 1], [2, 2]]`. */
export function countValues(values: Iterable<number>): ValueCounts {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return sortedCounts([...counts]);
}

/**
 * n, mean, sample SD (n − 1), median and quartiles of the values counted. The mean and SD take
 * two passes (the SD around the mean, not Σx² − n·x̄²), so that large n loses no digits.
 *
 * @example describeDistribution([[1, 2], [2, 1], [4, 1]]) // values 1 1 2 4
 * // → { n: 4, mean: 2, sd: 1.414…, median: 1.5, quartiles: [1, 1.5, 2.5] }
 */
export function describeDistribution(counts: ValueCounts): Distribution {
  const sorted = sortedCounts(counts);
  const n = totalCount(sorted);
  if (n === 0) return { n, mean: null, sd: null, median: null, quartiles: null };
  const mean = sorted.reduce((sum, [value, count]) => sum + value * count, 0) / n;
  const squares = sorted.reduce((sum, [value, count]) => sum + count * (value - mean) ** 2, 0);
  const quartiles: [number, number, number] = [
    quantileOfSorted(sorted, n, 0.25),
    quantileOfSorted(sorted, n, 0.5),
    quantileOfSorted(sorted, n, 0.75),
  ];
  return { n, mean, sd: n < 2 ? null : Math.sqrt(squares / (n - 1)), median: quartiles[1], quartiles };
}

/** The number of respondents counted. */
export function totalCount(counts: ValueCounts): number {
  return counts.reduce((sum, [, count]) => sum + count, 0);
}

/**
 * The counts merged by value, without zero counts, lowest value first. Throws a RangeError on a
 * count that is not a whole number ≥ 0 or a value that is not finite: counts come from our own
 * tallies, so either is a bug upstream, not a respondent's input.
 */
export function sortedCounts(counts: ValueCounts): [number, number][] {
  const merged = new Map<number, number>();
  for (const [value, count] of counts) {
    if (!Number.isFinite(value)) throw new RangeError(`value ${value} is not a finite number`);
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count ${count} of value ${value} is not a whole number ≥ 0`);
    if (count > 0) merged.set(value, (merged.get(value) ?? 0) + count);
  }
  return [...merged].sort((a, b) => a[0] - b[0]);
}

/**
 * R's default quantile (Hyndman & Fan 1996, type 7): with h = (n − 1)·p, the order statistics
 * x₍⌊h⌋₎ and x₍⌊h⌋+1₎ (from 0) interpolated linearly, read off the cumulative counts.
 */
function quantileOfSorted(sorted: readonly (readonly [number, number])[], n: number, p: number): number {
  const h = (n - 1) * p;
  const below = Math.floor(h);
  const low = orderStatistic(sorted, below);
  return below + 1 < n ? low + (h - below) * (orderStatistic(sorted, below + 1) - low) : low;
}

/** The value at 0-based position `index` of the values in ascending order. */
function orderStatistic(sorted: readonly (readonly [number, number])[], index: number): number {
  let seen = 0;
  for (const [value, count] of sorted) {
    seen += count;
    if (index < seen) return value;
  }
  throw new RangeError(`no value at position ${index} of ${seen}`);
}

/** One bar of a histogram: the values in [lower, upper), the last bar closed, [lower, upper]. */
export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

/**
 * The counts binned at `breaks` (ascending, at least two), each bin closed on the left and the
 * last closed on both sides, as R's `hist(x, breaks, right = FALSE)` bins them, with R's fuzz:
 * the breaks are moved by 1e-7 of the median bin width, so that a scale score of 10/3 that
 * floating point puts a hair below a break at 3.333… still counts in the bin above it.
 * Throws a RangeError when a value lies outside the breaks (R stops there too).
 *
 * @example histogram([[1, 2], [1.5, 1], [2, 3]], [1, 1.5, 2]) // → counts 2 (1 ≤ x < 1.5) and 4 (1.5 ≤ x ≤ 2)
 */
export function histogram(counts: ValueCounts, breaks: readonly number[]): HistogramBin[] {
  if (breaks.length < 2 || breaks.some((b, i) => i > 0 && !(b > breaks[i - 1]!))) {
    throw new RangeError('a histogram needs at least two breaks, in ascending order');
  }
  const widths = breaks.slice(1).map((b, i) => b - breaks[i]!);
  const fuzz = 1e-7 * (describeDistribution(countValues(widths)).median ?? 0);
  const fuzzy = breaks.map((b, i) => (i === breaks.length - 1 ? b + fuzz : b - fuzz));
  const bins = widths.map((_, i) => ({ lower: breaks[i]!, upper: breaks[i + 1]!, count: 0 }));
  for (const [value, count] of sortedCounts(counts)) {
    const bin = fuzzy.findIndex((b, i) => i < bins.length && value >= b && (value < fuzzy[i + 1]! || i === bins.length - 1));
    if (bin < 0 || value > fuzzy[fuzzy.length - 1]!) {
      throw new RangeError(`value ${value} lies outside the breaks ${breaks[0]} … ${breaks[breaks.length - 1]}`);
    }
    bins[bin]!.count += count;
  }
  return bins;
}
