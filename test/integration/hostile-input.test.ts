import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { checkSubmission } from '../../src/domain/answers';
import { appOn, fixturesDir, surveyFromFile, useTestApp } from '../support/test-app';

const survey = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const t = useTestApp([survey]);

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['colour', 'pet', 'fruit', 'agree', 'channels', 'r1', 'r2', '1', '3', 'x', '$gt', '$where', '__proto__', 'constructor', 'prototype', 'polluted', 'a.b', '', '答'];
const SCALARS: unknown[] = ['1', '2', '3', 'x', '9', '', ' ', 'r1', 1, 0, -1, 1e308, true, false, null, '$ne', '<script>', '其他', 'a'.repeat(600)];

/**
 * Sets `key` as an own property even when it is `__proto__` (an assignment would set the
 * object's prototype instead, and JSON.stringify would then never send the key).
 */
function put(object: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function value(next: () => number, depth: number): unknown {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const roll = next();
  if (depth > 3 || roll < 0.45) return pick(SCALARS);
  if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) put(object, pick(KEYS), value(next, depth + 1));
  return object;
}

/** What a prototype-pollution attempt puts where a merge would copy it onto Object.prototype. */
const POLLUTION = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as Record<string, unknown>;

/** Mostly-plausible bodies: a valid answer with one to three parts replaced by junk. */
function hostileBody(next: () => number): unknown {
  const body: Record<string, unknown> = {
    answers: { colour: 'x', fruit: ['1', '2'], agree: { r1: '1', r2: '3' } },
    other: { colour: 'teal' },
  };
  for (let i = 1 + Math.floor(next() * 3); i > 0; i--) {
    const target = next() < 0.5 ? (body.answers as Record<string, unknown>) : next() < 0.7 ? (body.other as Record<string, unknown>) : body;
    if (next() < 0.1) for (const [key, attempt] of Object.entries(POLLUTION)) put(target, key, attempt);
    else put(target, KEYS[Math.floor(next() * KEYS.length)]!, value(next, 0));
  }
  return next() < 0.05 ? value(next, 0) : body;
}

/** A filled form's fields, mostly plausible, some junk: names of every kind, values of every kind. */
const FORM_NAMES = ['q.colour', 'q.pet', 'q.fruit', 'q.agree.r1', 'q.agree.r2', 'q.agree.r3', 'q.channels.1', 'q.channels.3', 'other.colour', 'other.fruit', 'other.channels', 'other.pet', 'q.nope', '__proto__[polluted]', 'constructor[prototype][polluted]', 'q.agree.__proto__', 'q.__proto__', '_form', '_csrf', ''];
const FORM_VALUES = ['1', '2', '3', '4', '5', 'x', 'r1', '', ' ', '$ne', '<script>', '其他', 'a'.repeat(600), 'yes'];
function hostileForm(next: () => number): [string, string][] {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const fields: [string, string][] = [['q.colour', '1'], ['q.fruit', '1'], ['q.fruit', '2'], ['q.agree.r1', '1'], ['q.agree.r2', '3']];
  for (let i = Math.floor(next() * 4); i > 0; i--) {
    if (next() < 0.4) fields.splice(Math.floor(next() * fields.length), 1);
    fields.push([pick(FORM_NAMES), pick(FORM_VALUES)]);
  }
  return fields;
}

/** A page of the form as a browser gets it: the agent keeps its cookie; its key and token go first. */
async function openForm() {
  const agent = request.agent(t.app);
  const page = await agent.get('/s/every-type').expect(200);
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text)![1]!;
  return { agent, tokens: new URLSearchParams([['_csrf', hidden('_csrf')], ['_form', hidden('_form')]]).toString() };
}

describe('hostile and malformed submissions', () => {
  afterAll(() => {
    // Nothing reached an object's prototype, through either path.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('are answered 201, 400, 413 or 422 by the API (never 500), and only valid ones are stored', async () => {
    const next = random(20261124);
    const statuses: Record<number, number> = {};
    let expectedStored = 0;
    for (let i = 0; i < 300; i++) {
      const body = hostileBody(next);
      const text = JSON.stringify(body) ?? 'null';
      const res = await request(t.app).post('/api/surveys/every-type/responses').set('Content-Type', 'application/json').send(text);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      expect([201, 400, 413, 422]).toContain(res.status);
      const valid = checkSubmission(survey, JSON.parse(text)).ok;
      expect(res.status === 201).toBe(valid);
      if (valid) expectedStored++;
      if (res.status === 422) expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect(statuses[422]).toBeGreaterThan(100);
    expect(statuses[201]).toBeGreaterThan(0);
    const stored = await t.database.models.Response.find().lean();
    expect(stored).toHaveLength(expectedStored);
    for (const doc of stored) {
      expect(checkSubmission(survey, { answers: doc.answers, other: doc.other ?? {} }).ok).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('are answered 303, 413 or 422 on the form, past its anti-forgery check (never 500), and only valid ones are stored', async () => {
    const next = random(20261125);
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 150; i++) {
      const { agent, tokens } = await openForm();
      const res = await agent.post('/s/every-type').type('form').send(`${tokens}&${new URLSearchParams(hostileForm(next))}`);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      expect([303, 413, 422]).toContain(res.status);
      // The validator's answer, not the anti-forgery check's: the form back with its errors listed.
      if (res.status === 422) expect(res.text).toMatch(/<h2 id="error-summary-title">(\d+ answers need|One answer needs) a change<\/h2>/);
    }
    expect(statuses[303]).toBeGreaterThan(10);
    expect(statuses[422]).toBeGreaterThan(30);
    const stored = await t.database.models.Response.find().lean();
    expect(stored).toHaveLength(statuses[303]!);
    for (const doc of stored) {
      expect(checkSubmission(survey, { answers: doc.answers, other: doc.other ?? {} }).ok).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survive garbage bodies of every kind on the form and the API', async () => {
    const junk = ['', '{', '[]', 'null', '\u0000\u0001', '%%%', '&&==&', 'a=1&a=2&'.repeat(2000), '{"answers":'.repeat(100), Buffer.alloc(70_000, 0x41).toString()];
    const { agent, tokens } = await openForm();
    for (const body of junk) {
      const api = await request(t.app).post('/api/surveys/every-type/responses').set('Content-Type', 'application/json').send(body);
      expect([400, 413, 422]).toContain(api.status);
      // With the page's own key and token, so that the garbage reaches the form's reader and validator.
      const form = await agent.post('/s/every-type').type('form').send(`${tokens}&${body}`);
      expect(form.status).toBe(422);
      expect(form.text).toContain('answers need a change');
    }
    const tooLarge = await agent.post('/s/every-type').type('form').send(`${tokens}&${'a'.repeat(110_000)}`);
    expect(tooLarge.status).toBe(413);
    const badCharset = await request(t.app).post('/api/surveys/every-type/responses').set('Content-Type', 'application/json; charset=koi8-r').send('{}');
    expect(badCharset.status).toBe(415);
    expect(await t.database.models.Response.countDocuments()).toBe(0);
  });
});

describe('junk addresses', () => {
  it('answer 400 for a malformed escape, never 500, in the format the client asked for', async () => {
    const logged: string[] = [];
    const { app } = appOn(t.database, t.surveys, pino({ level: 'info' }, { write: (line: string) => logged.push(line) }));
    const page = await request(app).get('/s/%ZZ').set('Accept', 'text/html').set('Accept-Language', 'zh-CN').expect(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('这个网址无效。');
    const json = await request(app).get('/s/%ZZ').set('Accept', 'application/json').expect(400);
    expect(json.body).toEqual({ errors: [{ question: null, message: 'This address is not valid.' }] });
    const api = await request(app).post('/api/surveys/%E0%A4%A/responses').set('Content-Type', 'application/json').send('{}').expect(400);
    expect(api.body).toEqual({ errors: [{ question: null, message: 'This address is not valid.' }] });
    await request(app).get('/s/%E0%A4%A/thanks').expect(400);
    await request(app).post('/s/%ZZ').type('form').send('q.colour=1').expect(400);
    expect(logged.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});
