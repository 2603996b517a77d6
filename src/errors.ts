import type { AnswerError } from './domain/answers';

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

export class SurveyNotFoundError extends AppError {
  constructor(readonly surveyId: string) {
    super(404, `No survey "${surveyId}"`);
  }
}

export class SurveyClosedError extends AppError {
  constructor(readonly surveyId: string) {
    super(409, `The survey "${surveyId}" is closed and takes no more responses`);
  }
}

export class InvalidSubmissionError extends AppError {
  constructor(readonly errors: AnswerError[]) {
    super(422, 'The submission was refused; nothing was stored');
  }
}
