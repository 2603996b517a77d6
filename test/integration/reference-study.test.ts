import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { connectDatabase, type Database } from '../../src/storage/database';
import type { ResultCounts } from '../../src/storage/result-counts';
import { SurveyStore } from '../../src/storage/survey-store';
import { appOn, resultCountsOn, testDatabaseUri } from '../support/test-app';

/**
 * The study the product must reproduce: every figure it published, read from the reference
 * file, checked through the API that serves the results pages, on responses loaded by
 * `npm run seed:demo` as a user loads them.
 */
const reference = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'demo', 'taobao-2015-published.json'), 'utf8'),
) as {
  respondents: number;
  questions: { id: string; type: string; options?: string[]; rows?: string[]; columns?: string[]; counts: Record<string, number | number[]> | null }[];
  crosstabs: { row: string; col: string; rows: string[]; cols: string[]; counts: number[][]; row_totals: number[]; col_totals: number[]; total: number }[];
  subgroup_facts: { filter: Record<string, string[]>; size: number; facts: { question: string; options: string[]; count: number; percent: number }[] }[];
};

const root = path.join(__dirname, '..', '..');
const dbName = `study_${randomBytes(6).toString('hex')}`;
const uri = testDatabaseUri(dbName);

function seedDemo(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli', 'seed-demo.ts'), ...args], {
    cwd: root,
    env: { ...process.env, MONGODB_URI: uri },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

let database: Database;
let counts: ResultCounts;
let api: (url: string) => request.Test;

beforeAll(async () => {
  const seeded = await seedDemo();
  expect(seeded.code).toBe(0);
  database = await connectDatabase(uri);
  counts = resultCountsOn(database);
  await counts.start();
  const { app, secret } = appOn(database, new SurveyStore(database.models), undefined, { resultCounts: counts });
  const accounts = new AccountService(new AccountStore(database.models), secret);
  await accounts.createUser('teacher', 'viewer', 'a long enough password');
  const { token } = await accounts.createToken('teacher', 'study', 'read');
  api = (url) => request(app).get(url).set('Authorization', `Bearer ${token}`);
}, 120_000);

afterAll(async () => {
  await counts?.stop();
  await database?.connection.dropDatabase().catch(() => {});
  await database?.close();
});

type Tally = { id: string; answered: number; options?: { value: string; label: string; count: number; percent: number }[]; rows?: { label: string; answered: number; columns: { label: string; count: number }[] }[] };

/** The code of the option labelled `label` in the survey as the results show it. */
function codeOf(results: { questions: Tally[] }, questionId: string, label: string): string {
  const option = results.questions.find((q) => q.id === questionId)!.options!.find((o) => o.label === label);
  if (!option) throw new Error(`no option “${label}” in ${questionId}`);
  return option.value;
}

describe('the reference study (269 respondents) through the results API', () => {
  it('gives every published tally exactly, each question answered by all 269', async () => {
    const results = (await api('/api/surveys/taobao-2015/results').expect(200)).body as { respondents: number; questions: Tally[] };
    expect(results.respondents).toBe(reference.respondents);
    let checked = 0;
    for (const published of reference.questions) {
      const tally = results.questions.find((q) => q.id === published.id)!;
      expect(tally.answered).toBe(269);
      if (!published.counts) continue;
      if (published.type === 'matrix') {
        for (const [rowLabel, columnCounts] of Object.entries(published.counts)) {
          const row = tally.rows!.find((r) => r.label === rowLabel)!;
          expect(row.answered).toBe(269);
          expect(row.columns.map((c) => c.count)).toEqual(columnCounts);
          checked += (columnCounts as number[]).length;
        }
      } else {
        for (const [label, count] of Object.entries(published.counts)) {
          expect([published.id, label, tally.options!.find((o) => o.label === label)?.count]).toEqual([published.id, label, count]);
          checked++;
        }
      }
    }
    expect(checked).toBe(127); // every published count: 87 options and 8 × 5 matrix cells
  });

  it('gives the published browse × age crosstab, cell by cell with its totals', async () => {
    for (const published of reference.crosstabs) {
      const table = (await api(`/api/surveys/taobao-2015/crosstab?row=${published.row}&col=${published.col}`).expect(200)).body;
      expect(table.rows.map((r: { label: string }) => r.label)).toEqual(published.rows);
      expect(table.cols.map((c: { label: string }) => c.label)).toEqual(published.cols);
      expect(table.counts).toEqual(published.counts);
      expect(table.rowTotals).toEqual(published.row_totals);
      expect(table.colTotals).toEqual(published.col_totals);
      expect(table.total).toBe(published.total);
      expect(table.chiSquare.df).toBe((published.rows.length - 1) * (published.cols.length - 1));
    }
  });

  it('gives the published subgroup facts through a subgroup filter', async () => {
    const all = (await api('/api/surveys/taobao-2015/results').expect(200)).body as { questions: Tally[] };
    for (const group of reference.subgroup_facts) {
      const where = Object.entries(group.filter).map(([q, labels]) => `where=${q}:${labels.map((l) => codeOf(all, q, l)).join(',')}`);
      const results = (await api(`/api/surveys/taobao-2015/results?${where.join('&')}`).expect(200)).body as { respondents: number; questions: Tally[] };
      expect(results.respondents).toBe(group.size);
      for (const fact of group.facts) {
        const options = results.questions.find((q) => q.id === fact.question)!.options!;
        const count = fact.options.reduce((sum, label) => sum + options.find((o) => o.label === label)!.count, 0);
        expect([fact.question, count]).toEqual([fact.question, fact.count]);
        expect(Math.round((count / group.size) * 1000) / 10).toBe(fact.percent);
      }
    }
  });

  it('leaves the kept counts exact when the demo responses are removed', async () => {
    const removed = await seedDemo('--remove');
    expect(removed.stdout).toContain('Removed 269 demo responses');
    const results = (await api('/api/surveys/taobao-2015/results').expect(200)).body;
    expect(results.respondents).toBe(0);
    expect(results.questions[0].options.map((o: { count: number }) => o.count)).toEqual([0, 0]);
  });
});
