import { localize } from './locale/messages';
import { RESPONDENT_KEY } from './results/counting-keys';
import { formField, questionType, type AnswerProblem, type FormFields } from './question-types';
import { unstorableCharacter } from './text-characters';
import {
  OTHER_TEXT_MAX_LENGTH,
  type AnswerValue,
  type Question,
  type SurveyDefinition,
  type ValidSubmission,
} from './survey/definition';

/** One refused part of a submission. `question` is null for a problem with the body itself. */
export interface AnswerError {
  question: string | null;
  message: string;
}

export type SubmissionCheck =
  | { ok: true; submission: ValidSubmission }
  | { ok: false; errors: AnswerError[] };

const TOP_LEVEL_FIELDS = new Set(['answers', 'other']);

export interface CheckOptions {
  /**
   * The body comes from the HTML form: text in an "other" box whose choice is not ticked is
   * dropped instead of refused. Without JavaScript the box is always visible, and unticking
   * the choice is how a respondent takes the text back.
   */
  fromForm?: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Absent, null, or empty in a shape the question takes (`[]` for a multi-choice question,
 * `{}` for a matrix). An empty list for a single-choice question is a wrong shape, not an
 * unanswered question, and is refused like any other.
 */
function isUnanswered(question: Question, answer: unknown): boolean {
  if (answer === undefined || answer === null) return true;
  const type = questionType(question);
  return type.isEmpty(answer) && type.checkAnswer(question, answer).problems.length === 0;
}

/**
 * Checks a submission in the API shape against a survey and returns it cleaned, or every
 * problem found, each in the survey's language. Nothing unknown passes: extra fields,
 * unknown questions or values, operator keys (`$gt`) and `__proto__` are all refused.
 *
 * @example
 * checkSubmission(survey, { answers: { gender: '2', products: ['1', '3'] }, other: {} })
 * // → { ok: true, submission: { answers: {...}, other: {},
 * //      choices: ['*', 'gender', 'gender=2', 'products', 'products=1', 'products=3'] } }
 */
export function checkSubmission(survey: SurveyDefinition, body: unknown, options: CheckOptions = {}): SubmissionCheck {
  const say = (key: Parameters<typeof localize>[1], params?: Record<string, string | number>) =>
    localize(survey.locale, key, params);
  const errors: AnswerError[] = [];

  if (!isPlainObject(body)) return { ok: false, errors: [{ question: null, message: say('bodyNotObject') }] };
  for (const field of Object.keys(body)) {
    if (!TOP_LEVEL_FIELDS.has(field)) errors.push({ question: null, message: say('unexpectedField', { field }) });
  }
  const answers = body.answers ?? {};
  const otherTexts = body.other ?? {};
  if (!isPlainObject(answers)) errors.push({ question: null, message: say('answersNotObject') });
  if (!isPlainObject(otherTexts)) errors.push({ question: null, message: say('otherNotObject') });
  if (errors.length || !isPlainObject(answers) || !isPlainObject(otherTexts)) return { ok: false, errors };

  const questionsById = new Map(survey.questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) {
    if (!questionsById.has(id)) errors.push({ question: id, message: say('unknownQuestion') });
  }
  for (const id of Object.keys(otherTexts)) {
    if (!questionsById.has(id)) errors.push({ question: id, message: say('unknownQuestion') });
  }

  const submission: ValidSubmission = { answers: {}, other: {}, choices: [RESPONDENT_KEY] };
  for (const question of survey.questions) {
    const problems = checkOneQuestion(question, answers, otherTexts, submission, options);
    for (const p of problems) errors.push({ question: question.id, message: say(p.key, p.params) });
  }
  return errors.length ? { ok: false, errors } : { ok: true, submission };
}

/** Checks one question's answer and other text; on success adds them to `submission`. */
function checkOneQuestion(
  question: Question,
  answers: Record<string, unknown>,
  otherTexts: Record<string, unknown>,
  submission: ValidSubmission,
  options: CheckOptions,
): AnswerProblem[] {
  const type = questionType(question);
  const answer = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
  const rawText = Object.hasOwn(otherTexts, question.id) ? otherTexts[question.id] : undefined;
  if (rawText !== undefined && rawText !== null && typeof rawText !== 'string') {
    return [{ key: 'otherExpectedString' }];
  }
  const text = typeof rawText === 'string' ? rawText.trim() : '';

  if (isUnanswered(question, answer)) {
    if (text && !options.fromForm) return [{ key: 'otherNotAllowed' }];
    return question.required ? [{ key: 'answerRequired' }] : [];
  }
  const checked = type.checkAnswer(question, answer);
  if (checked.problems.length || checked.value === undefined) return checked.problems;
  const value: AnswerValue = checked.value;
  if (question.required) {
    const incomplete = type.checkComplete(question, value);
    if (incomplete.length) return incomplete;
  }

  const other = type.chosenOther(question, value);
  if (other && !text) return [{ key: 'otherRequired', params: { label: other.label } }];
  if (other && text.length > OTHER_TEXT_MAX_LENGTH) {
    return [{ key: 'otherTooLong', params: { label: other.label, max: OTHER_TEXT_MAX_LENGTH } }];
  }
  const unstorable = other ? unstorableCharacter(text) : null;
  if (other && unstorable) {
    const key = unstorable.kind === 'control' ? 'otherControlCharacter' : 'otherBrokenCharacter';
    return [{ key, params: { label: other.label, code: unstorable.code } }];
  }
  if (!other && text && !options.fromForm) {
    const otherChoice = questionType(question).otherChoice(question);
    return otherChoice
      ? [{ key: 'otherNotChosen', params: { label: otherChoice.label } }]
      : [{ key: 'otherNotAllowed' }];
  }

  submission.answers[question.id] = value;
  if (other) submission.other[question.id] = text;
  submission.choices.push(...type.countingKeys(question, value));
  return [];
}

/**
 * Turns a submitted HTML form into the API shape, so that both paths share one validator.
 * Every "other" box that holds text is read; `checkSubmission(…, { fromForm: true })`
 * then drops the text of a choice that is not ticked.
 */
export function submissionFromForm(survey: SurveyDefinition, form: FormFields): { answers: Record<string, unknown>; other: Record<string, string> } {
  const answers: Record<string, unknown> = {};
  const other: Record<string, string> = {};
  for (const question of survey.questions) {
    const answer = questionType(question).readForm(question, form);
    if (answer !== undefined && !isUnanswered(question, answer)) answers[question.id] = answer;
    const text = form.values(formField.other(question.id))[0];
    if (text) other[question.id] = text;
  }
  return { answers, other };
}
