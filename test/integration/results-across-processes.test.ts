import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { connectDatabase, type Database } from '../../src/storage/database';
import { fixturesDir } from '../support/test-app';

const root = path.join(__dirname, '..', '..');
const dbName = `processes_${randomBytes(6).toString('hex')}`;
const uri = process.env.LIKERT_TEST_MONGODB_URI!.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)\/?[^?]*/, `$1/${dbName}`);
const secret = randomBytes(32).toString('base64url');

/** src/server.ts as `npm start` runs it, on the test database; resolves once it listens. */
function startServer(env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; baseUrl: string; output: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'server.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', MONGODB_URI: uri, SESSION_SECRET: secret, SURVEYS_DIR: path.join(fixturesDir, 'surveys'), ...env },
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      output.push(line);
      const ready = /likert is ready at (http:\/\/localhost:\d+)\//.exec(line);
      if (ready) resolve({ child, baseUrl: ready[1]!, output });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output.join('\n')}`)));
  });
}

const answer = { answers: { colour: '2', fruit: ['1', '3'], agree: { r1: '1', r2: '2' } } };
const children: ChildProcess[] = [];
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
  token = (await accounts.createToken('ana', 'tests')).token;
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await database.connection.dropDatabase().catch(() => {});
  await database.close();
});

describe('results across app processes on one database', () => {
  it('show a response taken by another process', async () => {
    const taking = await startServer();
    const watching = await startServer();
    children.push(taking.child, watching.child);
    const before = await respondents(watching.baseUrl);
    await submit(taking.baseUrl);
    expect(await eventually(() => respondents(watching.baseUrl), before + 1, 10_000)).toBe(before + 1);
    taking.child.kill('SIGTERM');
    watching.child.kill('SIGTERM');
  });

  it('repair the counts of a process killed between its responses and their counts', async () => {
    const stored = await database.models.Response.countDocuments({ surveyId: 'every-type' });
    // This server writes its counts only once an hour: killed, it has written none.
    const doomed = await startServer({ RESULTS_FLUSH_MS: '3600000' });
    children.push(doomed.child);
    for (let i = 0; i < 3; i++) await submit(doomed.baseUrl);
    doomed.child.kill('SIGKILL');
    await new Promise((resolve) => doomed.child.once('exit', resolve));
    expect(await database.models.Response.countDocuments({ surveyId: 'every-type' })).toBe(stored + 3);

    // The next server to start finds the dead process's counter and recounts its responses.
    const next = await startServer();
    children.push(next.child);
    expect(await eventually(() => respondents(next.baseUrl), stored + 3, 20_000)).toBe(stored + 3);
    expect(next.output.join('\n')).toMatch(/recounted the share of 1 process/);
    next.child.kill('SIGTERM');
  });
});
