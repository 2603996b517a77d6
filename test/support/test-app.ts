import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createApp } from '../../src/app';
import { parseSurveyFile } from '../../src/domain/survey/survey-file';
import type { SurveyDefinition } from '../../src/domain/survey/definition';
import { connectDatabase, type Database } from '../../src/storage/database';
import { SurveyStore } from '../../src/storage/survey-store';

export const fixturesDir = path.join(__dirname, '..', 'fixtures');
export const surveysDir = path.join(__dirname, '..', '..', 'surveys');

/** A survey definition from a JSON file of the repository (surveys/ or test/fixtures/). */
export function surveyFromFile(file: string): SurveyDefinition {
  const result = parseSurveyFile(file, fs.readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(`fixture ${file} is invalid: ${JSON.stringify(result.problems)}`);
  return result.definition;
}

/** A fresh database of its own on the test run's server. */
export async function freshDatabase(): Promise<Database> {
  const uri = process.env.LIKERT_TEST_MONGODB_URI;
  if (!uri) throw new Error('LIKERT_TEST_MONGODB_URI is not set: the global setup did not run');
  return connectDatabase(uri, `test_${randomBytes(6).toString('hex')}`);
}

export async function dropDatabase(database: Database): Promise<void> {
  await database.connection.dropDatabase().catch(() => {});
  await database.close();
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  database: Database;
  surveys: SurveyStore;
  secret: string;
  close(): Promise<void>;
}

/** The real app, configured as in development, on a database the caller opened. */
export function appOn(database: Database, surveys: SurveyStore, logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })) {
  const secret = randomBytes(32).toString('base64url');
  return { app: createApp({ database, surveys, secret, logger, production: false, trustProxy: 0 }), secret };
}

/** The real app on a fresh database, with the given surveys loaded. */
export async function startTestApp(definitions: SurveyDefinition[]): Promise<TestApp> {
  const database = await freshDatabase();
  const surveys = new SurveyStore(database.models);
  for (const definition of definitions) await surveys.registerDefinition(definition);
  const { app, secret } = appOn(database, surveys);
  return { app, database, surveys, secret, close: () => dropDatabase(database) };
}

/**
 * The app for one test file: started before its tests on a database of its own, dropped
 * after them. The returned object is filled in by `beforeAll`.
 */
export function useTestApp(definitions: SurveyDefinition[], options: { clearResponsesBeforeEach?: boolean } = {}): TestApp {
  const holder = {} as TestApp;
  beforeAll(async () => {
    Object.assign(holder, await startTestApp(definitions));
  });
  afterAll(() => holder.close?.());
  if (options.clearResponsesBeforeEach !== false) {
    beforeEach(async () => {
      await holder.database.models.Response.deleteMany({});
    });
  }
  return holder;
}
