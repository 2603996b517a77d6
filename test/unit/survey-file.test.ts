import fs from 'node:fs';
import path from 'node:path';
import { parseSurveyFile, formatProblem, problemSentence, type SurveyFileProblem } from '../../src/domain/survey/survey-file';
import { loadSurveyFolder } from '../../src/domain/survey/survey-folder';
import { fixturesDir, surveysDir } from '../support/test-app';

const minimal = (questions: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'demo', title: 'Demo', questions, ...extra }, null, 2);

/** The sentence a problem is said in, in English (the language of commands and the default). */
const english = (problem: SurveyFileProblem | undefined) => (problem ? problemSentence(problem, 'en') : undefined);

function problems(text: string): string[] {
  const result = parseSurveyFile('demo.json', text);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${english(p)}`);
}

function definition(text: string) {
  const result = parseSurveyFile('demo.json', text);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.definition;
}

const single = { id: 'q1', type: 'single', title: 'Pick one', options: ['A', 'B'] };

describe('a valid survey file', () => {
  it('loads the reference questionnaire with its 20 questions and question 11 as a multi-select matrix', () => {
    const survey = definition(fs.readFileSync(path.join(surveysDir, 'taobao-2015.json'), 'utf8'));
    expect(survey.questions).toHaveLength(20);
    expect(survey.locale).toBe('zh-CN');
    const factors = survey.questions.find((q) => q.id === 'factors');
    expect(factors).toMatchObject({ type: 'matrix', multiple: true });
    const occupation = survey.questions.find((q) => q.id === 'occupation');
    expect(occupation?.type === 'single' && occupation.options.at(-1)).toEqual({ value: '5', label: '其他', other: true });
  });

  it('gives choices their 1-based position as code unless a value is given', () => {
    const survey = definition(minimal([{ ...single, options: ['A', { value: 'b', label: 'B' }, 'C'] }]));
    const q = survey.questions[0]!;
    expect(q.type === 'single' && q.options.map((o) => o.value)).toEqual(['1', 'b', '3']);
  });

  it('fills the defaults: required, one answer per matrix row, English words', () => {
    const survey = definition(minimal([{ id: 'm', type: 'matrix', title: 'M', rows: ['r'], columns: ['c'] }]));
    expect(survey.locale).toBe('en');
    expect(survey.questions[0]).toMatchObject({ required: true, multiple: false });
  });

  it('accepts a file saved with a byte-order mark', () => {
    expect(problems(`\uFEFF${minimal([single])}`)).toEqual([]);
  });
});

describe('a wrong survey file is refused with its path, line and a plain sentence', () => {
  it('names the line and column of a JSON syntax error', () => {
    const result = parseSurveyFile('bad.json', '{\n  "id": "a",\n  "title": "b"\n  "questions": []\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: 'bad.json', line: 4, column: 3 });
    expect(english(result.problems[0])).toMatch(/comma/);
  });

  it('refuses an empty file', () => {
    expect(problems('')).toEqual([': invalid JSON: a value is expected here (is there a comma too many?)']);
  });

  it('refuses comments and trailing commas', () => {
    expect(problems('{ // note\n "id": "a" }')[0]).toMatch(/comments are not allowed/);
    expect(problems('{ "id": "a", }')[0]).toMatch(/comma too many/);
  });

  it('refuses a property written twice', () => {
    expect(problems('{ "id": "a", "id": "b", "title": "t", "questions": [] }')).toEqual([
      'id: "id" appears twice in the same object; keep one',
    ]);
  });

  it('refuses a wrong type, naming what was found', () => {
    expect(problems(minimal([{ ...single, title: 42 }]))).toEqual(['questions[0].title: must be text in double quotes, found number 42']);
  });

  it('refuses an unknown question type and lists the known ones', () => {
    expect(problems(minimal([{ ...single, type: 'radio' }]))).toContain(
      'questions[0].type: must be one of "single", "multi", "matrix", found text "radio"',
    );
  });

  it('refuses a misspelt property and suggests the right one', () => {
    const { options, ...rest } = single;
    expect(problems(minimal([{ ...rest, optons: options }]))).toEqual([
      'questions[0]: a single question needs "options"',
      'questions[0].optons: unknown property "optons"; did you mean "options"?',
    ]);
  });

  it('refuses a property that belongs to another question type', () => {
    expect(problems(minimal([{ ...single, rows: ['r'] }]))).toEqual([
      'questions[0].rows: "rows" does not belong to a single question',
    ]);
  });

  it('points at the wrong choice inside a list', () => {
    const result = parseSurveyFile('demo.json', minimal([single, { ...single, id: 'q2', options: ['A', 'B', 7] }]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ path: 'questions[1].options[2]' });
    expect(english(result.problems[0])).toBe('must be a label (text) or an object with a "label", found number 7');
    expect(result.problems[0]!.line).toBeGreaterThan(10);
  });

  it('refuses ids that cannot be addresses or column names', () => {
    expect(problems(JSON.stringify({ id: 'My Survey', title: 't', questions: [single] }))[0]).toMatch(/^id: "My Survey" is not allowed: a survey id/);
    expect(problems(minimal([{ ...single, id: 'Q-1' }]))[0]).toMatch(/^questions\[0\].id: "Q-1" is not allowed: a question id/);
    expect(problems(minimal([{ ...single, options: [{ value: 'a b', label: 'A' }] }]))[0]).toMatch(/only letters, digits, _ and -/);
  });

  it('refuses a duplicate question id, naming the first use', () => {
    expect(problems(minimal([single, { ...single, title: 'Again' }]))).toEqual([
      'questions[1].id: question id "q1" is already used by questions[0]; ids must be unique',
    ]);
  });

  it('refuses a duplicate option code, including one that collides with a position', () => {
    expect(problems(minimal([{ ...single, options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] }]))).toEqual([
      'questions[0].options[1].value: code "a" is already used by [0]; codes must be unique in a list',
    ]);
    expect(problems(minimal([{ ...single, options: [{ value: '2', label: 'A' }, 'B'] }]))[0]).toMatch(
      /^questions\[0\].options\[1\]: code "2" is already used by \[0\] \(a choice without "value" gets its position/,
    );
  });

  it('refuses two options with the same label', () => {
    expect(problems(minimal([{ ...single, options: ['A', 'A'] }]))).toEqual(['questions[0].options[1]: label "A" is already used by [0]']);
  });

  it('refuses maxSelected above the number of options, and minSelected above maxSelected', () => {
    const multi = { id: 'm', type: 'multi', title: 'Many', options: ['A', 'B', 'C'] };
    expect(problems(minimal([{ ...multi, maxSelected: 4 }]))).toEqual([
      'questions[0].maxSelected: maxSelected is 4 but the question has only 3 options',
    ]);
    expect(problems(minimal([{ ...multi, minSelected: 3, maxSelected: 2 }]))).toEqual([
      'questions[0].minSelected: minSelected (3) is larger than maxSelected (2)',
    ]);
    expect(problems(minimal([{ ...multi, minSelected: 0 }]))).toEqual(['questions[0].minSelected: must be at least 1, found number 0']);
  });

  it('refuses a matrix without columns, or with empty columns', () => {
    expect(problems(minimal([{ id: 'm', type: 'matrix', title: 'M', rows: ['r'] }]))).toEqual(['questions[0]: a matrix question needs "columns"']);
    expect(problems(minimal([{ id: 'm', type: 'matrix', title: 'M', rows: ['r'], columns: [] }]))).toEqual([
      'questions[0].columns: needs at least 1 entry',
    ]);
  });

  it('refuses more than one "other" choice per question, and "other" on a matrix column', () => {
    const others = [{ label: 'X', other: true }, { label: 'Y', other: true }];
    expect(problems(minimal([{ ...single, options: others }]))[0]).toMatch(/^questions\[0\].options\[1\].other: only one choice/);
    expect(problems(minimal([{ id: 'm', type: 'matrix', title: 'M', rows: ['r'], columns: [{ label: 'c', other: true }] }]))[0]).toMatch(
      /^questions\[0\].columns\[0\].other: a matrix column cannot take text/,
    );
  });

  it('refuses a survey without questions, and an unknown locale', () => {
    expect(problems(minimal([]))).toEqual(['questions: needs at least 1 entry']);
    expect(problems(minimal([single], { locale: 'fr' }))).toEqual(['locale: must be one of "zh-CN", "en", found text "fr"']);
  });
});

describe('a folder of survey files', () => {
  it('loads the good files and reports each wrong one without stopping', async () => {
    const folder = await loadSurveyFolder(path.join(fixturesDir, 'broken-surveys'));
    expect(folder.surveys.map((s) => s.definition.id)).toEqual(['still-fine']);
    const files = [...new Set(folder.problems.map((p) => path.basename(p.file)))].sort();
    expect(files).toEqual(['duplicate-id.json', 'empty.json', 'matrix-without-columns.json', 'same-survey-id.json', 'syntax-error.json']);
    expect(english(folder.problems.find((p) => p.file.endsWith('same-survey-id.json')))).toMatch(/already used by .*a-valid\.json/);
  });

  it('accepts every survey shipped in surveys/', async () => {
    expect((await loadSurveyFolder(surveysDir)).problems).toEqual([]);
  });

  it('reports a folder that does not exist', async () => {
    expect(english((await loadSurveyFolder('/no/such/folder')).problems[0])).toMatch(/does not exist/);
  });
});

describe('what a researcher reads for a wrong value', () => {
  it('names JSON types in plain words', () => {
    expect(problems('[]')).toEqual([': must be an object { … }, found a list']);
    expect(problems(minimal([{ ...single, required: 'yes' }]))).toEqual(['questions[0].required: must be true or false, found text "yes"']);
    expect(problems(minimal([{ id: 'q', title: 'No type', options: ['a'] }]))[0]).toBe(
      'questions[0]: the question needs "type": "single", "multi" or "matrix"',
    );
  });

  it('lists problems in the order of the file', () => {
    const result = parseSurveyFile('demo.json', minimal([{ ...single, options: [] }], { pages: [] }));
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['questions[0].options', 'pages']);
  });
});
