import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Collection } from 'mongodb';
import { connectDatabase, type Database } from '../../src/storage/database';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { ResultCounts } from '../../src/storage/result-counts';
import { SurveyStore } from '../../src/storage/survey-store';
import { fixturesDir, surveyFromFile, testDatabaseUri } from '../support/test-app';

/**
 * An operator may add `readPreference=secondary` to MONGODB_URI to take exports off the primary.
 * A secondary lags: a session just signed in, a count just flushed or a version just saved
 * could be missing there. No replica set runs here (the driver sends no read preference to a
 * single server), so the test reads the preference each collection's operations would use.
 */
describe('reads that must see the last write', () => {
  let database: Database;
  beforeAll(async () => {
    const uri = testDatabaseUri(`reads_${randomBytes(6).toString('hex')}`);
    database = await connectDatabase(`${uri}${uri.includes('?') ? '&' : '?'}readPreference=secondary`);
  });
  afterAll(async () => {
    await database.connection.dropDatabase().catch(() => {});
    await database.close();
  });

  it('go to the primary for sessions, kept counts, versions and every other model, even with readPreference=secondary in the URI', () => {
    const client = database.connection.getClient();
    expect(client.readPreference!.mode).toBe('primary');
    // connect-mongo reads the sessions through this client.
    expect(client.db(database.connection.name).collection('sessions').readPreference!.mode).toBe('primary');
    for (const [name, model] of Object.entries(database.models)) {
      const collection = (model.collection as unknown as { collection: Collection }).collection;
      expect({ model: name, mode: collection.readPreference!.mode }).toEqual({ model: name, mode: 'primary' });
    }
  });

  it('leave the long reads of exports and subgroups on the URI\'s preference, but recount the kept counts on the primary', async () => {
    expect(database.analysis.readPreference!.mode).toBe('secondary');
    await new SurveyStore(database.models).registerDefinition(surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json')));
    const opened = jest.spyOn(database.analysis, 'collection');
    const counts = new ResultCounts(database.models, new ResponseAnalysis(database.analysis), { flushIntervalMs: 3_600_000 });
    await counts.recountAll();
    const used = opened.mock.results.map((result) => (result.value as Collection).readPreference!.mode);
    expect(used.length).toBeGreaterThan(0);
    expect(new Set(used)).toEqual(new Set(['primary']));
    opened.mockRestore();
  });
});
