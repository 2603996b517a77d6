import type { MessageKey, MessageParams, RespondentMessages } from '../locale/messages';
import type { SurveyProblemMessage } from '../locale/survey-problem-messages';
import type { ChoiceCounts, ChoiceTally, QuestionTally } from '../results/tally';
import type { AnswerValue, Choice, Question } from '../survey/definition';
import type { ExportColumn, ExportWords } from './export-columns';

/** One thing wrong with one answer; localized for the respondent by the caller. */
export interface AnswerProblem {
  key: MessageKey;
  params?: MessageParams;
}

/** One thing wrong with a question in a survey file; `path` is relative to the question. */
export interface DefinitionProblem {
  path: (string | number)[];
  message: SurveyProblemMessage;
}

/** The submitted form, as field name → every value sent under that name. */
export interface FormFields {
  values(name: string): string[];
}

export interface AnswerCheck {
  value?: AnswerValue;
  problems: AnswerProblem[];
}

/**
 * The name of a question's kind where a variation changes what its answers mean: a grid
 * with one answer per row and one with several are different kinds to a version diff and to
 * the results' words. Each variant has its words in the catalogues (the compiler points to
 * every table that needs one).
 */
export type QuestionVariant = 'single' | 'multi' | 'matrix' | 'matrixMultiple';

/**
 * One table of a question's results: the question itself, or one matrix row. Results pages,
 * exports and comparisons walk these, whatever the type.
 */
export interface VariableTally {
  /** The variable's id (`browse`, `factors.3`), as a crosstab or a filter names it. */
  variableId: string;
  /** Where its numbers sit: `[question]` or `[question, row]`; the live keys are built from it. */
  path: [string] | [string, string];
  /** The row's code and label, when the table is one row of a question. */
  row?: { value: string; label: string };
  answered: number;
  choices: ChoiceTally[];
}

/**
 * Everything that differs between question types. Adding a type means writing one of these,
 * registering it in `./index.ts`, and writing its two partials: the form's
 * (`views/questions/<type>.ejs`) and the results page's (`views/results/questions/<resultsView>.ejs`,
 * or an existing one).
 *
 * @example A `rating` type (0–10, one answer) would plug in like this:
 * - `definition.ts`: `RatingQuestion { type: 'rating'; min: 0; max: 10; options: Choice[] }`, the
 *   options made from the range when the file is read (`fromFile`);
 * - `rating.ts`: `checkAnswer` takes one code of the range, `countingKeys` gives
 *   `[question.id, choiceKey(question.id, code)]` like a single choice, `variables` one variable
 *   of eleven ordered choices, `tally`/`tallies` one table, `exportColumns` one ordinal code
 *   column, `variant` `'rating'` (with its words in the catalogues), `resultsView` `'options'`;
 * - `views/questions/rating.ejs`: a row of eleven radio buttons.
 * Results, crosstabs, filters, comparisons, exports and version checks then take it without
 * any other change, because they only ever ask the type's module.
 */
export interface QuestionTypeModule<Q extends Question = Question> {
  readonly type: Q['type'];
  /** Properties of the survey file that hold choice lists (strings or objects). */
  readonly choiceLists: readonly string[];
  /** Properties a survey file leaves out when they hold this value (the defaults). */
  readonly fileDefaults: Readonly<Record<string, unknown>>;
  /** The results page's partial for this type's tables (`views/results/questions/<name>.ejs`). */
  readonly resultsView: 'options' | 'matrix';
  /** The kind's name where its variations differ in meaning (see `QuestionVariant`). */
  variant(question: Q): QuestionVariant;
  /** The choice whose answers carry a text ("other"): an option, or a matrix row. */
  otherChoice(question: Q): Choice | undefined;
  /** How results name the texts of the "other" choice: its label, or a matrix's title. */
  otherLabel(question: Q): string;
  /** The question's result tables (see `VariableTally`), from its tally. */
  tallies(tally: QuestionTally): VariableTally[];
  /** Builds the typed question from a schema-valid file entry whose choice lists are resolved. */
  fromFile(raw: Record<string, unknown>, base: Omit<Q, 'type'>): Q;
  /** Rules the JSON Schema cannot express (counts against the option list, …). */
  checkDefinition(question: Q): DefinitionProblem[];
  /** True when the value means "not answered" (an empty list or object). */
  isEmpty(answer: unknown): boolean;
  /** Checks a non-empty answer in the API shape and returns it cleaned. */
  checkAnswer(question: Q, answer: unknown): AnswerCheck;
  /** Missing parts of an answer that a required question needs (matrix rows). */
  checkComplete(question: Q, value: AnswerValue): AnswerProblem[];
  /** The "other" choice this answer selects, if any. */
  chosenOther(question: Q, value: AnswerValue): Choice | undefined;
  /**
   * The keys this answer adds to the response's flat `choices` list, which results count:
   * the question's id (answered) and `question=value` per chosen value; a matrix also
   * `question.row` per answered row and `question.row=column` per ticked cell.
   */
  countingKeys(question: Q, value: AnswerValue): string[];
  /** What a crosstab or a filter can take from this question: itself, or each matrix row. */
  variables(question: Q): Variable[];
  /** The question's results from the counts of its keys (see `countingKeys`). */
  tally(question: Q, counts: ChoiceCounts): QuestionTally;
  /**
   * The question's columns in the raw responses export, in order: single `<q>` (and
   * `<q>_other`), multi one 0/1 `<q>_<code>` per option (and `<q>_other`), matrix `<q>_<row>`
   * per row or, several columns per row, one 0/1 `<q>_<row>_<column>` per cell (and
   * `<q>_<row>_other` for the row that takes text). See `export-columns.ts`.
   */
  exportColumns(question: Q, words: ExportWords): ExportColumn[];
  /** Reads this question's answer from a submitted HTML form, in the API shape. */
  readForm(question: Q, form: FormFields): unknown;
  /** The short instruction shown under the title ("Choose one"). */
  hint(question: Q, messages: RespondentMessages): string;
}

/**
 * One variable of the analysis: a question with one list of choices, or one row of a
 * matrix. Its answer is one code (single choice, a Likert row) or several.
 *
 * @example { id: 'factors.3', questionId: 'factors', title: '影响您购买产品的主要因素', row: '卖家图片',
 *            choices: [...columns], multiple: true, answerPath: ['factors', '3'] }
 */
export interface Variable {
  /** `browse`, or `factors.3` for the row with code 3 of the matrix `factors`. */
  id: string;
  questionId: string;
  title: string;
  /** The row's label when the variable is a matrix row. */
  row?: string;
  choices: Choice[];
  /** Several codes per respondent (multi choice, multi-select matrix row): no chi-square. */
  multiple: boolean;
  /** Where the answer sits in a stored `answers` object. */
  answerPath: [string] | [string, string];
}

/** Field names of the HTML form; dots are safe because ids and values cannot contain them. */
export const formField = {
  answer: (questionId: string) => `q.${questionId}`,
  matrixRow: (questionId: string, rowValue: string) => `q.${questionId}.${rowValue}`,
  other: (questionId: string) => `other.${questionId}`,
};

export function findChoice(choices: Choice[], value: string): Choice | undefined {
  return choices.find((c) => c.value === value);
}

/** Checks a list of choice codes: strings, known, no repeats. */
export function checkCodeList(
  values: unknown,
  choices: Choice[],
  unknownKey: MessageKey,
): { codes?: string[]; problems: AnswerProblem[] } {
  if (!Array.isArray(values)) return { problems: [{ key: 'answerExpectedList' }] };
  const problems: AnswerProblem[] = [];
  const seen = new Set<string>();
  for (const code of values) {
    if (typeof code !== 'string') {
      problems.push({ key: 'answerExpectedList' });
      break;
    }
    if (!findChoice(choices, code)) problems.push({ key: unknownKey, params: { value: code } });
    else if (seen.has(code)) problems.push({ key: 'answerDuplicate', params: { value: code } });
    seen.add(code);
  }
  return problems.length ? { problems } : { codes: values as string[], problems };
}

/** Problems for a list of choices: more than one "other" choice. */
export function checkOtherChoices(listName: string, choices: Choice[]): DefinitionProblem[] {
  const others = choices.map((c, i) => [c, i] as const).filter(([c]) => c.other);
  return others.slice(1).map(([, i]) => ({
    path: [listName, i, 'other'],
    message: { key: 'otherTwice', params: { list: listName, first: others[0]![1] } },
  }));
}
