/**
 * Hostile survey texts (bench/hostile-surveys.ts) against the app as `npm start` runs it
 * (`node dist/server.js`, built first, in a process of its own on a database of its own), each
 * input three ways:
 * - upload: a researcher (API token) posts the file to `POST /surveys/new` while another client
 *   asks `/healthz` every 5 ms; prints the answer's status, time and size, and the longest
 *   `/healthz` stall (the slowest ping, counting one still waiting when the upload is answered).
 *   A survey that passes is followed to its preview page and the preview's form, timed the same way;
 * - start-up: the server started with the file in its surveys folder beside an ordinary survey:
 *   the time until it listens, whether it serves the ordinary survey, and what it said of the file;
 * - validate: `node dist/cli/validate-surveys.js <file>`: its time, exit code and first line,
 *   and whether it printed a stack trace.
 * BENCH_SURVEY_INPUTS (names, comma-separated; default all), BENCH_SURVEY_TIMEOUT_S (each
 * step's limit, default 60; a server that has not answered by then is killed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { connectDatabase } from '../../src/storage/database';
import { withDatabaseName } from '../app-process';
import { hostileSurveys, ordinarySurvey, type HostileSurvey } from '../hostile-surveys';
import type { BenchPart } from './part';

const root = path.join(__dirname, '..', '..');
const PING_GAP_MS = 5;

interface Ran {
  /** ms, or undefined when it did not finish within the limit. */
  ms?: number;
  /** Its cell in the closing table. */
  cell: string;
  summary: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, limitMs: number): Promise<{ code: number | null; stdout: string; stderr: string; ms?: number }> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ...(signal === 'SIGKILL' ? {} : { ms: performance.now() - started }) });
    });
  });
}

interface Server {
  child: ChildProcess;
  base: string;
  output: string[];
  startedMs: number;
}

/** `node dist/server.js` on `surveysDir`: resolves once it listens, or with why it did not. */
function startServer(env: NodeJS.ProcessEnv, surveysDir: string, limitMs: number): Promise<Server | { failed: string; output: string[]; ms?: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/server.js'], { cwd: root, env: { ...env, SURVEYS_DIR: surveysDir, PORT: '0', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const output: string[] = [];
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ failed: `not listening after ${limitMs / 1000} s`, output });
    }, limitMs);
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      output.push(line);
      const ready = /likert is ready at (http:\/\/localhost:\d+)\//.exec(line);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, base: ready[1]!.replace('localhost', '127.0.0.1'), output, startedMs: performance.now() - started });
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ failed: `exited (${signal ?? code})`, output, ms: performance.now() - started });
    });
  });
}

function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

/** Asks `/healthz` every few ms until stopped: the slowest answer (or the wait of the unanswered one), and how many were answered. */
function pinger(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let running = true;
  let longest = 0;
  let answered = 0;
  let pending: number | undefined;
  const loop = (async () => {
    while (running) {
      const sent = performance.now();
      pending = sent;
      const ok = await new Promise<boolean>((resolve) => {
        const req = http.get(`${base}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200));
        });
        req.on('error', () => resolve(false));
      });
      pending = undefined;
      longest = Math.max(longest, performance.now() - sent);
      if (ok) answered++;
      await new Promise((resolve) => setTimeout(resolve, PING_GAP_MS));
    }
  })();
  return {
    /** Stops asking; the ping still out counts with the time it has waited. */
    stop() {
      running = false;
      const stall = Math.max(longest, pending === undefined ? 0 : performance.now() - pending);
      agent.destroy();
      void loop.catch(() => {});
      return { stall, answered };
    },
  };
}

/** One request while the pinger runs; a refusal or a time-out is its result, not an exception. */
async function timed(base: string, url: string, init: RequestInit, limitMs: number) {
  const ping = pinger(base);
  // Let the pinger settle on its connection before the request starts.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = performance.now();
  let status = 0;
  let body = '';
  let location = '';
  try {
    const res = await fetch(`${base}${url}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(limitMs) });
    status = res.status;
    location = res.headers.get('location') ?? '';
    body = await res.text();
  } catch (error) {
    status = -1;
    body = (error as Error).name;
  }
  const ms = performance.now() - started;
  const { stall, answered } = ping.stop();
  return { status, body, location, ms: status === -1 ? undefined : ms, stall, answered };
}

const seconds = (ms?: number) => (ms === undefined ? 'none' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
const kb = (n: number) => (n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
const clip = (s: string, n = 110) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The first problem the editor page lists, as its text. */
function firstProblem(html: string): string {
  const title = /<h2 id="problems-title">([^<]*)<\/h2>/.exec(html)?.[1] ?? '';
  const sentence = /<p class="sentence">([^<]*)<\/p>/.exec(html)?.[1] ?? /<p class="notice[^"]*"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? '';
  const unescape = (s: string) => s.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return clip(unescape(`${title}${title ? ' ' : ''}${sentence}`));
}

async function upload(server: Server, input: HostileSurvey, token: string, limitMs: number): Promise<Ran & { stall: number }> {
  const form = new FormData();
  form.append('file', new Blob([input.text], { type: 'application/json' }), `${input.name}.json`);
  const headers = { authorization: `Bearer ${token}`, 'accept-language': 'en' };
  const checked = await timed(server.base, '/surveys/new', { method: 'POST', body: form, headers }, limitMs);
  let summary = `${checked.status === -1 ? 'no answer' : checked.status} in ${seconds(checked.ms)}, ${kb(checked.body.length)}, ${checked.answered} pings answered meanwhile`;
  if (checked.status === 422 || checked.status >= 400) summary += `; ${firstProblem(checked.body)}`;
  let stall = checked.stall;
  let ms = checked.ms;
  if (checked.status === 303 && checked.location) {
    // A survey that passes: its preview and the form in the preview's frames, as a browser would ask next.
    for (const url of [checked.location, `${checked.location}/form`]) {
      const next = await timed(server.base, url, { headers }, limitMs);
      stall = Math.max(stall, next.stall);
      ms = ms === undefined || next.ms === undefined ? undefined : ms + next.ms;
      summary += `; GET ${url.endsWith('/form') ? 'preview form' : 'preview'} ${next.status === -1 ? 'no answer' : next.status} in ${seconds(next.ms)}, ${kb(next.body.length)}, stall ${seconds(next.stall)}`;
    }
  }
  return { ...(ms === undefined ? {} : { ms }), cell: checked.status === -1 ? 'none' : `${checked.status} in ${seconds(ms)}`, stall, summary };
}

async function startUp(env: NodeJS.ProcessEnv, folder: string, input: HostileSurvey | undefined, limitMs: number): Promise<Ran> {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'ordinary.json'), ordinarySurvey.replace('"hostile"', '"ordinary"'));
  if (input) fs.writeFileSync(path.join(folder, `${input.name}.json`), input.text);
  const server = await startServer(env, folder, limitMs);
  if ('failed' in server) {
    const last = server.output.filter((l) => l.trim()).slice(-1)[0] ?? '';
    const cell = server.ms === undefined ? 'none' : `${seconds(server.ms)}, exited`;
    return { ...(server.ms === undefined ? {} : { ms: server.ms }), cell, summary: `${server.failed}; ${clip(last)}` };
  }
  try {
    const ordinary = await fetch(`${server.base}/s/ordinary`, { signal: AbortSignal.timeout(limitMs) }).then((r) => r.status, () => -1);
    const refused = server.output.find((l) => l.startsWith('Survey file refused:')) ?? '';
    const cell = `${seconds(server.startedMs)}${ordinary === 200 ? '' : ', others not served'}`;
    return { ms: server.startedMs, cell, summary: `listening in ${seconds(server.startedMs)}, ordinary survey ${ordinary === 200 ? 'served' : `answered ${ordinary}`}${refused ? `; ${clip(refused)}` : ''}` };
  } finally {
    await stop(server);
  }
}

async function validate(env: NodeJS.ProcessEnv, folder: string, input: HostileSurvey, limitMs: number): Promise<Ran> {
  const file = path.join(folder, `${input.name}.json`);
  fs.writeFileSync(file, input.text);
  const result = await run(process.execPath, ['dist/cli/validate-surveys.js', file], env, limitMs);
  const stack = /\n\s+at /.test(result.stderr) ? ', STACK TRACE' : '';
  const first = result.stderr.split('\n').find((l) => l.trim()) ?? result.stdout.split('\n')[0] ?? '';
  if (result.ms === undefined) return { cell: 'none', summary: `killed after ${limitMs / 1000} s` };
  return { ms: result.ms, cell: `${seconds(result.ms)}${stack ? ', stack trace' : ''}`, summary: `exit ${result.code} in ${seconds(result.ms)}${stack}; ${clip(first)}` };
}

export const surveyChecksPart: BenchPart = {
  name: 'survey-checks',
  async run({ uri }) {
    const limitMs = Number(process.env.BENCH_SURVEY_TIMEOUT_S ?? 60) * 1000;
    const wanted = process.env.BENCH_SURVEY_INPUTS?.split(',').filter(Boolean);
    const inputs = hostileSurveys().filter((h) => !wanted || wanted.includes(h.name));
    const dbName = `bench_survey_checks_${Date.now().toString(36)}`;
    console.log(`\n## Hostile survey files: upload with /healthz pinged every ${PING_GAP_MS} ms, start-up, npm run validate (database ${dbName})`);
    const build = await run('npx', ['tsc', '-p', 'tsconfig.build.json'], process.env, 600_000);
    if (build.code !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);

    const database = await connectDatabase(uri, dbName);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-bench-surveys-'));
    const env = { ...process.env, MONGODB_URI: withDatabaseName(uri, dbName), SESSION_SECRET: 'bench-survey-checks-'.repeat(3) };
    const rows: string[][] = [];
    try {
      const accounts = new AccountService(new AccountStore(database.models), 'bench');
      await accounts.createUser('bench', 'researcher', 'bench password long enough');
      const { token } = await accounts.createToken('bench', 'bench', 'manage');

      const baseline = await startUp(env, path.join(work, 'start-up'), undefined, limitMs);
      console.log(`start-up with one ordinary survey: ${baseline.summary}`);
      const ordinary: HostileSurvey = { name: 'ordinary', shape: 'an ordinary survey (baseline)', text: ordinarySurvey };
      for (const input of [ordinary, ...inputs]) {
        console.log(`\n${input.name} (${kb(Buffer.byteLength(input.text))}, ${input.shape})`);
        const server = await startServer(env, path.join(work, 'empty'), limitMs);
        if ('failed' in server) throw new Error(`the app did not start: ${server.failed}\n${server.output.join('\n')}`);
        let uploaded: Ran & { stall: number };
        try {
          uploaded = await upload(server, input, token, limitMs);
        } finally {
          await stop(server);
        }
        console.log(`  upload    ${uploaded.summary}; longest /healthz stall ${seconds(uploaded.stall)}`);
        const started = input === ordinary ? baseline : await startUp(env, path.join(work, 'start-up'), input, limitMs);
        console.log(`  start-up  ${started.summary}`);
        const validated = await validate(env, work, input, limitMs);
        console.log(`  validate  ${validated.summary}`);
        rows.push([input.name, kb(Buffer.byteLength(input.text)), uploaded.cell, seconds(uploaded.stall), started.cell, validated.cell]);
      }
      console.log('');
      const header = ['input', 'size', 'upload answered', 'longest /healthz stall', 'start-up', 'validate'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
      console.log(`("none": no answer within ${limitMs / 1000} s; the server was killed)`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
      await database.connection.dropDatabase().catch(() => {});
      await database.close();
    }
  },
};
