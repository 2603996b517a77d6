import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createApp, type AppDependencies } from '../../src/app';
import { parseSurveyFile } from '../../src/domain/survey/survey-file';
import type { SurveyDefinition } from '../../src/domain/survey/definition';
import { connectDatabase, type Database } from '../../src/storage/database';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { ResultCounts } from '../../src/storage/result-counts';
import { SurveyStore } from '../../src/storage/survey-store';

export const fixturesDir = path.join(__dirname, '..', 'fixtures');
export const surveysDir = path.join(__dirname, '..', '..', 'surveys');

/** A survey definition from a JSON file of the repository (surveys/ or test/fixtures/). */
export function surveyFromFile(file: string): SurveyDefinition {
  const result = parseSurveyFile(file, fs.readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(`fixture ${file} is invalid: ${JSON.stringify(result.problems)}`);
  return result.definition;
}

/** The test run's database server URI, naming the database `dbName`, as a user sets MONGODB_URI. */
export function testDatabaseUri(dbName: string): string {
  return process.env.LIKERT_TEST_MONGODB_URI!.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)\/?[^?]*/, `$1/${dbName}`);
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
  resultCounts: ResultCounts;
  secret: string;
  close(): Promise<void>;
}

/** Kept result counts on the database, written 20 ms after each response once started. */
export function resultCountsOn(database: Database, flushIntervalMs = 20): ResultCounts {
  return new ResultCounts(database.models, new ResponseAnalysis(database.analysis), { flushIntervalMs });
}

/**
 * The real app, configured as in development (unless `options` says otherwise, e.g.
 * `production: true` for its cookies), on a database the caller opened.
 */
export function appOn(
  database: Database,
  surveys: SurveyStore,
  logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  options: Partial<Pick<AppDependencies, 'production' | 'trustProxy' | 'sessionIdleMinutes' | 'secret' | 'resultCounts' | 'surveyCheck'>> = {},
) {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const resultCounts = options.resultCounts ?? resultCountsOn(database);
  const app = createApp({ database, surveys, logger, production: false, trustProxy: 0, sessionIdleMinutes: 30, ...options, secret, resultCounts });
  return { app, secret, resultCounts };
}

/** The real app on a fresh database, with the given surveys loaded. */
export async function startTestApp(definitions: SurveyDefinition[]): Promise<TestApp> {
  const database = await freshDatabase();
  const surveys = new SurveyStore(database.models);
  for (const definition of definitions) await surveys.registerDefinition(definition);
  const resultCounts = resultCountsOn(database);
  await resultCounts.start();
  const { app, secret } = appOn(database, surveys, undefined, { resultCounts });
  const close = async () => {
    await resultCounts.stop();
    await dropDatabase(database);
  };
  return { app, database, surveys, resultCounts, secret, close };
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
      // The kept counts go with the responses, so that each test starts from nothing.
      await holder.resultCounts.flush();
      await holder.database.models.Response.deleteMany({});
      await holder.database.models.ResultCount.deleteMany({});
    });
  }
  return holder;
}
