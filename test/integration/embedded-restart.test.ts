import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import type { Database } from '../../src/storage/database';
import { SurveyStore } from '../../src/storage/survey-store';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database';
import { appOn, fixturesDir, surveyFromFile } from '../support/test-app';

describe('the embedded database crashes under the running server', () => {
  let own: OwnDatabase;
  let database: Database;
  let dataDir: string;
  const restarts: string[] = [];

  beforeAll(async () => {
    own = await startOwnDatabase('crash', { supervise: true, progress: (m) => restarts.push(m) });
    ({ database, dataDir } = own);
  });
  afterAll(() => own.close());

  it('is restarted on its port, the app recovers by itself, and no stored response is lost', async () => {
    const surveys = new SurveyStore(database.models, 0);
    await surveys.registerDefinition(surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json')));
    const { app } = appOn(database, surveys);
    const answer = { answers: { colour: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '2' } } };
    const url = '/api/surveys/every-type/responses';
    for (let i = 0; i < 20; i++) await request(app).post(url).send(answer).expect(201);

    const record = () => JSON.parse(fs.readFileSync(path.join(dataDir, 'ferretdb', 'server.json'), 'utf8'));
    const before = record();
    process.kill(before.pid, 'SIGKILL');

    // Respondents keep submitting through the crash: each gets a 201 (the driver retries a
    // write once, and the restart usually comes first) or a clear 503.
    const statuses: number[] = [];
    let healthy = false;
    for (let waited = 0; waited < 20_000 && !healthy; waited += 250) {
      statuses.push((await request(app).post(url).send(answer)).status);
      healthy = record().pid !== before.pid && (await request(app).get('/healthz')).status === 200;
      if (!healthy) await sleep(250);
    }
    expect(healthy).toBe(true);
    expect(new Set(statuses)).toEqual(new Set(statuses.filter((s) => s === 201 || s === 503)));
    expect(record().port).toBe(before.port);
    expect(restarts.join('\n')).toMatch(/restarted it/);
    await request(app).post(url).send(answer).expect(201);
    const acknowledged = 20 + statuses.filter((s) => s === 201).length + 1;
    expect(await database.models.Response.countDocuments()).toBeGreaterThanOrEqual(acknowledged);
  });
});
