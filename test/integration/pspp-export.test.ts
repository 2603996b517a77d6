import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { checkSubmission } from '../../src/domain/answers';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { ResponseStore } from '../../src/storage/response-store';
import { fixturesDir, surveyFromFile, useTestApp } from '../support/test-app';

/**
 * The SPSS export run for real: GNU PSPP reads the exported syntax and CSV of a survey with
 * every question type and Chinese labels, and its own output shows what arrived.
 */
const chinese = surveyFromFile(path.join(fixturesDir, 'surveys', 'export-zh.json'));
const t = useTestApp([chinese], { clearResponsesBeforeEach: false });

const TRICKY_TEXT = '=1+1, "引号" 其他';
const BODIES = [
  {
    answers: { gender: '2', job: 'oth', age: '2', products: ['1', '3'], satisfy: { '1': '3', '2': '2' }, factors: { 'p-1': ['1', '2'], 'p-3': ['2'] } },
    other: { job: TRICKY_TEXT, factors: '朋友推荐' },
  },
  { answers: { gender: '1', job: 'stu', products: ['2', '4'], satisfy: { '1': '1', '2': '1' } }, other: { products: '宠物用品' } },
  { answers: { gender: '2', job: 'emp', age: '3', products: ['4'], satisfy: { '1': '2', '2': '3' }, factors: { 'p-2': ['1'] } }, other: { products: "it's" } },
];

/**
 * A response stored before ids started with a letter or a digit (1 in 64 started with `-`)
 * and before control characters were refused: its text holds a NUL, where PSPP would cut it.
 */
const OLDER_ID = '-O_SMYQiJnUYsWuEEERG7Q';
const OLDER_BODY = { answers: { gender: '1', job: 'oth', products: ['1'], satisfy: { '1': '1', '2': '1' } }, other: { job: 'ok' } };
const OLDER_TEXT = 'before\u0000after\u000Bend';
/** The ids the API answered, in the order sent. */
const apiIds: string[] = [];

let folder = '';
let output = '';
let csvBytes = Buffer.alloc(0);

function requirePspp(): void {
  const probe = spawnSync('pspp', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('GNU PSPP is not installed, and this test needs it: apt-get install pspp (.ci/run installs it).');
  }
}

beforeAll(async () => {
  requirePspp();
  const accounts = new AccountService(new AccountStore(t.database.models), t.secret);
  await accounts.createUser('ana', 'researcher', 'a long enough password');
  const { token } = await accounts.createToken('ana', 'tests', 'read');
  for (const body of BODIES) apiIds.push((await request(t.app).post('/api/surveys/export-zh/responses').send(body).expect(201)).body.id);
  const checked = checkSubmission(chinese, OLDER_BODY);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const state = (await t.surveys.find(chinese.id))!;
  await new ResponseStore(t.database.models, t.resultCounts).insert({
    id: OLDER_ID,
    surveyId: chinese.id,
    versionId: state.versionId,
    version: state.version,
    submission: { ...checked.submission, other: { job: OLDER_TEXT } },
    submittedAt: new Date(),
    channel: 'api',
    client: { device: 'unknown' },
  });
  await t.resultCounts.flush();

  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-pspp-'));
  const save = async (url: string) => {
    const res = await request(t.app)
      .get(url)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const name = /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))![1]!;
    fs.writeFileSync(path.join(folder, name), res.body as Buffer);
    return name;
  };
  const csvName = await save('/api/surveys/export-zh/export/responses.csv');
  const syntaxName = await save('/api/surveys/export-zh/export/responses.sps');
  expect(csvName).toBe('export-zh-responses.csv');
  csvBytes = fs.readFileSync(path.join(folder, csvName));
  // The test's own commands after the exported ones: what PSPP has, in its own words.
  fs.appendFileSync(
    path.join(folder, syntaxName),
    [
      'DISPLAY DICTIONARY.',
      'LIST /VARIABLES=gender job job_other age products_3 satisfy_1 factors_p_1_2 factors_p_3_other.',
      'LIST /VARIABLES=response_id job_other.',
      'FREQUENCIES /VARIABLES=gender job satisfy_2 products_4.',
      '',
    ].join('\n'),
  );
  // Run where the files are, as the syntax's own comment asks.
  // Wide pages, so that PSPP wraps no label (the options follow -o).
  const run = spawnSync('pspp', ['-o', 'out.txt', '-O', 'format=txt', '-O', 'width=400', syntaxName], { cwd: folder, encoding: 'utf8' });
  if (run.error) throw run.error;
  output = fs.readFileSync(path.join(folder, 'out.txt'), 'utf8');
  if (run.status !== 0) throw new Error(`pspp exited with ${run.status}:\n${run.stderr}\n${output}`);
}, 60_000);

afterAll(() => {
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

/** The cells of each line of PSPP's text tables, in the part of the output after `title` (its `nth` one). */
function tableLines(title: string, nth = 1): string[][] {
  const lines = output.split('\n');
  let from = -1;
  for (let seen = 0; seen < nth; seen++) from = lines.findIndex((line, i) => i > from && line.trim() === title);
  if (from < 0) throw new Error(`no "${title}" in PSPP's output:\n${output}`);
  const table: string[][] = [];
  for (const line of lines.slice(from + 1)) {
    if (line.startsWith('|')) table.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
    else if (!line.startsWith('+')) break;
  }
  return table;
}

/** DISPLAY DICTIONARY's variables: name → label, measurement level, print format. */
function dictionary(): Record<string, { label: string; level: string; format: string }> {
  const [header, ...rows] = tableLines('Variables');
  const at = (name: string) => header!.indexOf(name);
  return Object.fromEntries(rows.map((cells) => [cells[0], { label: cells[at('Label')]!, level: cells[at('Measurement Level')]!, format: cells[at('Print Format')]! }]));
}

/** DISPLAY DICTIONARY's value labels: variable label → [value, label] pairs. */
function valueLabels(): Record<string, [string, string][]> {
  const groups: Record<string, [string, string][]> = {};
  let current: [string, string][] = [];
  for (const [left, label] of tableLines('Value Labels').slice(1)) {
    const value = left!.split(/\s+/).at(-1)!;
    const variable = left!.slice(0, left!.length - value.length).trim();
    if (variable) groups[variable] = current = [];
    current.push([value, label!]);
  }
  return groups;
}

/** A FREQUENCIES table: the label of each code → its count, and the total. */
function frequencies(title: string): Record<string, number> {
  return Object.fromEntries(tableLines(title).slice(1).map((cells) => [cells[0]!.replace(/^Valid\s+/, ''), Number(cells[1])]));
}

describe('GNU PSPP on the exported syntax and CSV', () => {
  it('runs it without an error or a warning', () => {
    expect(output).not.toMatch(/error:|warning:/i);
  });

  it('reads every case with its codes and texts, past the byte-order mark, the formula guard kept', () => {
    expect(csvBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // LIST: gender job job_other age products_3 satisfy_1 factors_p_1_2 factors_p_3_other
    const [header, ...cases] = tableLines('Data List');
    expect(header).toEqual(['gender', 'job', 'job_other', 'age', 'products_3', 'satisfy_1', 'factors_p_1_2', 'factors_p_3_other']);
    expect(cases).toEqual([
      ['2', 'oth', `'${TRICKY_TEXT}`, '2', '1', '3', '1', '朋友推荐'],
      ['1', 'stu', '', '.', '0', '1', '.', ''],
      ['2', 'emp', '', '3', '0', '2', '.', ''],
      ['1', 'oth', 'before\uFFFDafter\uFFFDend', '.', '0', '1', '.', ''],
    ]);
    expect(frequencies('您的性别').Total).toBe(BODIES.length + 1);
  });

  it('reads every response id as the API returned it, one that starts with - too, and a stored text whole past its NUL', () => {
    const [header, ...cases] = tableLines('Data List', 2);
    expect(header).toEqual(['response_id', 'job_other']);
    expect(cases.map((c) => c[0])).toEqual([...apiIds, OLDER_ID]);
    expect(cases.at(-1)![1]).toBe('before\uFFFDafter\uFFFDend');
  });

  it('gives every variable its label: the question, its row, its option, in Chinese', () => {
    const labels = Object.fromEntries(Object.entries(dictionary()).map(([name, v]) => [name, v.label]));
    expect(labels).toMatchObject({
      response_id: '答卷编号',
      submitted_at: '提交时间（UTC）',
      version: '问卷版本',
      gender: '您的性别',
      job_other: '您的职业: 其他（填写内容）',
      products_2: '您在网上购买哪些产品: 家电 "大件"',
      products_3: "您在网上购买哪些产品: “书籍”与'文具'",
      satisfy_1: '您对以下方面的满意度: 价格',
      factors_p_1_2: '影响您购买的因素: 页面设计: 比较在意',
      factors_p_3_other: '影响您购买的因素: 其他（填写内容）',
    });
    expect(Object.keys(labels)).toHaveLength(21);
  });

  it('reads numbers where every code is one and text where not, at the measurement levels asked for', () => {
    expect(dictionary()).toMatchObject({
      version: { level: 'Ordinal', format: 'F9.0' },
      gender: { level: 'Nominal', format: 'F1.0' },
      job: { level: 'Nominal', format: 'A3' },
      job_other: { level: 'Nominal', format: 'A1501' },
      products_1: { level: 'Nominal', format: 'F1.0' },
      satisfy_2: { level: 'Ordinal', format: 'F1.0' },
      factors_p_2_1: { level: 'Nominal', format: 'F1.0' },
    });
  });

  it('gives every code its label, the 0/1 columns “未选中”/“选中”, and counts the cases under them', () => {
    expect(valueLabels()).toMatchObject({
      您的性别: [['1', '男'], ['2', '女']],
      您的职业: [['emp', '工薪阶层'], ['oth', '其他'], ['stu', '学生']],
      '您对以下方面的满意度: 物流': [['1', '不满意'], ['2', '一般'], ['3', '满意']],
      "您在网上购买哪些产品: “书籍”与'文具'": [['0', '未选中'], ['1', '选中']],
      '影响您购买的因素: 其他: 比较在意': [['0', '未选中'], ['1', '选中']],
    });
    expect(frequencies('您的性别')).toEqual({ 男: 2, 女: 2, Total: 4 });
    expect(frequencies('您的职业')).toEqual({ 工薪阶层: 1, 其他: 2, 学生: 1, Total: 4 });
    expect(frequencies('您对以下方面的满意度: 物流')).toEqual({ 不满意: 2, 一般: 1, 满意: 1, Total: 4 });
    expect(frequencies('您在网上购买哪些产品: 其他')).toEqual({ 未选中: 2, 选中: 2, Total: 4 });
  });
});
