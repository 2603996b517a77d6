import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Collection } from 'mongodb';
import request from 'supertest';
import { SurveyManagement } from '../../src/services/survey-management';
import { AuditLog } from '../../src/storage/audit-log';
import { managementStores } from '../../src/storage/management-stores';
import { SurveyDrafts } from '../../src/storage/survey-drafts';
import { addUser, hiddenField, signIn } from '../support/researchers';
import { startServer } from '../support/server-process';
import { fixturesDir, surveyFromFile, testDatabaseUri, useTestApp } from '../support/test-app';

const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const t = useTestApp([], { clearResponsesBeforeEach: false });
const models = () => t.database.models;

type Agent = ReturnType<typeof request.agent>;
/** One signed-in browser per user for the whole file (sign-ins from one address are rate-limited). */
const browsers: Record<string, Agent> = {};
const as = (username: string) => browsers[username]!;

beforeAll(async () => {
  await addUser(t.database, 'olga');
  await addUser(t.database, 'rita');
  await addUser(t.database, 'vera', 'viewer');
  for (const username of ['olga', 'rita', 'vera']) browsers[username] = (await signIn(t.app, username)).agent;
  // A survey from a file that olga may only read, and one that is hers.
  await t.surveys.registerDefinition({ ...everyType, id: 'team-survey', title: 'The team’s survey' }, 'surveys/team-survey.json', { owners: ['rita'], viewers: ['olga'] });
  await t.surveys.registerDefinition({ ...everyType, id: 'secret', title: 'A secret survey' }, 'surveys/secret.json', { owners: ['rita'], viewers: [] });
  await t.surveys.registerDefinition({ ...everyType, id: 'olgas-file', title: 'Olga’s file survey' }, 'surveys/olgas-file.json', { owners: ['olga'], viewers: ['vera'] });
});

/** A small survey as a researcher writes it, one property per line so that lines are easy to name. */
function surveyText(id: string, options: string[] = ['Red', 'Green'], title = 'Colours') {
  return [
    '{',
    `  "id": "${id}",`,
    `  "title": "${title}",`,
    '  "questions": [',
    `    { "id": "colour", "type": "single", "title": "Favourite colour", "options": ${JSON.stringify(options)} },`,
    '    { "id": "pets", "type": "multi", "title": "Pets", "required": false, "options": ["Cat", "Dog", "Fish"] }',
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** A signed-in browser on the editor page: its CSRF token comes from the page, as a browser's would. */
async function editor(agent: Agent, url = '/surveys/new'): Promise<string> {
  const page = await agent.get(url).expect(200);
  return hiddenField(page.text, '_csrf')!;
}

/** Sends a survey from the editor (multipart, as the page's form does): pasted text, or a file. */
async function sendSurvey(agent: Agent, how: { text?: string; file?: { content: Buffer | string; name: string } }, url = '/surveys/new', status?: number) {
  const csrf = await editor(agent, url);
  let req = agent.post(url).field('_csrf', csrf).field('text', how.text ?? '');
  if (how.file) req = req.attach('file', Buffer.from(how.file.content), how.file.name);
  return status === undefined ? req : req.expect(status);
}

/** The preview a check led to, and the Save form's token. */
async function preview(agent: Agent, checked: request.Response) {
  expect(checked.status).toBe(303);
  const url = checked.headers.location as string;
  expect(url).toMatch(/^\/surveys\/new\/drafts\/[A-Za-z0-9_-]{24}$/);
  const page = await agent.get(url).expect(200);
  return { url, page, csrf: hiddenField(page.text, '_csrf')! };
}

/** Checks, previews and saves a survey text: the save's response (a 303 to the survey's page). */
async function createSurvey(agent: Agent, text: string) {
  const { url, csrf } = await preview(agent, await sendSurvey(agent, { text }));
  return agent.post(url).type('form').send({ _csrf: csrf }).expect(303);
}

/** src/server.ts as `npm start` runs it, on this file's database, with no survey files of its own. */
async function startServerOnThisDatabase() {
  const surveysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-no-surveys-'));
  const server = await startServer({ MONGODB_URI: testDatabaseUri(t.database.connection.name), SURVEYS_DIR: surveysDir });
  return {
    said: server.said,
    stop: async () => {
      await server.stop();
      fs.rmSync(surveysDir, { recursive: true, force: true });
    },
  };
}

/** The record of actions of the survey that has this id now, as its audit page reads it. */
const auditOf = async (surveyId: string) => (await new AuditLog(models()).forSurvey(surveyId, { skip: 0, limit: 100 })).entries;
/** Every entry ever recorded under a survey id, newest first: the record outlives a deleted survey. */
const storedAuditOf = async (surveyId: string) => models().AuditEntry.find({ surveyId }).sort({ at: -1 }).lean();
/** The audit page's rows: "olga opened". */
const auditRows = (html: string) =>
  [...html.matchAll(/<td data-label="Who">([^<]*)<\/td>\s*<td data-label="What">([^<]*)<\/td>\s*<td data-label="Detail">([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`.trim());
const answer = (surveyId: string, answers: Record<string, unknown>) => request(t.app).post(`/api/surveys/${surveyId}/responses`).send({ answers });
/** The problems the editor lists, as text: "line 5, column 34 · questions[0].options[1] …". */
const problemsOf = (html: string) =>
  [...html.matchAll(/<li>\s*<p class="where">([\s\S]*?)<\/p>\s*<p class="sentence">([\s\S]*?)<\/p>/g)].map(([, where, sentence]) =>
    `${where!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()}: ${sentence}`.replace(/&#34;/g, '"').replace(/&#39;/g, "'"),
  );
const textareaOf = (html: string) => /<textarea[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(html)?.[1]?.replace(/&#34;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('creating a survey by pasting its JSON', () => {
  it('checks it, shows the form as respondents will see it, saves nothing until Save, then owns it to its creator', async () => {
    const agent = as('olga');
    const text = surveyText('colours');
    const { url, page, csrf } = await preview(agent, await sendSurvey(agent, { text }));
    expect(page.text).toContain('Preview: Colours');
    expect(page.text).toContain('A new survey “colours” with 2 question(s).');
    // The form twice, at 360 px and wide, each a sandboxed frame of the same preview page.
    const frames = [...page.text.matchAll(/<iframe src="([^"]+)" title="([^"]+)" sandbox="allow-scripts allow-same-origin"><\/iframe>/g)];
    expect(frames.map((f) => f[2])).toEqual(['Preview of the form: 360 px', 'Preview of the form: On a wide screen']);
    expect(new Set(frames.map((f) => f[1]))).toEqual(new Set([`${url}/form`]));
    expect(await models().Survey.findById('colours')).toBeNull();

    const frame = await agent.get(`${url}/form`).expect(200);
    expect(frame.text).toContain('<form method="post" action="' + `${url}/form` + '" novalidate class="survey-form"');
    expect(frame.text).toContain('Favourite colour');
    expect(frame.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    // Only the preview may be framed, and only by our own pages.
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    const saved = await agent.post(url).type('form').send({ _csrf: csrf }).expect(303);
    expect(saved.headers.location).toBe('/surveys/colours/manage?saved=created&version=1');
    const survey = await t.surveys.find('colours');
    expect(survey?.sharing).toEqual({ owners: ['olga'], viewers: [] });
    expect(survey?.status).toBe('open');
    expect((await models().SurveyVersion.findById(survey!.versionId).lean())?.text).toBe(text);
    expect(await models().SurveyDraft.countDocuments({ surveyId: 'colours' })).toBe(0);
    const manage = await agent.get(saved.headers.location as string).expect(200);
    expect(manage.text).toMatch(/The survey is created and open; respondents answer it at http:\/\/127\.0\.0\.1:\d+\/s\/colours/);
    await request(t.app).get('/s/colours').expect(200);
    expect((await auditOf('colours')).map((e) => [e.username, e.action, e.detail])).toEqual([['olga', 'survey.create', 'version 1']]);
  });

  it('keeps a preview for a day: an older draft cannot be saved, and is cleaned away when another is made', async () => {
    let now = new Date('2026-05-01T08:00:00Z');
    const drafts = new SurveyDrafts(models(), () => now);
    const old = await drafts.create({ username: 'olga', surveyId: 'stale', text: surveyText('stale') });
    now = new Date('2026-05-02T08:00:01Z');
    expect(await drafts.find(old.id, 'olga')).toBeNull();
    const fresh = await drafts.create({ username: 'olga', surveyId: 'fresh', text: surveyText('fresh') });
    expect(await models().SurveyDraft.findById(old.id)).toBeNull();
    expect((await drafts.find(fresh.id, 'olga'))?.text).toBe(surveyText('fresh'));
    await drafts.remove(fresh.id);
  });

  it('will not save a preview twice, nor someone else’s preview', async () => {
    const agent = as('olga');
    const { url, csrf } = await preview(agent, await sendSurvey(agent, { text: surveyText('once') }));
    const rita = as('rita');
    const ritaCsrf = await editor(rita);
    await rita.get(`${url}/form`).expect(404);
    const stolen = await rita.post(url).type('form').send({ _csrf: ritaCsrf }).expect(404);
    expect(stolen.text).toContain('This preview is no longer available');
    await agent.post(url).type('form').send({ _csrf: csrf }).expect(303);
    await agent.post(url).type('form').send({ _csrf: csrf }).expect(404);
    expect((await t.surveys.find('once'))?.sharing).toEqual({ owners: ['olga'], viewers: [] });
  });
});

describe('creating a survey by uploading its file', () => {
  it('takes a multipart upload (a Chinese file name too) and uses the file instead of the text box', async () => {
    const agent = as('rita');
    const text = surveyText('uploaded', ['红', '绿'], '颜色调查');
    const checked = await sendSurvey(agent, { text: 'ignored when a file is chosen', file: { content: text, name: '颜色.json' } });
    const { url, page, csrf } = await preview(agent, checked);
    expect(page.text).toContain('Preview: 颜色调查');
    await agent.post(url).type('form').send({ _csrf: csrf }).expect(303);
    const survey = await t.surveys.find('uploaded');
    expect(survey?.definition.questions[0]).toMatchObject({ options: [{ value: '1', label: '红' }, { value: '2', label: '绿' }] });
    expect((await models().SurveyVersion.findById(survey!.versionId).lean())?.text).toBe(text);
  });

  it('shows the editor in Chinese to a Chinese researcher', async () => {
    const agent = as('rita');
    const page = await agent.get('/surveys/new').set('Accept-Language', 'zh-CN').expect(200);
    expect(page.text).toContain('<h1>新建问卷</h1>');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('name="file" type="file"');
  });
});

describe('a wrong survey', () => {
  it.each([
    ['a syntax error (a missing comma)', surveyText('broken').replace('"title": "Colours",', '"title": "Colours"'), ['line 4, column 3: invalid JSON: a comma "," is expected here']],
    [
      'a wrong type and a missing title',
      surveyText('broken').replace('"type": "single", "title": "Favourite colour", ', '"type": "dropdown", '),
      [
        'line 5, column 5 · questions[0]: the question needs "title"',
        'line 5, column 23 · questions[0].type: must be one of "single", "multi", "matrix", found text "dropdown"',
      ],
    ],
    [
      'a rule no schema can say (maxSelected above the options)',
      surveyText('broken').replace('"required": false,', '"required": false, "maxSelected": 4,'),
      ['line 6, column 74 · questions[1].maxSelected: maxSelected is 4 but the question has only 3 options'],
    ],
    ['a key written twice', surveyText('broken').replace('"title": "Colours",', '"title": "Colours", "title": "Again",'), ['line 3, column 23 · title: "title" appears twice in the same object; keep one']],
    ['nothing at all', '   ', ['the whole text: Choose a survey file or paste the survey’s JSON.']],
  ])('is refused with %s: line, column, JSON path and sentence, and the text kept', async (_what, text, expected) => {
    const agent = as('olga');
    const res = await sendSurvey(agent, { text }, '/surveys/new', 422);
    expect(problemsOf(res.text)).toEqual(expected);
    expect(textareaOf(res.text)).toBe(text);
    expect(await models().SurveyDraft.countDocuments({ surveyId: 'broken' })).toBe(0);
  });

  it('is refused in the researcher’s language: Chinese to a Chinese researcher, English to an English one', async () => {
    const agent = as('olga');
    const sent = async (text: string, language: string) => {
      const csrf = await editor(agent);
      return agent.post('/surveys/new').set('Accept-Language', language).field('_csrf', csrf).field('text', text).expect(422);
    };
    const missingComma = surveyText('broken').replace('"title": "Colours",', '"title": "Colours"');
    const unknownType = surveyText('broken').replace('"type": "single"', '"type": "dropdown"');

    const chinese = await sent(missingComma, 'zh-CN,zh;q=0.9,en;q=0.5');
    expect(chinese.text).toContain('问卷中有 1 处问题');
    expect(problemsOf(chinese.text)).toEqual(['第 4 行第 3 列: JSON 格式错误：这里应为逗号 ","']);
    expect(problemsOf((await sent(unknownType, 'zh-CN')).text)).toEqual([
      '第 5 行第 23 列 · questions[0].type: 应为 "single"、"multi"、"matrix" 之一，实际为文本 "dropdown"',
    ]);

    expect(problemsOf((await sent(missingComma, 'en')).text)).toEqual(['line 4, column 3: invalid JSON: a comma "," is expected here']);
    expect(problemsOf((await sent(unknownType, 'en-GB,en;q=0.8')).text)).toEqual([
      'line 5, column 23 · questions[0].type: must be one of "single", "multi", "matrix", found text "dropdown"',
    ]);
  });

  it('is refused when the file is not UTF-8, or too large', async () => {
    const agent = as('olga');
    const latin1 = Buffer.from(surveyText('latin', ['Café', 'Thé']), 'latin1');
    const res = await sendSurvey(agent, { file: { content: latin1, name: 'latin.json' } }, '/surveys/new', 422);
    expect(problemsOf(res.text)).toEqual(['the whole text: The file is not UTF-8 text. Save it as UTF-8 and upload it again.']);
    const huge = Buffer.alloc(2 * 1024 * 1024 + 1, 32);
    const tooLarge = await sendSurvey(agent, { file: { content: huge, name: 'huge.json' } }, '/surveys/new', 413);
    expect(tooLarge.text).toContain('A survey may be at most 2 MB.');
  });

  it('is refused when its id is taken, without showing anything of a survey the user may not see', async () => {
    const agent = as('olga');
    const hidden = await sendSurvey(agent, { text: surveyText('secret') }, '/surveys/new', 422);
    expect(problemsOf(hidden.text)).toEqual(['line 2, column 3 · id: The id “secret” is taken. Choose another id.']);
    expect(hidden.text).not.toContain('A secret survey');
    const readable = await sendSurvey(agent, { text: surveyText('team-survey') }, '/surveys/new', 422);
    expect(problemsOf(readable.text)).toEqual(['line 2, column 3 · id: The id “team-survey” belongs to a survey you may read but not change. Choose another id.']);
    const reserved = await sendSurvey(agent, { text: surveyText('new') }, '/surveys/new', 422);
    expect(problemsOf(reserved.text)).toEqual(['line 2, column 3 · id: “new” cannot be a survey id; choose another.']);
  });
});

describe('editing a survey', () => {
  it('shows the text as it was written, makes a new version, and responses keep the version they answered', async () => {
    const agent = as('olga');
    const written = surveyText('edited').replace('  "questions"', '  "intro": "Written by hand",\n  "questions"');
    await createSurvey(agent, written);
    await answer('edited', { colour: '2' }).expect(201);

    const page = await agent.get('/surveys/edited/edit').expect(200);
    expect(textareaOf(page.text)).toBe(written);
    const changed = written.replace('["Red","Green"]', '["Red","Blue","Green"]').replace('"title": "Pets"', '"title": "Your pets"');
    const { url, page: previewPage, csrf } = await preview(agent, await sendSurvey(agent, { text: changed }, '/surveys/edited/edit'));
    expect(previewPage.text).toContain('A new version of “edited” (now at version 1).');
    expect(previewPage.text).toContain('In “Favourite colour” (colour), the option “Blue” was added with code 2.');
    expect((await t.surveys.find('edited'))?.version).toBe(1);
    const saved = await agent.post(url).type('form').send({ _csrf: csrf }).expect(303);
    expect(saved.headers.location).toBe('/surveys/edited/manage?saved=version&version=2');
    await answer('edited', { colour: '3' }).expect(201);
    await t.resultCounts.flush();

    const stored = await models().Response.find({ surveyId: 'edited' }).sort({ version: 1 }).lean();
    expect(stored.map((r) => [r.version, r.answers])).toEqual([
      [1, { colour: '2' }],
      [2, { colour: '3' }],
    ]);
    expect((await t.surveys.find('edited'))?.sharing).toEqual({ owners: ['olga'], viewers: [] });

    const versions = await agent.get('/surveys/edited/versions').expect(200);
    const rows = [...versions.text.matchAll(/<tr>\s*<td data-label="Version">([^<]*)<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td data-label="By">([^<]*)<\/td>\s*<td data-label="Responses">(\d+)<\/td>\s*<td[^>]*><ul class="changes">([\s\S]*?)<\/ul>/g)].map(
      ([, version, by, responses, changes]) => [version!.trim(), by, Number(responses), [...changes!.matchAll(/<li>([^<]*)<\/li>/g)].map((c) => c[1])],
    );
    expect(rows).toEqual([
      [
        '2 (current)',
        'olga',
        1,
        [
          'In “Favourite colour” (colour), the option “Blue” was added with code 2.',
          'In “Favourite colour” (colour), the option “Green” now has code 3 (it was 2).',
          'Question pets was retitled from “Pets” to “Your pets”.',
          'In “Favourite colour” (colour), code 2 meant “Green” and now means “Blue”: results that count both versions together mix the two.',
        ],
      ],
      ['1', 'olga', 1, ['The first version.']],
    ]);
    expect((await auditOf('edited')).map((e) => [e.action, e.detail])).toEqual([
      ['survey.edit', 'version 2'],
      ['survey.create', 'version 1'],
    ]);
  });

  it('writes a file survey out as JSON, says that the file wins, and keeps the id', async () => {
    const agent = as('olga');
    const page = await agent.get('/surveys/olgas-file/edit').expect(200);
    expect(page.text).toContain('This survey comes from the file surveys/olgas-file.json on the server');
    const text = textareaOf(page.text)!;
    expect(JSON.parse(text)).toMatchObject({ id: 'olgas-file', questions: [{ id: 'colour', options: ['Red', 'Green', { value: 'x', label: 'Other colour', other: true }] }, {}, {}, {}, {}] });
    const same = await preview(agent, await sendSurvey(agent, { text }, '/surveys/olgas-file/edit'));
    expect(same.page.text).toContain('This text is the same as the current version: saving changes nothing.');
    const renamed = await sendSurvey(agent, { text: text.replace('"id": "olgas-file"', '"id": "olgas-copy"') }, '/surveys/olgas-file/edit', 422);
    expect(problemsOf(renamed.text)).toEqual(['line 2, column 3 · id: The id cannot change in an edit: it is “olgas-file”. To make a survey with another id, use New survey.']);

    // Saved, the edit is a new version that keeps who may see the survey.
    const edited = await preview(agent, await sendSurvey(agent, { text: text.replace('"Favourite colour"', '"Colour you like best"') }, '/surveys/olgas-file/edit'));
    await agent.post(edited.url).type('form').send({ _csrf: edited.csrf }).expect(303);
    const survey = await t.surveys.find('olgas-file');
    expect([survey?.version, survey?.definition.questions[0]?.title, survey?.sharing]).toEqual([2, 'Colour you like best', { owners: ['olga'], viewers: ['vera'] }]);
  });

  it('lets only one of two people saving a new survey under one id at once have it', async () => {
    const [olga, rita] = [as('olga'), as('rita')];
    const [a, b] = [await preview(olga, await sendSurvey(olga, { text: surveyText('contested') })), await preview(rita, await sendSurvey(rita, { text: surveyText('contested', ['Blue']) }))];
    const saves = await Promise.all([olga.post(a.url).type('form').send({ _csrf: a.csrf }), rita.post(b.url).type('form').send({ _csrf: b.csrf })]);
    expect(saves.map((r) => r.status).sort()).toEqual([303, 409]);
    const winner = saves[0]!.status === 303 ? 'olga' : 'rita';
    expect((await t.surveys.find('contested'))?.sharing).toEqual({ owners: [winner], viewers: [] });
    expect(await models().SurveyVersion.countDocuments({ surveyId: 'contested' })).toBe(1);
  });

  it('treats a new survey under an id the user owns as its next version', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('twice'));
    const again = await createSurvey(agent, surveyText('twice', ['Red', 'Green', 'Blue']));
    expect(again.headers.location).toBe('/surveys/twice/manage?saved=version&version=2');
  });
});

describe('opening and closing', () => {
  it('closes the survey for respondents at once (closed page, API 409) and opens it again', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('gate'));
    const manage = await agent.get('/surveys/gate/manage').expect(200);
    const csrf = hiddenField(manage.text, '_csrf')!;
    expect(manage.text).toContain('name="status" value="closed"');

    await agent.post('/surveys/gate/status').type('form').send({ _csrf: csrf, status: 'closed' }).expect(303, /./).expect('location', '/surveys/gate/manage?status=closed');
    expect((await request(t.app).get('/s/gate').expect(200)).text).toContain('This survey is closed');
    await answer('gate', { colour: '1' }).expect(409);

    await agent.post('/surveys/gate/status').type('form').send({ _csrf: csrf, status: 'open' }).expect(303);
    await answer('gate', { colour: '1' }).expect(201);
    await agent.post('/surveys/gate/status').type('form').send({ _csrf: csrf, status: 'paused' }).expect(400);
    expect((await auditOf('gate')).map((e) => [e.username, e.action])).toEqual([
      ['olga', 'survey.open'],
      ['olga', 'survey.close'],
      ['olga', 'survey.create'],
    ]);
  });
});

describe('deleting', () => {
  /** Many responses straight into the database (several deletion batches), counted as the app would. */
  async function storeResponses(surveyId: string, count: number) {
    const survey = (await t.surveys.find(surveyId))!;
    const documents = Array.from({ length: count }, (_, i) => ({
      _id: `${surveyId}-${i}`,
      surveyId,
      versionId: survey.versionId,
      version: survey.version,
      answers: { colour: '1' },
      choices: ['*', 'colour', 'colour=1'],
      submittedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)),
      channel: 'api',
    }));
    await models().Response.collection.insertMany(documents as never[]);
    await t.resultCounts.recountAll([surveyId]);
  }

  const leftOf = async (surveyId: string) => ({
    survey: await models().Survey.countDocuments({ _id: surveyId }),
    versions: await models().SurveyVersion.countDocuments({ surveyId }),
    responses: await models().Response.countDocuments({ surveyId }),
    counts: await models().ResultCount.countDocuments({ surveyId }),
    drafts: await models().SurveyDraft.countDocuments({ surveyId }),
  });
  const nothing = { survey: 0, versions: 0, responses: 0, counts: 0, drafts: 0 };

  it('asks for the id after naming the responses that will go, then deletes everything of the survey and nothing else', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('doomed'));
    await createSurvey(agent, surveyText('keeper'));
    for (const colour of ['1', '2', '1']) await answer('doomed', { colour }).expect(201);
    await answer('keeper', { colour: '2' }).expect(201);
    await t.resultCounts.flush();
    await sendSurvey(agent, { text: surveyText('doomed', ['Red']) }, '/surveys/new', 303); // a draft, which goes too

    const page = await agent.get('/surveys/doomed/delete').expect(200);
    expect(page.text).toContain('This deletes the survey “doomed”, all its versions and its 3 responses. It cannot be undone.');
    const csrf = hiddenField(page.text, '_csrf')!;
    const wrong = await agent.post('/surveys/doomed/delete').type('form').send({ _csrf: csrf, confirm: 'Doomed' }).expect(422);
    expect(wrong.text).toContain('Type the id “doomed” exactly to confirm the deletion.');
    expect((await leftOf('doomed')).responses).toBe(3);

    const done = await agent.post('/surveys/doomed/delete').type('form').send({ _csrf: csrf, confirm: 'doomed' }).expect(200);
    expect(done.text).toContain('The survey “doomed” and all its responses are deleted.');
    expect(await leftOf('doomed')).toEqual(nothing);
    expect(await leftOf('keeper')).toEqual({ survey: 1, versions: 1, responses: 1, counts: expect.any(Number), drafts: 0 });
    await request(t.app).get('/s/doomed').expect(404);
    await agent.get('/surveys/doomed/manage').expect(404);
    // The record outlives the survey.
    expect((await storedAuditOf('doomed')).map((e) => [e.username, e.action, e.detail ?? null])).toEqual([
      ['olga', 'survey.delete', '3 responses'],
      ['olga', 'survey.create', 'version 1'],
    ]);
  });

  it('finishes a deletion that stopped half-way, at the next confirmation', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('half'));
    await createSurvey(agent, surveyText('bystander'));
    // More than two batches are left after the failure: a second run must loop until none is left.
    await storeResponses('half', 7000);
    await storeResponses('bystander', 300);
    const page = await agent.get('/surveys/half/delete').expect(200);
    expect(page.text).toContain('its 7000 responses');
    const csrf = hiddenField(page.text, '_csrf')!;

    // The database fails after the first batch, as a killed process would stop.
    const deleteMany = Collection.prototype.deleteMany;
    let batches = 0;
    const spy = jest.spyOn(Collection.prototype, 'deleteMany').mockImplementation(function (this: Collection, ...args: Parameters<Collection['deleteMany']>) {
      if (this.collectionName === 'responses' && ++batches === 2) throw new Error('provoked: the process dies here');
      return deleteMany.apply(this, args);
    });
    await agent.post('/surveys/half/delete').type('form').send({ _csrf: csrf, confirm: 'half' }).expect(500);
    spy.mockRestore();
    expect(await leftOf('half')).toMatchObject({ survey: 1, responses: 5000 });
    // Respondents already get the closed page; the list says what is going on.
    expect((await request(t.app).get('/s/half').expect(200)).text).toContain('This survey is closed');
    expect((await agent.get('/surveys').expect(200)).text).toMatch(/<code>half<\/code>[\s\S]*?being deleted/);

    const again = await agent.get('/surveys/half/delete').expect(200);
    expect(again.text).toContain('This survey is being deleted and the deletion has not finished.');
    await agent.post('/surveys/half/delete').type('form').send({ _csrf: csrf, confirm: 'half' }).expect(200);
    expect(await leftOf('half')).toEqual(nothing);
    expect(await leftOf('bystander')).toMatchObject({ survey: 1, versions: 1, responses: 300 });
    expect((await storedAuditOf('half')).filter((e) => e.action === 'survey.delete')).toHaveLength(1);
  });

  it('goes on in the background when it takes longer than the page waits, and a second confirmation joins it', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('slow'));
    await storeResponses('slow', 300);
    const management = new SurveyManagement({ surveys: t.surveys, counts: t.resultCounts, ...managementStores(t.database) });
    const olga = { username: 'olga', role: 'researcher' as const, locale: 'en' as const };
    const first = await management.delete(olga, 'slow', 0);
    expect(first.finished).toBe(false);
    expect((await request(t.app).get('/s/slow').expect(200)).text).toContain('This survey is closed');
    const second = await management.delete(olga, 'slow', 0);
    expect(second.done).toBe(first.done);
    expect(await first.done).toBe(300);
    expect(await leftOf('slow')).toEqual(nothing);
  });

  it('finishes a deletion that stopped half-way when a server starts', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('restart'));
    await storeResponses('restart', 600);
    const page = await agent.get('/surveys/restart/delete').expect(200);
    const spy = jest.spyOn(models().SurveyVersion, 'deleteMany').mockImplementationOnce((() => {
      throw new Error('provoked: the process dies after deleting the survey, before its versions');
    }) as never);
    await agent.post('/surveys/restart/delete').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), confirm: 'restart' }).expect(500);
    spy.mockRestore();
    expect(await leftOf('restart')).toMatchObject({ survey: 0, versions: 1, responses: 0 });

    // A server started on this database finishes it, in the background once it listens.
    const server = await startServerOnThisDatabase();
    try {
      await server.said(/^Deleting survey restart: done/);
    } finally {
      await server.stop();
    }
    expect(await leftOf('restart')).toEqual(nothing);
    const management = new SurveyManagement({ surveys: t.surveys, counts: t.resultCounts, ...managementStores(t.database) });
    expect(await management.resumeDeletions()).toBe(0);
  });
});

describe('the record of actions', () => {
  it('lists who did what and when, newest first, a page at a time, to owners', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('logged'));
    const csrf = hiddenField((await agent.get('/surveys/logged/manage').expect(200)).text, '_csrf')!;
    for (let i = 0; i < 13; i++) {
      await agent.post('/surveys/logged/status').type('form').send({ _csrf: csrf, status: 'closed' }).expect(303);
      await agent.post('/surveys/logged/status').type('form').send({ _csrf: csrf, status: 'open' }).expect(303);
    }
    const first = await agent.get('/surveys/logged/audit').expect(200);
    expect(auditRows(first.text)).toHaveLength(25);
    expect(auditRows(first.text).slice(0, 2)).toEqual(['olga opened', 'olga closed']);
    expect(first.text).toContain('Page 1 of 2');
    expect(first.text).toMatch(/<td data-label="When">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/td>/);
    const second = await agent.get('/surveys/logged/audit?page=2').expect(200);
    expect(auditRows(second.text)).toEqual(['olga closed', 'olga created version 1']);
    const rita = as('rita');
    await rita.get('/surveys/logged/audit').expect(404);
  });

  it('shows the owner of a survey nothing of a deleted survey that had the same id', async () => {
    const olga = as('olga');
    await createSurvey(olga, surveyText('leak'));
    await answer('leak', { colour: '1' }).expect(201);
    await olga.get('/api/surveys/leak/export/responses.csv?where=colour:1').expect(200);
    const page = await olga.get('/surveys/leak/delete').expect(200);
    await olga.post('/surveys/leak/delete').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), confirm: 'leak' }).expect(200);

    const rita = as('rita');
    await createSurvey(rita, surveyText('leak'));
    const csrf = hiddenField((await rita.get('/surveys/leak/manage').expect(200)).text, '_csrf')!;
    await rita.post('/surveys/leak/status').type('form').send({ _csrf: csrf, status: 'closed' }).expect(303);
    const audit = await rita.get('/surveys/leak/audit').expect(200);
    expect(auditRows(audit.text)).toEqual(['rita closed', 'rita created version 1']);
    expect(audit.text).not.toMatch(/olga|where=|colour:1/);
    expect(audit.text).toContain('Page 1 of 1');
    // Olga's record is kept all the same.
    expect((await storedAuditOf('leak')).filter((e) => e.username === 'olga').map((e) => e.action)).toEqual(['survey.delete', 'survey.export', 'survey.create']);
  });

  it('shows of the entries recorded before surveys were told apart only those since the survey was made', async () => {
    const olga = as('olga');
    await createSurvey(olga, surveyText('inherited'));
    const created = (await models().Survey.findById('inherited').lean())!.createdAt;
    // Entries as the record wrote them before it kept which survey they belong to: one of a survey
    // deleted before this one was made, one of this survey (written before the change).
    await models().AuditEntry.collection.insertMany([
      { _id: 'legacy-1', at: new Date(created.getTime() - 60_000), username: 'vera', action: 'survey.export', surveyId: 'inherited', detail: 'responses.csv where=secret:1' },
      { _id: 'legacy-2', at: created, username: 'olga', action: 'survey.export', surveyId: 'inherited', detail: 'codebook.csv' },
    ] as never);
    const audit = await olga.get('/surveys/inherited/audit').expect(200);
    expect(auditRows(audit.text)).toEqual(['olga created version 1', 'olga exported codebook.csv']);
  });
});

describe('exports and tokens in the record of actions', () => {
  it('records each export with its file, options and filter, and each token created or revoked', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('exported'));
    await answer('exported', { colour: '1' }).expect(201);
    await agent.get('/api/surveys/exported/export/responses.csv?labels=1&where=colour:1').expect(200);
    await agent.get('/api/surveys/exported/export/codebook.csv').expect(200);
    await agent.get('/api/surveys/exported/export/responses.csv?where=nonsense').expect(400);
    expect((await auditOf('exported')).map((e) => [e.username, e.action, e.detail])).toEqual([
      ['olga', 'survey.export', 'codebook.csv'],
      ['olga', 'survey.export', 'responses.csv labels=1 where=colour:1'],
      ['olga', 'survey.create', 'version 1'],
    ]);

    const tokens = await agent.get('/account/tokens').expect(200);
    const csrf = hiddenField(tokens.text, '_csrf')!;
    await agent.post('/account/tokens').type('form').send({ _csrf: csrf, name: 'laptop R', scope: 'read' }).expect(201);
    const [token] = await models().ApiToken.find({ username: 'olga', name: 'laptop R' }).lean();
    await agent.post(`/account/tokens/${token!._id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    const recorded = await models().AuditEntry.find({ username: 'olga', action: /^token\./ }).sort({ at: 1 }).lean();
    expect(recorded.map((e) => [e.action, e.detail, e.surveyId ?? null])).toEqual([
      ['token.create', 'laptop R', null],
      ['token.revoke', 'laptop R', null],
    ]);
  });
});

describe('forged forms', () => {
  it('are refused on every state-changing form, and change nothing', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('guarded'));
    const { url } = await preview(agent, await sendSurvey(agent, { text: surveyText('unsaved') }));

    const check = await agent.post('/surveys/new').field('_csrf', 'forged').field('text', surveyText('forged')).expect(403);
    expect(check.text).toContain('This page had expired; your text is kept. Check it again.');
    expect(textareaOf(check.text)).toBe(surveyText('forged'));
    await agent.post('/surveys/guarded/edit').field('text', surveyText('guarded', ['A'])).expect(403);
    await agent.post(url).type('form').send({}).expect(403);
    await agent.post('/surveys/guarded/status').type('form').send({ status: 'closed' }).expect(403);
    await agent.post('/surveys/guarded/delete').type('form').send({ confirm: 'guarded' }).expect(403);

    expect(await models().Survey.findById('unsaved')).toBeNull();
    expect((await t.surveys.find('guarded'))?.status).toBe('open');
    expect((await auditOf('guarded')).map((e) => e.action)).toEqual(['survey.create']);
  });
});

describe('the survey list', () => {
  it('shows each survey’s last response, a New survey button to researchers, and Manage to owners', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('listed'));
    await answer('listed', { colour: '1' }).expect(201);
    await t.resultCounts.flush();
    const kept = (await models().LastResponse.findById('listed').lean())?.at;
    const stored = (await models().Response.findOne({ surveyId: 'listed' }).lean())?.submittedAt;
    expect(kept?.toISOString()).toBe(stored?.toISOString());

    const list = await agent.get('/surveys').expect(200);
    expect(list.text).toContain('<a class="button-link" href="/surveys/new">New survey</a>');
    expect(list.text).toContain(`${stored!.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    expect(list.text).toContain('<a href="/surveys/listed/manage" aria-label="Manage: Colours">Manage</a>');
    expect(list.text).not.toContain('/surveys/team-survey/manage');

    const vera = as('vera');
    expect((await vera.get('/surveys').expect(200)).text).not.toContain('href="/surveys/new"');
    await vera.get('/surveys/new').expect(403);
  });

  it('keeps the latest time with $max, so that a late flush of an older response does not move it back', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('ordered'));
    const survey = (await t.surveys.find('ordered'))!;
    const add = (at: string) => t.resultCounts.add({ surveyId: 'ordered', versionId: survey.versionId, choices: ['*'], countedBy: t.resultCounts.currentCounter, submittedAt: new Date(at) });
    add('2026-03-02T10:00:00Z');
    await t.resultCounts.flush();
    add('2026-03-01T09:00:00Z');
    await t.resultCounts.flush();
    expect((await models().LastResponse.findById('ordered').lean())?.at.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    add('2026-03-03T08:00:00Z');
    await t.resultCounts.flush();
    expect((await models().LastResponse.findById('ordered').lean())?.at.toISOString()).toBe('2026-03-03T08:00:00.000Z');
    await models().ResultCount.deleteMany({ surveyId: 'ordered' });
  });

  it('looks the last response up in the responses when its time was not kept', async () => {
    const agent = as('olga');
    await createSurvey(agent, surveyText('older'));
    await answer('older', { colour: '1' }).expect(201);
    await t.resultCounts.flush();
    await models().LastResponse.deleteOne({ _id: 'older' });
    const list = await agent.get('/surveys').expect(200);
    expect(list.text).toContain('<a href="/surveys/older/last-response">look it up</a>');
    await agent.get('/surveys/older/last-response').expect(303).expect('location', '/surveys');
    const stored = (await models().Response.findOne({ surveyId: 'older' }).lean())?.submittedAt;
    expect((await models().LastResponse.findById('older').lean())?.at.toISOString()).toBe(stored?.toISOString());
  });
});
