import type { ExportColumn } from '../question-types/export-columns';
import { RESPONSE_ID } from '../response-id';
import { CONTROL_CHARACTER } from '../text-characters';

/**
 * What every cell of an exported CSV goes through before the CSV library quotes it.
 */

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), and
 * the full-width forms some spreadsheets normalise to them.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Line breaks, NEL among them: SPSS and PSPP read one case per line (a quoted line break splits a case in two). */
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/g;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');

/**
 * Neutralises a text a spreadsheet would run as a formula by putting a single quote before
 * it, the OWASP advice: `=HYPERLINK(…)` → `'=HYPERLINK(…)`. Applied to every text cell, codes
 * and labels included; numbers (numeric codes, counts, 0/1) are written as numbers and left alone.
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A text on one line of printable characters: a line break becomes a space, and a control
 * character (a text stored before they were refused) U+FFFD, so that no NUL reaches a file
 * (PSPP cuts a value there). Tabs stay.
 *
 * @example singleLine('one\r\ntwo\u0000') // 'one two\uFFFD'
 */
export function singleLine(text: string): string {
  return text.replace(LINE_BREAK, ' ').replace(CONTROL_CHARACTERS, '\uFFFD');
}

/** A text as a cell: on one line of printable characters, then the formula guard. */
export function textCell(text: string): string {
  return guardFormula(singleLine(text));
}

/**
 * A response id as a cell: as it is when the product made it, so that it matches the API's
 * even when it starts with `-` (ids made before they started with a letter or a digit). Its
 * alphabet, `A-Z a-z 0-9 _ -`, has no parenthesis, quote, `!` or `|`: a spreadsheet that
 * reads one as a formula can only show an error or a difference of cells, never run anything.
 * Any other id (put in the database by hand) is a text like any other.
 */
export function idCell(id: string): string {
  return RESPONSE_ID.test(id) ? id : textCell(id);
}

/** A cell of the responses CSV as its column writes it: numbers as they are, ids by `idCell`, texts by `textCell`. */
export function responseCell(column: ExportColumn, value: string | number | undefined): string | number | undefined {
  if (typeof value !== 'string') return value;
  return column.cells.kind === 'id' ? idCell(value) : textCell(value);
}
