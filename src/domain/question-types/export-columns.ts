import { format } from '../locale/messages';
import { OTHER_TEXT_MAX_LENGTH, type Choice } from '../survey/definition';

/**
 * The columns of the raw responses export (CSV, SPSS syntax, codebook), as each question
 * type lays out its own: what they are called, what SPSS and R are told about them, and how a
 * cell is read from a stored response.
 */

/** SPSS's measurement levels (VARIABLE LEVEL). */
export type MeasurementLevel = 'nominal' | 'ordinal' | 'scale';

/** One code a column may hold and what it means. */
export interface ValueLabel {
  code: string;
  label: string;
}

/** A response as the export reads it: what was answered, and when, in which version. */
export interface ExportedResponse {
  id: string;
  submittedAt: Date;
  version: number;
  /** The stored `answers`: question id → code, list of codes, or matrix row → code(s). */
  answers: Record<string, unknown>;
  /** The stored `other` texts by question id. */
  other: Record<string, unknown>;
}

/**
 * What a column's cells hold in the export with codes: whole numbers (codes that are all whole
 * numbers, 0/1 marks) with at most `digits` characters, text of at most `bytes` UTF-8 bytes
 * (after the formula guard's quote), or response ids, which the product made and the CSV
 * writes as they are (`export/csv-cells.ts`). SPSS reads the first as F, the others as A.
 */
export type CellKind = { kind: 'number'; digits: number } | { kind: 'text'; bytes: number } | { kind: 'id'; bytes: number };

export interface ExportColumn {
  /**
   * The variable name, `fruit_1` (`<question>_<code>`, `-` written `_`). The survey's column
   * list (domain/export) makes it unique and valid for SPSS and R where it is not yet.
   */
  name: string;
  /** SPSS's variable label: the question's title, `title: row label`, `title: option label`. */
  label: string;
  /** Every code the column may hold with its label (empty for free text). */
  valueLabels: ValueLabel[];
  level: MeasurementLevel;
  cells: CellKind;
  /** What the codebook says of how the cells are written, where a reader needs to know. */
  note?: string;
  /**
   * The cell of one response: a code (a number when `cells` says so), its label when
   * `labels` is asked for, 0/1, a text, or undefined for an empty cell.
   */
  read(response: ExportedResponse, labels: boolean): string | number | undefined;
}

/** The words of the export in the survey's language (results-messages). */
export interface ExportWords {
  chosen: string;
  notChosen: string;
  /** `{label} (text)`: the label of the column that holds what was written for an "other" choice. */
  otherText: string;
  responseId: string;
  /** How the response ids are written (the codebook's note). */
  responseIdNote: string;
  /** How texts that a spreadsheet would run as formulas are written (the codebook's note). */
  textNote: string;
  submittedAt: string;
  version: string;
}

/** `fruit_1` from `fruit` and `1`; `-`, allowed in codes, is not allowed in SPSS names. */
export function columnName(...parts: string[]): string {
  return parts.join('_').replace(/-/g, '_');
}

/** A question or row label and a part of it: `Agreement: Statement one`. */
export function partLabel(...parts: string[]): string {
  return parts.join(': ');
}

/** `0`, `-12`, `7` but not `07`, `+1` or `1.5`: codes that read back as the same number. */
const WHOLE_NUMBER = /^(0|-?[1-9][0-9]{0,14})$/;

/**
 * Text of up to this many UTF-8 bytes: a UTF-16 unit is at most 3 bytes (a pair, 4 bytes for
 * 2 units), plus the formula guard's quote.
 */
const OTHER_TEXT_BYTES = OTHER_TEXT_MAX_LENGTH * 3 + 1;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** How the codes of a list are written: numbers when every one is a whole number, text otherwise. */
function codeCells(choices: readonly Choice[]): CellKind {
  if (choices.every((c) => WHOLE_NUMBER.test(c.value))) {
    return { kind: 'number', digits: Math.max(...choices.map((c) => c.value.length)) };
  }
  // A code may start with `-`, which the formula guard prefixes with a quote.
  return { kind: 'text', bytes: Math.max(...choices.map((c) => utf8Bytes(c.value) + (c.value.startsWith('-') ? 1 : 0))) };
}

/**
 * A column holding one code of `choices` (a single choice, a Likert row): the code, a
 * number when every code is a whole number, or its label. A code the list does not have
 * (one of an older version, since removed) is left empty, as the results leave it uncounted.
 */
export function codeColumn(
  name: string,
  label: string,
  choices: readonly Choice[],
  level: MeasurementLevel,
  answerOf: (answers: Record<string, unknown>) => unknown,
): ExportColumn {
  const cells = codeCells(choices);
  return {
    name,
    label,
    valueLabels: choices.map((c) => ({ code: c.value, label: c.label })),
    level,
    cells,
    read(response, labels) {
      const code = answerOf(response.answers);
      const choice = typeof code === 'string' ? choices.find((c) => c.value === code) : undefined;
      if (!choice) return undefined;
      if (labels) return choice.label;
      return cells.kind === 'number' ? Number(choice.value) : choice.value;
    },
  };
}

/**
 * A 0/1 column: 1 when `code` is among the codes answered, 0 when others were, empty when
 * nothing was (the question, or the matrix row, was not answered). 0/1 with labels too: the
 * column already names its option, and the marks add up to the option's count in a spreadsheet.
 */
export function flagColumn(
  name: string,
  label: string,
  code: string,
  words: ExportWords,
  codesOf: (answers: Record<string, unknown>) => unknown,
): ExportColumn {
  return {
    name,
    label,
    valueLabels: [
      { code: '0', label: words.notChosen },
      { code: '1', label: words.chosen },
    ],
    level: 'nominal',
    cells: { kind: 'number', digits: 1 },
    read(response) {
      const codes = codesOf(response.answers);
      if (!Array.isArray(codes) || codes.length === 0) return undefined;
      return codes.includes(code) ? 1 : 0;
    },
  };
}

/** The text written for the "other" choice `choice` of a question (stored under the question's id). */
export function otherTextColumn(name: string, title: string, choice: Choice, questionId: string, words: ExportWords): ExportColumn {
  return {
    name,
    label: partLabel(title, format(words.otherText, { label: choice.label })),
    valueLabels: [],
    level: 'nominal',
    cells: { kind: 'text', bytes: OTHER_TEXT_BYTES },
    note: words.textNote,
    read(response) {
      const text = response.other[questionId];
      return typeof text === 'string' && text !== '' ? text : undefined;
    },
  };
}

/** The stored answer of a question. */
export const answerOf = (questionId: string) => (answers: Record<string, unknown>) => answers[questionId];

/** The stored answer of one matrix row (a code, or a list of codes). */
export const rowAnswerOf = (questionId: string, rowValue: string) => (answers: Record<string, unknown>) => {
  const answer = answers[questionId];
  return typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? (answer as Record<string, unknown>)[rowValue] : undefined;
};
