/** The statistics of results, crosstabs and scales: plain functions over plain counts, no database. */
export { chiSquareTest, type ChiSquareTest } from './chi-square';
export {
  clopperPearson,
  enumerationWork,
  EXACT_WORK_LIMIT,
  fisherFreemanHaltonTest,
  MONTE_CARLO_TABLES,
  type IndependenceP,
} from './fisher-freeman-halton';
export { describeOrderedItem, type OrderedItemDescriptives } from './ordered-item';
export { marginOfError, wilsonInterval, Z_95, zFor } from './proportions';
export {
  addCase,
  emptyScaleSums,
  feldtInterval,
  mergeScaleSums,
  reliability,
  type ItemReliability,
  type Reliability,
  type ScaleSums,
} from './reliability';
export { logFactorial, randomTable } from './random-table';
export { seededRandom } from './seeded-random';
export { mannWhitneyTest, welchTest, type MannWhitneyTest, type WelchTest } from './two-groups';
export {
  countValues,
  describeDistribution,
  histogram,
  totalCount,
  type Distribution,
  type HistogramBin,
  type ValueCounts,
} from './value-counts';
