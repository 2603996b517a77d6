import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { errorHandler } from '../../src/web/error-handler';
import { requireRole } from '../../src/web/researcher-auth';
import { appOn, startTestApp, surveyFromFile, surveysDir, useTestApp, type TestApp } from '../support/test-app';
import { addUser, cookieSet, fakeClock, hiddenField, signIn } from '../support/researchers';

const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const t = useTestApp([taobao]);
const accounts = () => new AccountService(new AccountStore(t.database.models), t.secret);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  await addUser(t.database, 'alice');
  await addUser(t.database, 'bob');
  // An admin manages every survey: what a token of theirs may not do, its scope forbids.
  await addUser(t.database, 'ada', 'admin');
});
beforeEach(() => t.database.models.RateLimitWindow.deleteMany({}));
afterEach(() => jest.useRealTimers());

/** Creates a token on the tokens page as a signed-in user would; returns it and the page. */
async function createOnPage(username: string, name: string, scope = 'read') {
  const { agent } = await signIn(t.app, username);
  const page = await agent.get('/account/tokens').expect(200);
  const res = await agent.post('/account/tokens').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), name, scope });
  const token = /<code class="secret" id="new-token">(lkt_[A-Za-z0-9_-]{43})<\/code>/.exec(res.text)?.[1];
  return { agent, res, token: token! };
}

const bearer = (app: Parameters<typeof request>[0], token: string) => request(app).get('/api/surveys').set('Authorization', `Bearer ${token}`);

describe('Authorization: Bearer <token>', () => {
  it('opens the researcher API to a script, with no session and no cookie', async () => {
    const { token } = await accounts().createToken('alice', 'nightly export', 'read');
    const res = await bearer(t.app, token).expect(200);
    expect(res.body).toEqual({ surveys: [{ id: 'taobao-2015', title: taobao.title, status: 'open', version: 1 }] });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['no Authorization header', undefined],
    ['junk', 'Bearer not-a-token'],
    ['a forged token of the right shape', `Bearer lkt_${randomBytes(32).toString('base64url')}`],
    ['another scheme', 'Basic YWxpY2U6cGFzc3dvcmQ='],
    ['an empty Bearer', 'Bearer '],
  ])('answers %s with 401 JSON and WWW-Authenticate: Bearer', async (_what, header) => {
    const req = request(t.app).get('/api/surveys');
    const res = await (header === undefined ? req : req.set('Authorization', header)).expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({ errors: [{ question: null, message: 'Sign in, or send Authorization: Bearer <token>.' }] });
  });

  it('answers in Chinese to a client that asks for it', async () => {
    const res = await request(t.app).get('/api/surveys/taobao-2015/results').set('Accept-Language', 'zh-CN').expect(401);
    expect(res.body.errors[0].message).toBe('需要登录，或发送 Authorization: Bearer <令牌>。');
  });

  it('keeps only the SHA-256 of a token, under its _id', async () => {
    const { token } = await accounts().createToken('alice', 'hash check', 'read');
    const stored = await t.database.models.ApiToken.findById(sha256(token)).lean();
    expect(stored).toMatchObject({ username: 'alice', name: 'hash check' });
    const everything = JSON.stringify(await t.database.models.ApiToken.find().lean());
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(4));
  });

  it('stops working at once when revoked, in every process on the database', async () => {
    const { agent, token } = await createOnPage('alice', 'to revoke');
    const otherProcess = appOn(t.database, t.surveys, undefined, { secret: t.secret }).app;
    await bearer(otherProcess, token).expect(200);
    await bearer(t.app, token).expect(200);

    const page = await agent.get('/account/tokens').expect(200);
    const revoke = await agent
      .post(`/account/tokens/${sha256(token)}/revoke`)
      .type('form')
      .send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.location).toBe('/account/tokens?revoked=1');

    await bearer(otherProcess, token).expect(401);
    await bearer(t.app, token).expect(401);
    const after = await agent.get('/account/tokens?revoked=1').expect(200);
    expect(after.text).toContain('The token is revoked and stops working at once.');
    expect(after.text).toMatch(/<td data-label="State">revoked \d{4}-\d\d-\d\d \d\d:\d\d UTC<\/td>/);
  });

  it('keeps working while the account is locked out by wrong passwords: the lock is about passwords', async () => {
    await addUser(t.database, 'carol');
    const { token } = await accounts().createToken('carol', 'carol script', 'read');
    await bearer(t.app, token).expect(200);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(t.app, 'carol', 'a wrong password')).res.status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect((await signIn(t.app, 'carol')).res.status).toBe(429);
    await bearer(t.app, token).expect(200);
    await request(t.app).get('/api/surveys/taobao-2015/results').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('stops working when the account is deleted', async () => {

    await addUser(t.database, 'dave');
    const dave = await accounts().createToken('dave', 'dave script', 'read');
    await bearer(t.app, dave.token).expect(200);
    await t.database.models.User.deleteOne({ _id: 'dave' });
    await bearer(t.app, dave.token).expect(401);
  });

  it('records the last use at most once a minute', async () => {
    const clock = fakeClock();
    const { token } = await accounts().createToken('alice', 'last use', 'read');
    const lastUsed = async () => (await t.database.models.ApiToken.findById(sha256(token)).lean())?.lastUsedAt?.getTime();
    expect(await lastUsed()).toBeUndefined();
    await bearer(t.app, token).expect(200);
    const first = await lastUsed();
    expect(first).toBeGreaterThan(Date.now() - 5000);
    clock.advanceMinutes(0.5);
    await bearer(t.app, token).expect(200);
    expect(await lastUsed()).toBe(first);
    clock.advanceMinutes(0.6);
    await bearer(t.app, token).expect(200);
    expect(await lastUsed()).toBeGreaterThan(first! + 60_000);
  });
});

describe('the tokens page', () => {
  it('needs a signed-in user', async () => {
    await request(t.app).get('/account/tokens').expect(401);
    const { token } = await accounts().createToken('alice', 'not for pages', 'read');
    // A token is for scripts: it opens pages too, but they carry no forms it could post.
    await request(t.app).get('/account/tokens').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('creates a named token and shows it once, with a copy hint and a curl example', async () => {
    const { agent, res, token } = await createOnPage('bob', 'laptop <script>');
    expect(res.status).toBe(201);
    expect(token).toMatch(/^lkt_/);
    expect(res.text).toContain('New token “laptop &lt;script&gt;”');
    expect(res.text).toContain('Copy it now and keep it safe: it is shown only this once');
    expect(res.text).toContain(`curl -H "Authorization: Bearer ${token}"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const later = await agent.get('/account/tokens').expect(200);
    expect(later.text).not.toContain(token);
    expect(later.text).toMatch(/<td data-label="Name">laptop &lt;script&gt;<\/td>\s*<td data-label="Scope">read<\/td>\s*<td data-label="Created">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/td>\s*<td data-label="Last used">never<\/td>\s*<td data-label="State">active<\/td>/);
    expect(later.text).toContain(`<form method="post" action="/account/tokens/${sha256(token)}/revoke">`);
  });

  it('lists only the user’s own tokens, and another user’s token cannot be revoked', async () => {
    const alices = await accounts().createToken('alice', 'alice only', 'read');
    const { agent } = await signIn(t.app, 'bob');
    const page = await agent.get('/account/tokens').expect(200);
    expect(page.text).not.toContain('alice only');
    const res = await agent
      .post(`/account/tokens/${sha256(alices.token)}/revoke`)
      .type('form')
      .send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(res.status).toBe(404);
    await bearer(t.app, alices.token).expect(200);
  });

  it('asks for a name, in the user’s language', async () => {
    const { agent } = await signIn(t.app, 'bob', undefined, { language: 'zh-CN' });
    const page = await agent.get('/account/tokens').set('Accept-Language', 'zh-CN').expect(200);
    const before = await t.database.models.ApiToken.countDocuments({ username: 'bob' });
    const res = await agent.post('/account/tokens').set('Accept-Language', 'zh-CN').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), name: '   ' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('请为令牌起一个名字。');
    expect(await t.database.models.ApiToken.countDocuments({ username: 'bob' })).toBe(before);
  });

  it.each([
    ['a control character', 'nightly\u0007export', 'The name contains the invisible character U+0007, which cannot be stored; remove it (it often comes with pasted text).'],
    ['a line break', 'nightly\nexport', 'The name contains the invisible character U+000A, which cannot be stored; remove it (it often comes with pasted text).'],
    ['a C1 control (NEL)', 'nightly\u0085export', 'The name contains the invisible character U+0085, which cannot be stored; remove it (it often comes with pasted text).'],
  ])('refuses a name with %s: 422 naming it, and no token', async (_what, name, message) => {
    const before = await t.database.models.ApiToken.countDocuments({ username: 'bob' });
    const { res, token } = await createOnPage('bob', name);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`<p class="error" id="token-name-error">${message}</p>`);
    expect(token).toBeUndefined();
    expect(await t.database.models.ApiToken.countDocuments({ username: 'bob' })).toBe(before);
  });

  it('refuses a control character in a name in the user’s language, and so does the service the CLI uses', async () => {
    const before = await t.database.models.ApiToken.countDocuments({ username: 'bob' });
    const { agent } = await signIn(t.app, 'bob', undefined, { language: 'zh-CN' });
    const page = await agent.get('/account/tokens').set('Accept-Language', 'zh-CN').expect(200);
    const res = await agent.post('/account/tokens').set('Accept-Language', 'zh-CN').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), name: 'laptop\u001b[31m' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('名称含有看不见的字符 U+001B，无法保存；请删去它（它常随粘贴的文字而来）。');
    await expect(accounts().createToken('bob', 'cron\u0000job', 'read')).rejects.toThrow('the token name contains the invisible character U+0000; remove it');
    expect(await t.database.models.ApiToken.countDocuments({ username: 'bob' })).toBe(before);
  });

  it('refuses to create or revoke without the CSRF token of the signed-in session', async () => {
    const { agent, token } = await createOnPage('bob', 'csrf target');
    const before = await t.database.models.ApiToken.countDocuments();
    await agent.post('/account/tokens').type('form').send({ name: 'forged' }).expect(403);
    // A valid token and cookie pair, but issued to another browser (the attacker's own), is no
    // good with this user's session: the token is bound to the session.
    const attacker = await request(t.app).get('/login');
    const attackerCsrf = cookieSet(attacker, 'likert.researcher-csrf')!.split(';')[0]!;
    const { res: victim } = await signIn(t.app, 'bob');
    const victimSession = cookieSet(victim, 'likert.sid')!.split(';')[0]!;
    await request(t.app)
      .post('/account/tokens')
      .set('Cookie', `${victimSession}; ${attackerCsrf}`)
      .type('form')
      .send({ name: 'forged', _csrf: hiddenField(attacker.text, '_csrf') })
      .expect(403);
    await agent.post(`/account/tokens/${sha256(token)}/revoke`).type('form').send({}).expect(403);
    expect(await t.database.models.ApiToken.countDocuments()).toBe(before);
    await bearer(t.app, token).expect(200);
  });
});

describe('a token’s scope', () => {
  const changeStatus = (token: string, status: string) =>
    request(t.app).post('/surveys/taobao-2015/status').set('Authorization', `Bearer ${token}`).set('Accept-Language', 'en').type('form').send({ status });
  const surveyStatus = async () => (await t.database.models.Survey.findById('taobao-2015').lean())?.status;

  it('is chosen on the tokens page, read offered first and chosen, and each token is listed with its scope', async () => {
    const { agent } = await signIn(t.app, 'alice');
    const page = await agent.get('/account/tokens').expect(200);
    expect(page.text).toMatch(/<legend>Scope<\/legend>/);
    expect(page.text).toMatch(/<input type="radio" name="scope" value="read" required checked> <strong>read<\/strong>: the survey list, results and crosstabs, and the exports\./);
    expect(page.text).toMatch(/<input type="radio" name="scope" value="manage" required> <strong>manage<\/strong>: also changes/);
    const res = await agent.post('/account/tokens').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), name: 'closes surveys', scope: 'manage' });
    expect(res.status).toBe(201);
    expect(res.text).toMatch(/<td data-label="Name">closes surveys<\/td>\s*<td data-label="Scope">manage<\/td>/);
  });

  it('must be chosen: a form without one is refused with 422 in the user’s language, and no token is made', async () => {
    const { agent } = await signIn(t.app, 'alice', undefined, { language: 'zh-CN' });
    const page = await agent.get('/account/tokens').set('Accept-Language', 'zh-CN').expect(200);
    const before = await t.database.models.ApiToken.countDocuments();
    for (const scope of [undefined, 'admin']) {
      const res = await agent.post('/account/tokens').set('Accept-Language', 'zh-CN').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), name: 'no scope', ...(scope ? { scope } : {}) });
      expect(res.status).toBe(422);
      expect(res.text).toContain('<p class="error" id="token-scope-error">请选择令牌的权限范围：只读或管理。</p>');
      expect(res.text).toContain('value="no scope"');
      expect(res.text).not.toMatch(/name="scope" value="[a-z]+" required checked/);
    }
    expect(await t.database.models.ApiToken.countDocuments()).toBe(before);
  });

  it('read: results and exports, but no change (403 in the user’s language, nothing changed)', async () => {
    const { token } = await accounts().createToken('ada', 'export script', 'read');
    await request(t.app).get('/api/surveys/taobao-2015/results').set('Authorization', `Bearer ${token}`).expect(200);
    await request(t.app).get('/api/surveys/taobao-2015/export/responses.csv').set('Authorization', `Bearer ${token}`).expect(200);
    const refused = await changeStatus(token, 'closed');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('This token may only read (results and exports); changes need a token with the scope “manage”.');
    const zh = await request(t.app).post('/api/surveys/taobao-2015/results').set('Authorization', `Bearer ${token}`).set('Accept-Language', 'zh-CN').send({});
    expect(zh.status).toBe(403);
    expect(zh.body.errors[0].message).toBe('这个令牌只能读取（结果和导出）；修改需要权限范围为“管理”的令牌。');
    expect(await surveyStatus()).toBe('open');
  });

  it('manage: also the changes its user may make', async () => {
    const { token } = await accounts().createToken('ada', 'closes surveys', 'manage');
    try {
      expect((await changeStatus(token, 'closed')).status).toBe(303);
      expect(await surveyStatus()).toBe('closed');
    } finally {
      await changeStatus(token, 'open').expect(303);
    }
  });

  it('whatever it is, no token creates or revokes tokens: a token cannot outlive its own revocation', async () => {
    const { token, record } = await accounts().createToken('alice', 'wants more', 'manage');
    const before = await t.database.models.ApiToken.countDocuments();
    const create = await request(t.app).post('/account/tokens').set('Authorization', `Bearer ${token}`).set('Accept-Language', 'en').type('form').send({ name: 'minted', scope: 'manage' });
    expect(create.status).toBe(403);
    expect(create.text).toContain('A token cannot create or revoke tokens: sign in to do that.');
    expect(create.text).not.toMatch(/lkt_[A-Za-z0-9_-]{43}/);
    const other = await accounts().createToken('alice', 'another script', 'read');
    await request(t.app).post(`/account/tokens/${other.record.id}/revoke`).set('Authorization', `Bearer ${token}`).expect(403);
    expect(await t.database.models.ApiToken.countDocuments()).toBe(before + 1);
    await bearer(t.app, other.token).expect(200);
    await accounts().revokeToken('alice', record.id);
    await bearer(t.app, token).expect(401);
  });

  it('of a token made before scopes existed is manage: it keeps the rights it had', async () => {
    const token = `lkt_${randomBytes(32).toString('base64url')}`;
    // The document as the earlier version stored it: no scope field.
    await t.database.models.ApiToken.collection.insertOne({ _id: sha256(token), username: 'ada', name: 'old script', createdAt: new Date() } as never);
    try {
      expect((await changeStatus(token, 'closed')).status).toBe(303);
      expect(await surveyStatus()).toBe('closed');
      const { agent } = await signIn(t.app, 'ada');
      expect((await agent.get('/account/tokens').expect(200)).text).toMatch(/<td data-label="Name">old script<\/td>\s*<td data-label="Scope">manage<\/td>/);
    } finally {
      await changeStatus(token, 'open').expect(303);
    }
  });
});

describe('every researcher page and API', () => {
  it.each(['/surveys', '/account/tokens', '/surveys/taobao-2015/results'])('%s shows the sign-in form (401) to an anonymous browser', async (page) => {
    const res = await request(t.app).get(page).expect(401);
    expect(hiddenField(res.text, 'next')).toBe(page);
    expect(cookieSet(res, 'likert.sid')).toBeUndefined();
  });

  it.each(['/api/surveys', '/api/surveys/taobao-2015/results', '/api/surveys/taobao-2015/export/responses.csv'])(
    '%s answers 401 JSON to an anonymous client',
    async (api) => {
      const res = await request(t.app).get(api).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    },
  );

  it('the survey list shows each survey with its status and version, linking to its results', async () => {
    const { agent } = await signIn(t.app, 'alice');
    const res = await agent.get('/surveys').expect(200);
    expect(res.text).toMatch(
      /<td data-label="Id"><a href="\/surveys\/taobao-2015\/results"><code>taobao-2015<\/code><\/a><\/td>\s*<td data-label="Title"><a href="\/surveys\/taobao-2015\/results">淘宝消费者问卷调查<\/a><\/td>\s*<td data-label="Status">open<\/td>\s*<td data-label="Current version">1<\/td>/,
    );
    expect(res.text).toContain('<a href="/account/tokens">API tokens</a>');
    expect(res.text).toMatch(/<form method="post" action="\/logout" class="sign-out">\s*<input type="hidden" name="_csrf" value="[0-9a-f.]+">/);
  });
});

describe('the survey list of an empty database', () => {
  let empty: TestApp;
  beforeAll(async () => {
    empty = await startTestApp([]);
    await addUser(empty.database, 'alice');
  });
  afterAll(() => empty.close());

  it('says how surveys are added', async () => {
    const { agent } = await signIn(empty.app, 'alice');
    const res = await agent.get('/surveys').expect(200);
    expect(res.text).toContain('There are no surveys in the database yet.');
    expect(res.text).toContain('Put a survey file (JSON) in the server’s surveys/ folder and restart the server');
    expect(res.text).not.toContain('<table');
  });
});

describe('requireRole', () => {
  const appFor = (role: string) =>
    express()
      .use((_req, res, next) => {
        res.locals.user = { username: 'someone', role };
        next();
      })
      .get('/admin-only', requireRole('admin'), (_req, res) => void res.send('ok'))
      .use(errorHandler(pino({ level: 'silent' })));

  it('lets an admin through and answers 403 to anyone else', async () => {
    await request(appFor('admin')).get('/admin-only').expect(200);
    const res = await request(appFor('viewer')).get('/admin-only').set('Accept', 'application/json').expect(403);
    expect(res.body.errors[0].message).toBe('Your account may not do this.');
  });
});
