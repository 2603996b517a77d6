import path from 'node:path';
import request from 'supertest';
import { fixturesDir, surveyFromFile, useTestApp } from '../support/test-app';

/**
 * Control characters in what respondents write: refused at the door, through the API and the
 * form alike, in the survey's language and naming the question; tabs and line breaks kept.
 */
const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const chinese = surveyFromFile(path.join(fixturesDir, 'surveys', 'export-zh.json'));
const t = useTestApp([everyType, chinese]);

const stored = () => t.database.models.Response.find().lean();
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

const answers = { colour: 'x', fruit: ['1', '5'], agree: { r1: '3', r2: '1' } };

describe('a control character in an "other" text', () => {
  it('is refused by the API with 422, naming the question and the character, and nothing is stored', async () => {
    const res = await request(t.app)
      .post('/api/surveys/every-type/responses')
      .send({ answers, other: { colour: 'teal\u0000', fruit: 'mango\u0085kiwi' } })
      .expect(422);
    expect(res.body.errors).toEqual([
      { question: 'colour', message: 'The text for “Other colour” contains the invisible character U+0000, which cannot be stored; remove it (it often comes with pasted text).' },
      { question: 'fruit', message: expect.stringMatching(/^The text for “Other fruit” contains the invisible character U\+0085,/) },
    ]);
    expect(await stored()).toEqual([]);
  });

  it('is refused in the survey’s language', async () => {
    const res = await request(t.app)
      .post('/api/surveys/export-zh/responses')
      .send({ answers: { gender: '1', job: 'oth', products: ['1'], satisfy: { '1': '1', '2': '1' } }, other: { job: '自由\u000B职业' } })
      .expect(422);
    expect(res.body.errors).toEqual([{ question: 'job', message: '“其他”的内容含有看不见的字符 U+000B，无法保存；请删去它（它常随粘贴的文字而来）。' }]);
  });

  it('is refused when half of a surrogate pair is sent (JSON can carry one; the database would store U+FFFD)', async () => {
    const res = await request(t.app)
      .post('/api/surveys/every-type/responses')
      .type('json')
      .send('{"answers":{"colour":"x","fruit":["1","2"],"agree":{"r1":"3","r2":"1"}},"other":{"colour":"teal \\ud83d"}}')
      .expect(422);
    expect(res.body.errors).toEqual([{ question: 'colour', message: expect.stringMatching(/^The text for “Other colour” contains a broken character \(U\+D83D,/) }]);
    expect(await stored()).toEqual([]);
  });

  it('shows the form again with 422, the error next to its question and every answer kept, and stores nothing', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/s/every-type').expect(200);
    const fields = new URLSearchParams([
      ['_csrf', hidden(page.text, '_csrf')],
      ['_form', hidden(page.text, '_form')],
      ['q.colour', 'x'],
      ['other.colour', 'teal\u000Cgreen'],
      ['q.fruit', '1'],
      ['q.fruit', '3'],
      ['q.agree.r1', '3'],
      ['q.agree.r2', '2'],
    ]);
    const res = await agent.post('/s/every-type').type('form').send(fields.toString()).expect(422);
    expect(res.text).toContain('<p class="error" id="q-colour-error">The text for “Other colour” contains the invisible character U+000C, which cannot be stored; remove it (it often comes with pasted text).</p>');
    expect(res.text).toMatch(/id="q-colour-x" name="q.colour" value="x" checked/);
    expect(res.text).toContain('value="teal\u000Cgreen"');
    expect(res.text).toMatch(/id="q-fruit-3" name="q.fruit" value="3" checked/);
    expect(res.text).toMatch(/id="q-agree-r2-2" name="q.agree.r2" value="2" checked/);
    expect(await stored()).toEqual([]);

    // Sent again without it, the same page's key stores it once.
    fields.set('other.colour', 'teal green');
    await agent.post('/s/every-type').type('form').send(fields.toString()).expect(303);
    expect((await stored()).map((r) => r.other)).toEqual([{ colour: 'teal green' }]);
  });

  it('is not a tab or a line break: those are stored as they were written', async () => {
    const text = 'line one\r\nline\ttwo\nthree';
    const res = await request(t.app).post('/api/surveys/every-type/responses').send({ answers, other: { colour: text, fruit: '\tmango\tkiwi' } }).expect(201);
    const [doc] = await stored();
    // Trimmed at the ends, as every "other" text is.
    expect(doc).toMatchObject({ _id: res.body.id, other: { colour: text, fruit: 'mango\tkiwi' } });
  });
});
