import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { surveyChecker, type SurveyCheck } from '../../src/services/survey-check';
import { addUser, hiddenField, signIn } from '../support/researchers';
import { startServer } from '../support/server-process';
import { appOn, testDatabaseUri, useTestApp } from '../support/test-app';

// Issue 16: survey files shaped to freeze the server, crash its start-up or flood the editor.
// The figures (how long /healthz waited, before and after) are `npm run bench -- survey-checks`'s.

const root = path.join(__dirname, '..', '..');
const t = useTestApp([], { clearResponsesBeforeEach: false });

const single = { id: 'q1', type: 'single', title: 'Pick one', options: ['A', 'B'] };
const owners20k = JSON.stringify({ id: 'crowd', title: 'Crowd', questions: [single], owners: Array.from({ length: 20_000 }, (_, i) => `u${i.toString(36)}`) });
const deep3k = `{ "id": "deep", "title": "Deep", "questions": [${JSON.stringify(single)}], "intro": ${'['.repeat(3_000)}${']'.repeat(3_000)} }`;
/** Where the limit is named: the owners' list, and intro's 20th bracket (the 21st level), 1-based. */
const ownersColumn = owners20k.indexOf('"owners":') + '"owners":'.length + 1;
const deepColumn = deep3k.indexOf('"intro": ') + '"intro": '.length + 19 + 1;
/** 900 empty options, a line each, as an editor lays them out. */
const emptyOptions = `{\n  "id": "empty",\n  "title": "Empty",\n  "questions": [{ "id": "q1", "type": "single", "title": "Pick", "options": [\n${Array(900).fill('    ""').join(',\n')}\n  ] }]\n}\n`;

/** Every check the app makes, with when it started and ended (performance.now()). */
const checks: { file: string; started: number; ended: number }[] = [];
const realCheck = surveyChecker();
const watchedCheck: SurveyCheck = async (file, text) => {
  const started = performance.now();
  try {
    return await realCheck(file, text);
  } finally {
    checks.push({ file, started, ended: performance.now() });
  }
};

let server: http.Server;
let base: string;
let agent: ReturnType<typeof request.agent>;

beforeAll(async () => {
  // The app as the server builds it, with its checker watched, listening on a port of its own
  // so that a second client can ask /healthz while the researcher's upload is being checked.
  const { app } = appOn(t.database, t.surveys, undefined, { resultCounts: t.resultCounts, surveyCheck: watchedCheck });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await addUser(t.database, 'hana');
  agent = (await signIn(server, 'hana')).agent;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Uploads a file from the editor page, as its form does. */
async function upload(content: string, name: string) {
  const page = await agent.get('/surveys/new').expect(200);
  return agent.post('/surveys/new').field('_csrf', hiddenField(page.text, '_csrf')!).field('text', '').attach('file', Buffer.from(content), name);
}

const problemsOf = (html: string) =>
  [...html.matchAll(/<li>\s*<p class="where">([\s\S]*?)<\/p>\s*<p class="sentence">([\s\S]*?)<\/p>/g)].map(([, where, sentence]) =>
    `${where!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()}: ${sentence}`.replace(/&#34;/g, '"').replace(/&#39;/g, "'"),
  );

describe('a hostile survey upload', () => {
  it('is refused with the named limit while /healthz goes on answering during the check', async () => {
    const answeredAt: number[] = [];
    let uploading = true;
    const pinging = (async () => {
      while (uploading) {
        const res = await fetch(`${base}/healthz`);
        if (res.status === 200) answeredAt.push(performance.now());
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const res = await upload(owners20k, 'crowd.json').finally(() => (uploading = false));
    await pinging;

    expect(res.status).toBe(422);
    expect(problemsOf(res.text)).toEqual([`line 1, column ${ownersColumn} · owners: has more than 1000 entries, more than any list of a survey may have; the file was not checked further`]);
    const check = checks.find((c) => c.file === 'crowd.json')!;
    // A check made in the request's own thread would leave no moment for a ping to be answered.
    expect(answeredAt.filter((at) => at > check.started && at < check.ended).length).toBeGreaterThan(0);
    expect(await t.database.models.SurveyDraft.countDocuments({ surveyId: 'crowd' })).toBe(0);
  });

  it('nested 3,000 levels deep is refused with the depth limit, not answered 500', async () => {
    const res = await upload(deep3k, 'deep.json');
    expect(res.status).toBe(422);
    expect(problemsOf(res.text)).toEqual([
      `line 1, column ${deepColumn} · intro${'[0]'.repeat(19)}: nests lists and objects more than 20 levels deep (a survey needs 5); the file was not checked further`,
    ]);
  });

  it('with 900 problems lists the first 100 of them, and says how many more', async () => {
    const res = await upload(emptyOptions, 'empty.json');
    expect(res.status).toBe(422);
    // The 900 empty options, and the list being longer than 200.
    expect(res.text).toContain('901 problem(s) in the survey; nothing was saved:');
    const listed = problemsOf(res.text);
    expect(listed).toHaveLength(101);
    expect(listed.slice(0, 2)).toEqual(['line 4, column 66 · questions[0].options: has more than 200 entries', 'line 5, column 5 · questions[0].options[0]: must not be empty']);
    expect(listed.at(-1)).toBe('the whole text: and 801 more problems, not listed (only the first 100 are)');
  });
});

describe('a hostile file in surveys/', () => {
  let folder: string;
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-hostile-surveys-'));
    fs.writeFileSync(path.join(folder, 'fine.json'), JSON.stringify({ id: 'fine', title: 'Fine', questions: [single] }));
    fs.writeFileSync(path.join(folder, 'crowd.json'), owners20k);
    fs.writeFileSync(path.join(folder, 'deep.json'), deep3k);
    fs.writeFileSync(path.join(folder, 'nul.json'), JSON.stringify({ id: 'nul', title: 'Zero\u0000', questions: [single] }));
  });
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
  const shown = (name: string) => path.relative(root, path.join(folder, name));

  it('is named at start-up, and the other surveys load and are served', async () => {
    const started = await startServer({ MONGODB_URI: testDatabaseUri(t.database.connection.name), SURVEYS_DIR: folder });
    try {
      expect((await fetch(`${started.baseUrl}/s/fine`)).status).toBe(200);
      expect((await fetch(`${started.baseUrl}/s/deep`)).status).toBe(404);
      const refused = started.output.filter((l) => l.startsWith('Survey file refused:'));
      expect(refused).toEqual([
        `Survey file refused: ${shown('crowd.json')}:1:${ownersColumn}: owners: has more than 1000 entries, more than any list of a survey may have; the file was not checked further`,
        `Survey file refused: ${shown('deep.json')}:1:${deepColumn}: intro${'[0]'.repeat(19)}: nests lists and objects more than 20 levels deep (a survey needs 5); the file was not checked further`,
        `Survey file refused: ${shown('nul.json')}:1:13: title: holds the control character U+0000 at character 5, which the form and the exports cannot show; remove it`,
      ]);
    } finally {
      await started.stop();
    }
  });

  it('is named by npm run validate, which checks the others and prints no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli', 'validate-surveys.ts'), folder], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`ok   ${shown('fine.json')} (fine, 1 questions)`);
    expect(result.stdout).toContain('1 survey file(s) valid, 3 refused');
    expect(result.stderr).toContain(`error ${shown('deep.json')}:1:${deepColumn}: intro${'[0]'.repeat(19)}: nests lists and objects more than 20 levels deep`);
    expect(result.stderr).toContain(`error ${shown('crowd.json')}:1:${ownersColumn}: owners: has more than 1000 entries`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
