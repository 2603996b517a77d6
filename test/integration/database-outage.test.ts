import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Database } from '../../src/storage/database';
import { SurveyStore } from '../../src/storage/survey-store';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database';
import { appOn, fixturesDir, surveyFromFile } from '../support/test-app';

/**
 * The database is provoked into failing for real: its own FerretDB is frozen (SIGSTOP) and
 * then killed, while the app keeps serving. Nothing here is mocked.
 */
describe('when the database goes away', () => {
  let own: OwnDatabase;
  let database: Database;
  let app: ReturnType<typeof appOn>['app'];
  /** What the app logged; shown when a test fails, since a 500 here means an unclassified error. */
  const logged: string[] = [];

  beforeAll(async () => {
    own = await startOwnDatabase('outage');
    database = own.database;
    // No reuse of a survey's state: every request meets the outage.
    const surveys = new SurveyStore(database.models, 0);
    await surveys.registerDefinition(surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json')));
    app = appOn(database, surveys, pino({ level: 'warn' }, { write: (line: string) => logged.push(line) })).app;
  });
  afterEach(() => {
    const unexpected = logged.filter((line) => line.includes('unexpected error'));
    if (unexpected.length) process.stderr.write(`app errors during the outage:\n${unexpected.join('')}`);
    logged.length = 0;
  });
  afterAll(() => own.close());

  const answer = { answers: { colour: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '2' } } };

  it('answers 503 within seconds while the database is frozen, and recovers when it is back', async () => {
    await request(app).get('/healthz').expect(200);
    process.kill(own.ferretPid, 'SIGSTOP');
    try {
      const started = Date.now();
      const res = await request(app).post('/api/surveys/every-type/responses').send(answer);
      expect(res.status).toBe(503);
      expect(res.body.errors[0].message).toBe('The database cannot be reached just now. Please try again shortly.');
      expect(res.headers['retry-after']).toBeDefined();
      expect(Date.now() - started).toBeLessThan(15_000);
      await request(app).get('/healthz').expect(503);
    } finally {
      process.kill(own.ferretPid, 'SIGCONT');
    }
    await request(app).get('/healthz').expect(200);
    await request(app).post('/api/surveys/every-type/responses').send(answer).expect(201);
  });

  it('keeps serving clear 503s once the database process is gone, and the form keeps every answer', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/s/every-type').expect(200);
    const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text)![1]!;
    process.kill(own.ferretPid, 'SIGKILL');

    const api = await request(app).post('/api/surveys/every-type/responses').send(answer).expect(503);
    expect(api.body).toEqual({ errors: [{ question: null, message: expect.stringMatching(/cannot be reached/) }] });
    await request(app).get('/healthz').expect(503);

    const form = await agent
      .post('/s/every-type')
      .type('form')
      .send(new URLSearchParams([['_csrf', hidden('_csrf')], ['_form', hidden('_form')], ['q.colour', '2'], ['q.fruit', '1'], ['q.fruit', '3'], ['q.agree.r1', '1'], ['q.agree.r2', '3']]).toString());
    expect(form.status).toBe(503);
    expect(form.text).toContain('The server cannot save answers at the moment. Everything you entered is still here');
    expect(form.text).toMatch(/id="q-colour-2" name="q.colour" value="2" checked/);
    expect(form.text).toMatch(/id="q-fruit-1" name="q.fruit" value="1" checked/);
    expect(form.text).toMatch(/id="q-agree-r2-3" name="q.agree.r2" value="3" checked/);
    expect(new RegExp('name="_form" value="([^"]+)"').exec(form.text)![1]).toBe(hidden('_form'));
    // A page view is a 503 too, not a crash.
    const view = await request(app).get('/s/every-type').expect(503);
    expect(view.text).toContain('Could not save just now');
  });
});
