import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/storage/open-database';
import { SurveyStore } from '../../src/storage/survey-store';
import { surveyFromFile, surveysDir } from '../support/test-app';

/** The test server's URI with `name` as the database in its path. */
function uriNaming(name: string): string {
  const uri = process.env.LIKERT_TEST_MONGODB_URI!;
  const parts = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!parts) throw new Error(`cannot read the test URI ${uri}`);
  return `${parts[1]}/${name}${parts[3] ?? ''}`;
}

describe('MONGODB_URI naming a database', () => {
  it('stores every document in that database, as another client connected to it reads back', async () => {
    const name = `surveys_${randomBytes(4).toString('hex')}`;
    const uri = uriNaming(name);
    const opened = await openDatabase(loadConfig({ MONGODB_URI: uri }), () => {});
    const reader = new MongoClient(uri);
    try {
      await new SurveyStore(opened.database.models).registerDefinition(surveyFromFile(path.join(surveysDir, 'course-feedback.json')));
      await reader.connect();
      // A connection of the driver's own, told nothing but the URI: its default database is the URI's.
      expect(reader.db().databaseName).toBe(name);
      const stored = await reader.db().collection('surveys').findOne({ _id: 'course-feedback' as never });
      expect(stored).toMatchObject({ status: 'open', currentVersion: 1 });
      expect(await reader.db('likert').collection('surveys').findOne({ _id: 'course-feedback' as never })).toBeNull();
      // And the start-up line says which database it is.
      expect(opened.description).toContain(`database ${name}`);
    } finally {
      await opened.database.connection.dropDatabase().catch(() => {});
      await opened.close();
      await reader.close();
    }
  });
});
