import { countValues, describeDistribution, describeOrderedItem } from '../../src/domain/statistics';
import { seededRandom } from '../../src/demo/seeded-random';
import { expectSameAsR, runR, rVector } from '../support/r';

/** n answers to a 5-point item, seeded, skewed towards "agree" as the reference study's are. */
function fivePointAnswers(name: string, n: number): number[] {
  const random = seededRandom(name);
  return Array.from({ length: n }, () => Math.min(5, 1 + Math.floor(random() * 4) + Math.floor(random() * 2)));
}

describe('the descriptives of an ordered item, from the count of each score', () => {
  const samples = [1, 2, 3, 8, 51, 269, 2000].map((n) => ({ n, answers: fivePointAnswers(`ordered-item/${n}`, n) }));

  // One R run for all samples: starting R takes a third of a second.
  let fromR: Record<string, number[]>;
  beforeAll(() => {
    fromR = runR(
      samples
        .map(({ n, answers }) => `
          x <- ${rVector(answers)}
          report("n${n}", c(length(x), mean(x), sd(x), median(x), mean(x >= 4), mean(x <= 2)))`)
        .join('\n'),
    );
  });

  it.each(samples)('equal R on $n seeded answers: n, mean, SD (n − 1), median, top-two and bottom-two shares', ({ n, answers }) => {
    const [rN, rMean, rSd, rMedian, rTop2, rBottom2] = fromR[`n${n}`]!;
    // Every category listed, zero counts included, as the tallies give them.
    const categories = [1, 2, 3, 4, 5].map((score) => [score, answers.filter((a) => a === score).length] as const);
    const item = describeOrderedItem(categories);
    expect(item.n).toBe(rN);
    expectSameAsR(item.mean, rMean!, 'mean');
    expectSameAsR(item.sd, rSd!, 'SD');
    expectSameAsR(item.median, rMedian!, 'median');
    expectSameAsR(item.topTwoShare, rTop2!, 'top-two share');
    expectSameAsR(item.bottomTwoShare, rBottom2!, 'bottom-two share');
  });

  it('takes the top two from the categories offered, not from the scores someone gave', () => {
    // Nobody chose 5 (strongly agree): the top two are 4 and 5 all the same, so 2 of 10.
    const item = describeOrderedItem([[1, 4], [2, 2], [3, 2], [4, 2], [5, 0]]);
    expect(item.topTwoShare).toBeCloseTo(0.2, 12);
    expect(item.bottomTwoShare).toBeCloseTo(0.6, 12);
  });

  it('has no mean, SD, median or shares when nobody answered, and no SD for one answer', () => {
    expect(describeOrderedItem([[1, 0], [2, 0], [3, 0]])).toEqual({
      n: 0, mean: null, sd: null, median: null, topTwoShare: null, bottomTwoShare: null,
    });
    expect(describeOrderedItem([[1, 0], [2, 1], [3, 0]])).toMatchObject({ n: 1, mean: 2, sd: null, median: 2 });
  });

  it('refuses an item of one category, and a count that is not a whole number', () => {
    expect(() => describeOrderedItem([[1, 5]])).toThrow(RangeError);
    expect(() => describeOrderedItem([[1, 5], [2, 0.5]])).toThrow(RangeError);
  });
});

describe("a distribution's quartiles, as R's quantile() gives them (type 7)", () => {
  const samples: number[][] = [
    [3.25],
    [1, 2],
    [1, 1, 2, 4],
    [2.5, 1, 4.75, 3, 3, 3, 1.25, 5, 2, 2],
    fivePointAnswers('quartiles/37', 37).map((x, i) => x + (i % 4) / 4),
  ];
  let fromR: Record<string, number[]>;
  beforeAll(() => {
    fromR = runR(
      samples.map((values, i) => `x <- ${rVector(values)}; report("s${i}", c(quantile(x, c(0.25, 0.5, 0.75)), sd(x)))`).join('\n'),
    );
  });

  it.each(samples.map((values, i) => ({ values, i })))('equal R for $values', ({ values, i }) => {
    const [q1, q2, q3, sd] = fromR[`s${i}`]!;
    const distribution = describeDistribution(countValues(values));
    expect(distribution.quartiles).not.toBeNull();
    expectSameAsR(distribution.quartiles![0], q1!, 'first quartile');
    expectSameAsR(distribution.quartiles![1], q2!, 'median');
    expectSameAsR(distribution.quartiles![2], q3!, 'third quartile');
    expectSameAsR(distribution.sd, sd!, 'SD');
  });
});
