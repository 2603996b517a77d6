import { createHash } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { issueFormToken } from '../../src/web/form-token';
import { fixturesDir, surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const t = useTestApp([everyType, taobao]);

const stored = () => t.database.models.Response.find().lean();
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

/** Opens the form like a browser: the agent keeps the CSRF cookie. */
async function openForm(surveyId = 'every-type') {
  const agent = request.agent(t.app);
  const page = await agent.get(`/s/${surveyId}`).expect(200);
  return { agent, html: page.text, csrf: hidden(page.text, '_csrf'), form: hidden(page.text, '_form') };
}

function encode(fields: [string, string][]): string {
  return new URLSearchParams(fields).toString();
}

const validFields: [string, string][] = [
  ['q.colour', 'x'],
  ['other.colour', '青绿色'],
  ['q.fruit', '1'],
  ['q.fruit', '3'],
  ['q.agree.r1', '3'],
  ['q.agree.r2', '2'],
];

describe('GET /s/:surveyId renders the whole survey on the server', () => {
  it('draws each question as a fieldset with a legend, each choice with a label, and marks required ones', async () => {
    const { html } = await openForm();
    expect(html).toContain('<html lang="en">');
    expect(html.match(/<fieldset class="question/g)).toHaveLength(5);
    expect(html).toMatch(/<legend class="question-title"><span class="number">1\.<\/span> Favourite colour <span class="required" aria-hidden="true">\*<\/span><span class="visually-hidden">\(required\)<\/span><\/legend>/);
    expect(html).toMatch(/<span class="number">2\.<\/span> Pet <span class="optional">\(optional\)<\/span>/);
    expect(html).toContain('<label class="choice" for="q-colour-1"><input type="radio" id="q-colour-1" name="q.colour" value="1"><span>Red</span></label>');
    // Each matrix row is a group of its own, named by the row label.
    expect(html).toMatch(/<fieldset class="matrix-row" id="q-agree-r1">\s*<legend>Statement one<\/legend>/);
    expect(html).not.toMatch(/^[ \t]+</m);
    expect(html).toContain('name="other.colour"');
    expect(html).toContain('<form method="post" action="/s/every-type" novalidate');
  });

  it('loads nothing from another host and no inline script, under a strict CSP', async () => {
    const res = await request(t.app).get('/s/taobao-2015').expect(200);
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(res.text).not.toMatch(/<script(?![^>]*(type="application\/json"|src="\/js\/form\.js"))/);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toMatch(/script-src 'self'/);
    // Nothing from another host, fonts included (helmet's default font-src takes any https: host).
    expect(csp).toMatch(/font-src 'self'(;|$)/);
    expect(csp).not.toMatch(/https:|\*|unsafe-inline/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('carries its stylesheet inline, allowed by its hash alone, so that no request holds back the first paint', async () => {
    const res = await request(t.app).get('/s/taobao-2015').expect(200);
    const style = /<style>([^<]+)<\/style>/.exec(res.text)?.[1];
    expect(style).toContain('.choices');
    expect(res.text).not.toContain('<link rel="stylesheet"');
    const hash = createHash('sha256').update(style!).digest('base64');
    expect(res.headers['content-security-policy']).toMatch(new RegExp(`style-src 'self' 'sha256-${hash.replace(/[+/]/g, '\\$&')}'(;|$)`));
  });

  it('gives each page its own key and token in one rendering of the survey, gzip-encoded or as it is', async () => {
    const [a, b] = await Promise.all([request(t.app).get('/s/taobao-2015').set('Accept-Encoding', 'gzip'), request(t.app).get('/s/taobao-2015').set('Accept-Encoding', 'identity')]);
    expect(a.headers['content-encoding']).toBe('gzip');
    expect(a.headers.vary).toMatch(/Accept-Encoding/);
    expect(b.headers['content-encoding']).toBeUndefined();
    expect(Number(b.headers['content-length'])).toBe(Buffer.byteLength(b.text));
    expect(hidden(a.text, '_form')).not.toBe(hidden(b.text, '_form'));
    expect(hidden(a.text, '_csrf')).not.toBe(hidden(b.text, '_csrf'));
    const blank = (html: string) => html.replace(/name="(_csrf|_form)" value="[^"]+"/g, 'name="$1" value=""');
    expect(blank(a.text)).toBe(blank(b.text));
    expect(a.text).toMatch(/<\/html>\s*$/);
  });

  it('speaks the survey language: Chinese words for a zh-CN survey', async () => {
    const { html } = await openForm('taobao-2015');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('>提交</button>');
    expect(html).toContain('placeholder="请注明"');
  });

  it('answers an unknown survey with a 404 page in the browser language', async () => {
    const res = await request(t.app).get('/s/no-such-survey').set('Accept-Language', 'zh-CN,zh;q=0.9').expect(404);
    expect(res.text).toContain('找不到这份问卷');
  });
});

describe('POST /s/:surveyId', () => {
  it('stores a valid form once and redirects with 303 to a thank-you page', async () => {
    const { agent, csrf, form } = await openForm();
    const res = await agent
      .post('/s/every-type')
      .type('form')
      .send(encode([['_csrf', csrf], ['_form', form], ...validFields]))
      .expect(303);
    expect(res.headers.location).toBe('/s/every-type/thanks');
    const [doc, ...rest] = await stored();
    expect(rest).toHaveLength(0);
    expect(doc).toMatchObject({
      answers: { colour: 'x', fruit: ['1', '3'], agree: { r1: '3', r2: '2' } },
      other: { colour: '青绿色' },
      channel: 'form',
      durationSeconds: expect.any(Number),
    });
    const thanks = await agent.get(res.headers.location!).expect(200);
    expect(thanks.text).toContain('Your answers have been saved.');
  });

  it('stores one response when the same filled form arrives twice (double tap, reload, back button)', async () => {
    const { agent, csrf, form } = await openForm();
    const body = encode([['_csrf', csrf], ['_form', form], ...validFields]);
    const [a, b] = await Promise.all([
      agent.post('/s/every-type').type('form').send(body),
      agent.post('/s/every-type').type('form').send(body),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    await agent.post('/s/every-type').type('form').send(body).expect(303);
    expect(await stored()).toHaveLength(1);
  });

  it('shows the form again with 422, every answer kept and each error next to its question', async () => {
    const { agent, csrf, form } = await openForm();
    const res = await agent
      .post('/s/every-type')
      .type('form')
      .set('Accept-Encoding', 'gzip')
      .send(encode([['_csrf', csrf], ['_form', form], ['q.colour', 'x'], ['other.colour', ''], ['q.fruit', '2'], ['q.agree.r1', '1'], ['q.channels.3', '1'], ['other.channels', 'radio']]))
      .expect(422);
    // Rendered for this respondent, and compressed like any page.
    expect(res.headers['content-encoding']).toBe('gzip');
    const html = res.text;
    expect(html).toMatch(/id="q-colour-x" name="q.colour" value="x" checked/);
    expect(html).toMatch(/id="q-fruit-2" name="q.fruit" value="2" checked/);
    expect(html).toMatch(/id="q-agree-r1-1" name="q.agree.r1" value="1" checked/);
    expect(html).toMatch(/id="q-channels-3-1" name="q.channels.3" value="1" checked/);
    expect(html).toContain('value="radio"');
    expect(html).toMatch(/<p class="error" id="q-colour-error">Please specify “Other colour”.<\/p>/);
    expect(html).toMatch(/<p class="error" id="q-fruit-error">Choose at least 2.<\/p>/);
    expect(html).toMatch(/<p class="error" id="q-agree-error">Please answer every row: Statement two<\/p>/);
    // The summary links each error to its question, and the first question with an error takes the focus.
    expect(html).toContain('<a href="#q-colour">1. Favourite colour</a>');
    expect(html).toContain('<h2 id="error-summary-title">3 answers need a change</h2>');
    expect(html).toMatch(/id="q-colour"[^>]*aria-describedby="q-colour-hint q-colour-error" tabindex="-1" autofocus>/);
    expect(html.match(/autofocus/g)).toHaveLength(1);
    // The same key comes back, so the corrected form still counts once.
    expect(hidden(html, '_form')).toBe(form);
    expect(await stored()).toHaveLength(0);
  });

  it('says one answer in the singular', async () => {
    const { agent, csrf, form } = await openForm();
    const res = await agent
      .post('/s/every-type')
      .type('form')
      .send(encode([['_csrf', csrf], ['_form', form], ['q.colour', '1'], ['q.fruit', '2'], ['q.agree.r1', '1'], ['q.agree.r2', '2']]))
      .expect(422);
    expect(res.text).toContain('<h2 id="error-summary-title">One answer needs a change</h2>');
    expect(res.text).toMatch(/<p class="error" id="q-fruit-error">Choose at least 2.<\/p>/);
  });

  it('refuses a form without its CSRF cookie, keeps the answers and stores nothing', async () => {
    const { csrf, form } = await openForm();
    const res = await request(t.app)
      .post('/s/every-type')
      .type('form')
      .send(encode([['_csrf', csrf], ['_form', form], ...validFields]))
      .expect(403);
    expect(res.text).toContain('This page had expired');
    expect(res.text).toMatch(/value="x" checked/);
    expect(await stored()).toHaveLength(0);
  });

  it('accepts a form from a browser that keeps no cookies when the browser shows it came from our page', async () => {
    const { csrf, form } = await openForm();
    await request(t.app)
      .post('/s/every-type')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send(encode([['_csrf', csrf], ['_form', form], ...validFields]))
      .expect(303);
    expect(await stored()).toHaveLength(1);
  });

  it('refuses a form posted from another site, with or without a cookie', async () => {
    const { agent, csrf, form } = await openForm();
    const body = encode([['_csrf', 'forged'], ['_form', form], ...validFields]);
    await request(t.app).post('/s/every-type').set('Origin', 'https://evil.example').set('Sec-Fetch-Site', 'cross-site').type('form').send(body).expect(403);
    await agent.post('/s/every-type').set('Origin', 'https://evil.example').type('form').send(body).expect(403);
    // A cookie that does not match the token is refused even from our own page.
    await agent.post('/s/every-type').set('Sec-Fetch-Site', 'same-origin').type('form').send(body).expect(403);
    expect(await stored()).toHaveLength(0);
    // The genuine token of the same page goes through: the refusals above were the token's doing.
    await agent.post('/s/every-type').set('Sec-Fetch-Site', 'same-origin').type('form').send(encode([['_csrf', csrf], ['_form', form], ...validFields])).expect(303);
  });

  it('refuses a forged form key, whose token cannot match it', async () => {
    const { agent, csrf } = await openForm();
    const res = await agent
      .post('/s/every-type')
      .type('form')
      .send(encode([['_csrf', csrf], ['_form', 'AAAAAAAAAAAAAAAAAAAAAA.0.forged'], ...validFields]))
      .expect(403);
    // The form comes back with a genuine key of its own, and then goes through.
    const again = encode([['_csrf', hidden(res.text, '_csrf')], ['_form', hidden(res.text, '_form')], ...validFields]);
    await agent.post('/s/every-type').type('form').send(again).expect(303);
    const [doc] = await stored();
    expect(doc!._id).not.toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(doc!._id).toBe(hidden(res.text, '_form').split('.')[0]);
  });

  it('takes a form from a browser that keeps no cookies and whose form key is past its age, under a new key', async () => {
    const { csrf, form } = await openForm();
    const old = issueFormToken(t.secret, 'every-type', Date.now() - 8 * 24 * 3600 * 1000);
    await request(t.app)
      .post('/s/every-type')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send(encode([['_csrf', csrf], ['_form', old], ...validFields]))
      .expect(303);
    const [doc] = await stored();
    expect(doc!._id).not.toBe(old.split('.')[0]);
    expect(doc!._id).not.toBe(form.split('.')[0]);
    expect(doc!.durationSeconds).toBeUndefined();
  });

  it('refuses field names that try to reach an object prototype', async () => {
    const { agent, csrf, form } = await openForm();
    await agent
      .post('/s/every-type')
      .type('form')
      .send(`${encode([['_csrf', csrf], ['_form', form], ...validFields])}&__proto__[x]=1&q.agree.__proto__=1&constructor[prototype][y]=2`)
      .expect(303);
    const [doc] = await stored();
    expect(Object.keys(doc!.answers as object)).toEqual(['colour', 'fruit', 'agree']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('shows a polite closed page and stores nothing once the survey is closed', async () => {
    const { agent, csrf, form } = await openForm('taobao-2015');
    await t.surveys.setStatus('taobao-2015', 'closed');
    try {
      const page = await agent.get('/s/taobao-2015').expect(200);
      expect(page.text).toContain('问卷已结束');
      const res = await agent.post('/s/taobao-2015').type('form').send(encode([['_csrf', csrf], ['_form', form], ['q.gender', '1']])).expect(409);
      expect(res.text).toContain('这份问卷已停止收集答案');
    } finally {
      await t.surveys.setStatus('taobao-2015', 'open');
    }
    expect(await stored()).toHaveLength(0);
  });
});

describe("the form's anti-forgery token", () => {
  const post = (agent: ReturnType<typeof request.agent>, csrf: string, form: string) =>
    agent.post('/s/every-type').type('form').send(encode([['_csrf', csrf], ['_form', form], ...validFields]));

  it('belongs to one page: the token of another page of the same browser is refused', async () => {
    const first = await openForm();
    const second = await first.agent.get('/s/every-type').expect(200);
    // Both genuine, from one browser, but not a pair.
    await post(first.agent, first.csrf, hidden(second.text, '_form')).expect(403);
    await post(first.agent, hidden(second.text, '_csrf'), first.form).expect(403);
    expect(await stored()).toHaveLength(0);
  });

  it("belongs to one browser: a genuine page's token and key are refused with another browser's cookie", async () => {
    const victim = await openForm();
    const attacker = await openForm();
    await post(victim.agent, attacker.csrf, attacker.form).expect(403);
    expect(await stored()).toHaveLength(0);
  });

  it('lets each open tab of one browser send its own form', async () => {
    const first = await openForm();
    const second = await first.agent.get('/s/every-type').expect(200);
    await post(first.agent, hidden(second.text, '_csrf'), hidden(second.text, '_form')).expect(303);
    await post(first.agent, first.csrf, first.form).expect(303);
    expect(await stored()).toHaveLength(2);
  });

  describe('over HTTPS (behind a proxy that says so)', () => {
    const behindProxy = () =>
      createApp({ database: t.database, surveys: t.surveys, resultCounts: t.resultCounts, secret: t.secret, logger: pino({ level: 'silent' }), production: false, trustProxy: 1 });

    it('keeps its cookie under the __Host- prefix: Secure, for this host and path / only', async () => {
      const app = behindProxy();
      const https = await request(app).get('/s/every-type').set('X-Forwarded-Proto', 'https').expect(200);
      const [cookie] = https.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(/^__Host-likert\.csrf=[A-Za-z0-9_-]{22,}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      // Sent back over HTTPS, it lets the page's form through.
      await request(app)
        .post('/s/every-type')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', cookie!.split(';')[0]!)
        .type('form')
        .send(encode([['_csrf', hidden(https.text, '_csrf')], ['_form', hidden(https.text, '_form')], ...validFields]))
        .expect(303);
      // Over plain HTTP the prefix would be refused by the browser, so the cookie goes without it.
      const http = await request(app).get('/s/every-type').expect(200);
      expect((http.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^likert\.csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    });

    it('ignores a cookie without the prefix, which an insecure page or a sibling domain could have planted', async () => {
      const app = behindProxy();
      const planted = await request(app).get('/s/every-type').expect(200);
      const res = await request(app)
        .post('/s/every-type')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', (planted.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!)
        .type('form')
        .send(encode([['_csrf', hidden(planted.text, '_csrf')], ['_form', hidden(planted.text, '_form')], ...validFields]));
      expect(res.status).toBe(403);
      expect(await stored()).toHaveLength(0);
    });
  });
});

describe('GET /', () => {
  it('lists the open surveys', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.text).toContain('<a href="/s/taobao-2015">淘宝消费者问卷调查</a>');
    expect(res.text).toContain('<a href="/s/every-type">Every question type</a>');
  });
});
