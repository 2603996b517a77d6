import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { Collection, MongoClient, MongoServerError, type CommandStartedEvent, type CreateIndexesOptions, type Document, type IndexSpecification } from 'mongodb';
import pino from 'pino';
import request from 'supertest';
import { connectDatabase, type Database } from '../../src/storage/database';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { ResultCounts } from '../../src/storage/result-counts';
import { startExpiryCleanup } from '../../src/storage/session-store';
import { SurveyDrafts } from '../../src/storage/survey-drafts';
import { SurveyStore } from '../../src/storage/survey-store';
import { addUser, signIn } from '../support/researchers';
import { appOn, fixturesDir, surveyFromFile, testDatabaseUri } from '../support/test-app';

/**
 * FerretDB scans a collection whatever its indexes, so a missing index shows only on MongoDB,
 * as a scan of every survey's documents on each live poll. Here the app's hot paths run for real
 * with the driver reporting every command it sends, and each filter is checked against the
 * indexes the database holds: the oracle is what was sent, not a list kept beside the code.
 */
const survey = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const answer = { answers: { colour: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '2' } } };

/** Collections read in full on purpose: one small document per survey, per running process. */
const READ_WHOLE = new Set(['surveys', 'result_counters']);

/** The collection a command works on and the filters it carries. */
function filtersOf(command: Document): { collection: string; filters: Document[] } | undefined {
  const [name] = Object.keys(command);
  const collection = command[name!] as string;
  switch (name) {
    case 'find':
    case 'count':
      return { collection, filters: [command.filter ?? command.query ?? {}] };
    case 'findAndModify':
      return { collection, filters: [command.query ?? {}] };
    case 'update':
    case 'delete':
      return { collection, filters: ((command.updates ?? command.deletes) as { q: Document }[]).map((s) => s.q) };
    case 'aggregate': {
      const first = (command.pipeline as Document[])[0];
      return { collection, filters: [first?.$match ?? {}] };
    }
    default:
      return undefined;
  }
}

/** The fields a filter constrains, `$and` included (an `$or` narrows nothing on its own). */
function fieldsOf(filter: Document): string[] {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') for (const part of value as Document[]) fields.push(...fieldsOf(part));
    else if (!key.startsWith('$')) fields.push(key);
  }
  return fields;
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('indexes for what the app asks on its hot paths', () => {
  let database: Database;
  const sent: CommandStartedEvent[] = [];

  beforeAll(async () => {
    const uri = testDatabaseUri(`indexes_${randomBytes(6).toString('hex')}`);
    database = await connectDatabase(`${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`);
    for (const client of [database.connection.getClient(), database.analysis.client]) client.on('commandStarted', (event) => sent.push(event));
  });
  afterAll(async () => {
    await database.connection.dropDatabase().catch(() => {});
    await database.close();
  });

  it('has, for every filter a submission, a live poll, a sign-in, a fold, a repair, a draft and the clean-up send, an index that leads with one of its fields', async () => {
    const surveys = new SurveyStore(database.models);
    await surveys.registerDefinition(survey);
    await addUser(database, 'ana');
    let offset = 0;
    const counts = new ResultCounts(database.models, new ResponseAnalysis(database.analysis), { flushIntervalMs: 3_600_000, now: () => Date.now() + offset });
    await counts.start();
    const { app } = appOn(database, surveys, pino({ level: 'silent' }), { resultCounts: counts });
    sent.length = 0;

    // A respondent, a researcher watching the results, the counts written and folded.
    await request(app).get('/s/every-type').expect(200);
    for (let i = 0; i < 3; i++) await request(app).post('/api/surveys/every-type/responses').send(answer).expect(201);
    await counts.flush();
    const { agent } = await signIn(app, 'ana');
    await agent.get('/surveys/every-type/results').expect(200);
    await agent.get('/api/surveys/every-type/results').expect(200);
    // A process that died with uncounted responses is repaired from its own responses.
    await database.models.ResultCounter.create({ _id: 'crashed', host: hostname(), pid: deadPid(), startedAt: new Date(), heartbeatAt: new Date(), state: 'active' });
    await database.models.Response.collection.insertOne({ ...(await database.models.Response.findOne({ surveyId: 'every-type' }).lean())!, _id: 'orphan', countedBy: 'crashed' } as never);
    expect(await counts.repairGone()).toBe(1);
    // A draft, a survey's drafts removed, the expiry clean-up, and the counter's fold at its stop.
    const drafts = new SurveyDrafts(database.models);
    await drafts.create({ username: 'ana', surveyId: 'every-type', text: '{}' });
    await drafts.removeForSurvey('every-type');
    const cleanup = startExpiryCleanup(database.models, pino({ level: 'silent' }));
    await cleanup.runOnce();
    cleanup.stop();
    offset = 0;
    await counts.stop();

    const indexes = new Map<string, Document[]>();
    const unserved: string[] = [];
    let checked = 0;
    for (const event of sent) {
      const found = filtersOf(event.command);
      if (!found || READ_WHOLE.has(found.collection)) continue;
      if (!indexes.has(found.collection)) indexes.set(found.collection, await database.connection.db!.collection(found.collection).indexes());
      for (const filter of found.filters) {
        const fields = fieldsOf(filter);
        checked++;
        const served = indexes.get(found.collection)!.some((index) => fields.includes(Object.keys(index.key as Document)[0]!));
        if (!served) unserved.push(`${found.collection} ${event.commandName} on ${JSON.stringify(fields)}`);
      }
    }
    // The workload did reach the paths named above.
    for (const collection of ['responses', 'result_counts', 'sessions', 'rate_limits', 'sign_in_tries', 'survey_drafts', 'survey_versions']) {
      expect({ collection, reached: indexes.has(collection) }).toEqual({ collection, reached: true });
    }
    expect(checked).toBeGreaterThan(20);
    expect([...new Set(unserved)]).toEqual([]);
  });
});

describe('start-up on a database an older deployment left', () => {
  it('starts when the sessions already have connect-mongo\'s TTL index expires_1, keeps it, and creates every other index', async () => {
    const uri = testDatabaseUri(`old_sessions_${randomBytes(6).toString('hex')}`);
    const client = await MongoClient.connect(uri);
    let database: Database | undefined;
    try {
      await client.db().createCollection('sessions');
      const sessions = client.db().collection('sessions');
      const ttl = await sessions.createIndex({ expires: 1 }, { name: 'expires_1', expireAfterSeconds: 0 }).then(
        () => true,
        (error: { code?: number }) => {
          if (error.code === 238) return false; // FerretDB: TTL indexes are not implemented.
          throw error;
        },
      );
      if (!ttl) {
        // FerretDB has no TTL index and keeps the first of two conflicting indexes without a word:
        // the index is made plain, and the driver answers our `expires_1` as MongoDB does.
        await sessions.createIndex({ expires: 1 }, { name: 'expires_1', sparse: true });
        const createIndex = Collection.prototype.createIndex;
        jest.spyOn(Collection.prototype, 'createIndex').mockImplementation(function (this: Collection, spec: IndexSpecification, options?: CreateIndexesOptions) {
          if (this.collectionName === 'sessions' && JSON.stringify(spec) === '{"expires":1}') {
            return Promise.reject(
              new MongoServerError({
                ok: 0,
                code: 85,
                codeName: 'IndexOptionsConflict',
                errmsg: 'An existing index has the same name as the requested index. Requested index: { v: 2, key: { expires: 1 }, name: "expires_1" }, existing index: { v: 2, key: { expires: 1 }, name: "expires_1", expireAfterSeconds: 0 }',
              }),
            );
          }
          return createIndex.bind(this)(spec, options);
        });
      }

      database = await connectDatabase(uri);
      jest.restoreAllMocks();
      const kept = (await sessions.indexes()).find((index) => index.name === 'expires_1');
      expect(kept?.key).toEqual({ expires: 1 });
      if (ttl) expect(kept?.expireAfterSeconds).toBe(0);
      // The models after the sessions got theirs.
      const drafts = await client.db().collection('survey_drafts').indexes();
      expect(drafts.map((index) => index.key)).toEqual(expect.arrayContaining([{ createdAt: 1 }, { surveyId: 1 }]));
      // And sessions work on it.
      await database.models.Session.collection.insertOne({ _id: 's1', session: '{}', expires: new Date(Date.now() + 60_000) } as never);
      expect(await database.models.Session.countDocuments({ expires: { $gt: new Date() } })).toBe(1);
    } finally {
      jest.restoreAllMocks();
      await client.db().dropDatabase().catch(() => {});
      await client.close();
      await database?.close();
    }
  });
});
