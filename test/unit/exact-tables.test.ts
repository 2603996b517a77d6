import { jStat } from 'jstat';
import {
  enumerationWork,
  EXACT_WORK_LIMIT,
  fisherFreemanHaltonTest,
  randomTable,
  seededRandom,
} from '../../src/domain/statistics';
import { taobao2015Published } from '../../src/demo/published-study';
import { runR, rMatrix } from '../support/r';

/** A seeded r × c table of n respondents, cells drawn with unequal chances (0.3 to 1.3) so that some are small. */
function seededTable(name: string, rows: number, columns: number, n: number): number[][] {
  const random = seededRandom(name);
  const weights = Array.from({ length: rows * columns }, () => random() + 0.3);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const table = Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
  for (let i = 0; i < n; i++) {
    let r = random() * total;
    const cell = weights.findIndex((w) => (r -= w) < 0);
    const index = cell < 0 ? weights.length - 1 : cell;
    table[Math.floor(index / columns)]![index % columns]! += 1;
  }
  return table;
}

const browseByAge = taobao2015Published.crosstabs.find((t) => t.row === 'browse' && t.col === 'age')!.counts;

const exactCases = [
  { name: "Fisher's tea-tasting lady, 2 × 2", table: [[3, 1], [1, 3]] },
  { name: 'a lopsided 2 × 2', table: [[12, 1], [2, 9]] },
  { name: 'a seeded 2 × 2 of 60', table: seededTable('ffh/2x2', 2, 2, 60) },
  { name: 'a seeded 2 × 3 of 40', table: seededTable('ffh/2x3', 2, 3, 40) },
  { name: 'a 2 × 3 with an empty row and column left out', table: [[5, 0, 2, 7], [0, 0, 0, 0], [1, 0, 6, 2]] },
  { name: 'a seeded 3 × 4 of 30', table: seededTable('ffh/3x4', 3, 4, 30) },
  { name: 'a seeded 3 × 4 of 45', table: seededTable('ffh/3x4b', 3, 4, 45) },
  { name: 'a seeded 3 × 4 of 60', table: seededTable('ffh/3x4c', 3, 4, 60) },
  { name: 'a 3 × 4 with tied probabilities', table: [[2, 2, 2, 2], [2, 2, 2, 2], [1, 1, 1, 1]] },
];

describe("the Fisher–Freeman–Halton exact p of a small table, as R's fisher.test gives it", () => {
  let fromR: Record<string, number[]>;
  beforeAll(() => {
    fromR = runR(
      [
        ...exactCases.map(({ table }, c) => `report("exact${c}", fisher.test(${rMatrix(table)}, workspace = 2e7)$p.value)`),
        // R's network algorithm needs a larger workspace for the study's table than by default.
        `report("browseByAge", fisher.test(${rMatrix(browseByAge)}, workspace = 2e8)$p.value)`,
      ].join('\n'),
    );
  });

  it.each(exactCases.map((c, i) => ({ ...c, i })))('equals R to 1e-6 for $name', ({ table, i }) => {
    const result = fisherFreemanHaltonTest(table);
    expect(result?.method).toBe('exact');
    expect(Math.abs(result!.p - fromR[`exact${i}`]![0]!)).toBeLessThan(1e-6);
  });

  it('is a p from random tables for the study’s browse × age table, whose enumeration is too large', () => {
    expect(enumerationWork(browseByAge)).toBeGreaterThan(EXACT_WORK_LIMIT);
    const result = fisherFreemanHaltonTest(browseByAge);
    expect(result?.method).toBe('monte-carlo');
  });

  it("has R's exact p for browse × age inside the Monte-Carlo p's 99 % interval", () => {
    const result = fisherFreemanHaltonTest(browseByAge);
    if (result?.method !== 'monte-carlo') throw new Error('expected a Monte-Carlo p');
    const exact = fromR.browseByAge![0]!;
    expect(result.tables).toBe(10_000);
    expect(result.p).toBeCloseTo((1 + result.atLeastAsExtreme) / 10_001, 15);
    expect(result.interval99[0]).toBeLessThanOrEqual(exact);
    expect(result.interval99[1]).toBeGreaterThanOrEqual(exact);
  });

  it.each(exactCases.slice(2).map((c, i) => ({ ...c, i: i + 2 })))(
    "has R's exact p inside the 99 % interval of a Monte-Carlo p forced on $name",
    ({ table, i }) => {
      const result = fisherFreemanHaltonTest(table, { maxWork: 0 });
      if (result?.method !== 'monte-carlo') throw new Error('expected a Monte-Carlo p');
      const exact = fromR[`exact${i}`]![0]!;
      expect(result.interval99[0]).toBeLessThanOrEqual(exact);
      expect(result.interval99[1]).toBeGreaterThanOrEqual(exact);
    },
  );

  it('gives the same Monte-Carlo p for the same table every time, and another for another seed', () => {
    const first = fisherFreemanHaltonTest(browseByAge);
    expect(fisherFreemanHaltonTest(browseByAge)).toEqual(first);
    const reseeded = fisherFreemanHaltonTest(browseByAge, { seed: 'another' });
    expect(reseeded?.p).not.toBe(first?.p);
  });

  it('has no p for a table with fewer than two rows or columns answered', () => {
    expect(fisherFreemanHaltonTest([[4, 5], [0, 0]])).toBeNull();
    expect(fisherFreemanHaltonTest([[4, 0], [3, 0]])).toBeNull();
  });
});

describe("Patefield's random tables (AS 159)", () => {
  const rowTotals = [7, 12, 5];
  const columnTotals = [4, 9, 3, 8];
  const draws = Array.from({ length: 20_000 }, ((random) => () => randomTable(rowTotals, columnTotals, random))(seededRandom('patefield')));

  it('keep both margins of every table', () => {
    const wrong = draws.filter(
      (table) =>
        table.map((row) => row.reduce((a, b) => a + b, 0)).join() !== rowTotals.join() ||
        columnTotals.map((_, j) => table.reduce((sum, row) => sum + row[j]!, 0)).join() !== columnTotals.join() ||
        !table.flat().every((cell) => Number.isInteger(cell) && cell >= 0),
    );
    expect(wrong).toEqual([]);
  });

  it.each([
    [0, 0],
    [1, 1],
    [2, 3],
  ])('draw cell (%i, %i) as its hypergeometric distribution (χ² goodness of fit, 20,000 tables)', (i, j) => {
    // A cell on its own is hypergeometric: row i's units drawn from n, column j's counted as successes.
    const n = 24;
    const draws_ = rowTotals[i]!;
    const successes = columnTotals[j]!;
    const observed = new Map<number, number>();
    for (const table of draws) observed.set(table[i]![j]!, (observed.get(table[i]![j]!) ?? 0) + 1);
    let statistic = 0;
    let cells = 0;
    for (let x = Math.max(0, draws_ - (n - successes)); x <= Math.min(draws_, successes); x++) {
      const expected = draws.length * jStat.hypgeom.pdf(x, n, successes, draws_);
      statistic += ((observed.get(x) ?? 0) - expected) ** 2 / expected;
      cells += 1;
    }
    expect(statistic).toBeLessThan(jStat.chisquare.inv(0.999, cells - 1));
  });
});
