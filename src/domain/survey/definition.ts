/**
 * The survey as the rest of the product sees it: every choice has its value and label
 * resolved, every default filled in. Built from a survey file by `parseSurveyFile`.
 */

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** An option, a matrix row or a matrix column. `value` is the code stored and exported. */
export interface Choice {
  value: string;
  label: string;
  /** Choosing it asks the respondent for a free text ("其他: ____"). */
  other: boolean;
}

interface QuestionBase {
  id: string;
  title: string;
  description?: string;
  required: boolean;
}

export interface SingleQuestion extends QuestionBase {
  type: 'single';
  options: Choice[];
}

export interface MultiQuestion extends QuestionBase {
  type: 'multi';
  options: Choice[];
  minSelected?: number;
  maxSelected?: number;
}

export interface MatrixQuestion extends QuestionBase {
  type: 'matrix';
  /** false: one column per row (a Likert grid); true: several columns per row. */
  multiple: boolean;
  rows: Choice[];
  columns: Choice[];
}

export type Question = SingleQuestion | MultiQuestion | MatrixQuestion;
export type QuestionKind = Question['type'];

export interface SurveyDefinition {
  id: string;
  title: string;
  intro?: string;
  locale: Locale;
  questions: Question[];
}

/**
 * Who may see a survey's results besides admins (usernames in lower case). Kept apart from
 * the definition: sharing a survey does not make a new version of its questions.
 */
export interface SurveySharing {
  /** Manage the survey and read everything. */
  owners: string[];
  /** Read the results and export them; change nothing. */
  viewers: string[];
}

/** single → "2"; multi → ["1", "3"]; matrix → { "1": "2" } or { "1": ["1", "2"] }. */
export type AnswerValue = string | string[] | Record<string, string | string[]>;

/** A submission once validated: only known questions, only known values. */
export interface ValidSubmission {
  answers: Record<string, AnswerValue>;
  /** Free text of the chosen "other" choice, by question id. */
  other: Record<string, string>;
  /**
   * Every choice as one flat `question=value` string (matrix: `question.row=column`), with
   * `*` and the ids of the answered questions and matrix rows (see `results/counting-keys.ts`),
   * so that counting and filtering can work on one top-level array in the database.
   */
  choices: string[];
}

export const OTHER_TEXT_MAX_LENGTH = 500;
