import path from 'node:path';
import { MongoServerError, MongoWriteConcernError } from 'mongodb';
import pino from 'pino';
import request from 'supertest';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { ResultCounts } from '../../src/storage/result-counts';
import { appOn, fixturesDir, surveyFromFile, useTestApp } from '../support/test-app';

/**
 * What a MongoDB replica set answers while it fails over, which FerretDB never does: the write
 * is made for real and the driver's error comes back instead of its acknowledgement, as when a
 * primary steps down after taking a write or cannot replicate it in time. (No replica set runs
 * here; the errors are the driver's own classes with the server's codes.)
 */
const t = useTestApp([surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'))]);
const answer = { answers: { colour: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '2' } } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const failovers = {
  'PrimarySteppedDown (189)': () => new MongoServerError({ ok: 0, code: 189, codeName: 'PrimarySteppedDown', errmsg: 'primary stepped down' }),
  'NotWritablePrimary (10107)': () => new MongoServerError({ ok: 0, code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary' }),
  'InterruptedAtShutdown (11600)': () => new MongoServerError({ ok: 0, code: 11600, codeName: 'InterruptedAtShutdown', errmsg: 'interrupted at shutdown' }),
  'a write-concern error': () =>
    new MongoWriteConcernError({ ok: 1, n: 1, writeConcernError: { code: 64, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out' } } as never),
};

let token = '';
beforeAll(async () => {
  const accounts = new AccountService(new AccountStore(t.database.models), t.secret);
  await accounts.createUser('ana', 'researcher', 'a long enough password');
  token = (await accounts.createToken('ana', 'tests', 'read')).token;
});
afterEach(() => jest.restoreAllMocks());

/** The app with kept counts whose clock the test moves on, and its unfiltered respondents. */
async function appWithCounts() {
  const clock = { offset: 0 };
  const counts = new ResultCounts(t.database.models, new ResponseAnalysis(t.database.analysis), {
    flushIntervalMs: 3_600_000,
    heartbeatMs: 50,
    now: () => Date.now() + clock.offset,
  });
  await counts.start();
  const { app } = appOn(t.database, t.surveys, pino({ level: 'silent' }), { resultCounts: counts });
  const respondents = async () => {
    const res = await request(app).get('/api/surveys/every-type/results').set('Authorization', `Bearer ${token}`).expect(200);
    return (res.body as { respondents: number }).respondents;
  };
  /** Past the time a late write may take: whatever has to be recounted is recounted. */
  const settle = async (retired: string) => {
    for (let waited = 0; counts.currentCounter === retired && waited < 3000; waited += 50) await sleep(50);
    clock.offset = 20_000;
    await counts.repairGone();
    for (let waited = 0; (await t.database.models.ResultCounter.countDocuments({ _id: retired })) > 0 && waited < 3000; waited += 50) await sleep(50);
    await counts.flush();
  };
  return { app, counts, respondents, settle };
}

describe('a MongoDB failover', () => {
  it.each(Object.entries(failovers))('answers a submission that meets %s with 503 and Retry-After, and counts its stored response once', async (_, failure) => {
    const { app, counts, respondents, settle } = await appWithCounts();
    const collection = t.database.models.Response.collection;
    const insertOne = collection.insertOne.bind(collection);
    jest.spyOn(collection, 'insertOne').mockImplementationOnce(async (...args: Parameters<typeof insertOne>) => {
      await insertOne(...args);
      throw failure();
    });
    const counter = counts.currentCounter;

    const res = await request(app).post('/api/surveys/every-type/responses').send(answer);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body.errors[0].message).toMatch(/cannot be reached/);
    expect(await t.database.models.Response.countDocuments({ surveyId: 'every-type' })).toBe(1);

    await settle(counter);
    expect(await respondents()).toBe(1);
    await request(app).post('/api/surveys/every-type/responses').send(answer).expect(201);
    await counts.flush();
    expect(await respondents()).toBe(2);
    await counts.stop();
  });

  it.each(Object.entries(failovers))('counts a flushed batch whose `$inc` meets %s exactly once', async (_, failure) => {
    const { app, counts, respondents, settle } = await appWithCounts();
    for (let i = 0; i < 3; i++) await request(app).post('/api/surveys/every-type/responses').send(answer).expect(201);
    const collection = t.database.models.ResultCount.collection;
    const updateOne = collection.updateOne.bind(collection);
    // The counter's `$inc` is applied, and the failover's error comes back instead of its acknowledgement.
    jest.spyOn(collection, 'updateOne').mockImplementationOnce(async (...args: Parameters<typeof updateOne>) => {
      await updateOne(...args);
      throw failure();
    });
    const counter = counts.currentCounter;
    await counts.flush();
    await counts.flush();
    await settle(counter);
    expect(await respondents()).toBe(3);
    await counts.stop();
  });
});
