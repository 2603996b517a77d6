/** The statistics of results and crosstabs: plain functions over plain counts, no database. */
export { chiSquareTest, type ChiSquareTest } from './chi-square';
export { marginOfError, wilsonInterval, Z_95, zFor } from './proportions';
