import path from 'node:path';
import { checkSubmission, submissionFromForm, type SubmissionCheck } from '../../src/domain/answers';
import type { FormFields } from '../../src/domain/question-types';
import { parseSurveyFile } from '../../src/domain/survey/survey-file';
import { fixturesDir, surveyFromFile, surveysDir } from '../support/test-app';

const survey = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));

/** A complete, valid answer to every-type.json; tests change one thing at a time. */
const valid = () => ({
  answers: {
    colour: '1',
    fruit: ['1', '2'],
    agree: { r1: '3', r2: '1' },
  } as Record<string, unknown>,
  other: {} as Record<string, unknown>,
});

/** The reference questionnaire answered in full: the first option (and two of a multi-choice). */
function completeTaobaoAnswers(): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of taobao.questions) {
    answers[q.id] = q.type === 'single' ? '1' : q.type === 'multi' ? ['1', '2'] : Object.fromEntries(q.rows.map((r) => [r.value, ['1']]));
  }
  return answers;
}

function errorsOf(check: SubmissionCheck) {
  return check.ok ? [] : check.errors;
}

function refused(body: unknown, question: string | null, message: RegExp) {
  const check = checkSubmission(survey, body);
  expect(check.ok).toBe(false);
  expect(errorsOf(check)).toEqual(expect.arrayContaining([{ question, message: expect.stringMatching(message) }]));
}

describe('a valid submission', () => {
  it('is accepted and flattened into the keys results count: respondent, answered questions and rows, choices', () => {
    const check = checkSubmission(survey, valid());
    expect(check).toEqual({
      ok: true,
      submission: {
        answers: { colour: '1', fruit: ['1', '2'], agree: { r1: '3', r2: '1' } },
        other: {},
        choices: ['*', 'colour', 'colour=1', 'fruit', 'fruit=1', 'fruit=2', 'agree', 'agree.r1', 'agree.r1=3', 'agree.r2', 'agree.r2=1'],
      },
    });
  });

  it('keeps the text of a chosen "other" option, trimmed', () => {
    const body = valid();
    body.answers.colour = 'x';
    body.other.colour = '  teal ';
    const check = checkSubmission(survey, body);
    expect(check.ok && check.submission.other).toEqual({ colour: 'teal' });
  });

  it('stores choices in the order of the survey, whatever order they came in', () => {
    const body = valid();
    body.answers.fruit = ['3', '1'];
    body.answers.agree = { r2: '1', r1: '3' };
    const check = checkSubmission(survey, body);
    expect(check.ok && check.submission.answers).toMatchObject({ fruit: ['1', '3'], agree: { r1: '3', r2: '1' } });
  });

  it('accepts an optional question left out, null or empty', () => {
    // A single-choice answer has no empty form but null: `[]` is refused as a wrong shape.
    for (const [pet, channels] of [[undefined, undefined], [null, null], [undefined, {}], [null, { '1': [], '2': null }]]) {
      const body = valid();
      body.answers.pet = pet;
      body.answers.channels = channels;
      expect(errorsOf(checkSubmission(survey, body))).toEqual([]);
    }
  });

  it('accepts several columns in a row of a multi-select matrix, and part of an optional matrix', () => {
    const body = valid();
    body.answers.channels = { '1': ['1', '2'] };
    const check = checkSubmission(survey, body);
    expect(check.ok && check.submission.choices).toEqual(expect.arrayContaining(['channels', 'channels.1', 'channels.1=1', 'channels.1=2']));
    expect(check.ok && check.submission.choices).not.toContain('channels.2');
  });

  it('accepts the reference questionnaire answered in full, in Chinese', () => {
    expect(errorsOf(checkSubmission(taobao, { answers: completeTaobaoAnswers() }))).toEqual([]);
  });
});

describe('a submission is refused, with every problem named by question', () => {
  it('refuses a missing required answer', () => refused({ answers: { fruit: ['1', '2'], agree: { r1: '1', r2: '1' } } }, 'colour', /^Please answer this question/));

  it('refuses an unknown question', () => {
    const body = valid();
    body.answers.shoe_size = '42';
    refused(body, 'shoe_size', /no such question/);
  });

  it('refuses an unknown option value', () => {
    const body = valid();
    body.answers.colour = '9';
    refused(body, 'colour', /“9” is not an option/);
  });

  it('refuses a wrong type for each question type', () => {
    for (const [question, answer, message] of [
      ['colour', 1, /one option code/],
      ['colour', { a: 1 }, /one option code/],
      ['fruit', '1', /list of option codes/],
      ['fruit', [1, 2], /list of option codes/],
      ['agree', ['3'], /object from row codes/],
      ['agree', { r1: 3, r2: '1' }, /object from row codes/],
    ] as const) {
      const body = valid();
      body.answers[question] = answer;
      refused(body, question, message);
    }
  });

  it('refuses two answers to a single-choice question', () => {
    const body = valid();
    body.answers.colour = ['1', '2'];
    refused(body, 'colour', /only one option/);
  });

  it('refuses too few and too many choices', () => {
    const body = valid();
    body.answers.fruit = ['1'];
    refused(body, 'fruit', /at least 2/);
    body.answers.fruit = ['1', '2', '3', '4'];
    refused(body, 'fruit', /at most 3/);
  });

  it('refuses the same option twice', () => {
    const body = valid();
    body.answers.fruit = ['1', '1'];
    refused(body, 'fruit', /chosen twice/);
  });

  it('refuses an unanswered row of a required matrix, naming it', () => {
    const body = valid();
    body.answers.agree = { r1: '1' };
    refused(body, 'agree', /every row: Statement two/);
  });

  it('refuses an unknown row or column, and two columns in a one-answer row', () => {
    const body = valid();
    body.answers.agree = { r1: '1', r2: '1', r3: '1' };
    refused(body, 'agree', /“r3” is not a row/);
    body.answers.agree = { r1: '7', r2: '1' };
    refused(body, 'agree', /“7” is not a column/);
    body.answers.agree = { r1: ['1', '2'], r2: '1' };
    refused(body, 'agree', /only one answer in the row “Statement one”/);
  });

  it('requires the text of a chosen "other" option, and refuses text for an option not chosen', () => {
    const body = valid();
    body.answers.colour = 'x';
    refused(body, 'colour', /Please specify “Other colour”/);
    body.other.colour = '   ';
    refused(body, 'colour', /Please specify/);
    const notChosen = valid();
    notChosen.other.colour = 'teal';
    refused(notChosen, 'colour', /“Other colour” is not chosen/);
    const noOther = valid();
    noOther.answers.pet = '1';
    noOther.other.pet = 'a lizard';
    refused(noOther, 'pet', /no choice that takes text/);
  });

  it('refuses oversized other text', () => {
    const body = valid();
    body.answers.colour = 'x';
    body.other.colour = 'a'.repeat(501);
    refused(body, 'colour', /at most 500 characters/);
  });

  it.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['a vertical tab', 'a\u000Bb', 'U+000B'],
    ['a form feed', 'a\u000Cb', 'U+000C'],
    ['an escape', '\u001B[31mred', 'U+001B'],
    ['DEL', 'a\u007F', 'U+007F'],
    ['NEL', 'one\u0085two', 'U+0085'],
    ['another C1 control', 'a\u009Bb', 'U+009B'],
  ])('refuses %s in an "other" text, naming the character', (_name, text, code) => {
    const body = valid();
    body.answers.colour = 'x';
    body.other.colour = text;
    refused(body, 'colour', new RegExp(`^The text for “Other colour” contains the invisible character ${code.replace('+', '\\+')}, which cannot be stored`));
  });

  it('refuses half of a surrogate pair in an "other" text: it is not text, and would be stored as U+FFFD', () => {
    const body = valid();
    body.answers.colour = 'x';
    for (const text of ['a\uD83Db', 'a\uDE00', '\uD83D']) {
      body.other.colour = text;
      refused(body, 'colour', /^The text for “Other colour” contains a broken character \(U\+D[8E][0-9A-F]{2}/);
    }
  });

  it('keeps tabs, line breaks and everything printable in an "other" text', () => {
    const body = valid();
    body.answers.colour = 'x';
    body.other.colour = 'line one\r\nline\ttwo\nthree 中文 😀 \u2028 é';
    const check = checkSubmission(survey, body);
    expect(check.ok && check.submission.other.colour).toBe('line one\r\nline\ttwo\nthree 中文 😀 \u2028 é');
  });

  it('says what a refused character is in Chinese for a Chinese survey, naming the question', () => {
    const check = checkSubmission(taobao, {
      answers: { ...completeTaobaoAnswers(), occupation: '5' },
      other: { occupation: '教师\u0000' },
    });
    expect(errorsOf(check)).toEqual([{ question: 'occupation', message: expect.stringMatching(/^“其他”的内容含有看不见的字符 U\+0000/) }]);
  });

  it('refuses extra top-level fields, operator keys and __proto__', () => {
    refused({ ...valid(), respondent: 'me' }, null, /Unexpected field “respondent”/);
    const withOperator = valid();
    withOperator.answers.$where = 'sleep(1000)';
    refused(withOperator, '$where', /no such question/);
    refused(JSON.parse('{"answers":{"colour":"1","fruit":["1","2"],"agree":{"r1":"1","r2":"1"},"__proto__":{"x":1}}}'), '__proto__', /no such question/);
    refused(JSON.parse('{"answers":{"colour":"1","fruit":["1","2"],"agree":{"r1":"1","r2":"1","__proto__":"1"}}}'), 'agree', /“__proto__” is not a row/);
    refused({ answers: { ...valid().answers, colour: { $ne: null } } }, 'colour', /one option code/);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'answers', 42]) refused(body, null, /must be a JSON object/);
    refused({ answers: [] }, null, /“answers” must be an object/);
  });

  it('lists every problem at once, in the survey language', () => {
    const check = checkSubmission(taobao, { answers: { gender: '3' } });
    expect(errorsOf(check)).toHaveLength(20);
    expect(errorsOf(check)[0]).toEqual({ question: 'gender', message: '“3”不是此题的选项。' });
    expect(errorsOf(check)[1]).toEqual({ question: 'age', message: '请回答此题。' });
  });
});

describe('an HTML form becomes the same answer shape', () => {
  const form = (fields: [string, string][]): FormFields => ({
    values: (name) => fields.filter(([n]) => n === name).map(([, v]) => v),
  });

  it('reads radios, checkboxes and matrix rows', () => {
    const body = submissionFromForm(
      survey,
      form([['q.colour', '2'], ['q.fruit', '1'], ['q.fruit', '3'], ['q.agree.r1', '1'], ['q.agree.r2', '2'], ['q.channels.1', '1'], ['q.channels.1', '2']]),
    );
    expect(body).toEqual({
      answers: { colour: '2', fruit: ['1', '3'], agree: { r1: '1', r2: '2' }, channels: { '1': ['1', '2'] } },
      other: {},
    });
    expect(checkSubmission(survey, body).ok).toBe(true);
  });

  it('keeps "other" text only when its option is ticked', () => {
    const fromForm = (fields: [string, string][]) => {
      const check = checkSubmission(survey, submissionFromForm(survey, form([...fields, ['q.fruit', '1'], ['q.fruit', '2'], ['q.agree.r1', '1'], ['q.agree.r2', '1']])), { fromForm: true });
      return check.ok ? check.submission.other : check.errors;
    };
    expect(fromForm([['q.colour', 'x'], ['other.colour', 'teal']])).toEqual({ colour: 'teal' });
    expect(fromForm([['q.colour', '1'], ['other.colour', 'teal']])).toEqual({});
    // Text for an optional question left unanswered is dropped too.
    expect(fromForm([['q.colour', '1'], ['other.channels', 'radio']])).toEqual({});
    // The API, unlike the form, refuses such text.
    const api = checkSubmission(survey, submissionFromForm(survey, form([['q.colour', '1'], ['other.colour', 'teal'], ['q.fruit', '1'], ['q.fruit', '2'], ['q.agree.r1', '1'], ['q.agree.r2', '1']])));
    expect(errorsOf(api)).toEqual([{ question: 'colour', message: 'Text for “Other colour” was given, but “Other colour” is not chosen.' }]);
  });

  it('passes two values for a radio on to the validator, which refuses them', () => {
    const body = submissionFromForm(survey, form([['q.colour', '1'], ['q.colour', '2']]));
    expect(errorsOf(checkSubmission(survey, body))).toEqual(expect.arrayContaining([{ question: 'colour', message: 'Choose only one option.' }]));
  });
});

describe('ids and codes that are names of object properties', () => {
  const tricky = (() => {
    const result = parseSurveyFile(
      'tricky.json',
      JSON.stringify({
        id: 'tricky',
        title: 'Tricky names',
        questions: [
          { id: 'constructor', type: 'single', title: 'A', options: [{ value: 'toString', label: 'x' }, { value: 'valueOf', label: 'y' }] },
          { id: 'hasownproperty', type: 'matrix', title: 'B', rows: [{ value: 'constructor', label: 'r' }, { value: 'prototype', label: 's' }], columns: [{ value: 'toString', label: 'c' }] },
        ],
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.definition;
  })();

  it('are ordinary ids and codes, never inherited values', () => {
    expect(checkSubmission(tricky, { answers: { constructor: 'toString', hasownproperty: { constructor: 'toString', prototype: 'toString' } } })).toEqual({
      ok: true,
      submission: {
        answers: { constructor: 'toString', hasownproperty: { constructor: 'toString', prototype: 'toString' } },
        other: {},
        choices: ['*', 'constructor', 'constructor=toString', 'hasownproperty', 'hasownproperty.constructor', 'hasownproperty.constructor=toString', 'hasownproperty.prototype', 'hasownproperty.prototype=toString'],
      },
    });
    expect(errorsOf(checkSubmission(tricky, { answers: { constructor: 'toString', hasownproperty: { constructor: 'toString' } } }))).toEqual([
      { question: 'hasownproperty', message: 'Please answer every row: s' },
    ]);
    expect(errorsOf(checkSubmission(tricky, { answers: {} })).map((e) => e.message)).toEqual(['Please answer this question.', 'Please answer this question.']);
  });
});
