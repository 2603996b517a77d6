import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { defaultPaths } from '../../src/paths';
import { errorHandler } from '../../src/web/error-handler';

/** An error as body-parser and raw-body raise it (http-errors): a status and a `type`. */
function httpError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: status < 500, type });
}

/**
 * The central error handler alone, behind routes that fail the way Express and its body
 * parsers fail; the real ones are provoked where HTTP allows it, the rest are raised as
 * those libraries raise them.
 */
function appFailingWith(errors: Record<string, Error>) {
  const logged: string[] = [];
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', defaultPaths.views);
  app.post('/json', express.json({ limit: '1kb' }), (_req, res) => void res.json({ ok: true }));
  app.post('/form', express.urlencoded({ extended: false, parameterLimit: 5 }), (_req, res) => void res.json({ ok: true }));
  for (const [name, error] of Object.entries(errors)) {
    app.all(`/fail/${name}`, () => {
      throw error;
    });
  }
  app.use(errorHandler(pino({ level: 'info' }, { write: (line: string) => logged.push(line) })));
  return { app, logged };
}

describe('the central error handler keeps the status an error carries', () => {
  const raised = {
    'size-invalid': httpError(400, 'request.size.invalid', 'request size did not match content length'),
    aborted: httpError(400, 'request.aborted', 'request aborted'),
    'verify-failed': httpError(403, 'entity.verify.failed', 'invalid signature'),
    'method-not-allowed': Object.assign(new Error('nope'), { status: 405 }),
    'stream-not-readable': httpError(500, 'stream.not.readable', 'stream is not readable'),
    'bad-gateway': Object.assign(new Error('upstream'), { statusCode: 502 }),
  };
  const { app, logged } = appFailingWith(raised);
  afterEach(() => {
    logged.length = 0;
  });

  it.each([
    ['size-invalid', 400, 'The request could not be read.'],
    ['aborted', 400, 'The request could not be read.'],
    ['verify-failed', 403, 'The request could not be completed.'],
    ['method-not-allowed', 405, 'The request could not be completed.'],
  ])('answers %s with its own status %i, as JSON to a client asking for JSON', async (name, status, message) => {
    const res = await request(app).post(`/fail/${name}`).set('Accept', 'application/json').expect(status);
    expect(res.body).toEqual({ errors: [{ question: null, message }] });
    expect(logged.join('')).not.toContain('unexpected error');
  });

  it('answers a page to a browser, in its language', async () => {
    const res = await request(app).post('/fail/size-invalid').set('Accept', 'text/html,*/*;q=0.8').set('Accept-Language', 'zh-CN').expect(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('无法读取这个请求。');
  });

  it('keeps a 5xx status too, but logs it and shows no detail', async () => {
    const res = await request(app).get('/fail/bad-gateway').set('Accept', 'application/json').expect(502);
    expect(res.body.errors[0].message).toBe('Something went wrong on the server. Please try again shortly.');
    await request(app).get('/fail/stream-not-readable').set('Accept', 'application/json').expect(500);
    expect(logged.filter((l) => l.includes('unexpected error'))).toHaveLength(2);
  });

  it('answers the body parsers own refusals with their statuses', async () => {
    await request(app).post('/json').set('Content-Type', 'application/json').send('{"a":').expect(400);
    await request(app).post('/json').set('Content-Type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(2000) })).expect(413);
    await request(app).post('/json').set('Content-Type', 'application/json; charset=koi8-r').send('{}').expect(415);
    await request(app).post('/json').set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send('{}').expect(415);
    await request(app).post('/form').type('form').send('a=1&b=2&c=3&d=4&e=5&f=6').expect(413);
    expect(logged.join('')).not.toContain('unexpected error');
  });
});
