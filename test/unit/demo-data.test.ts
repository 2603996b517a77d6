import fs from 'node:fs';
import path from 'node:path';
import { figuresOff, type PublishedChoiceQuestion, type PublishedMatrixQuestion, type PublishedStudy } from '../../src/demo/published-study';
import { taobaoDemoResponses, type DemoResponse } from '../../src/demo/taobao-2015';
import { checkSubmission } from '../../src/domain/answers';
import { surveyFromFile, surveysDir } from '../support/test-app';

/**
 * The figures are counted here with plain loops over the answer bodies, from the study's
 * published figures (the repository's copy of the reference file, so that a clone anywhere
 * runs this), with codes taken as the options' positions in the study's lists.
 */
const referenceFile = path.join(__dirname, '..', '..', 'src', 'demo', 'taobao-2015-published.json');
const reference = JSON.parse(fs.readFileSync(referenceFile, 'utf8')) as PublishedStudy;
const survey = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const responses: DemoResponse[] = taobaoDemoResponses(survey);

type Answers = DemoResponse['body']['answers'];

function published(id: string): PublishedChoiceQuestion {
  const question = reference.questions.find((q) => q.id === id);
  if (!question || question.type === 'matrix') throw new Error(`no published choice question ${id}`);
  return question;
}
const factors = reference.questions.find((q) => q.type === 'matrix') as PublishedMatrixQuestion;

/** The code of a label: its 1-based position in the study's list. */
const position = (labels: string[], label: string) => {
  const index = labels.indexOf(label);
  if (index < 0) throw new Error(`no label ${label}`);
  return String(index + 1);
};

function chose(answers: Answers, questionId: string, labels: string[]): boolean {
  const codes = labels.map((label) => position(published(questionId).options, label));
  const answer = answers[questionId];
  if (Array.isArray(answer)) return answer.some((code) => codes.includes(code));
  return typeof answer === 'string' && codes.includes(answer);
}

function countWhere(test: (answers: Answers) => boolean, among: DemoResponse[] = responses): number {
  let count = 0;
  for (const response of among) if (test(response.body.answers)) count++;
  return count;
}

describe('the published figures in the repository', () => {
  it('are a faithful copy of the reference file beside the project', () => {
    const copy = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'demo', 'taobao-2015-published.json'), 'utf8'));
    expect(copy).toEqual(reference);
  });

  it('list every option, row and column in the order of the survey file, so that codes are positions', () => {
    for (const question of reference.questions) {
      const inSurvey = survey.questions.find((q) => q.id === question.id)!;
      if (question.type === 'matrix' && inSurvey.type === 'matrix') {
        expect(inSurvey.rows.map((r) => [r.value, r.label])).toEqual(question.rows.map((label, i) => [String(i + 1), label]));
        expect(inSurvey.columns.map((c) => [c.value, c.label])).toEqual(question.columns.map((label, i) => [String(i + 1), label]));
      } else if (question.type !== 'matrix' && inSurvey.type !== 'matrix') {
        expect(inSurvey.options.map((o) => [o.value, o.label])).toEqual(question.options.map((label, i) => [String(i + 1), label]));
      } else {
        throw new Error(`${question.id} is a ${inSurvey.type} in the survey and a ${question.type} in the study`);
      }
    }
  });
});

describe('the demo responses of taobao-2015', () => {
  it('are as many as the study had respondents, each with its own id', () => {
    expect(responses).toHaveLength(reference.respondents);
    expect(responses.map((r) => r.id)).toEqual(Array.from({ length: 269 }, (_, i) => `demo-taobao-2015-${String(i + 1).padStart(3, '0')}`));
  });

  it('each pass the survey\'s own validation, as the API applies it', () => {
    const refused = responses
      .map((r) => ({ id: r.id, check: checkSubmission(survey, r.body) }))
      .filter(({ check }) => !check.ok);
    expect(refused).toEqual([]);
  });

  it('answer every question, with at least one tick in every multi-choice question and every matrix row', () => {
    for (const { id, body } of responses) {
      for (const question of reference.questions) {
        const answer = body.answers[question.id];
        if (question.type === 'single') expect([id, question.id, typeof answer]).toEqual([id, question.id, 'string']);
        if (question.type === 'multi') expect([id, question.id, Array.isArray(answer) && answer.length > 0]).toEqual([id, question.id, true]);
        if (question.type === 'matrix') {
          for (let row = 1; row <= question.rows.length; row++) {
            const cell = (answer as Record<string, string[]>)[String(row)];
            expect([id, row, Array.isArray(cell) && cell.length > 0]).toEqual([id, row, true]);
          }
        }
      }
    }
  });

  it('give every single- and multi-choice option exactly its published count', () => {
    for (const question of reference.questions) {
      if (question.type === 'matrix' || !question.counts) continue;
      const counted: Record<string, number> = {};
      for (const label of question.options) {
        const code = position(question.options, label);
        counted[label] = countWhere((answers) => {
          const answer = answers[question.id];
          return Array.isArray(answer) ? answer.includes(code) : answer === code;
        });
      }
      expect({ question: question.id, counts: counted }).toEqual({ question: question.id, counts: question.counts });
    }
  });

  it('give every cell of the factors matrix exactly its published count', () => {
    const counted: Record<string, number[]> = {};
    for (const row of factors.rows) {
      counted[row] = factors.columns.map(() => 0);
      const rowCode = position(factors.rows, row);
      for (const { body } of responses) {
        const ticked = (body.answers.factors as Record<string, string[]>)[rowCode] ?? [];
        for (const columnCode of ticked) counted[row]![Number(columnCode) - 1]! += 1;
      }
    }
    expect(counted).toEqual(factors.counts);
  });

  it('reproduce the browse × age crosstab, its cells and its totals', () => {
    const table = reference.crosstabs.find((t) => t.row === 'browse' && t.col === 'age')!;
    const cells = table.rows.map((browse) =>
      table.cols.map((age) => countWhere((a) => chose(a, 'browse', [browse]) && chose(a, 'age', [age]))),
    );
    expect(cells).toEqual(table.counts);
    expect(table.rows.map((browse) => countWhere((a) => chose(a, 'browse', [browse])))).toEqual(table.row_totals);
    expect(table.cols.map((age) => countWhere((a) => chose(a, 'age', [age])))).toEqual(table.col_totals);
    expect(countWhere((a) => chose(a, 'browse', table.rows) && chose(a, 'age', table.cols))).toBe(table.total);
  });

  it('reproduce the subgroup facts: 39 women, 45 within 5 years and 30 at 100-500元 among 50 daily browsers; 16 men among 19 rare ones', () => {
    expect(reference.subgroup_facts).toHaveLength(2);
    for (const subgroup of reference.subgroup_facts) {
      const members = responses.filter(({ body }) =>
        Object.entries(subgroup.filter).every(([questionId, labels]) => chose(body.answers, questionId, labels)),
      );
      expect({ filter: subgroup.filter, size: members.length }).toEqual({ filter: subgroup.filter, size: subgroup.size });
      for (const fact of subgroup.facts) {
        const count = countWhere((a) => chose(a, fact.question, fact.options), members);
        expect({ filter: subgroup.filter, fact: fact.options, count }).toEqual({ filter: subgroup.filter, fact: fact.options, count: fact.count });
      }
    }
  });

  it('give every chosen "other" a short text, the study\'s own where it quotes one, and no text otherwise', () => {
    for (const question of reference.questions) {
      if (question.type === 'matrix' || !question.other_option) continue;
      const otherCode = position(question.options, question.other_option);
      const texts: string[] = [];
      for (const { id, body } of responses) {
        const answer = body.answers[question.id];
        const chosen = Array.isArray(answer) ? answer.includes(otherCode) : answer === otherCode;
        const text = body.other[question.id];
        expect([id, question.id, chosen]).toEqual([id, question.id, text !== undefined]);
        if (text !== undefined) {
          expect(text.trim().length).toBeGreaterThan(0);
          expect(text.length).toBeLessThanOrEqual(20);
          texts.push(text);
        }
      }
      for (const quoted of question.other_texts_reported ?? []) expect(texts).toContain(quoted);
    }
    expect(responses.flatMap((r) => Object.keys(r.body.other)).every((id) => published(id).other_option)).toBe(true);
  });

  it('give the unpublished income plausibly: students mostly 0元, nobody under 18 above 7000元, no 0元 outside students', () => {
    const income = published('income').options;
    const student = (a: Answers) => chose(a, 'occupation', ['学生']);
    const students = countWhere(student);
    expect(countWhere((a) => student(a) && chose(a, 'income', ['0元(学生请选择此项)']))).toBeGreaterThanOrEqual(0.8 * students);
    expect(countWhere((a) => chose(a, 'age', ['18岁以下']) && chose(a, 'income', ['7000元以上']))).toBe(0);
    expect(countWhere((a) => !student(a) && chose(a, 'income', ['0元(学生请选择此项)']))).toBe(0);
    // Every income level is used by someone, so that the question's results are not empty.
    for (const label of income) expect([label, countWhere((a) => chose(a, 'income', [label])) > 0]).toEqual([label, true]);
  });

  it('are spread over the study\'s fieldwork, 2015-11-18 to 2015-12-05 in China, ids in the order of submission', () => {
    const first = Date.parse('2015-11-18T00:00:00+08:00');
    const end = Date.parse('2015-12-06T00:00:00+08:00');
    const times = responses.map((r) => r.submittedAt.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(first);
    expect(Math.max(...times)).toBeLessThan(end);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const days = new Set(responses.map((r) => new Date(r.submittedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10)));
    expect(days.size).toBe(18);
  });

  it('are the same on every run', () => {
    expect(taobaoDemoResponses(survey)).toEqual(responses);
  });
});

describe('the generator\'s own check of the published figures', () => {
  it('passes the demo responses and names each figure a changed response puts off', () => {
    const bodies = responses.map((r) => structuredClone(r.body));
    expect(figuresOff(survey, bodies, reference)).toEqual([]);
    // Respondent 1 changes gender: both gender counts move, and so does a subgroup if theirs.
    const flipped = bodies[0]!;
    const wasWoman = flipped.answers.gender === '2';
    flipped.answers.gender = wasWoman ? '1' : '2';
    const off = figuresOff(survey, bodies, reference);
    expect(off).toEqual(
      expect.arrayContaining([
        `gender 男: ${wasWoman ? 89 : 87}, published 88`,
        `gender 女: ${wasWoman ? 180 : 182}, published 181`,
      ]),
    );
  });
});
