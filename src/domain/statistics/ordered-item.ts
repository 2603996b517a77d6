import { describeDistribution, sortedCounts, totalCount, type ValueCounts } from './value-counts';

/** The summary of one ordered question or matrix row; see `describeOrderedItem`. */
export interface OrderedItemDescriptives {
  /** Respondents with a score (those who answered "不确定" or an option without a score are not here). */
  n: number;
  /** Null when n = 0. */
  mean: number | null;
  /** The sample SD (n − 1); null when n < 2. */
  sd: number | null;
  /** R's `median`: the middle score, or the mean of the two middle ones. Null when n = 0. */
  median: number | null;
  /** The share of n (0 … 1) in the two highest categories ("agree" + "strongly agree"). Null when n = 0. */
  topTwoShare: number | null;
  /** The share of n in the two lowest categories. Null when n = 0. */
  bottomTwoShare: number | null;
}

/**
 * n, mean, SD, median and the top-two and bottom-two shares of an ordered item, from the count
 * of each category's score. `categories` lists every category of the item, those nobody chose
 * included with a count of 0, since "the two highest categories" are the item's, not the two
 * highest scores someone happened to give. An item of fewer than four categories has top and
 * bottom two that overlap; they are computed all the same.
 *
 * @example
 * // a 5-point item: 3 × "1", 0 × "2", 5 × "3", 8 × "4", 4 × "5"
 * describeOrderedItem([[1, 3], [2, 0], [3, 5], [4, 8], [5, 4]])
 * // → { n: 20, mean: 3.5, sd: 1.277…, median: 4, topTwoShare: 0.6, bottomTwoShare: 0.15 }
 */
export function describeOrderedItem(categories: ValueCounts): OrderedItemDescriptives {
  const scores = [...new Set(categories.map(([score]) => score))].sort((a, b) => a - b);
  if (scores.length < 2) throw new RangeError('an ordered item has at least two categories');
  const { n, mean, sd, median } = describeDistribution(categories);
  const counted = sortedCounts(categories);
  const shareOf = (chosen: number[]) =>
    n === 0 ? null : totalCount(counted.filter(([score]) => chosen.includes(score))) / n;
  return {
    n,
    mean,
    sd,
    median,
    topTwoShare: shareOf(scores.slice(-2)),
    bottomTwoShare: shareOf(scores.slice(0, 2)),
  };
}
