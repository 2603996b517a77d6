import path from 'node:path';
import request from 'supertest';
import type { SurveyDefinition } from '../../src/domain/survey/definition';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { codesIn, randomAnswer, seededRandom, type AnswerBody } from '../support/random-answers';
import { fixturesDir, surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const t = useTestApp([everyType, taobao], { clearResponsesBeforeEach: false });

let token = '';
const api = (url: string) => request(t.app).get(url).set('Authorization', `Bearer ${token}`);

const bodies: AnswerBody[] = [];
const next = seededRandom(20261125);

beforeAll(async () => {
  const accounts = new AccountService(new AccountStore(t.database.models), t.secret);
  await accounts.createUser('ana', 'researcher', 'a long enough password');
  token = (await accounts.createToken('ana', 'tests', 'read')).token;
  for (let i = 0; i < 120; i++) {
    const body = randomAnswer(everyType, next);
    bodies.push(body);
    await request(t.app).post('/api/surveys/every-type/responses').send(body).expect(201);
  }
  await t.resultCounts.flush();
});

/** Respondents whose answers satisfy `keep`, counted with plain loops over the answer objects. */
function independentTally(survey: SurveyDefinition, list: AnswerBody[]) {
  const tally: Record<string, { answered: number; counts: number[] }> = {};
  for (const question of survey.questions) {
    const variables = question.type === 'matrix' ? question.rows.map((r) => ({ id: `${question.id}.${r.value}`, row: r.value as string | undefined, choices: question.columns })) : [{ id: question.id, row: undefined, choices: question.options }];
    for (const v of variables) {
      const answeredBy = list.filter((b) => codesIn(b, question, v.row).length > 0);
      tally[v.id] = { answered: answeredBy.length, counts: v.choices.map((c) => answeredBy.filter((b) => codesIn(b, question, v.row).includes(c.value)).length) };
    }
    if (question.type === 'matrix') tally[question.id] = { answered: list.filter((b) => b.answers[question.id] !== undefined).length, counts: [] };
  }
  return tally;
}

/** The same shape from the API's answer. */
function apiTally(results: { questions: { id: string; type: string; answered: number; options?: { count: number }[]; rows?: { value: string; answered: number; columns: { count: number }[] }[] }[] }) {
  const tally: Record<string, { answered: number; counts: number[] }> = {};
  for (const q of results.questions) {
    if (q.type === 'matrix') {
      tally[q.id] = { answered: q.answered, counts: [] };
      for (const row of q.rows!) tally[`${q.id}.${row.value}`] = { answered: row.answered, counts: row.columns.map((c) => c.count) };
    } else tally[q.id] = { answered: q.answered, counts: q.options!.map((o) => o.count) };
  }
  return tally;
}

describe('GET /api/surveys/:surveyId/results', () => {
  it('answers 401 without a token and with a junk one', async () => {
    await request(t.app).get('/api/surveys/every-type/results').expect(401);
    await request(t.app).get('/api/surveys/every-type/results').set('Authorization', 'Bearer lk_junk').expect(401);
  });

  it('counts every question from the kept counts exactly as a count of the answers does', async () => {
    const res = await api('/api/surveys/every-type/results').expect(200);
    expect(res.body.respondents).toBe(120);
    expect(apiTally(res.body)).toEqual(independentTally(everyType, bodies));
  });

  it('reads the kept counts, not the responses: a response stored behind their back is not seen until a recount', async () => {
    const stored = await t.database.models.Response.findOne({ surveyId: 'every-type' }).lean();
    // A copy under a new id, written straight to the collection: no kept count knows of it.
    await t.database.models.Response.collection.insertOne({ ...stored!, _id: 'zz-unseen' as never });
    try {
      expect((await api('/api/surveys/every-type/results').expect(200)).body.respondents).toBe(120);
    } finally {
      await t.database.models.Response.collection.deleteOne({ _id: 'zz-unseen' as never });
    }
  });

  it('has the documented shape: percents of those who answered with two decimals and their 95 % interval', async () => {
    const res = await api('/api/surveys/every-type/results').expect(200);
    expect(res.body).toMatchObject({ survey: { id: 'every-type', version: 1 }, versions: [{ version: 1, respondents: 120, counted: true }] });
    // 1.959964 × √(0.25 / 120) = 0.08946
    expect(res.body.marginOfError).toBe(8.95);
    const colour = res.body.questions[0];
    expect(Object.keys(colour)).toEqual(['id', 'type', 'title', 'answered', 'options', 'other']);
    const first = colour.options[0];
    expect(first.percent).toBe(Math.round((first.count / colour.answered) * 10000) / 100);
    expect(first.ci95[0]).toBeLessThan(first.percent);
    expect(first.ci95[1]).toBeGreaterThan(first.percent);
    expect(colour.other).toEqual({ count: bodies.filter((b) => b.answers.colour === 'x').length });
    const channels = res.body.questions[4];
    expect(Object.keys(channels.rows[0])).toEqual(['value', 'label', 'answered', 'columns']);
    expect(Object.keys(channels.rows[0].columns[0])).toEqual(['value', 'label', 'count', 'percent', 'ci95']);
  });

  it('restricts every tally to a subgroup, by aggregation, as a count of the answers does', async () => {
    const res = await api('/api/surveys/every-type/results?where=colour:1,x&where=agree.r2:3').expect(200);
    const members = bodies.filter((b) => ['1', 'x'].includes(b.answers.colour as string) && (b.answers.agree as Record<string, string>).r2 === '3');
    expect(members.length).toBeGreaterThan(5);
    expect(res.body.respondents).toBe(members.length);
    expect(apiTally(res.body)).toEqual(independentTally(everyType, members));
  });

  it('refuses a subgroup it cannot read with 400 and every reason', async () => {
    const res = await api('/api/surveys/every-type/results?where=size:1&where=agree:1&where=colour:9').expect(400);
    expect(res.body.errors[0].message).toBe(
      'The survey has no question “size”. “agree” is a matrix: filter on one of its rows, for example agree.r1 “9” is not a code of “colour”.',
    );
    await api('/api/surveys/every-type/results?version=0').expect(400);
    // One language per page: a malformed parameter is named in the survey's language, as its
    // figures and the service's own reasons are, whatever the browser asks for.
    const en = await api('/api/surveys/every-type/results?version=two').set('Accept-Language', 'zh-CN').expect(400);
    expect(en.body.errors[0].message).toBe('The parameter “version” must be a whole number from 1.');
    const zh = await api('/api/surveys/taobao-2015/results?version=two').set('Accept-Language', 'en').expect(400);
    expect(zh.body.errors[0].message).toBe('参数“version”应为正整数。');
    const twice = await api('/api/surveys/every-type/crosstab?row=colour&row=pet&col=agree.r1').expect(400);
    expect(twice.body.errors[0].message).toBe('The parameter “row” may be given only once.');
    const flag = await api('/api/surveys/every-type/export/responses.csv?labels=yes').expect(400);
    expect(flag.body.errors[0].message).toBe('The parameter “labels” must be 0 or 1.');
    await api('/api/surveys/every-type/results?version=7').expect(400);
    await api('/api/surveys/nope/results').expect(404);
  });
});

describe('GET /api/surveys/:surveyId/crosstab', () => {
  it('counts respondents per pair of answers as a count of the answers does, with chi-square for two one-answer variables', async () => {
    const res = await api('/api/surveys/every-type/crosstab?row=colour&col=agree.r1').expect(200);
    const both = bodies.filter((b) => b.answers.colour !== undefined && (b.answers.agree as Record<string, string> | undefined)?.r1 !== undefined);
    const expected = ['1', '2', 'x'].map((c) => ['1', '2', '3'].map((a) => both.filter((b) => b.answers.colour === c && (b.answers.agree as Record<string, string>).r1 === a).length));
    expect(res.body.counts).toEqual(expected);
    expect(res.body.total).toBe(both.length);
    expect(res.body.rowTotals).toEqual(expected.map((row) => row.reduce((a, b) => a + b, 0)));
    expect(res.body.chiSquare).toMatchObject({ df: 4 });
    expect(res.body.residuals).toHaveLength(3);
  });

  it('counts a multi-choice variable in every cell it chose, with no chi-square', async () => {
    const res = await api('/api/surveys/every-type/crosstab?row=fruit&col=channels.1').expect(200);
    const both = bodies.filter((b) => codesIn(b, everyType.questions[2]!).length && codesIn(b, everyType.questions[4]!, '1').length);
    const expected = ['1', '2', '3', '4', '5'].map((f) => ['1', '2'].map((c) => both.filter((b) => codesIn(b, everyType.questions[2]!).includes(f) && codesIn(b, everyType.questions[4]!, '1').includes(c)).length));
    expect(res.body.counts).toEqual(expected);
    expect(res.body).toMatchObject({ total: both.length, chiSquare: null, residuals: null });
  });

  it('refuses a missing or unknown variable with 400', async () => {
    await api('/api/surveys/every-type/crosstab?row=colour').expect(400);
    const res = await api('/api/surveys/every-type/crosstab?row=colour&col=agree').expect(400);
    expect(res.body.errors[0].message).toContain('agree.r1');
  });
});

describe('GET /api/surveys/:surveyId/other/:questionId', () => {
  it('lists the texts of a question newest first, twenty to a page', async () => {
    const res = await api('/api/surveys/every-type/other/colour').expect(200);
    const written = bodies.filter((b) => b.answers.colour === 'x').map((b) => b.other.colour);
    expect(res.body.count).toBe(written.length);
    expect(res.body.texts.map((x: { text: string }) => x.text)).toEqual(written.reverse().slice(0, 20));
    await api('/api/surveys/every-type/other/pet').expect(400);
    await api('/api/surveys/every-type/other/colour?page=0').expect(400);
  });
});
