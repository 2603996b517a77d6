import { countValues, mannWhitneyTest, welchTest } from '../../src/domain/statistics';
import { seededRandom } from '../../src/demo/seeded-random';
import { expectSameAsR, runR, rVector } from '../support/r';

/** n seeded answers on a `points`-point item, shifted up by `shift` points on average. */
function answers(name: string, n: number, points: number, shift: number): number[] {
  const random = seededRandom(name);
  return Array.from({ length: n }, () =>
    Math.max(1, Math.min(points, Math.round((points + 1) / 2 + shift + (random() + random() + random() - 1.5) * 2))),
  );
}

/** Scale scores: the mean of four 5-point items, so quarter points with many ties. */
function scaleScores(name: string, n: number, shift: number): number[] {
  const items = [1, 2, 3, 4].map((item) => answers(`${name}/${item}`, n, 5, shift));
  return Array.from({ length: n }, (_, i) => items.reduce((sum, item) => sum + item[i]!, 0) / 4);
}

const comparisons = [
  { name: '5 against 7 answers, 5 points', x: answers('groups/a5', 5, 5, 0), y: answers('groups/b7', 7, 5, 0.8) },
  { name: '40 against 60 answers, 7 points', x: answers('groups/a40', 40, 7, 0.3), y: answers('groups/b60', 60, 7, 0) },
  { name: '269 against 150 answers, 5 points', x: answers('groups/a269', 269, 5, 0), y: answers('groups/b150', 150, 5, 0.2) },
  { name: '1,000 against 800 answers, far apart', x: answers('groups/a1000', 1000, 5, -0.6), y: answers('groups/b800', 800, 5, 0.6) },
  { name: '120 against 90 scale scores', x: scaleScores('groups/s120', 120, 0), y: scaleScores('groups/s90', 90, 0.25) },
  { name: 'the same answers in both groups', x: [1, 2, 2, 3, 3, 3, 4, 5], y: [5, 4, 3, 3, 3, 2, 2, 1] },
];

describe('two groups compared, as R compares them', () => {
  let fromR: Record<string, number[]>;
  beforeAll(() => {
    fromR = runR(
      comparisons
        .map(({ x, y }, c) => `
          x <- ${rVector(x)}; y <- ${rVector(y)}
          w <- t.test(x, y)
          pooled <- sqrt(((length(x) - 1) * var(x) + (length(y) - 1) * var(y)) / (length(x) + length(y) - 2))
          report("welch${c}", c(w$statistic, w$parameter, w$p.value, (mean(x) - mean(y)) / pooled))
          u <- wilcox.test(x, y, exact = FALSE, correct = TRUE)
          report("mw${c}", c(u$statistic, u$p.value))`)
        .join('\n'),
    );
  });

  describe.each(comparisons.map((comparison, c) => ({ ...comparison, c })))('$name', ({ x, y, c }) => {
    // From the counts of each value, as a Likert item's kept counts give them.
    const first = countValues(x);
    const second = countValues(y);

    it("Welch's t, df and two-sided p equal t.test(x, y); Cohen's d equals the pooled-SD formula", () => {
      const [t, df, p, d] = fromR[`welch${c}`]!;
      const welch = welchTest(first, second)!;
      expectSameAsR(welch.t, t!, 't');
      expectSameAsR(welch.df, df!, 'df');
      expectSameAsR(welch.p, p!, 'p');
      expectSameAsR(welch.cohensD, d!, "Cohen's d");
    });

    it('the Mann–Whitney U and p equal wilcox.test(x, y, exact = FALSE, correct = TRUE)', () => {
      const [w, p] = fromR[`mw${c}`]!;
      const test = mannWhitneyTest(first, second)!;
      expectSameAsR(test.u, w!, 'U (R’s W)');
      expectSameAsR(test.p, p!, 'p');
    });
  });

  it('gives no test when a group has too few answers or nobody differs', () => {
    expect(welchTest([[3, 1]], [[2, 4], [4, 3]])).toBeNull();
    expect(welchTest([[3, 5]], [[3, 4]])).toBeNull();
    expect(mannWhitneyTest([], [[2, 4]])).toBeNull();
    expect(mannWhitneyTest([[3, 5]], [[3, 4]])).toBeNull();
  });

  it("gives t and Cohen's d when only one group varies", () => {
    // Equal means (3 and 3): t and d are 0, not missing.
    const welch = welchTest([[3, 5]], [[2, 2], [4, 2]]);
    expect(welch?.t).toBeCloseTo(0, 12);
    expect(welch?.cohensD).toBeCloseTo(0, 12);
  });
});
