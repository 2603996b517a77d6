import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FindCursor } from 'mongodb';
import request from 'supertest';
import type { ExportedResponse } from '../../src/domain/question-types/export-columns';
import { checkSubmission } from '../../src/domain/answers';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { ResponseStore } from '../../src/storage/response-store';
import { csvRecords, parseCsv } from '../support/csv';
import { randomAnswer, seededRandom } from '../support/random-answers';
import { fixturesDir, surveyFromFile, useTestApp } from '../support/test-app';

const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const chinese = surveyFromFile(path.join(fixturesDir, 'surveys', 'export-zh.json'));
/** The same questions under other ids: one for versions, one for many responses. */
const versioned = { ...everyType, id: 'every-type-versions' };
const bulk = { ...everyType, id: 'every-type-bulk' };
const moving = { ...everyType, id: 'every-type-moving' };
const older = { ...everyType, id: 'every-type-older' };
const t = useTestApp([everyType, chinese, versioned, bulk, moving, older], { clearResponsesBeforeEach: false });

let token = '';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A download's bytes, whatever its type. */
function download(url: string) {
  return request(t.app)
    .get(url)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** A CSV download's rows, after checking and taking off its byte-order mark. */
async function csv(url: string): Promise<string[][]> {
  const res = await download(url).expect(200);
  const body = res.body as Buffer;
  expect(body.subarray(0, 3)).toEqual(BOM);
  return parseCsv(body.subarray(3).toString('utf8'));
}

async function submit(surveyId: string, body: object): Promise<string> {
  const res = await request(t.app).post(`/api/surveys/${surveyId}/responses`).send(body);
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

const HEADER = [
  'response_id', 'submitted_at', 'version',
  'colour', 'colour_other', 'pet',
  'fruit_1', 'fruit_2', 'fruit_3', 'fruit_4', 'fruit_5', 'fruit_other',
  'agree_r1', 'agree_r2',
  'channels_1_1', 'channels_1_2', 'channels_2_1', 'channels_2_2', 'channels_3_1', 'channels_3_2', 'channels_3_other',
];

/** Three known responses of every-type. */
const ids = { a: '', b: '', c: '' };

beforeAll(async () => {
  const accounts = new AccountService(new AccountStore(t.database.models), t.secret);
  await accounts.createUser('ana', 'researcher', 'a long enough password');
  token = (await accounts.createToken('ana', 'tests', 'read')).token;
  ids.a = await submit('every-type', {
    answers: { colour: 'x', fruit: ['1', '5'], agree: { r1: '1', r2: '3' }, channels: { '1': ['1'], '3': ['1', '2'] } },
    other: { colour: '=HYPERLINK("http://evil.example","click")', fruit: '-5 degrees, "cold"\nand wet', channels: '@home' },
  });
  ids.b = await submit('every-type', { answers: { colour: '1', pet: '2', fruit: ['2', '3'], agree: { r1: '2', r2: '2' } } });
  ids.c = await submit('every-type', { answers: { colour: '2', pet: '1', fruit: ['3', '4'], agree: { r1: '3', r2: '1' }, channels: { '2': ['2'] } } });
  await t.resultCounts.flush();
});

describe('GET /api/surveys/:surveyId/export/responses.csv', () => {
  it('is a UTF-8 download with a byte-order mark, named after the survey', async () => {
    const res = await download('/api/surveys/every-type/export/responses.csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="every-type-responses.csv"');
    expect((res.body as Buffer).subarray(0, 3)).toEqual(BOM);
    // One BOM only: the header line follows it at once.
    expect((res.body as Buffer).subarray(3, 15).toString()).toBe('response_id,');
  });

  it('writes one row per response, oldest first, in the wide layout with codes', async () => {
    const [header, ...rows] = await csv('/api/surveys/every-type/export/responses.csv');
    expect(header).toEqual(HEADER);
    expect(rows.map((r) => r[0])).toEqual([ids.a, ids.b, ids.c]);
    for (const row of rows) expect(row[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rows.map((r) => r[1]!)).toEqual(rows.map((r) => r[1]!).sort());
    expect(rows.map((r) => r.slice(2))).toEqual([
      ['1', 'x', `'=HYPERLINK("http://evil.example","click")`, '', '1', '0', '0', '0', '1', `'-5 degrees, "cold" and wet`, '1', '3', '1', '0', '', '', '1', '1', `'@home`],
      ['1', '1', '', '2', '0', '1', '1', '0', '0', '', '2', '2', '', '', '', '', '', '', ''],
      ['1', '2', '', '1', '0', '0', '1', '1', '0', '', '3', '1', '', '', '0', '1', '', '', ''],
    ]);
  });

  it('quotes what needs quoting the standard way (commas, quotes), after the formula guard', async () => {
    const text = ((await download('/api/surveys/every-type/export/responses.csv').expect(200)).body as Buffer).toString('utf8');
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(text).toContain(`,"'-5 degrees, ""cold"" and wet",`);
  });

  it('writes labels instead of codes with labels=1; 0/1 columns stay 0/1', async () => {
    const records = csvRecords((await download('/api/surveys/every-type/export/responses.csv?labels=1').expect(200)).body.subarray(3).toString());
    expect(records.map((r) => [r.colour, r.pet, r.fruit_2, r.agree_r1, r.agree_r2])).toEqual([
      ['Other colour', '', '0', 'Disagree', 'Agree'],
      ['Red', 'Dog', '1', 'Neutral', 'Neutral'],
      ['Green', 'Cat', '0', 'Agree', 'Disagree'],
    ]);
  });

  it('writes Chinese labels that survive the round trip', async () => {
    const id = await submit('export-zh', {
      answers: { gender: '2', job: 'oth', products: ['3', '4'], satisfy: { '1': '3', '2': '2' } },
      other: { job: '自由职业', products: '宠物用品' },
    });
    const records = csvRecords((await download('/api/surveys/export-zh/export/responses.csv?labels=1').expect(200)).body.subarray(3).toString('utf8'));
    expect(records).toEqual([
      expect.objectContaining({ response_id: id, gender: '女', job: '其他', job_other: '自由职业', age: '', products_3: '1', products_other: '宠物用品', satisfy_1: '满意', satisfy_2: '一般', factors_p_1_1: '' }),
    ]);
  });

  it('keeps to a subgroup with the results’ where= filters', async () => {
    const rows = (await csv('/api/surveys/every-type/export/responses.csv?where=colour:1,2')).slice(1);
    expect(rows.map((r) => r[3])).toEqual(['1', '2']);
    const both = (await csv('/api/surveys/every-type/export/responses.csv?where=colour:1,2&where=agree.r1:3')).slice(1);
    expect(both.map((r) => r[3])).toEqual(['2']);
    const none = await csv('/api/surveys/every-type/export/responses.csv?where=pet:1&where=colour:x');
    expect(none).toEqual([HEADER]);
  });

  it('refuses a filter, a version or labels it cannot read with 400 and the reason; 404 for an unknown survey', async () => {
    const res = await download('/api/surveys/every-type/export/responses.csv?where=agree:1').set('Accept', 'application/json').expect(400);
    expect(JSON.parse(String(res.body)).errors[0].message).toBe('“agree” is a matrix: filter on one of its rows, for example agree.r1');
    await download('/api/surveys/every-type/export/responses.csv?version=9').expect(400);
    await download('/api/surveys/every-type/export/responses.csv?labels=yes').expect(400);
    await download('/api/surveys/nope/export/responses.csv').expect(404);
  });

  it('answers 401 without a token, and with a junk one, on every export', async () => {
    for (const file of ['responses.csv', 'responses.sps', 'codebook.csv', 'results.csv', 'crosstab.csv?row=colour&col=pet']) {
      await request(t.app).get(`/api/surveys/every-type/export/${file}`).expect(401);
      await request(t.app).get(`/api/surveys/every-type/export/${file}`).set('Authorization', 'Bearer lk_junk').expect(401);
    }
  });
});

describe('the versions an export counts', () => {
  it('writes older compatible versions’ responses under the shown version’s columns, and leaves out the versions the results leave out', async () => {
    const first = await submit('every-type-versions', { answers: { colour: '1', pet: '2', fruit: ['1', '2'], agree: { r1: '1', r2: '1' } } });
    // Version 2 adds an option to "pet" and a question: compatible with version 1.
    const v2 = {
      ...versioned,
      questions: [
        ...versioned.questions.map((q) => (q.id === 'pet' && q.type === 'single' ? { ...q, options: [...q.options, { value: '3', label: 'Bird', other: false }] } : q)),
        { id: 'mood', type: 'single' as const, title: 'Mood', required: false, options: [{ value: '1', label: 'Good', other: false }] },
      ],
    };
    await t.surveys.registerDefinition(v2);
    const second = await submit('every-type-versions', { answers: { colour: '2', pet: '3', mood: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '1' } } });
    await t.resultCounts.flush();

    const records = csvRecords((await download('/api/surveys/every-type-versions/export/responses.csv').expect(200)).body.subarray(3).toString());
    expect(records.map((r) => [r.version, r.colour, r.pet, r.mood])).toEqual([
      ['1', '1', '2', ''],
      ['2', '2', '3', '1'],
    ]);
    // Shown in version 1: its own columns (no mood), both responses; Bird is no code of version 1.
    const old = csvRecords((await download('/api/surveys/every-type-versions/export/responses.csv?version=1').expect(200)).body.subarray(3).toString());
    expect(old.map((r) => [r.version, r.pet, 'mood' in r])).toEqual([
      ['1', '2', false],
      ['2', '', false],
    ]);

    // Version 3 gives code 1 of "colour" another meaning: the results do not count versions 1 and 2 with it, nor does the export.
    await t.surveys.registerDefinition({
      ...v2,
      questions: v2.questions.map((q) => (q.id === 'colour' && q.type === 'single' ? { ...q, options: q.options.map((o) => (o.value === '1' ? { ...o, label: 'Crimson' } : o)) } : q)),
    });
    const third = await submit('every-type-versions', { answers: { colour: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '1' } } });
    await t.resultCounts.flush();
    const current = csvRecords((await download('/api/surveys/every-type-versions/export/responses.csv').expect(200)).body.subarray(3).toString());
    expect(current.map((r) => [r.version, r.response_id])).toEqual([['3', third]]);
    expect([first, second]).not.toContain(third);
  });
});

describe('responses stored before ids started with a letter or a digit, and before control characters were refused', () => {
  /** Ids as the product made them before (1 in 64 started with `-`), and one that only a hand in the database makes. */
  const STORED_IDS = ['-O_SMYQiJnUYsWuEEERG7Q', '_Wuy1tfXHrhjDxEPUan6HA', 'demo-taobao-2015-001', '=1+1'];
  const STORED_TEXT = 'nul\u0000 vt\u000B ff\u000C del\u007F nel\u0085 csi\u009B tab\tend';

  beforeAll(async () => {
    const store = new ResponseStore(t.database.models, t.resultCounts);
    const state = (await t.surveys.find(older.id))!;
    const checked = checkSubmission(older, { answers: { colour: 'x', fruit: ['1', '2'], agree: { r1: '1', r2: '3' } }, other: { colour: 'teal' } });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    for (const [i, id] of STORED_IDS.entries()) {
      // What the answer check let through before: the text as it was sent.
      const submission = { ...checked.submission, other: { colour: STORED_TEXT } };
      const submittedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      await store.insert({ id, surveyId: older.id, versionId: state.versionId, version: state.version, submission, submittedAt, channel: 'api', client: { device: 'unknown' } });
    }
    await t.resultCounts.flush();
  });

  it('writes every id the product made exactly as the API returned it, even one that starts with -', async () => {
    const [, ...rows] = await csv('/api/surveys/every-type-older/export/responses.csv');
    expect(rows.map((r) => r[0])).toEqual(['-O_SMYQiJnUYsWuEEERG7Q', '_Wuy1tfXHrhjDxEPUan6HA', 'demo-taobao-2015-001', "'=1+1"]);
    const text = ((await download('/api/surveys/every-type-older/export/responses.csv?labels=1').expect(200)).body as Buffer).toString('utf8');
    expect(text).toContain('\n-O_SMYQiJnUYsWuEEERG7Q,2026-01-01T00:00:00.000Z,1,Other colour,');
  });

  it('writes no control character: each becomes U+FFFD, a NEL a space like any line break, and a tab stays', async () => {
    const body = (await download('/api/surveys/every-type-older/export/responses.csv').expect(200)).body as Buffer;
    expect(body.includes(0)).toBe(false);
    expect(body.toString('utf8')).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
    const records = csvRecords(body.subarray(3).toString('utf8'));
    expect(records.map((r) => r.colour_other)).toEqual(Array(STORED_IDS.length).fill('nul\uFFFD vt\uFFFD ff\uFFFD del\uFFFD nel  csi\uFFFD tab\tend'));
  });
});

describe('GET /api/surveys/:surveyId/export/codebook.csv', () => {
  it('lists every variable with its question and every code with its label', async () => {
    const rows = await csv('/api/surveys/every-type/export/codebook.csv');
    expect(rows[0]).toEqual(['variable', 'question', 'code', 'label', 'note']);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['response_id', 'Response', '', '', 'The id the API returned for this response, written exactly as it is: never with a quote before it, even when it starts with -.'],
        ['submitted_at', 'Submitted (UTC)', '', '', ''],
        ['colour', 'Favourite colour', '1', 'Red', ''],
        ['colour', 'Favourite colour', 'x', 'Other colour', ''],
        ['colour_other', 'Favourite colour: Other colour (text)', '', '', `A text starting with =, +, -, @, a tab or a carriage return has a ' put before it, so that spreadsheets do not run it as a formula (in R: sub("^'", "", x)).`],
        ['fruit_1', 'Fruit you eat: Apple', '0', 'not chosen', ''],
        ['fruit_1', 'Fruit you eat: Apple', '1', 'chosen', ''],
        ['agree_r2', 'Agreement: Statement two', '3', 'Agree', ''],
        ['channels_3_2', 'Where do you hear about us: Elsewhere: Offline', '1', 'chosen', ''],
      ]),
    );
    // One row per code: 3 fixed columns, colour 3 codes + text, pet 2, fruit 5×2 + text, agree 2×3, channels 6×2 + text.
    expect(rows.length - 1).toBe(3 + 3 + 1 + 2 + 10 + 1 + 6 + 12 + 1);
  });
});

describe('GET /api/surveys/:surveyId/export/responses.sps', () => {
  it('is SPSS syntax in UTF-8 with a byte-order mark that reads the CSV with each variable’s format', async () => {
    const res = await download('/api/surveys/every-type/export/responses.sps').expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="every-type-responses.sps"');
    const body = res.body as Buffer;
    expect(body.subarray(0, 3)).toEqual(BOM);
    const syntax = body.subarray(3).toString('utf8');
    expect(syntax).toContain("/FILE='every-type-responses.csv'");
    expect(syntax).toContain("/ENCODING='UTF8'");
    expect(syntax).toMatch(/\n {4}colour A1\n {4}colour_other A1501\n {4}pet F1\.0\n/);
    expect(syntax).toContain("VALUE LABELS\n  colour\n    '1' 'Red'\n    '2' 'Green'\n    'x' 'Other colour'\n");
    expect(syntax).toMatch(/\nEXECUTE\.\n$/);
  });

  it('refuses labels=1: the syntax reads the codes and gives the labels itself', async () => {
    const res = await download('/api/surveys/every-type/export/responses.sps?labels=1').set('Accept', 'application/json').expect(400);
    expect(String(res.body)).toContain('leave out labels=1');
  });
});

describe('GET /api/surveys/:surveyId/export/results.csv', () => {
  it('writes every option’s count, percent of those who answered and 95 % interval, as the results page shows them', async () => {
    const rows = await csv('/api/surveys/every-type/export/results.csv');
    expect(rows[0]).toEqual(['Question id', 'Question', 'Row code', 'Row', 'Code', 'Option', 'Count', 'Percent', '95 % interval, low (%)', '95 % interval, high (%)', 'Answered']);
    // 1 of 3: Wilson's interval with z = 1.959964 is 6.15 % to 79.23 %.
    expect(rows[1]).toEqual(['colour', 'Favourite colour', '', '', '1', 'Red', '1', '33.33', '6.15', '79.23', '3']);
    expect(rows).toContainEqual(['pet', 'Pet', '', '', '2', 'Dog', '1', '50', '9.45', '90.55', '2']);
    expect(rows).toContainEqual(['agree', 'Agreement', 'r2', 'Statement two', '3', 'Agree', '1', '33.33', '6.15', '79.23', '3']);
    // A multi-select matrix row: the base is those who answered the row.
    expect(rows).toContainEqual(['channels', 'Where do you hear about us', '3', 'Elsewhere', '2', 'Offline', '1', '100', '20.65', '100', '1']);
    expect(rows).toContainEqual(['channels', 'Where do you hear about us', '2', 'Ads', '1', 'Online', '0', '0', '0', '79.35', '1']);
    expect(rows.length - 1).toBe(3 + 2 + 5 + 2 * 3 + 3 * 2);
  });

  it('counts a subgroup with where=', async () => {
    const rows = await csv('/api/surveys/every-type/export/results.csv?where=colour:1,2');
    expect(rows).toContainEqual(['colour', 'Favourite colour', '', '', 'x', 'Other colour', '0', '0', '0', '65.76', '2']);
    expect(rows).toContainEqual(['fruit', 'Fruit you eat', '', '', '3', 'Cherry', '2', '100', '34.24', '100', '2']);
  });
});

describe('the tables exported while responses arrive', () => {
  it('hold the current figures, even while the live page is shown its last ones as stale', async () => {
    const red = { answers: { colour: '1', pet: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '1' } } };
    const redCount = (rows: string[][]) => rows.find((row) => row[0] === 'colour' && row[4] === '1')?.[6];
    const base = '/api/surveys/every-type-moving';
    await submit('every-type-moving', red);
    await t.resultCounts.flush();
    const before = await request(t.app).get(`${base}/results?where=colour:1`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(before.body.respondents).toBe(1);
    await request(t.app).get(`${base}/crosstab?row=colour&col=pet&where=colour:1`).set('Authorization', `Bearer ${token}`).expect(200);

    await submit('every-type-moving', red);
    await t.resultCounts.flush();
    // The page, asking again at once, is given the figures it had, marked stale...
    const live = await request(t.app).get(`${base}/results?where=colour:1`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(live.body).toMatchObject({ respondents: 1, stale: true });
    // ...the exports wait for the current ones.
    expect(redCount(await csv(`${base}/export/results.csv?where=colour:1`))).toBe('2');
    const crosstab = await csv(`${base}/export/crosstab.csv?row=colour&col=pet&where=colour:1`);
    expect(crosstab[1]).toEqual(['Red', '2', '0', '2']);
  });
});

describe('GET /api/surveys/:surveyId/export/crosstab.csv', () => {
  it('writes the counts with their totals, then the chi-square figures and whom it counts', async () => {
    const res = await download('/api/surveys/every-type/export/crosstab.csv?row=colour&col=pet').expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="every-type-crosstab-colour-pet.csv"');
    const rows = parseCsv((res.body as Buffer).subarray(3).toString());
    expect(rows).toEqual([
      ['Favourite colour \\ Pet', 'Cat', 'Dog', 'Total'],
      ['Red', '0', '1', '1'],
      ['Green', '1', '0', '1'],
      ['Other colour', '0', '0', '0'],
      ['Total', '1', '1', '2'],
      [''],
      // The row nobody answered is left out: [[0, 1], [1, 0]], χ² = 2, p = 0.1573, V = 1.
      ['χ²', '2'],
      ['df', '1'],
      ['p', '0.1573'],
      ['Cramér’s V', '1'],
      ['Caution: 100 % of the expected counts are below 5 (the smallest is 0.5); the chi-square approximation may be poor.'],
      ['All respondents'],
    ]);
  });

  it('counts a subgroup, says which, and says why there is no test', async () => {
    const rows = await csv('/api/surveys/every-type/export/crosstab.csv?row=colour&col=pet&where=fruit:2');
    expect(rows.slice(1, 5)).toEqual([
      ['Red', '0', '1', '1'],
      ['Green', '0', '0', '0'],
      ['Other colour', '0', '0', '0'],
      ['Total', '0', '1', '1'],
    ]);
    expect(rows.slice(6)).toEqual([['No chi-square test: fewer than two categories have respondents.'], ['Respondents where 3. Fruit you eat is Banana']]);
    const multi = await csv('/api/surveys/every-type/export/crosstab.csv?row=fruit&col=agree.r1');
    expect(multi.at(-2)).toEqual(['No chi-square test: “Fruit you eat” takes several answers per respondent, so its cells are not independent.']);
  });

  it('refuses a missing or unknown question with 400', async () => {
    await download('/api/surveys/every-type/export/crosstab.csv?row=colour').expect(400);
    await download('/api/surveys/every-type/export/crosstab.csv?row=colour&col=agree').expect(400);
  });
});

describe('the download links of the results and crosstab pages', () => {
  const links = (html: string) => [...html.matchAll(/<a href="([^"]+)" download>([^<]+)<\/a>/g)].map((m) => [m[2], m[1]!.replace(/&amp;/g, '&')]);

  it('offer every export with the page’s version and subgroup, and they download what the page shows', async () => {
    const page = await request(t.app).get('/surveys/every-type/results?version=1&where=colour:1,2').set('Authorization', `Bearer ${token}`).expect(200);
    const base = '/api/surveys/every-type/export';
    expect(links(page.text)).toEqual([
      ['These tables as CSV', `${base}/results.csv?version=1&where=colour:1,2`],
      ['Responses CSV (codes)', `${base}/responses.csv?version=1&where=colour:1,2`],
      ['Responses CSV (labels)', `${base}/responses.csv?labels=1&version=1&where=colour:1,2`],
      ['SPSS syntax (.sps)', `${base}/responses.sps?version=1&where=colour:1,2`],
      ['Codebook (codebook.csv)', `${base}/codebook.csv?version=1`],
    ]);
    const rows = (await csv(links(page.text)[1]![1]!)).slice(1);
    expect(rows.map((r) => r[3])).toEqual(['1', '2']);

    const crosstab = await request(t.app).get('/surveys/every-type/crosstab?row=colour&col=pet&where=fruit:3').set('Authorization', `Bearer ${token}`).expect(200);
    expect(links(crosstab.text)[0]).toEqual(['This crosstab as CSV', `${base}/crosstab.csv?row=colour&col=pet&where=fruit:3`]);
    expect((await csv(links(crosstab.text)[0]![1]!)).at(-1)).toEqual(['Respondents where 3. Fruit you eat is Cherry']);
  });
});

describe('a large export streams', () => {
  const ROWS = 3000;
  let server: http.Server;
  let base = '';
  /** The cursors the exports opened, how many responses each has handed to the CSV writer, whether it was closed. */
  let cursors: { cursor: FindCursor<ExportedResponse>; pulled: number; closed: boolean }[] = [];

  beforeAll(async () => {
    const next = seededRandom(4242);
    // About 4.5 kB a row, 13 MB in all: well over what the sockets' buffers hold (measured: about 4 MB, 950 rows).
    const long = '长'.repeat(490);
    const store = new ResponseStore(t.database.models, t.resultCounts);
    const state = (await t.surveys.find(bulk.id))!;
    const at = { surveyId: bulk.id, versionId: state.versionId, version: state.version };
    for (let i = 0; i < ROWS; i++) {
      const body = randomAnswer(bulk, next);
      body.answers.colour = 'x';
      body.answers.fruit = ['1', '5'];
      body.answers.channels = { '3': ['1'] };
      body.other = { colour: `${i} ${long}`, fruit: long, channels: long };
      // Checked and stored as the API does, without HTTP: a third of the time.
      const checked = checkSubmission(bulk, body);
      if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
      await store.insert({ ...at, id: `bulk-${i}`, submission: checked.submission, submittedAt: new Date(), channel: 'api', client: { device: 'unknown' } });
    }
    server = http.createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const original = ResponseAnalysis.prototype.responsesInOrder;
    jest.spyOn(ResponseAnalysis.prototype, 'responsesInOrder').mockImplementation(function (this: ResponseAnalysis, ...args) {
      const entry = { cursor: original.apply(this, args), pulled: 0, closed: false };
      entry.cursor = entry.cursor.map((response) => {
        entry.pulled++;
        return response;
      });
      // Emitted once the cursor is closed (and killed on the server when it had more to give).
      entry.cursor.once('close', () => (entry.closed = true));
      cursors.push(entry);
      return entry.cursor;
    });
  }, 120_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    // A download a failed test left paused would keep close() waiting.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (cursors = []));

  /** Starts a download without reading it: the response, paused. */
  function open(): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${base}/api/surveys/every-type-bulk/export/responses.csv`, { headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
        res.pause();
        resolve({ req, res });
      });
      req.on('error', reject);
    });
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('reads the database only as fast as the client reads the file, and the file is whole', async () => {
    const { res } = await open();
    expect(res.statusCode).toBe(200);
    await sleep(1500);
    // The client reads nothing: the cursor stops once the socket's buffers are full.
    const whilePaused = cursors[0]!.pulled;
    expect(whilePaused).toBeLessThan(ROWS / 2);
    await sleep(500);
    expect(cursors[0]!.pulled).toBe(whilePaused);

    // Then slowly: a chunk at a time, with pauses.
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      res.pause();
      setTimeout(() => res.resume(), 2);
    });
    res.resume();
    await new Promise((resolve) => res.on('end', resolve));
    const rows = parseCsv(Buffer.concat(chunks).subarray(3).toString('utf8'));
    expect(rows).toHaveLength(ROWS + 1);
    // Every response once (two submitted in the same millisecond are ordered by id, not by sending).
    expect(rows.slice(1).map((r) => Number(r[4]!.split(' ')[0])).sort((x, y) => x - y)).toEqual([...Array(ROWS).keys()]);
    expect(rows.slice(1).map((r) => r[1]!)).toEqual(rows.slice(1).map((r) => r[1]!).sort());
    expect(cursors[0]!.pulled).toBe(ROWS);
  }, 60_000);

  it('closes the cursor when the client goes away, and the server goes on exporting', async () => {
    // More aborted downloads than the analysis pool has connections (4): none may keep one.
    for (let i = 0; i < 5; i++) {
      const { req, res } = await open();
      await new Promise((resolve) => res.once('data', resolve).resume());
      // The client hangs up half-way: its own side reports the reset, which is the point.
      res.on('error', () => {});
      req.destroy();
    }
    expect(cursors).toHaveLength(5);
    for (const entry of cursors) {
      for (let waited = 0; !entry.closed && waited < 5000; waited += 50) await sleep(50);
      expect(entry.closed).toBe(true);
      expect(entry.pulled).toBeLessThan(ROWS);
    }
    const rows = (await csv('/api/surveys/every-type-bulk/export/responses.csv')).slice(1);
    expect(rows).toHaveLength(ROWS);
  }, 60_000);
});
