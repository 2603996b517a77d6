import { chiSquareTest, marginOfError, wilsonInterval, Z_95 } from '../../src/domain/statistics';

/** Rounds every number of a grid (nulls kept) so that a whole table compares in one line. */
const rounded = (grid: (number | null)[][], decimals: number) =>
  grid.map((row) => row.map((value) => (value === null ? null : Number(value.toFixed(decimals)))));

describe('the 95 % Wilson score interval of a percentage', () => {
  // Newcombe RG (1998), Two-sided confidence intervals for the single proportion: comparison of
  // seven methods, Statistics in Medicine 17:857–872, Table I, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('matches Newcombe (1998) for %i/%i: %f to %f', (successes, n, low, high) => {
    const interval = wilsonInterval(successes, n);
    expect(interval?.[0]).toBeCloseTo(low, 4);
    expect(interval?.[1]).toBeCloseTo(high, 4);
  });

  it('starts at exactly 0 at 0 % and ends at exactly 1 at 100 %, where p ± z·se collapses to a point', () => {
    // By symmetry with 0/20 → 0 … 0.1611: 20/20 → 0.8389 … 1.
    expect(wilsonInterval(20, 20)?.[0]).toBeCloseTo(1 - 0.1611, 4);
    // n = 7 is one where the formula's floating point misses the bound by 1e-17.
    for (const n of [7, 20]) {
      expect(wilsonInterval(0, n)?.[0]).toBe(0);
      expect(wilsonInterval(n, n)?.[1]).toBe(1);
    }
  });

  it('is wider at 99 % than at 95 %', () => {
    const [low95, high95] = wilsonInterval(81, 263)!;
    const [low99, high99] = wilsonInterval(81, 263, 0.99)!;
    expect(low99).toBeLessThan(low95);
    expect(high99).toBeGreaterThan(high95);
  });

  it('is null when nobody answered', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('refuses more successes than respondents', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
  });
});

describe("the sample's margin of error (95 %, worst case p = 0.5)", () => {
  it('is the textbook ±3.1 % for 1,000 respondents', () => {
    // 1.959964 · √(0.25 / 1000) = 1.959964 · 0.0158114 = 0.030990
    expect(marginOfError(1000)).toBeCloseTo(0.031, 4);
  });

  it('is ±6.0 % for the 269 respondents of the reference study', () => {
    // 1.959964 · √(0.25 / 269) = 1.959964 · 0.0304855 = 0.059751
    expect(marginOfError(269)).toBeCloseTo(0.0598, 4);
  });

  it('is null when nobody answered', () => {
    expect(marginOfError(0)).toBeNull();
  });

  it('uses z = 1.96 for 95 %', () => {
    expect(Z_95).toBeCloseTo(1.959964, 6);
  });
});

describe('the chi-square test of a crosstab', () => {
  it("reproduces Agresti's party identification by gender: χ², df, p and the adjusted residuals", () => {
    // Agresti A (2007), An Introduction to Categorical Data Analysis, 2nd ed., Wiley, Table 2.5
    // and §2.4: rows female, male; columns Democrat, Independent, Republican. Published:
    // X² = 30.1, df = 2, P < 0.001; adjusted residuals 4.50, 0.70, −5.32 / −4.50, −0.70, 5.32.
    const test = chiSquareTest([
      [762, 327, 468],
      [484, 239, 477],
    ])!;
    expect(test.statistic).toBeCloseTo(30.07, 2);
    expect(test.df).toBe(2);
    expect(test.p).toBeLessThan(0.001);
    // With df = 2 the χ² tail is exactly e^(−x/2): e^(−15.035) = 2.954e-7.
    expect(test.p).toBeCloseTo(2.954e-7, 9);
    expect(rounded(test.adjustedResiduals, 2)).toEqual([
      [4.5, 0.7, -5.32],
      [-4.5, -0.7, 5.32],
    ]);
    // V = √(30.07 / (2757 · 1)) = 0.1044
    expect(test.cramersV).toBeCloseTo(0.1044, 4);
  });

  it("reproduces Field's cats trained to dance: χ² = 25.36, p < .001, φ = .36", () => {
    // Field A, Miles J, Field Z (2012), Discovering Statistics Using R, Sage, chapter 18 (the same
    // example is in Field, Discovering Statistics Using SPSS): 200 cats, rows = reward (food,
    // affection), columns = danced (yes, no). Published: χ²(1) = 25.36, p < .001, φ = Cramér's V = .36.
    const test = chiSquareTest([
      [28, 10],
      [48, 114],
    ])!;
    expect(test.statistic).toBeCloseTo(25.36, 2);
    expect(test.df).toBe(1);
    expect(test.p).toBeLessThan(0.001);
    expect(test.cramersV).toBeCloseTo(0.356, 3);
    // The expected counts of the book's worked example: 38·76/200 = 14.44, 38·124/200 = 23.56, …
    expect(test.expected).toEqual([
      [14.44, 23.56],
      [61.56, 100.44],
    ]);
  });

  it('gives the values of a 2×2 table worked by hand', () => {
    //            yes  no | total
    //   group A   30  10 |  40      p_1+ = 0.4
    //   group B   20  40 |  60      p_2+ = 0.6
    //   total     50  50 | 100      p_+1 = p_+2 = 0.5
    // Expected μ = row total · column total / n: A 40·50/100 = 20, 20; B 60·50/100 = 30, 30.
    // X² = 10²/20 + 10²/20 + 10²/30 + 10²/30 = 5 + 5 + 3.333 + 3.333 = 16.667, df = 1·1 = 1.
    // df = 1: X² is a squared standard normal, so p = 2·(1 − Φ(√16.667)) = 2·(1 − Φ(4.0825)) = 4.456e-5.
    // V = φ = √(16.667 / 100) = 0.4082.
    // Adjusted residual of A·yes: (30 − 20) / √(20 · (1 − 0.4) · (1 − 0.5)) = 10 / √6 = 4.0825;
    // of B·yes: (20 − 30) / √(30 · (1 − 0.6) · (1 − 0.5)) = −10 / √6 = −4.0825. In a 2×2 table
    // every adjusted residual is ±√X².
    const test = chiSquareTest([
      [30, 10],
      [20, 40],
    ])!;
    expect(test.expected).toEqual([
      [20, 20],
      [30, 30],
    ]);
    expect(test.statistic).toBeCloseTo(16.6667, 4);
    expect(test.df).toBe(1);
    expect(test.p).toBeCloseTo(4.456e-5, 8);
    expect(test.cramersV).toBeCloseTo(0.4082, 4);
    expect(rounded(test.adjustedResiduals, 4)).toEqual([
      [4.0825, -4.0825],
      [-4.0825, 4.0825],
    ]);
  });

  it('leaves out a row and a column with no respondents and says which it kept', () => {
    // Row 1 and column 1 are all zero. The kept part is [[10, 20], [30, 40]], n = 100:
    // row totals 30, 70; column totals 40, 60; μ = 12, 18 / 28, 42; deviations −2, 2 / 2, −2.
    // X² = 4/12 + 4/18 + 4/28 + 4/42 = 0.3333 + 0.2222 + 0.1429 + 0.0952 = 0.7937, df = 1.
    // Residuals ±√0.7937 = ±0.8909 (as in every 2×2 table); negative where 10 < 12.
    const test = chiSquareTest([
      [10, 0, 20],
      [0, 0, 0],
      [30, 0, 40],
    ])!;
    expect(test.keptRows).toEqual([0, 2]);
    expect(test.keptColumns).toEqual([0, 2]);
    expect(test.df).toBe(1);
    expect(test.statistic).toBeCloseTo(0.7937, 4);
    expect(test.expected).toEqual([
      [12, null, 18],
      [null, null, null],
      [28, null, 42],
    ]);
    expect(rounded(test.adjustedResiduals, 4)).toEqual([
      [-0.8909, null, 0.8909],
      [null, null, null],
      [0.8909, null, -0.8909],
    ]);
  });

  it('reports how many expected counts are below 5, for the warning', () => {
    // Rows 20, 20; columns 20, 10, 8, 2; n = 40. μ = column total · 20/40 = 10, 5, 4, 1 in both rows.
    // Below 5 (5 itself is not): the 4s and the 1s, 4 of 8 cells = 0.5; the smallest is 1.
    // X² = 2·(2²/10 + 0²/5 + 1²/4 + 1²/1) = 2·(0.4 + 0 + 0.25 + 1) = 3.3, df = 1·3 = 3.
    // Residual of the first cell: (12 − 10) / √(10 · (1 − 0.5) · (1 − 20/40)) = 2 / √2.5 = 1.2649.
    const test = chiSquareTest([
      [12, 5, 3, 0],
      [8, 5, 5, 2],
    ])!;
    expect(test.minExpected).toBe(1);
    expect(test.shareExpectedBelow5).toBe(0.5);
    expect(test.statistic).toBeCloseTo(3.3, 10);
    expect(test.df).toBe(3);
    expect(test.adjustedResiduals[0]?.[0]).toBeCloseTo(1.2649, 4);
  });

  it("gives Cramér's V = 1 for a perfect association in a 3×3 table", () => {
    // 10 on the diagonal, 0 elsewhere; n = 30, every μ = 10·10/30 = 3.333.
    // X² = 3·(10 − 3.333)²/3.333 + 6·3.333 = 3·13.333 + 20 = 60, which is n·(min(r, c) − 1),
    // the largest X² can be; V = √(60 / (30·2)) = 1.
    const perfect = chiSquareTest([
      [10, 0, 0],
      [0, 10, 0],
      [0, 0, 10],
    ])!;
    expect(perfect.statistic).toBeCloseTo(60, 10);
    expect(perfect.df).toBe(4);
    expect(perfect.cramersV).toBeCloseTo(1, 10);
  });

  it('takes p from the upper tail of χ² (e^(−x/2) when df = 2)', () => {
    // Rows 16, 16; columns 20, 8, 4; n = 32; μ = 10, 4, 2 in both rows.
    // X² = 2·(2²/10 + 1²/4 + 1²/2) = 2.3, df = 2, and with df = 2 the tail is e^(−2.3/2) = 0.3166.
    // V = √(2.3 / (32·1)) = 0.2681.
    const test = chiSquareTest([
      [12, 3, 1],
      [8, 5, 3],
    ])!;
    expect(test.statistic).toBeCloseTo(2.3, 10);
    expect(test.p).toBeCloseTo(0.3166, 4);
    expect(test.cramersV).toBeCloseTo(0.2681, 4);
  });

  it('is not defined when fewer than two rows or two columns have respondents', () => {
    expect(chiSquareTest([[5, 7]])).toBeNull();
    expect(
      chiSquareTest([
        [0, 0],
        [3, 9],
      ]),
    ).toBeNull();
    expect(
      chiSquareTest([
        [0, 4, 0],
        [0, 6, 0],
      ]),
    ).toBeNull();
    expect(chiSquareTest([])).toBeNull();
  });

  it('refuses a table whose rows differ in length', () => {
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(RangeError);
  });
});
