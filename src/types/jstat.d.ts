/** The part of jStat (https://jstat.github.io) that likert uses; the package ships no types. */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...parameters: number[]): number;
    inv(p: number, ...parameters: number[]): number;
  }
  export const jStat: {
    chisquare: Distribution;
    normal: Distribution;
    /** F: cdf(x, df1, df2), inv(p, df1, df2). */
    centralF: Distribution;
    /** Student's t: cdf(x, df), inv(p, df). */
    studentt: Distribution;
    /** Beta: cdf(x, a, b), inv(p, a, b); the Clopper–Pearson bounds. */
    beta: Distribution;
    /** Hypergeometric: pdf(k, N, m, n), k successes in n draws from N of which m are successes. */
    hypgeom: { pdf(k: number, N: number, m: number, n: number): number };
    /** ln Γ(x); ln n! = gammaln(n + 1). */
    gammaln(x: number): number;
  };
}
