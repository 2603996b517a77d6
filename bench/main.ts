/**
 * npm run bench [-- part …]
 * Starts a fresh embedded FerretDB (or uses MONGODB_URI), the app and a bare server beside
 * it (bench/servers.ts) in a process of their own, and runs each named part, or all:
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
 * BENCH_SECONDS (per endpoint and round, default 2), BENCH_ROUNDS (default 9; many short rounds
 * and their median ratio weather the other work of a shared machine best),
 * BENCH_CONNECTIONS (api, default 32), BENCH_CLIENTS (form, default 8),
 * BENCH_PAGE_LOADS (phone, default 7), CHROMIUM_PATH.
 * A part is a BenchPart (bench/parts/part.ts): add one to PARTS to add a benchmark.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { useEmbeddedDatabase } from '../src/storage/embedded/embedded-ferretdb';
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
  const servers = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'servers.ts'), uri], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const first = await readline.createInterface({ input: servers.stdout! })[Symbol.asyncIterator]().next();
    const { appPort, barePort } = JSON.parse(String(first.value)) as { appPort: number; barePort: number };
    console.log(`likert bench: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ` +
      `database ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (fresh)'}; parts: ${parts.map((p) => p.name).join(', ')}`);
    const context = {
      uri,
      app: `http://127.0.0.1:${appPort}`,
      bare: `http://127.0.0.1:${barePort}`,
      seconds: Number(process.env.BENCH_SECONDS ?? 2),
      rounds: Number(process.env.BENCH_ROUNDS ?? 9),
      serverCpuMs: () => cpuMs(servers.pid!),
    };
    for (const part of parts) await part.run(context);
  } finally {
    servers.kill();
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
