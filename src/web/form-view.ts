import type { AnswerError } from '../domain/answers';
import { format, messagesFor, type RespondentMessages } from '../domain/locale/messages';
import { formField, questionType } from '../domain/question-types';
import type { Choice, Question, SurveyDefinition } from '../domain/survey/definition';

/** One question as its partial (`views/questions/<type>.ejs`) draws it. */
export interface QuestionView {
  question: Question;
  number: number;
  hint: string;
  /** What the respondent had chosen, in the API shape (kept when the form comes back). */
  answer: unknown;
  otherText: string;
  error?: string;
  /** Element id of the question, the target of its error link. */
  anchor: string;
  /** The first question with an error takes the focus when the form comes back. */
  autofocus: boolean;
}

export interface FormView {
  survey: SurveyDefinition;
  respondentWords: RespondentMessages;
  questions: QuestionView[];
  errors: { anchor: string; title: string; message: string }[];
  errorSummary: string;
  /** A message above the form (expired page, database unavailable); empty for none. */
  notice: string;
  csrfToken: string;
  formToken: string;
  action: string;
  field: typeof formField;
  isChosen: (answer: unknown, value: string) => boolean;
  isCellChosen: (answer: unknown, row: string, column: string) => boolean;
  twoColumns: (choices: Choice[]) => boolean;
}

function isChosen(answer: unknown, value: string): boolean {
  return Array.isArray(answer) ? answer.includes(value) : answer === value;
}

/** Width of a label in em, roughly: a CJK character is one, anything else a little over a half. */
function labelWidth(label: string): number {
  let width = 0;
  for (const character of label) width += character.codePointAt(0)! >= 0x2e80 ? 1 : 0.55;
  return width;
}

/**
 * True when every choice fits two lines of half a phone's width (about 12 em): such a list
 * is laid out two to a line, which halves its height on a phone.
 */
function twoColumns(choices: Choice[]): boolean {
  return choices.every((c) => labelWidth(c.label) <= 12);
}

function isCellChosen(answer: unknown, row: string, column: string): boolean {
  if (typeof answer !== 'object' || answer === null || !Object.hasOwn(answer, row)) return false;
  return isChosen((answer as Record<string, unknown>)[row], column);
}

/** Everything `views/form.ejs` needs, so that the template only loops and prints. */
export function formView(
  survey: SurveyDefinition,
  state: {
    answers?: Record<string, unknown>;
    otherTexts?: Record<string, string>;
    errors?: AnswerError[];
    notice?: string;
    csrfToken: string;
    formToken: string;
  },
): FormView {
  const t = messagesFor(survey.locale);
  const answers = state.answers ?? {};
  const errors = state.errors ?? [];
  const anchorOf = (id: string) => `q-${id}`;
  const questions = survey.questions.map((question, i): QuestionView => {
    const messages = errors.filter((e) => e.question === question.id).map((e) => e.message);
    return {
      question,
      number: i + 1,
      hint: questionType(question).hint(question, t),
      answer: Object.hasOwn(answers, question.id) ? answers[question.id] : undefined,
      otherText: state.otherTexts?.[question.id] ?? '',
      ...(messages.length ? { error: messages.join(' ') } : {}),
      anchor: anchorOf(question.id),
      autofocus: false,
    };
  });
  const firstError = questions.find((q) => q.error);
  if (firstError) firstError.autofocus = true;
  const withErrors = questions.filter((q) => q.error);
  return {
    survey,
    respondentWords: t,
    questions,
    errors: withErrors.map((q) => ({ anchor: q.anchor, title: `${q.number}. ${q.question.title}`, message: q.error! })),
    errorSummary: withErrors.length === 1 ? t.errorSummaryTitleOne : format(t.errorSummaryTitle, { count: withErrors.length }),
    notice: state.notice ?? '',
    csrfToken: state.csrfToken,
    formToken: state.formToken,
    action: `/s/${survey.id}`,
    field: formField,
    isChosen,
    isCellChosen,
    twoColumns,
  };
}
