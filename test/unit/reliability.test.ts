import {
  addCase,
  emptyScaleSums,
  histogram,
  mergeScaleSums,
  reliability,
  type ScaleSums,
} from '../../src/domain/statistics';
import { normal, seededRandom } from '../../src/demo/seeded-random';
import { expectSameAsR, runR, rVector } from '../support/r';

type Case = (number | null)[];

/**
 * n seeded respondents answering k five-point items that share one latent trait (loading 0.7,
 * so α is realistic), each score missing with the given chance; `reversed` items are worded the
 * other way round and left unreversed, as a researcher forgets to.
 */
function likertScale(name: string, n: number, k: number, missing: number, reversed: number[] = []): Case[] {
  const random = seededRandom(name);
  return Array.from({ length: n }, () => {
    const trait = normal(random);
    return Array.from({ length: k }, (_, item) => {
      const latent = 0.7 * (reversed.includes(item) ? -trait : trait) + 0.7 * normal(random);
      const score = Math.max(1, Math.min(5, Math.round(3 + 1.1 * latent)));
      return random() < missing ? null : score;
    });
  });
}

function sumsOf(cases: Case[], k: number): ScaleSums {
  const sums = emptyScaleSums(k);
  for (const scores of cases) addCase(sums, scores);
  return sums;
}

/** A data frame of the cases, one column per item, in R's syntax. */
function rDataFrame(cases: Case[], k: number): string {
  const columns = Array.from({ length: k }, (_, item) => `i${item + 1} = ${rVector(cases.map((c) => c[item]!))}`);
  return `data.frame(${columns.join(', ')})`;
}

const dataSets = [
  { name: 'ten respondents, 3 items', cases: likertScale('alpha/10', 10, 3, 0), k: 3 },
  { name: '60 respondents, 4 items, 8 % missing', cases: likertScale('alpha/60', 60, 4, 0.08), k: 4 },
  { name: '269 respondents, 4 items, 5 % missing', cases: likertScale('alpha/269', 269, 4, 0.05), k: 4 },
  { name: '1,000 respondents, 6 items, 10 % missing', cases: likertScale('alpha/1000', 1000, 6, 0.1), k: 6 },
  { name: '300 respondents, 5 items, item 3 unreversed', cases: likertScale('alpha/reversed', 300, 5, 0.03, [2]), k: 5 },
  { name: '150 respondents, 2 items', cases: likertScale('alpha/two', 150, 2, 0.05), k: 2 },
];

describe("a scale's reliability on its complete cases, as psych::alpha(na.omit(items)) gives it", () => {
  let fromR: Record<string, number[]>;
  beforeAll(() => {
    fromR = runR(
      dataSets
        .map(({ cases, k }, s) => `
          d <- na.omit(${rDataFrame(cases, k)})
          a <- psych::alpha(d, warnings = FALSE)
          report("n${s}", nrow(d))
          report("alpha${s}", c(a$total$raw_alpha, a$total$std.alpha, a$total$average_r))
          report("feldt${s}", c(a$feldt$lower.ci$raw_alpha, a$feldt$upper.ci$raw_alpha))
          report("rdrop${s}", a$item.stats$r.drop)
          report("alphadrop${s}", a$alpha.drop$raw_alpha)
          report("means${s}", a$item.stats$mean); report("sds${s}", a$item.stats$sd)
          report("score${s}", c(a$total$mean, a$total$sd, quantile(rowMeans(d))))`)
        .join('\n'),
    );
  });

  describe.each(dataSets.map((set, s) => ({ ...set, s })))('$name', ({ cases, k, s }) => {
    const result = reliability(sumsOf(cases, k));
    const rValues = (name: string) => fromR[`${name}${s}`]!;

    it('counts the complete cases and leaves out the rest', () => {
      expect(result.n).toBe(rValues('n')[0]);
      expect(result.n + result.incomplete).toBe(cases.length);
    });

    it("has psych's raw α, standardized α and mean inter-item correlation", () => {
      const [raw, std, averageR] = rValues('alpha');
      expectSameAsR(result.alpha, raw!, 'raw α');
      expectSameAsR(result.standardizedAlpha, std!, 'standardized α');
      expectSameAsR(result.averageInterItemCorrelation, averageR!, 'average r');
    });

    it("has psych's Feldt 95 % interval of α", () => {
      const [lower, upper] = rValues('feldt');
      expectSameAsR(result.alphaInterval95?.[0], lower!, 'Feldt lower bound');
      expectSameAsR(result.alphaInterval95?.[1], upper!, 'Feldt upper bound');
    });

    it("has psych's item means, SDs, corrected item-total correlations and α if deleted", () => {
      const items = result.itemStatistics!;
      expect(items).toHaveLength(k);
      items.forEach((item, i) => {
        expect(item.n).toBe(result.n);
        expectSameAsR(item.mean, rValues('means')[i]!, `item ${i + 1} mean`);
        expectSameAsR(item.sd, rValues('sds')[i]!, `item ${i + 1} SD`);
        expectSameAsR(item.correctedItemTotal, rValues('rdrop')[i]!, `item ${i + 1} r.drop`);
        // psych gives C₁₂/C₂₂ for a 2-item scale's "α if deleted"; one item left has no α.
        if (k > 2) expectSameAsR(item.alphaIfDeleted, rValues('alphadrop')[i]!, `item ${i + 1} α if deleted`);
        else expect(item.alphaIfDeleted).toBeNull();
      });
    });

    it('warns of exactly the items that correlate negatively with the rest', () => {
      const negative = rValues('rdrop').flatMap((r, i) => (r < 0 ? [i] : []));
      expect(result.negativelyCorrelatedItems).toEqual(negative);
    });

    it("has the scale score's mean, SD and quartiles (R's type 7)", () => {
      const [mean, sd, , q1, median, q3] = rValues('score');
      expectSameAsR(result.scaleScore.mean, mean!, 'scale mean');
      expectSameAsR(result.scaleScore.sd, sd!, 'scale SD');
      expectSameAsR(result.scaleScore.quartiles?.[0], q1!, 'first quartile');
      expectSameAsR(result.scaleScore.median, median!, 'median');
      expectSameAsR(result.scaleScore.quartiles?.[2], q3!, 'third quartile');
    });
  });

  it('flags the unreversed item of the data set that has one', () => {
    expect(reliability(sumsOf(dataSets[4]!.cases, 5)).negativelyCorrelatedItems).toEqual([2]);
  });
});

describe('the sums a scale is computed from, kept response by response', () => {
  const cases = likertScale('alpha/merge', 500, 4, 0.06);

  it('give the same figures whether added in one pass or merged from parts in any order', () => {
    const whole = sumsOf(cases, 4);
    const merged = mergeScaleSums(sumsOf(cases.slice(300), 4), mergeScaleSums(sumsOf(cases.slice(0, 120), 4), sumsOf(cases.slice(120, 300), 4)));
    // Whole-number scores give whole-number sums: not close, equal.
    expect(merged).toEqual(whole);
    expect(reliability(merged)).toEqual(reliability(whole));
  });

  it('have no α, interval or item statistics before two complete cases', () => {
    const one = addCase(addCase(emptyScaleSums(3), [4, 4, 5]), [2, null, 3]);
    expect(reliability(one)).toMatchObject({
      n: 1, incomplete: 1, alpha: null, standardizedAlpha: null, alphaInterval95: null, itemStatistics: null,
    });
  });

  it('have no standardized α when an item does not vary, but a raw one', () => {
    const sums = emptyScaleSums(3);
    for (const scores of [[3, 1, 2], [3, 2, 2], [3, 4, 5], [3, 5, 4]]) addCase(sums, scores);
    const result = reliability(sums);
    expect(result.standardizedAlpha).toBeNull();
    expect(result.averageInterItemCorrelation).toBeNull();
    expect(result.alpha).not.toBeNull();
    expect(result.itemStatistics?.[0]?.correctedItemTotal).toBeNull();
  });

  it('refuse a scale of one item and a case of the wrong length', () => {
    expect(() => emptyScaleSums(1)).toThrow(RangeError);
    expect(() => addCase(emptyScaleSums(3), [1, 2])).toThrow(RangeError);
  });
});

describe("the scale score's histogram, binned as R's hist(right = FALSE)", () => {
  const scoresOf = (name: string, k: number) => reliability(sumsOf(likertScale(name, 400, k, 0.02), k)).scaleScoreCounts;
  const cases = [
    { k: 3, breaks: [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5] },
    { k: 3, breaks: [1, 5 / 3, 7 / 3, 3, 11 / 3, 13 / 3, 5] },
    { k: 4, breaks: [1, 2, 3, 4, 5] },
    // Scores of 11 items in elevenths, 11 equal bins: 1 + 1·4/11 is 1.3636…38 while the score 15/11
    // is 1.3636…35, a hair below its break; R's fuzz (and ours) counts it in the bin above.
    { k: 11, breaks: Array.from({ length: 12 }, (_, i) => 1 + i * (4 / 11)) },
  ].map((c) => ({ ...c, scores: scoresOf(`alpha/histogram/${c.k}`, c.k) }));

  it.each(cases)('equals R for a $k-item scale with breaks $breaks', ({ scores, breaks }) => {
    const values = scores.flatMap(([score, count]) => new Array<number>(count).fill(score));
    const r = runR(`report("counts", hist(${rVector(values)}, breaks = ${rVector(breaks)}, right = FALSE, plot = FALSE)$counts)`);
    expect(histogram(scores, breaks).map((bin) => bin.count)).toEqual(r.counts);
  });

  it('has a score that lies a hair below its break, so that the fuzz is tested', () => {
    const elevenths = cases[3]!;
    expect(elevenths.scores.some(([score]) => score === 15 / 11 || score === 47 / 11)).toBe(true);
    expect(15 / 11).toBeLessThan(elevenths.breaks[1]!);
  });

  it('refuses a score outside the breaks', () => {
    expect(() => histogram([[0.5, 1]], [1, 3, 5])).toThrow(RangeError);
  });
});
