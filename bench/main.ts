/**
 * npm run bench [-- part …]
 * Starts a fresh embedded FerretDB (or uses MONGODB_URI), builds the app and runs it as
 * `npm start` does (bench/app-process.ts: `node dist/server.js`, production, default logging,
 * its output appended to a file), and the bare server (bench/bare-server.ts) in a process of
 * its own on the same database; then runs each named part, or all:
 *   api    the JSON API's submission beside a bare insert of the same document
 *   form   the respondent's GET + POST cycle beside a bare page and insert
 *   phone  the first question on a phone in Chromium beside a minimal page; the layout
 *   results  live refresh, a subgroup's results and a crosstab at 1,000 and 100,000 responses,
 *          each beside the bare aggregation it needs; a new response's way to a watching page;
 *          the app's peak memory (BENCH_RESULTS_SIZES, default 1000,100000)
 *   export the responses CSV at 10,000 and 100,000 responses: rows per second, memory
 *   survey-checks  hostile survey files (bench/hostile-surveys.ts) uploaded while /healthz is
 *          pinged, in surveys/ at start-up, and to npm run validate (BENCH_SURVEY_INPUTS,
 *          BENCH_SURVEY_TIMEOUT_S)
 * BENCH_SECONDS (per endpoint and round, default 10), BENCH_ROUNDS (default 5, bare and app
 * interleaved), BENCH_CONNECTIONS (api and form, default 24), BENCH_PAGE_LOADS (phone,
 * default 7), CHROMIUM_PATH; BENCH_APP_LOG (the app's log file, kept; default a temporary
 * one), BENCH_APP_NODE_ARGS (options for the app's node, e.g. `--cpu-prof --cpu-prof-dir=prof`).
 * A part is a BenchPart (bench/parts/part.ts): add one to PARTS to add a benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { useEmbeddedDatabase } from '../src/storage/embedded/embedded-ferretdb';
import { buildApp, startAppProcess, withDatabaseName, type AppProcess } from './app-process';
import { exportPart } from './parts/export';
import { firstQuestionPart } from './parts/first-question';
import { formCyclePart } from './parts/form-cycle';
import type { BenchPart } from './parts/part';
import { resultsPart } from './parts/results';
import { submissionPart } from './parts/submission';
import { surveyChecksPart } from './parts/survey-checks';

const PARTS: BenchPart[] = [submissionPart, formCyclePart, firstQuestionPart, resultsPart, exportPart, surveyChecksPart];

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !PARTS.some((p) => p.name === name));
  if (unknown.length) throw new Error(`no bench part ${unknown.join(', ')}; the parts are ${PARTS.map((p) => p.name).join(', ')}`);
  const parts = wanted.length ? PARTS.filter((p) => wanted.includes(p.name)) : PARTS;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-bench-'));
  const embedded = process.env.MONGODB_URI ? undefined : await useEmbeddedDatabase({ dataDir, progress: console.log });
  const uri = process.env.MONGODB_URI ?? embedded!.uri;
  const appUri = withDatabaseName(uri, `bench_${Date.now().toString(36)}`);
  const logFile = path.resolve(process.env.BENCH_APP_LOG ?? path.join(dataDir, 'likert.log'));
  let app: AppProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    await buildApp();
    app = await startAppProcess({ uri: appUri, logFile, nodeArgs: process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [] });
    bare = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bare-server.ts'), appUri, app.base], { stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await readline.createInterface({ input: bare.stdout! })[Symbol.asyncIterator]().next();
    const { port: barePort } = JSON.parse(String(first.value)) as { port: number };
    console.log(`likert bench: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ` +
      `database ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (fresh)'}; parts: ${parts.map((p) => p.name).join(', ')}`);
    console.log(`the app: node dist/server.js, NODE_ENV=production, TRUST_PROXY=1, default LOG_LEVEL, output appended to ${logFile}`);
    const appPid = app.child.pid!;
    const barePid = bare.pid!;
    const context = {
      uri,
      app: app.base,
      bare: `http://127.0.0.1:${barePort}`,
      seconds: Number(process.env.BENCH_SECONDS ?? 10),
      rounds: Number(process.env.BENCH_ROUNDS ?? 5),
      appCpuMs: () => cpuMs(appPid),
      bareCpuMs: () => cpuMs(barePid),
    };
    for (const part of parts) await part.run(context);
  } finally {
    bare?.kill();
    await app?.stop();
    if (fs.existsSync(logFile)) console.log(`\nthe app's log: ${(fs.statSync(logFile).size / 1024 / 1024).toFixed(1)} MB in ${logFile}${process.env.BENCH_APP_LOG ? '' : ' (removed)'}`);
    await embedded?.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** User and system CPU time of a process in ms, from /proc (clock ticks of 10 ms), or NaN. */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
