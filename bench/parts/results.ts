/**
 * The researcher's side at 1,000 and 100,000 responses of the reference survey, on a
 * database of its own, with the app in a process of its own (bench/results-server.ts):
 * - the live refresh (the unfiltered results, read from the kept counts): its time at the
 *   largest size over its time at the smallest (target ≤ 1.5);
 * - a subgroup's results and a crosstab through the API, each beside the bare aggregation
 *   it needs run with the driver (target ≤ 1.5×); distinct subgroups and pairs, so that
 *   every API call computes rather than reads the cache;
 * - how long a new response takes to show on a page polling as public/js/results.js does;
 * - the app process's peak memory (VmHWM).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Document } from 'mongodb';
import { checkSubmission } from '../../src/domain/answers';
import { connectDatabase, type Database } from '../../src/storage/database';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { ResultCounts } from '../../src/storage/result-counts';
import { SurveyStore } from '../../src/storage/survey-store';
import { randomAnswer, seededRandom } from '../../test/support/random-answers';
import { median } from '../load';
import { referenceAnswer, referenceSurvey } from '../reference-answer';
import type { BenchPart } from './part';

/** The results page's poll interval (public/js/results.js). */
const PAGE_POLL_MS = Number(process.env.BENCH_POLL_MS ?? 1500);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** Times `api` and `bare` one after the other, in the given order: [api ms, bare ms]. */
async function side(api: () => Promise<number>, bare: () => Promise<number>, apiFirst: boolean): Promise<[number, number]> {
  if (apiFirst) {
    const a = await api();
    return [a, await bare()];
  }
  const b = await bare();
  return [await api(), b];
}

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Peak resident memory of a process, from /proc (Linux). */
export function peakMemoryMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Stores `count` random valid responses of the reference survey straight into the database. */
export async function fill(database: Database, count: number, next: () => number, serial: { n: number }) {
  const survey = referenceSurvey();
  const state = (await new SurveyStore(database.models).find(survey.id))!;
  for (let done = 0; done < count; ) {
    const batch: Document[] = [];
    for (; batch.length < 1000 && done < count; done++) {
      const check = checkSubmission(survey, randomAnswer(survey, next));
      if (!check.ok) throw new Error('the generated answer is invalid');
      batch.push({
        _id: `bench-${serial.n++}`,
        surveyId: survey.id,
        versionId: state.versionId,
        version: state.version,
        answers: check.submission.answers,
        ...(Object.keys(check.submission.other).length ? { other: check.submission.other } : {}),
        choices: check.submission.choices,
        submittedAt: new Date(),
        channel: 'api',
        client: { device: 'unknown' },
      });
    }
    await database.models.Response.collection.insertMany(batch as never[]);
  }
}

export const resultsPart: BenchPart = {
  name: 'results',
  async run({ uri }) {
    const sizes = (process.env.BENCH_RESULTS_SIZES ?? '1000,100000').split(',').map(Number);
    const dbName = `bench_results_${Date.now().toString(36)}`;
    console.log(`\n## Results at ${sizes.join(' and ')} responses of the reference survey (database ${dbName})`);
    const server = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'results-server.ts'), uri, dbName], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const database = await connectDatabase(uri, dbName);
    try {
      const first = await readline.createInterface({ input: server.stdout! })[Symbol.asyncIterator]().next();
      const { port, token } = JSON.parse(String(first.value)) as { port: number; token: string };
      const app = `http://127.0.0.1:${port}/api/surveys/taobao-2015`;
      const get = async (url: string) => {
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
        return res.json() as Promise<{ respondents: number }>;
      };
      const survey = referenceSurvey();
      const versionIds = [(await new SurveyStore(database.models).find(survey.id))!.versionId];
      const responses = database.analysis.collection('responses');
      const bareTally = (keys: string[]) =>
        responses
          .aggregate([
            { $match: { surveyId: survey.id, versionId: { $in: versionIds }, $and: [{ choices: { $in: keys } }] } },
            { $unwind: '$choices' },
            { $group: { _id: '$choices', n: { $sum: 1 } } },
          ])
          .toArray();
      const bareCrosstab = (row: string, col: string) =>
        responses
          .aggregate([
            { $match: { surveyId: survey.id, versionId: { $in: versionIds } } },
            { $group: { _id: { row: `$answers.${row}`, col: `$answers.${col}` }, n: { $sum: 1 } } },
          ])
          .toArray();

      const next = seededRandom(100_000);
      const serial = { n: 0 };
      const rows: string[][] = [];
      const refresh: number[] = [];
      let filled = 0;
      for (const size of sizes) {
        const filling = performance.now();
        await fill(database, size - filled, next, serial);
        filled = size;
        // The kept counts as npm run results:recount builds them.
        await new ResultCounts(database.models, new ResponseAnalysis(database.analysis), { flushIntervalMs: 1000 }).recountAll([survey.id]);
        const counted = (await get(`${app}/results`)).respondents;
        if (counted !== size) throw new Error(`the results count ${counted} responses, ${size} were stored`);
        console.log(`${size} responses stored and counted in ${((performance.now() - filling) / 1000).toFixed(1)} s`);

        const refreshes: number[] = [];
        for (let i = 0; i < 30; i++) refreshes.push(await timed(() => get(`${app}/results`)));
        refresh.push(median(refreshes));

        // Distinct subgroups and pairs: each API call aggregates (no cached answer to reuse).
        const subgroups = ['browse:1', 'browse:2', 'spend:3'];
        const tally: [number, number][] = [];
        for (const [i, where] of subgroups.entries()) {
          const keys = where.split(':')[1]!.split(',').map((code) => `${where.split(':')[0]}=${code}`);
          const api = () => timed(() => get(`${app}/results?where=${where}`));
          const bare = () => timed(() => bareTally(keys));
          tally.push(await side(api, bare, i % 2 === 1));
        }
        const pairs = [['browse', 'age'], ['gender', 'spend'], ['years', 'income']];
        const crosstab: [number, number][] = [];
        for (const [i, [row, col]] of pairs.entries()) {
          const api = () => timed(() => get(`${app}/crosstab?row=${row}&col=${col}`));
          const bare = () => timed(() => bareCrosstab(row!, col!));
          crosstab.push(await side(api, bare, i % 2 === 1));
        }
        const ratio = (list: [number, number][]) => median(list.map(([a, b]) => a / b));
        rows.push([
          String(size),
          `${ms(median(refreshes))} (p95 ${ms(quantile(refreshes, 0.95))})`,
          `${ms(median(tally.map(([a]) => a)))} / ${ms(median(tally.map(([, b]) => b)))} = ${ratio(tally).toFixed(2)}×`,
          `${ms(median(crosstab.map(([a]) => a)))} / ${ms(median(crosstab.map(([, b]) => b)))} = ${ratio(crosstab).toFixed(2)}×`,
          `${peakMemoryMb(server.pid!).toFixed(0)} MB`,
        ]);
      }
      const header = ['responses', 'live refresh (median)', 'subgroup results: API / bare', 'crosstab: API / bare', 'app peak RSS'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
      console.log(`live refresh at ${sizes.at(-1)} / at ${sizes[0]}: ${(refresh.at(-1)! / refresh[0]!).toFixed(2)}× (target 1.5× or less)`);

      // A new response's way to a watching page: a poller at the page's interval, responses at random moments.
      const body = JSON.stringify(referenceAnswer(survey));
      let seen = (await get(`${app}/results`)).respondents;
      const arrivals: number[] = [];
      const waits: number[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const now = (await get(`${app}/results`)).respondents;
          for (; seen < now; seen++) {
            const sent = arrivals.shift();
            if (sent !== undefined) waits.push(performance.now() - sent);
          }
          await new Promise((resolve) => setTimeout(resolve, PAGE_POLL_MS));
        }
      })();
      for (let i = 0; i < 20; i++) {
        await new Promise((resolve) => setTimeout(resolve, 300 + next() * 1200));
        const res = await fetch(`${app}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (res.status !== 201) throw new Error(`submission: ${res.status}`);
        arrivals.push(performance.now());
      }
      while (waits.length < 20) await new Promise((resolve) => setTimeout(resolve, 100));
      polling = false;
      await poller;
      console.log(
        `a new response on a page polling every ${PAGE_POLL_MS} ms: median ${ms(median(waits))}, p95 ${ms(quantile(waits, 0.95))}, ` +
          `max ${ms(Math.max(...waits))} over 20 responses (target p95 ≤ 2,000 ms)`,
      );
    } finally {
      server.kill('SIGTERM');
      await database.connection.dropDatabase().catch(() => {});
      await database.close();
    }
  },
};
