/** The statistics of results and crosstabs: plain functions over plain counts, no database. */
export { chiSquareTest, type ChiSquareTest } from './chi-square';
export { describeOrderedItem, type OrderedItemDescriptives } from './ordered-item';
export { marginOfError, wilsonInterval, Z_95, zFor } from './proportions';
export { countValues, describeDistribution, totalCount, type Distribution, type ValueCounts } from './value-counts';
