import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { taobaoDemoResponses } from '../../src/demo/taobao-2015';
import { checkSubmission } from '../../src/domain/answers';
import { connectDatabase } from '../../src/storage/database';
import { ResponseStore, type Channel } from '../../src/storage/response-store';
import { SurveyStore } from '../../src/storage/survey-store';
import { appOn, fixturesDir, surveyFromFile, surveysDir, testDatabaseUri } from '../support/test-app';

const root = path.join(__dirname, '..', '..');
const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const demoIds = Array.from({ length: 269 }, (_, i) => `demo-taobao-2015-${String(i + 1).padStart(3, '0')}`);

/**
 * Runs src/cli/seed-demo.ts as `npm run seed:demo` runs its build, against `uri`, with PORT
 * and BASE_URL unset unless `env` sets them.
 */
function seedDemo(uri: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { PORT: _port, BASE_URL: _base, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli', 'seed-demo.ts'), ...args], {
    cwd: root,
    env: { ...inherited, MONGODB_URI: uri, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run seed:demo', () => {
  // A database of its own on the test run's server, named in MONGODB_URI as a user would.
  const dbName = `seed_demo_${randomBytes(6).toString('hex')}`;
  const serverUri = process.env.LIKERT_TEST_MONGODB_URI!;
  const uri = testDatabaseUri(dbName);
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await new MongoClient(serverUri).connect();
    db = client.db(dbName);
  });
  afterAll(async () => {
    await db.dropDatabase().catch(() => {});
    await client.close();
  });

  type StoredResponse = { _id: string; answers: Record<string, unknown>; other?: Record<string, string> };
  const responsesOf = (surveyId: string) => db.collection<StoredResponse>('responses').find({ surveyId }).sort({ _id: 1 }).toArray();

  it('registers the survey and stores the 269 generated responses, marked as demo data', async () => {
    const run = await seedDemo(uri);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Stored 269 demo responses in taobao-2015');
    // Where the server is when nothing says otherwise, and that this is an assumption.
    expect(run.stdout).toContain('Results: http://localhost:3000/surveys/taobao-2015/results\n');
    expect(run.stdout).toContain("(the server's address from PORT, unset, so the default 3000, as the server reads it;");

    const survey = await db.collection<{ _id: string; currentVersionId: string }>('surveys').findOne({ _id: 'taobao-2015' });
    expect(survey?.currentVersionId).toMatch(/^taobao-2015@/);
    const stored = await responsesOf('taobao-2015');
    expect(stored.map((d) => d._id)).toEqual(demoIds);
    const generated = new Map(taobaoDemoResponses(taobao).map((r) => [r.id, r]));
    for (const document of stored) {
      const demo = generated.get(document._id)!;
      expect(document).toMatchObject({
        channel: 'demo',
        versionId: survey!.currentVersionId,
        answers: demo.body.answers,
        submittedAt: demo.submittedAt,
      });
      expect(document.other ?? {}).toEqual(demo.body.other);
    }
    // Counted from what the database holds: the study's 181 women and 50 daily browsers.
    expect(stored.filter((d) => d.answers.gender === '2')).toHaveLength(181);
    expect(stored.filter((d) => d.answers.browse === '1' && d.answers.gender === '2')).toHaveLength(39);
  });

  it('stores nothing on a second run and says so', async () => {
    const run = await seedDemo(uri);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('269 demo responses already present in taobao-2015; nothing stored.');
    expect(await responsesOf('taobao-2015')).toHaveLength(269);
  });

  describe('says where the results page is, from the PORT and BASE_URL the server reads', () => {
    /** A server listening on a free port of this machine, closed after the test. */
    async function listening(server: Server): Promise<number> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    }
    const servers: Server[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    });

    it('at http://localhost:PORT, saying that a server answers there', async () => {
      const database = await connectDatabase(uri);
      try {
        const server = createServer(appOn(database, new SurveyStore(database.models)).app);
        servers.push(server);
        const port = await listening(server);
        const run = await seedDemo(uri, [], { PORT: String(port) });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(`Results: http://localhost:${port}/surveys/taobao-2015/results\n`);
        expect(run.stdout).toContain(`(the server's address from PORT (${port}), as the server reads it; a likert server answers there now)`);
      } finally {
        await database.close();
      }
    });

    it('at BASE_URL, saying when no server answers there and what to do', async () => {
      // A port nothing listens on any more.
      const closed = createServer();
      const port = await listening(closed);
      await new Promise((resolve) => closed.close(resolve));
      const run = await seedDemo(uri, [], { BASE_URL: `http://localhost:${port}/likert/`, PORT: '8123' });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Results: http://localhost:${port}/likert/surveys/taobao-2015/results\n`);
      expect(run.stdout).toContain(
        "(the server's address from BASE_URL, as the server reads it; no likert server answers there now: start one with npm start, or run this command with the PORT or BASE_URL the server was given)",
      );
    });

    it('says that it cannot know the address of a server given PORT=0', async () => {
      const run = await seedDemo(uri, [], { PORT: '0' });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Results: /surveys/taobao-2015/results at the address the server printed when it started (PORT=0 gives it a free port)');
    });
  });

  it('with --remove deletes the demo responses of taobao-2015 and nothing else', async () => {
    // A real respondent's answer to taobao-2015, and demo-channel data of another survey.
    const database = await connectDatabase(uri);
    try {
      const surveys = new SurveyStore(database.models);
      const responses = new ResponseStore(database.models);
      const store = async (surveyId: string, id: string, body: unknown, channel: Channel) => {
        const state = (await surveys.find(surveyId))!;
        const check = checkSubmission(state.definition, body);
        if (!check.ok) throw new Error(JSON.stringify(check.errors));
        await responses.insert({ id, surveyId, versionId: state.versionId, version: state.version, submission: check.submission, submittedAt: new Date(), channel, client: { device: 'phone' } });
      };
      await store('taobao-2015', 'a-real-respondent', taobaoDemoResponses(taobao)[0]!.body, 'api');
      const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
      await surveys.registerDefinition(everyType);
      await store(everyType.id, 'other-survey-demo', { answers: { colour: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '2' } }, other: {} }, 'demo');
    } finally {
      await database.close();
    }

    const run = await seedDemo(uri, ['--remove']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Removed 269 demo responses from taobao-2015.');
    expect((await responsesOf('taobao-2015')).map((d) => d._id)).toEqual(['a-real-respondent']);
    expect((await responsesOf('every-type')).map((d) => d._id)).toEqual(['other-survey-demo']);

    const again = await seedDemo(uri, ['--remove']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No demo responses in taobao-2015; nothing removed.');
  });

  it('refuses an unknown argument with its usage', async () => {
    const run = await seedDemo(uri, ['--everything']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run seed:demo [-- --remove]');
  });
});
