import type { AnswerError } from './domain/answers';
import type { Locale } from './domain/survey/definition';

/**
 * Errors that carry their HTTP status. The central error handler turns them into a page or
 * JSON; anything that is not one of these becomes a logged 500 with no detail shown.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * An error whose message is written when it is answered, in the language of the page it
 * answers for (`pageLocale`: the survey's on a survey's respondent and results pages, else the
 * browser's), so that one page never speaks two languages.
 */
export class LocalizedError extends AppError {
  constructor(
    status: number,
    readonly messageIn: (locale: Locale) => string,
  ) {
    super(status, messageIn('en'));
  }
}

export class SurveyNotFoundError extends AppError {
  constructor(readonly surveyId: string) {
    super(404, `No survey "${surveyId}"`);
  }
}

export class SurveyClosedError extends AppError {
  /** `survey`: its title and language, for the page that says it is closed. */
  constructor(
    readonly surveyId: string,
    readonly survey?: { title: string; locale: Locale },
  ) {
    super(409, `The survey "${surveyId}" is closed and takes no more responses`);
  }
}

export class InvalidSubmissionError extends AppError {
  constructor(readonly errors: AnswerError[]) {
    super(422, 'The submission was refused; nothing was stored');
  }
}

/** A results request the service cannot answer as asked, with every reason in the survey's language. */
export class InvalidResultsQueryError extends AppError {
  constructor(readonly messages: string[]) {
    super(400, messages.join(' '));
  }
}

/**
 * The first result of an aggregation is still being computed, since `since`: a page shows that
 * it is still counting (202) and reloads itself.
 */
export class AggregationPendingError extends AppError {
  constructor(readonly since: Date) {
    super(202, 'the aggregation is still being computed');
  }
}
