/**
 * npm run bench
 * Submissions per second and latency of POST /api/surveys/taobao-2015/responses under
 * concurrent load, beside a bare endpoint that only inserts the same document with the
 * MongoDB driver on the same database. The ratio is the figure that matters.
 *
 * BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 32) tune the run;
 * MONGODB_URI benchmarks a real MongoDB instead of a fresh embedded FerretDB.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { formField } from '../src/domain/question-types';
import type { SurveyDefinition } from '../src/domain/survey/definition';
import { useEmbeddedDatabase } from '../src/storage/embedded/embedded-ferretdb';
import { referenceAnswer, referenceSurvey } from './reference-answer';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(
  url: string,
  body: string,
  duration: number,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Figures> {
  const result = await autocannon({ url, method: 'POST', headers, body, connections, duration });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    // The form answers a stored response with 303 See Other; that is a success too.
    non2xx: result.non2xx - ((result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats?.['303']?.count ?? 0),
  };
}

/**
 * The filled form as a browser sends it: the page's CSRF cookie and token, and no form key,
 * so that every request is a new response rather than a replay of one filled form.
 */
async function formRequest(url: string, survey: SurveyDefinition) {
  const page = await fetch(url);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { answers, other } = referenceAnswer(survey);
  const fields: [string, string][] = [['_csrf', csrf]];
  for (const [id, answer] of Object.entries(answers)) {
    if (typeof answer === 'string') fields.push([formField.answer(id), answer]);
    else if (Array.isArray(answer)) for (const v of answer) fields.push([formField.answer(id), v as string]);
    else for (const [row, cell] of Object.entries(answer as Record<string, string[]>)) for (const v of cell) fields.push([formField.matrixRow(id, row), v]);
  }
  for (const [id, text] of Object.entries(other)) fields.push([formField.other(id), text]);
  return {
    url,
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-bench-'));
  const embedded = process.env.MONGODB_URI ? undefined : await useEmbeddedDatabase({ dataDir, progress: console.log });
  const uri = process.env.MONGODB_URI ?? embedded!.uri;
  const servers = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'servers.ts'), uri], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const first = await readline.createInterface({ input: servers.stdout! })[Symbol.asyncIterator]().next();
    const { appPort, barePort } = JSON.parse(String(first.value)) as { appPort: number; barePort: number };
    const taobao = referenceSurvey();
    const body = JSON.stringify(referenceAnswer(taobao));
    const full = `http://127.0.0.1:${appPort}/api/surveys/taobao-2015/responses`;
    const bare = `http://127.0.0.1:${barePort}/`;
    const form = await formRequest(`http://127.0.0.1:${appPort}/s/taobao-2015`, taobao);

    console.log(`Submission benchmark: ${connections} concurrent connections, ${seconds} s per run, ${os.cpus().length} cores,`);
    console.log(`database: ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (fresh)'}; body ${body.length} bytes (the 20-question reference survey)`);
    await load(full, body, 2);
    await load(bare, body, 2);
    // Alternate, so that a database that slows as it grows weighs on both alike.
    const runs: { full: Figures[]; bare: Figures[]; form: Figures[] } = { full: [], bare: [], form: [] };
    for (let round = 0; round < 2; round++) {
      runs.full.push(await load(full, body, seconds / 2));
      runs.bare.push(await load(bare, body, seconds / 2));
      runs.form.push(await load(form.url, form.body, seconds / 2, form.headers));
    }
    const mean = (list: Figures[]): Figures => ({
      rps: list.reduce((s, f) => s + f.rps, 0) / list.length,
      p50: list.reduce((s, f) => s + f.p50, 0) / list.length,
      p99: Math.max(...list.map((f) => f.p99)),
      errors: list.reduce((s, f) => s + f.errors, 0),
      non2xx: list.reduce((s, f) => s + f.non2xx, 0),
    });
    const f = mean(runs.full);
    const b = mean(runs.bare);
    const h = mean(runs.form);
    const row = (name: string, x: Figures) =>
      `${name.padEnd(44)} ${x.rps.toFixed(0).padStart(8)} ${x.p50.toFixed(0).padStart(8)} ${x.p99.toFixed(0).padStart(8)} ${String(x.errors + x.non2xx).padStart(8)}`;
    console.log(`\n${'endpoint'.padEnd(44)} ${'resp/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'failed'.padStart(8)}`);
    console.log(row('POST /api/surveys/:id/responses (full path)', f));
    console.log(row('bare insertOne of the same document', b));
    console.log(row('POST /s/:id (the HTML form, 303)', h));
    console.log(`\nfull path / bare insert: ${((f.rps / b.rps) * 100).toFixed(0)}% of the throughput (target 70% or more)`);
    console.log(`HTML form / bare insert: ${((h.rps / b.rps) * 100).toFixed(0)}%`);
  } finally {
    servers.kill();
    await embedded?.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
