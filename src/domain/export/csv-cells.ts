/**
 * What every text cell of an exported CSV goes through before the CSV library quotes it.
 */

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), and
 * the full-width forms some spreadsheets normalise to them.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Neutralises a text a spreadsheet would run as a formula by putting a single quote before
 * it, the OWASP advice: `=HYPERLINK(…)` → `'=HYPERLINK(…)`. Applied to every text cell, codes
 * and labels included; numbers (numeric codes, counts, 0/1) are written as numbers and left alone.
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A text as a cell: line breaks become spaces, because SPSS and PSPP read one case per line
 * (a quoted line break splits a case in two), then the formula guard.
 */
export function textCell(text: string): string {
  return guardFormula(text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' '));
}
