import path from 'node:path';
import request from 'supertest';
import { fixturesDir, surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const t = useTestApp([everyType, taobao]);

const url = '/api/surveys/every-type/responses';
const valid = () => ({
  answers: { colour: 'x', fruit: ['1', '5'], agree: { r1: '3', r2: '1' }, channels: { '3': ['2'] } },
  other: { colour: 'teal', fruit: 'mango', channels: 'a podcast' },
});
const stored = () => t.database.models.Response.find().lean();

describe('POST /api/surveys/:surveyId/responses stores a valid answer once', () => {
  it('answers 201 with the id and stores answers, other texts, flat choices, version and time', async () => {
    const before = Date.now();
    const res = await request(t.app).post(url).send(valid()).expect(201);
    expect(res.body).toEqual({ id: expect.any(String) });
    const [doc, ...rest] = await stored();
    expect(rest).toHaveLength(0);
    expect(doc).toMatchObject({
      _id: res.body.id,
      surveyId: 'every-type',
      version: 1,
      versionId: expect.stringMatching(/^every-type@[0-9a-f]{16}$/),
      answers: { colour: 'x', fruit: ['1', '5'], agree: { r1: '3', r2: '1' }, channels: { '3': ['2'] } },
      other: { colour: 'teal', fruit: 'mango', channels: 'a podcast' },
      choices: ['*', 'colour', 'colour=x', 'fruit', 'fruit=1', 'fruit=5', 'agree', 'agree.r1', 'agree.r1=3', 'agree.r2', 'agree.r2=1', 'channels', 'channels.3', 'channels.3=2'],
      channel: 'api',
    });
    expect(doc!.submittedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(doc!.client?.addressHash).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(JSON.stringify(doc)).not.toContain('127.0.0.1');
  });

  it('stores a retry with the same Idempotency-Key once and answers it 200 with the same id', async () => {
    const first = await request(t.app).post(url).set('Idempotency-Key', 'form-42').send(valid()).expect(201);
    const again = await request(t.app).post(url).set('Idempotency-Key', 'form-42').send(valid()).expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await stored()).toHaveLength(1);
  });

  it('stores the reference questionnaire answered in Chinese', async () => {
    const answers: Record<string, unknown> = {};
    for (const q of taobao.questions) {
      answers[q.id] = q.type === 'single' ? '2' : q.type === 'multi' ? ['1'] : Object.fromEntries(q.rows.map((r) => [r.value, ['2', '3']]));
    }
    await request(t.app).post('/api/surveys/taobao-2015/responses').send({ answers }).expect(201);
    const [doc] = await stored();
    expect(doc!.choices).toContain('factors.8=3');
  });
});

describe('POST /api/surveys/:surveyId/responses refuses bad input and stores nothing', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a missing required answer', { answers: { colour: '1' } }, /Please answer this question/],
    ['an unknown question', { answers: { ...valid().answers, extra: '1' }, other: valid().other }, /no such question/],
    ['an unknown value', { answers: { ...valid().answers, colour: 'purple' }, other: valid().other }, /not an option/],
    ['a wrong type', { answers: { ...valid().answers, fruit: '1' }, other: valid().other }, /list of option codes/],
    ['too many choices', { answers: { ...valid().answers, fruit: ['1', '2', '3', '4'] }, other: valid().other }, /at most 3/],
    ['extra top-level keys', { ...valid(), meta: {} }, /Unexpected field “meta”/],
    ['an operator instead of a value', { answers: { ...valid().answers, colour: { $gt: '' } }, other: valid().other }, /one option code/],
    ['an operator key', { answers: { ...valid().answers, $set: { colour: '1' } }, other: valid().other }, /no such question/],
    ['oversized other text', { ...valid(), other: { ...valid().other, colour: 'x'.repeat(600) } }, /at most 500/],
    // Exactly the documented shapes: a single answer is one code, never a list of one.
    ['a list for a single-choice answer', { answers: { ...valid().answers, colour: ['x'] }, other: valid().other }, /must be one option code/],
    ['an empty list for an optional single-choice answer', { answers: { ...valid().answers, pet: [] }, other: valid().other }, /must be one option code/],
    ['a list in a one-answer matrix row', { answers: { ...valid().answers, agree: { r1: ['3'], r2: '1' } }, other: valid().other }, /object from row codes to column codes/],
    ['an empty list in a one-answer matrix row', { answers: { ...valid().answers, agree: { r1: [], r2: '1' } }, other: valid().other }, /object from row codes to column codes/],
  ];
  it.each(cases)('refuses %s with 422', async (_name, body, message) => {
    const res = await request(t.app).post(url).send(body as object).expect(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(message) })]));
    expect(await stored()).toHaveLength(0);
  });

  it('refuses __proto__ smuggled into the answers', async () => {
    const body = '{"answers":{"colour":"1","fruit":["1","2"],"agree":{"r1":"1","r2":"1"},"__proto__":{"admin":true}}}';
    const res = await request(t.app).post(url).set('Content-Type', 'application/json').send(body).expect(422);
    expect(res.body.errors).toEqual([{ question: '__proto__', message: 'The survey has no such question.' }]);
    expect(await stored()).toHaveLength(0);
  });

  it('answers 400 to a JSON body that is not JSON, or none', async () => {
    const res = await request(t.app).post(url).set('Content-Type', 'application/json').send('{"answers": ').expect(400);
    expect(res.body.errors[0].message).toMatch(/not valid JSON/);
    await request(t.app).post(url).set('Content-Type', 'application/json').send('"just a string"').expect(400);
    await request(t.app).post(url).set('Content-Type', 'application/json').expect(400);
    expect(await stored()).toHaveLength(0);
  });

  it('answers 415 with a JSON error to anything not sent as application/json, so that no cross-site form can post', async () => {
    // A <form enctype="text/plain"> on another site sends a valid JSON body without a preflight.
    const body = JSON.stringify(valid());
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'text/json']) {
      const res = await request(t.app).post(url).set('Content-Type', type).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').send(body).expect(415);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ errors: [{ question: null, message: 'Send the answers as JSON, with the header Content-Type: application/json.' }] });
    }
    const untyped = await request(t.app).post(url).send(Buffer.from(body)).unset('Content-Type').expect(415);
    expect(untyped.body.errors[0].message).toMatch(/Content-Type: application\/json/);
    expect(await stored()).toHaveLength(0);
    // application/json with its charset is the documented way and is taken.
    await request(t.app).post(url).set('Content-Type', 'application/json; charset=utf-8').send(body).expect(201);
  });

  it('grants no cross-origin preflight, so a page of another site cannot send JSON either', async () => {
    const res = await request(t.app)
      .options(url)
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('answers 413 to an oversized body', async () => {
    const res = await request(t.app).post(url).send({ answers: { colour: 'x'.repeat(100_000) } }).expect(413);
    expect(res.body.errors[0].message).toMatch(/too large/);
  });

  it('answers 404 to an unknown survey, whatever its name', async () => {
    for (const id of ['nope', 'NOPE', '..%2F..%2Fetc', '$where']) {
      const res = await request(t.app).post(`/api/surveys/${id}/responses`).send(valid()).expect(404);
      expect(res.body.errors[0].message).toBe('There is no such survey.');
    }
  });

  it('answers 409 to a closed survey, in the survey language', async () => {
    await t.surveys.setStatus('taobao-2015', 'closed');
    try {
      const res = await request(t.app).post('/api/surveys/taobao-2015/responses').send({ answers: {} }).expect(409);
      expect(res.body.errors[0].message).toBe('这份问卷已停止收集答案。');
    } finally {
      await t.surveys.setStatus('taobao-2015', 'open');
    }
    expect(await stored()).toHaveLength(0);
  });

  it('refuses a malformed Idempotency-Key, saying so in the survey\'s language', async () => {
    const res = await request(t.app).post(url).set('Idempotency-Key', 'x'.repeat(201)).send(valid()).expect(400);
    expect(res.body.errors[0].message).toBe('The Idempotency-Key header must be 1 to 200 visible ASCII characters.');
    expect(await stored()).toHaveLength(0);
  });
});
