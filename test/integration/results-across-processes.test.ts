import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { connectDatabase, type Database } from '../../src/storage/database';
import { startServer } from '../support/server-process';
import { fixturesDir, testDatabaseUri } from '../support/test-app';

const dbName = `processes_${randomBytes(6).toString('hex')}`;
const uri = testDatabaseUri(dbName);
const secret = randomBytes(32).toString('base64url');

/** The server on this file's database, with the surveys of the fixtures. */
const serverOnTestDatabase = (env: NodeJS.ProcessEnv = {}) =>
  startServer({ MONGODB_URI: uri, SESSION_SECRET: secret, SURVEYS_DIR: path.join(fixturesDir, 'surveys'), ...env });

const answer = { answers: { colour: '2', fruit: ['1', '3'], agree: { r1: '1', r2: '2' } } };
let database: Database;
let token: string;

async function submit(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/surveys/every-type/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answer),
  });
  expect(res.status).toBe(201);
}

async function respondents(baseUrl: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/surveys/every-type/results`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { respondents: number }).respondents;
}

/** Asks until `read` gives `expected` (or the time is up), and returns what it last gave. */
async function eventually(read: () => Promise<number>, expected: number, withinMs: number): Promise<number> {
  const until = Date.now() + withinMs;
  let last = await read();
  while (last !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

beforeAll(async () => {
  database = await connectDatabase(uri);
  const accounts = new AccountService(new AccountStore(database.models), secret);
  await accounts.createUser('ana', 'researcher', 'a long enough password');
  token = (await accounts.createToken('ana', 'tests', 'read')).token;
});

afterAll(async () => {
  await database.connection.dropDatabase().catch(() => {});
  await database.close();
});

describe('results across app processes on one database', () => {
  it('show a response taken by another process', async () => {
    const taking = await serverOnTestDatabase();
    const watching = await serverOnTestDatabase();
    const before = await respondents(watching.baseUrl);
    await submit(taking.baseUrl);
    expect(await eventually(() => respondents(watching.baseUrl), before + 1, 10_000)).toBe(before + 1);
    await taking.stop();
    await watching.stop();
  });

  it('repair the counts of a process killed between its responses and their counts', async () => {
    const stored = await database.models.Response.countDocuments({ surveyId: 'every-type' });
    // This server writes its counts only once an hour: killed, it has written none.
    const doomed = await serverOnTestDatabase({ RESULTS_FLUSH_MS: '3600000' });
    for (let i = 0; i < 3; i++) await submit(doomed.baseUrl);
    doomed.child.kill('SIGKILL');
    await new Promise((resolve) => doomed.child.once('exit', resolve));
    expect(await database.models.Response.countDocuments({ surveyId: 'every-type' })).toBe(stored + 3);

    // The next server to start finds the dead process's counter and recounts its responses.
    const next = await serverOnTestDatabase();
    expect(await eventually(() => respondents(next.baseUrl), stored + 3, 20_000)).toBe(stored + 3);
    // The line is written after the repair's last write, so it may reach us after the count does.
    await next.said(/recounted the share of 1 process/);
    await next.stop();
  });

  it('are rebuilt from the responses by npm run results:recount, whatever happened to them', async () => {
    const stored = await database.models.Response.countDocuments({ surveyId: 'every-type' });
    expect(stored).toBeGreaterThan(0);
    await database.models.ResultCount.deleteMany({});
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'src', 'cli', 'recount-results.ts')], {
      cwd: path.join(__dirname, '..', '..'),
      env: { ...process.env, MONGODB_URI: uri },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`every-type\t${stored} respondents`);
    const server = await serverOnTestDatabase();
    expect(await respondents(server.baseUrl)).toBe(stored);
    await server.stop();
  });
});
