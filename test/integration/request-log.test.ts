import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { batchedDestination, createLogger } from '../../src/logger';
import { SurveyStore } from '../../src/storage/survey-store';
import { errorHandler } from '../../src/web/error-handler';
import { requestLog } from '../../src/web/request-log';
import { appOn, dropDatabase, fixturesDir, freshDatabase, resultCountsOn, surveyFromFile } from '../support/test-app';

/** What the logger handed its destination, in order: each line, and each time it asked for the lines to be written out. */
function recordingDestination() {
  const events: ({ line: Record<string, unknown> } | 'flush')[] = [];
  return {
    events,
    write: (line: string) => void events.push({ line: JSON.parse(line) as Record<string, unknown> }),
    flush: () => void events.push('flush'),
    lines: () => events.flatMap((e) => (e === 'flush' ? [] : [e.line])),
  };
}
type Recording = ReturnType<typeof recordingDestination>;

/** The request lines for `url` logged so far, each with whether a flush came after it and before the next line. */
function requestLines(recording: Recording, url: string) {
  const found: { line: Record<string, unknown>; flushed: boolean }[] = [];
  recording.events.forEach((event, i) => {
    if (event === 'flush' || (event.line.req as { url?: string } | undefined)?.url !== url) return;
    const next = recording.events.slice(i + 1).find((e) => e === 'flush' || 'line' in e);
    found.push({ line: event.line, flushed: next === 'flush' });
  });
  return found;
}

/** The line is written when the response has gone out, which can be just after the client has it. */
async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('the request log: one line per request, and a refused one written out at once', () => {
  const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
  const url = '/api/surveys/every-type/responses';
  const recording = recordingDestination();
  let t: { app: ReturnType<typeof appOn>['app']; close(): Promise<void> };

  beforeAll(async () => {
    const database = await freshDatabase();
    const surveys = new SurveyStore(database.models);
    await surveys.registerDefinition(everyType);
    const resultCounts = resultCountsOn(database);
    await resultCounts.start();
    const { app } = appOn(database, surveys, createLogger('info', recording), { resultCounts });
    t = {
      app,
      close: async () => {
        await resultCounts.stop();
        await dropDatabase(database);
      },
    };
  });
  afterAll(() => t.close());
  beforeEach(() => void recording.events.splice(0));

  it('logs a stored response with its method, path, status and time, and nothing it was sent', async () => {
    const answers = { colour: 'x', fruit: ['1', '5'], agree: { r1: '3', r2: '1' } };
    await request(t.app).post(url).set('Cookie', 'secret=do-not-log').send({ answers, other: { colour: 'teal-secret', fruit: 'mango' } }).expect(201);
    await settled();
    const [logged, ...more] = requestLines(recording, url);
    expect(more).toHaveLength(0);
    expect(logged!.line).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'POST', url }, res: { statusCode: 201 } });
    expect(logged!.line.responseTime).toEqual(expect.any(Number));
    expect(Object.keys(logged!.line.req as object)).toEqual(['method', 'url']);
    expect(JSON.stringify(logged!.line)).not.toMatch(/do-not-log|teal-secret|127\.0\.0\.1/);
    // A stored response's line may wait for the next batch.
    expect(logged!.flushed).toBe(false);
  });

  it.each([
    ['a body that is not JSON (400)', 400, () => request(t.app).post(url).set('Content-Type', 'application/json').send('{"answers":')],
    ['another content type (415)', 415, () => request(t.app).post(url).set('Content-Type', 'text/plain').send('{}')],
    ['an invalid answer (422)', 422, () => request(t.app).post(url).send({ answers: { colour: 'no such code' } })],
    ['a body above the limit (413)', 413, () => request(t.app).post(url).send({ answers: {}, other: { colour: 'x'.repeat(70_000) } })],
  ])('logs %s and has it written out at once', async (_name, status, send) => {
    await send().expect(status);
    await settled();
    const [logged, ...more] = requestLines(recording, url);
    expect(more).toHaveLength(0);
    expect(logged!.line).toMatchObject({ msg: 'request completed', req: { method: 'POST', url }, res: { statusCode: status } });
    expect(logged!.flushed).toBe(true);
  });

  it('logs a request for an unknown survey (404) and has it written out at once', async () => {
    await request(t.app).post('/api/surveys/no-such-survey/responses').send({ answers: {} }).expect(404);
    await settled();
    const [logged] = requestLines(recording, '/api/surveys/no-such-survey/responses');
    expect(logged).toMatchObject({ line: { res: { statusCode: 404 } }, flushed: true });
  });

  it('logs no line for the health check', async () => {
    await request(t.app).get('/healthz').expect(200);
    await settled();
    expect(recording.lines()).toEqual([]);
  });
});

describe('the request log: failed and abandoned requests', () => {
  function appWith(recording: Recording) {
    const logger = createLogger('info', recording);
    const app = express();
    const logRequest = requestLog(logger);
    app.use((req, res, next) => {
      logRequest(req, res);
      next();
    });
    app.get('/fails', () => {
      throw new Error('a bug');
    });
    app.get('/never-answers', () => {});
    app.use(errorHandler(logger));
    return app;
  }

  it('logs a 5xx as "request errored" beside the error handler\'s own line, both written out at once', async () => {
    const recording = recordingDestination();
    await request(appWith(recording)).get('/fails').expect(500);
    await settled();
    expect(recording.lines().map((l) => l.msg)).toEqual(['unexpected error', 'request errored']);
    expect(requestLines(recording, '/fails')).toEqual([{ line: expect.objectContaining({ res: { statusCode: 500 } }), flushed: true }]);
    expect(recording.events[1]).toBe('flush');
  });

  it('logs a request whose client went away before the answer as "request aborted", without a status', async () => {
    const recording = recordingDestination();
    const server = http.createServer(appWith(recording));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = http.get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/never-answers`);
      client.on('error', () => {});
      while (recording.lines().length === 0) {
        if (client.socket && !client.destroyed) client.destroy();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(requestLines(recording, '/never-answers')).toEqual([
        { line: expect.objectContaining({ msg: 'request aborted', res: { statusCode: null } }), flushed: true },
      ]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('the logger of the server process', () => {
  it('writes out a warning at once with the lines waiting before it, and an info line only in its batch', () => {
    const recording = recordingDestination();
    const logger = createLogger('info', recording);
    logger.info('first');
    logger.info('second');
    expect(recording.events.filter((e) => e === 'flush')).toHaveLength(0);
    logger.warn('a warning');
    expect(recording.events.at(-1)).toBe('flush');
    logger.error('an error');
    expect(recording.events.map((e) => (e === 'flush' ? e : e.line.msg))).toEqual(['first', 'second', 'a warning', 'flush', 'an error', 'flush']);
  });

  it('writes a flood of lines, each flushed at once, in a few writes and syncs, and loses none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-log-'));
    const syncs = jest.spyOn(fs, 'fsync');
    try {
      const file = path.join(dir, 'stdout.log');
      // No batch is written by the clock in this test: only the flushes write.
      const logger = createLogger('info', batchedDestination(file, 60_000));
      for (let i = 0; i < 1000; i++) {
        logger.info({ i }, 'refused');
        logger.flush();
      }
      const written = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
      while (written().length < 1000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(written().map((l) => (JSON.parse(l) as { i: number }).i)).toEqual([...Array(1000).keys()]);
      expect(syncs.mock.calls.length).toBeLessThan(20);
    } finally {
      syncs.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loses no line waiting in its batch when the process dies of an uncaught exception', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-log-'));
    try {
      const file = path.join(dir, 'stdout.log');
      const out = fs.openSync(file, 'w');
      const script = path.join(__dirname, '..', 'support', 'log-then-crash.ts');
      const result = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', timeout: 30_000 });
      fs.closeSync(out);
      expect(result.stderr).toContain('the crash the test provokes');
      expect(result.status).not.toBe(0);
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
      expect(lines.map((l) => l.msg)).toEqual(['waiting in the batch 1', 'waiting in the batch 2']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
