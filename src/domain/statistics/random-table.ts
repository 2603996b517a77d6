/**
 * A random r × c table with the given row and column totals, each such table drawn with its
 * probability under independence (the multiple hypergeometric), by Patefield's algorithm
 * (W. M. Patefield 1981, Algorithm AS 159, Applied Statistics 30:91–97), the one R's `r2dtable`,
 * `fisher.test(simulate.p.value = TRUE)` and `chisq.test(simulate.p.value = TRUE)` use: row by
 * row, each cell is drawn from its hypergeometric distribution given the cells already drawn,
 * by inversion searching outward from the mode; the last cell of a row and the last row follow
 * from the totals.
 *
 * @example randomTable([3, 2], [1, 4], seededRandom('x')) // → e.g. [[1, 2], [0, 2]]
 */
export function randomTable(rowTotals: readonly number[], columnTotals: readonly number[], random: () => number): number[][] {
  const lastColumn = columnTotals.length - 1;
  const columnsLeft = [...columnTotals];
  let totalLeft = columnTotals.reduce((sum, total) => sum + total, 0);
  const table: number[][] = [];

  for (let row = 0; row < rowTotals.length - 1; row++) {
    const cells = new Array<number>(columnTotals.length).fill(0);
    let rowLeft = rowTotals[row]!;
    // Units of the rows below and this one still to place, in this column and those to its right.
    let inColumnsFromHere = totalLeft;
    for (let column = 0; column < lastColumn && rowLeft > 0; column++) {
      const columnLeft = columnsLeft[column]!;
      const cell = hypergeometric(rowLeft, columnLeft, inColumnsFromHere, random);
      cells[column] = cell;
      columnsLeft[column] = columnLeft - cell;
      rowLeft -= cell;
      inColumnsFromHere -= columnLeft;
    }
    cells[lastColumn] = rowLeft;
    columnsLeft[lastColumn]! -= rowLeft;
    totalLeft -= rowTotals[row]!;
    table.push(cells);
  }
  table.push(columnsLeft);
  return table;
}

/**
 * How many of `draws` units taken without replacement from `population` units fall among its
 * `successes`: the hypergeometric, by inversion from the mode as AS 159 does, stepping up and
 * down alternately with the ratios of neighbouring probabilities (any fixed order of the
 * support gives the right distribution; from the mode it takes the fewest steps).
 */
function hypergeometric(draws: number, successes: number, population: number, random: () => number): number {
  const failures = population - successes;
  const lowest = Math.max(0, draws - failures);
  const highest = Math.min(draws, successes);
  if (lowest === highest) return lowest;
  const mode = Math.floor(((draws + 1) * (successes + 1)) / (population + 2));
  const probabilityAt = (x: number) =>
    Math.exp(
      logChoose(successes, x) + logChoose(failures, draws - x) - logChoose(population, draws),
    );

  const u = random();
  let up = mode;
  let down = mode;
  let pUp = probabilityAt(mode);
  let pDown = pUp;
  let cumulative = pUp;
  while (cumulative < u) {
    if (up < highest) {
      pUp *= ((successes - up) * (draws - up)) / ((up + 1) * (failures - draws + up + 1));
      up += 1;
      cumulative += pUp;
      if (cumulative >= u) return up;
    }
    if (down > lowest) {
      pDown *= (down * (failures - draws + down)) / ((successes - down + 1) * (draws - down + 1));
      down -= 1;
      cumulative += pDown;
      if (cumulative >= u) return down;
    }
    // Rounding can leave the whole support a hair short of u: then the last value reached.
    if (up >= highest && down <= lowest) return pUp >= pDown ? up : down;
  }
  return mode;
}

const logFactorials: number[] = [0];

/** ln n!, summed once and kept, exact to the last few bits for the counts of a survey. */
export function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}
