/** The part of jStat (https://jstat.github.io) that likert uses; the package ships no types. */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...parameters: number[]): number;
    inv(p: number, ...parameters: number[]): number;
  }
  export const jStat: {
    chisquare: Distribution;
    normal: Distribution;
  };
}
