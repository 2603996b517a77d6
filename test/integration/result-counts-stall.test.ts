import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import type { Database } from '../../src/storage/database';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { ResponseStore } from '../../src/storage/response-store';
import { ResultCounts } from '../../src/storage/result-counts';
import { SurveyStore } from '../../src/storage/survey-store';
import { seededRandom } from '../support/random-answers';
import { storeRandomResponses } from '../support/stored-responses';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database';
import { appOn, fixturesDir, surveyFromFile } from '../support/test-app';

const survey = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The kept counts' flush meets a database that stalls for real: this file's own FerretDB is
 * frozen (SIGSTOP) for 10 s while an `$inc` is on its way, so the write times out on our side
 * and is applied by the database once it thaws. Nothing is mocked.
 */
describe('kept counts when the database stalls during a flush', () => {
  let own: OwnDatabase;
  let database: Database;
  let surveys: SurveyStore;
  let token: string;
  const logged: string[] = [];

  beforeAll(async () => {
    own = await startOwnDatabase('stall');
    database = own.database;
    surveys = new SurveyStore(database.models);
    await surveys.registerDefinition(survey);
    const accounts = new AccountService(new AccountStore(database.models), 'test');
    await accounts.createUser('ana', 'researcher', 'a long enough password');
    token = (await accounts.createToken('ana', 'tests', 'read')).token;
  });
  afterAll(() => own.close());

  it('count a batch whose write timed out exactly once: the unfiltered results equal a recount', async () => {
    let offset = 0;
    const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(line) });
    const counts = new ResultCounts(database.models, new ResponseAnalysis(database.analysis), {
      flushIntervalMs: 3_600_000,
      heartbeatMs: 500,
      logger,
      now: () => Date.now() + offset,
    });
    await counts.start();
    const { app } = appOn(database, surveys, logger, { resultCounts: counts });
    const respondents = async () => {
      const res = await request(app).get('/api/surveys/every-type/results').set('Authorization', `Bearer ${token}`).expect(200);
      return (res.body as { respondents: number }).respondents;
    };

    const state = (await surveys.find('every-type'))!;
    await storeRandomResponses(new ResponseStore(database.models, counts), survey, state, 5, seededRandom(16), 'stall');

    process.kill(own.ferretPid, 'SIGSTOP');
    try {
      // The `$inc` is sent to the frozen server and times out on our side (socketTimeoutMS 5 s).
      await counts.flush();
      await sleep(10_000);
    } finally {
      process.kill(own.ferretPid, 'SIGCONT');
    }
    // The database applies the write it was sent before it froze; a flush now must not apply it again.
    await counts.flush();
    // Past the time late writes may take to land, whatever has to be recounted is recounted.
    offset = 20_000;
    await sleep(1_500);
    await counts.repairGone();
    await counts.flush();

    // The flush said which survey's count it could not be sure of.
    expect(logged.some((line) => line.includes('recounted from its responses') && line.includes('"surveyId":"every-type"'))).toBe(true);
    const stored = await database.models.Response.countDocuments({ surveyId: 'every-type' });
    expect(stored).toBe(5);
    expect(await respondents()).toBe(stored);
    const recounted = await new ResultCounts(database.models, new ResponseAnalysis(database.analysis), { flushIntervalMs: 3_600_000 }).recountAll(['every-type']);
    expect(recounted.get('every-type')).toBe(stored);
    expect(await respondents()).toBe(stored);
    await counts.stop();
  }, 60_000);
});
