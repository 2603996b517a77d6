import { spawnSync } from 'node:child_process';

/**
 * Runs an R script at test time and returns what it reported with `report(name, values)`, so
 * that a statistic is compared with R's own figure on the same data rather than with a copy.
 * R is a test dependency (Debian's `r-base-core r-cran-psych`, installed by `.ci/run`): when
 * Rscript is missing the test fails with that message instead of passing unchecked.
 *
 * @example
 * runR(`report("mean", mean(${rVector([1, 2, NaN])}, na.rm = TRUE))`) // → { mean: [1.5] }
 */
export function runR(script: string): Record<string, number[]> {
  // report() prints 17 significant digits, enough to give back the exact double; NA as NaN.
  const preamble = `report <- function(name, x) cat(name, ifelse(is.na(x), "NaN", sprintf("%.17g", x)), "\\n")\n`;
  const run = spawnSync('Rscript', ['--vanilla', '-'], { input: preamble + script, encoding: 'utf8' });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      'Rscript was not found: these tests compare with R. Install it (apt-get install r-base-core r-cran-psych; .ci/run does).',
    );
  }
  if (run.status !== 0) throw new Error(`Rscript failed (status ${run.status}):\n${run.stderr}`);

  const reported: Record<string, number[]> = {};
  for (const line of run.stdout.split('\n')) {
    const [name, ...values] = line.trim().split(/\s+/);
    if (!name) continue;
    reported[name] = values.map(Number);
  }
  return reported;
}

/** A numeric vector in R's syntax; NaN and null become NA (a missing answer). */
export function rVector(values: readonly (number | null)[]): string {
  return `c(${values.map((value) => (value === null || Number.isNaN(value) ? 'NA' : String(value))).join(', ')})`;
}

/** A numeric matrix in R's syntax, filled row by row. */
export function rMatrix(rows: readonly (readonly (number | null)[])[]): string {
  return `matrix(${rVector(rows.flat())}, nrow = ${rows.length}, byrow = TRUE)`;
}

/** The one value R reported under `name`; throws if R reported none or several. */
export function reportedValue(reported: Record<string, number[]>, name: string): number {
  const values = reported[name];
  if (values?.length !== 1) throw new Error(`R reported ${values?.length ?? 'nothing'} values for ${name}`);
  return values[0]!;
}

/**
 * Expects a figure to equal R's to 1e-6 (relative above 1, so that a U of 40,000 or a df of 500 is
 * held to the same six digits); R's NA (NaN here) must be our null: a figure that does not exist.
 */
export function expectSameAsR(actual: number | null | undefined, expected: number, what = 'the figure'): void {
  if (Number.isNaN(expected)) {
    if (actual !== null) throw new Error(`${what}: R has NA, we have ${actual}`);
    return;
  }
  if (actual === null || actual === undefined || !(Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${what}: R has ${expected}, we have ${actual}`);
  }
}
