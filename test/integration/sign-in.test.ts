import { Writable } from 'node:stream';
import path from 'node:path';
import { Collection } from 'mongodb';
import pino from 'pino';
import request from 'supertest';
import * as passwords from '../../src/services/passwords';
import { startExpiryCleanup } from '../../src/storage/session-store';
import { SIGN_IN_RATE } from '../../src/web/routes/account';
import { startServer, type ServerProcess } from '../support/server-process';
import { appOn, startTestApp, surveyFromFile, surveysDir, testDatabaseUri, useTestApp, type TestApp } from '../support/test-app';
import { addUser, cookieSet, fakeClock, hiddenField, PASSWORD, signIn } from '../support/researchers';

const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const t = useTestApp([taobao]);

/** Every line the app logs, for the tests that read the log. */
const logLines: string[] = [];
const logged = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
let loggingApp: ReturnType<typeof appOn>['app'];

beforeAll(async () => {
  await addUser(t.database, 'alice');
  await addUser(t.database, 'viewer1', 'viewer');
  const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(...String(chunk).trim().split('\n')), done()) });
  loggingApp = appOn(t.database, t.surveys, pino({ level: 'info' }, sink), { secret: t.secret }).app;
});

beforeEach(async () => {
  // Each test starts with no lock, no counted attempt and no rate-limit window.
  await t.database.models.User.updateMany({}, { $unset: { lockedUntil: '' } });
  await t.database.models.SignInTry.deleteMany({});
  await t.database.models.RateLimitWindow.deleteMany({});
});

afterEach(() => jest.useRealTimers());

describe('the sign-in page', () => {
  it('has the fields a password manager looks for, with a CSRF token, in English', async () => {
    const res = await request(t.app).get('/login').set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toMatch(/<input id="username" name="username" type="text" autocomplete="username"/);
    expect(res.text).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password"/);
    expect(res.text).toContain('<label for="username">Username</label>');
    expect(res.text).toContain('<form method="post" action="/login"');
    expect(hiddenField(res.text, '_csrf')).toMatch(/^[0-9a-f]{64}\.[0-9a-f]{64}$/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('speaks Chinese to a browser that asks for it', async () => {
    const res = await request(t.app).get('/login').set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.5').expect(200);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('<label for="username">用户名</label>');
    expect(res.text).toContain('<label for="password">密码</label>');
    expect(res.text).toContain('>登录</button>');
  });

  it('loads only our own stylesheet: no inline script or style, nothing from another host', async () => {
    const res = await request(t.app).get('/login').expect(200);
    expect(res.text).toContain('<link rel="stylesheet" href="/css/researcher.css">');
    expect(res.text).not.toMatch(/<script|<style|\sstyle=|(src|href)="(https?:)?\/\//);
    await request(t.app).get('/css/researcher.css').expect(200).expect('content-type', /text\/css/);
  });

  it('stands in for a page that needs a signed-in user: 401, and the form comes back to that page', async () => {
    const res = await request(t.app).get('/account/tokens').expect(401);
    expect(res.text).toContain('Please sign in to see this page.');
    expect(hiddenField(res.text, 'next')).toBe('/account/tokens');
    expect(res.text).toMatch(/autocomplete="current-password"/);
  });
});

describe('signing in', () => {
  it('takes the name in any case and sends the researcher to /surveys with a session cookie', async () => {
    const { agent, res } = await signIn(t.app, '  Alice ');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/surveys');
    const cookie = cookieSet(res, 'likert.sid')!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const surveys = await agent.get('/surveys').expect(200);
    expect(surveys.text).toMatch(/Signed in as <strong>alice<\/strong>/);
    const user = await t.database.models.User.findById('alice').lean();
    expect(user?.lastSignInAt).toBeInstanceOf(Date);
  });

  it('ends the idle session after 30 minutes without a request, and every request starts the time again', async () => {
    const clock = fakeClock();
    const { res } = await signIn(t.app, 'alice');
    // Sent by hand: the test agent's cookie jar would drop an expired cookie by itself.
    const cookie = cookieSet(res, 'likert.sid')!.split(';')[0]!;
    const open = () => request(t.app).get('/surveys').set('Cookie', cookie);
    clock.advanceMinutes(29);
    expect(cookieSet(await open().expect(200), 'likert.sid')).toMatch(/Expires=/);
    clock.advanceMinutes(29);
    await open().expect(200);
    clock.advanceMinutes(31);
    await open().expect(401);
  });

  it('does not let a live page\'s own refreshes hold an idle session open, and says why it ended', async () => {
    const clock = fakeClock();
    const { res } = await signIn(t.app, 'alice');
    const cookie = cookieSet(res, 'likert.sid')!.split(';')[0]!;
    const refresh = () =>
      request(t.app).get('/api/surveys/taobao-2015/results').set('Cookie', cookie).set('X-Likert-Background', '1').set('Accept-Language', 'en');
    // The researcher works for 20 minutes, then leaves the results page refreshing itself.
    clock.advanceMinutes(20);
    await request(t.app).get('/surveys/taobao-2015/results').set('Cookie', cookie).expect(200);
    for (let minute = 7; minute < 30; minute += 7) {
      clock.advanceMinutes(7);
      await refresh().expect(200);
    }
    // 35 minutes after the last request of the researcher's own: the session has ended.
    clock.advanceMinutes(7);
    const sessions = await t.database.models.Session.countDocuments({});
    const ended = await refresh().expect(401);
    expect(ended.body.errors[0].message).toBe('You were signed out after 30 minutes without activity. Please sign in again.');
    expect(await t.database.models.Session.countDocuments({})).toBe(sessions - 1);
    await request(t.app).get('/surveys').set('Cookie', cookie).expect(401);
  });

  it('ends an idle session at the page the researcher comes back to, saying why, in their language', async () => {
    const clock = fakeClock();
    const { res } = await signIn(t.app, 'alice');
    const cookie = cookieSet(res, 'likert.sid')!.split(';')[0]!;
    clock.advanceMinutes(31);
    const page = await request(t.app).get('/surveys/taobao-2015/results').set('Cookie', cookie).set('Accept-Language', 'zh-CN').expect(401);
    expect(page.text).toContain('您已 30 分钟没有操作，为安全起见已退出登录。请重新登录。');
    expect(hiddenField(page.text, 'next')).toBe('/surveys/taobao-2015/results');
  });

  it('gives a new session id at sign-in: an id the browser carried in is never the signed-in one', async () => {
    // The browser comes with a session already (here someone else's, signed in on it before).
    const { agent, res: first } = await signIn(t.app, 'viewer1');
    const before = cookieSet(first, 'likert.sid')!.split(';')[0]!;
    const page = await agent.get('/surveys').expect(200);
    const res = await agent.post('/login').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), username: 'alice', password: PASSWORD });
    expect(res.status).toBe(303);
    const after = cookieSet(res, 'likert.sid')!.split(';')[0]!;
    expect(after).not.toBe(before);
    await request(t.app).get('/surveys').set('Cookie', before).expect(401);
    expect((await request(t.app).get('/surveys').set('Cookie', after).expect(200)).text).toMatch(/<strong>alice<\/strong>/);
  });

  it.each([
    ['/account/tokens', '/account/tokens'],
    ['/surveys/taobao-2015/results?version=2', '/surveys/taobao-2015/results?version=2'],
    ['//evil.example/', '/surveys'],
    ['/\\evil.example/', '/surveys'],
    ['/\t/evil.example/', '/surveys'],
    ['https://evil.example/', '/surveys'],
    ['javascript:alert(1)', '/surveys'],
  ])('follows next=%j only to a path of this site (%s)', async (next, location) => {
    const { res } = await signIn(t.app, 'alice', PASSWORD, { next });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(location);
  });

  it('answers a wrong password and a name without an account with the same words, and no session', async () => {
    const wrong = await signIn(t.app, 'alice', 'not the password');
    const unknown = await signIn(t.app, 'nobody-here', 'not the password');
    for (const { res } of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.text).toContain('Wrong username or password.');
      expect(cookieSet(res, 'likert.sid')).toBeUndefined();
    }
    expect(wrong.res.text).toMatch(/name="username"[^>]*value="alice"/);
  });

  it('refuses the form without its CSRF token, or with the token of another browser, even with the right password', async () => {
    const agent = request.agent(t.app);
    await agent.get('/login').expect(200);
    const missing = await agent.post('/login').type('form').send({ username: 'alice', password: PASSWORD });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('This page had expired. Please try again.');

    // A token and cookie pair that is valid, but was issued to a different browser's pre-session.
    const other = await request(t.app).get('/login');
    const otherToken = hiddenField(other.text, '_csrf')!;
    const otherCsrfCookie = cookieSet(other, 'likert.researcher-csrf')!.split(';')[0]!;
    const ownPre = (await request(t.app).get('/login').then((r) => cookieSet(r, 'likert.pre')))!.split(';')[0]!;
    const forged = await request(t.app)
      .post('/login')
      .set('Cookie', `${otherCsrfCookie}; ${ownPre}`)
      .type('form')
      .send({ _csrf: otherToken, username: 'alice', password: PASSWORD });
    expect(forged.status).toBe(403);
    expect(cookieSet(forged, 'likert.sid')).toBeUndefined();
  });

  it('logs successes and failures with the name, the outcome and a hashed address, never the password', async () => {
    logLines.length = 0;
    await signIn(loggingApp, 'alice');
    await signIn(loggingApp, 'alice', 'wrong-password-123');
    await signIn(loggingApp, 'my-secret-passphrase', 'wrong-password-456');
    const events = logged().filter((line) => line.event === 'sign-in');
    expect(events).toEqual([
      expect.objectContaining({ outcome: 'success', username: 'alice', addressHash: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/) }),
      expect.objectContaining({ outcome: 'wrong-password', username: 'alice', addressHash: expect.any(String) }),
      // A name without an account is often a password typed in the wrong field: not logged.
      expect.objectContaining({ outcome: 'unknown-name', username: null, addressHash: expect.any(String) }),
    ]);
    const everything = logLines.join('\n');
    for (const secret of [PASSWORD, 'wrong-password-123', 'wrong-password-456', 'my-secret-passphrase', '127.0.0.1']) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('signing out', () => {
  it('destroys the session: the cookie no longer works', async () => {
    const { agent, res } = await signIn(t.app, 'alice');
    const cookie = cookieSet(res, 'likert.sid')!.split(';')[0]!;
    const page = await agent.get('/surveys').expect(200);
    expect(await t.database.models.Session.countDocuments()).toBeGreaterThan(0);
    const sessionsBefore = await t.database.models.Session.countDocuments();
    const out = await agent.post('/logout').type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect(await t.database.models.Session.countDocuments()).toBe(sessionsBefore - 1);
    await request(t.app).get('/surveys').set('Cookie', cookie).expect(401);
  });

  it('refuses a sign-out without the CSRF token: a cross-site form cannot sign anyone out', async () => {
    const { agent } = await signIn(t.app, 'alice');
    await agent.post('/logout').type('form').send({}).expect(403);
    await agent.get('/surveys').expect(200);
  });
});

describe('five wrong passwords in a row', () => {
  const tooMany = 'Too many attempts, try again in 15 minutes.';

  async function wrongFiveTimes(username: string) {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = (await signIn(t.app, username, `wrong password ${i}`)).res;
      statuses.push(last.status);
    }
    return { statuses, last: last! };
  }

  it('lock the account for 15 minutes, even against the right password, and it opens again after', async () => {
    const clock = fakeClock();
    const { statuses, last } = await wrongFiveTimes('alice');
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(last.text).toContain(tooMany);
    expect(last.headers['retry-after']).toBe('900');

    const locked = await signIn(t.app, 'alice');
    expect(locked.res.status).toBe(429);
    expect(locked.res.text).toContain(tooMany);
    expect(cookieSet(locked.res, 'likert.sid')).toBeUndefined();

    clock.advanceMinutes(10);
    expect((await signIn(t.app, 'alice')).res.text).toContain('Too many attempts, try again in 5 minutes.');
    clock.advanceMinutes(5.1);
    expect((await signIn(t.app, 'alice')).res.status).toBe(303);
  });

  it('say the same, with the same status, for a name that has no account', async () => {
    const { statuses, last } = await wrongFiveTimes('no-such-person');
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(last.text).toContain(tooMany);
    expect(last.headers['retry-after']).toBe('900');
    const again = await signIn(t.app, 'no-such-person', 'anything at all');
    expect(again.res.status).toBe(429);
    expect(again.res.text).toContain(tooMany);
  });

  it('are counted in a row: a success starts the count again', async () => {
    for (let i = 0; i < 4; i++) await signIn(t.app, 'alice', 'wrong password');
    expect((await signIn(t.app, 'alice')).res.status).toBe(303);
    for (let i = 0; i < 4; i++) expect((await signIn(t.app, 'alice', 'wrong password')).res.status).toBe(401);
    expect((await signIn(t.app, 'alice')).res.status).toBe(303);
  });

  it('end the sessions of a locked account until the lock is over', async () => {
    const { agent } = await signIn(t.app, 'alice');
    await wrongFiveTimes('alice');
    await agent.get('/surveys').expect(401);
  });

  it('do the same work for a name without an account as for one with: one scrypt at today\'s cost', async () => {
    // The same work, not a timing: a timed ratio of a few samples is noise on a loaded machine.
    const checks = jest.spyOn(passwords, 'verifyPassword');
    try {
      for (const username of ['alice', 'nobody-at-all']) {
        checks.mockClear();
        expect((await signIn(t.app, username, 'a wrong password')).res.status).toBe(401);
        expect(checks).toHaveBeenCalledTimes(1);
        const [stored] = checks.mock.calls[0]!;
        expect({ N: stored.N, r: stored.r, p: stored.p }).toEqual(passwords.CURRENT_PARAMETERS);
        expect(await checks.mock.results[0]!.value).toBe(false);
      }
    } finally {
      checks.mockRestore();
    }
  });
});

describe('wrong passwords sent at the same moment (server processes on one database)', () => {
  const secret = 'concurrent-sign-in-test-'.repeat(2);
  let servers: ServerProcess[] = [];
  beforeAll(async () => {
    const env = { SESSION_SECRET: secret, MONGODB_URI: testDatabaseUri(t.database.connection.name), SURVEYS_DIR: surveysDir };
    servers = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  let racers = 0;
  /** A fresh account, and one browser's sign-in page: its CSRF token and cookies, valid on every server. */
  async function race() {
    const username = `racer-${++racers}`;
    await addUser(t.database, username);
    const page = await request(servers[0]!.baseUrl).get('/login').set('Accept-Language', 'en').expect(200);
    const cookies = ((page.headers['set-cookie'] as unknown as string[]) ?? []).map((c) => c.split(';')[0]).join('; ');
    const csrf = hiddenField(page.text, '_csrf')!;
    /** Sends the form to `server`; resolves with the status and the order in which the answers came. */
    const arrived: string[] = [];
    const attempt = async (server: ServerProcess, password: string, label: string) => {
      const res = await request(server.baseUrl).post('/login').set('Cookie', cookies).set('Accept-Language', 'en').type('form').send({ _csrf: csrf, username, password });
      arrived.push(`${label} ${res.status}`);
      return res.status;
    };
    return { username, attempt, arrived };
  }
  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it('eleven wrong passwords at once on one process: five are checked, six refused unchecked, and then the right one too', async () => {
    const { attempt } = await race();
    const statuses = await Promise.all(Array.from({ length: 11 }, (_, i) => attempt(servers[0]!, `wrong password ${i}`, `wrong ${i}`)));
    // Four wrong passwords answered as such; the fifth locks (429); the other six never had theirs checked.
    expect({ 401: count(statuses, 401), 429: count(statuses, 429) }).toEqual({ 401: 4, 429: 7 });
    expect(await attempt(servers[0]!, PASSWORD, 'right')).toBe(429);
    expect(await attempt(servers[1]!, PASSWORD, 'right')).toBe(429);
  });

  it('eleven wrong passwords at once across two processes: still five checked, then locked on both', async () => {
    const { attempt } = await race();
    const statuses = await Promise.all(Array.from({ length: 11 }, (_, i) => attempt(servers[i % 2]!, `wrong password ${i}`, `wrong ${i}`)));
    expect({ 401: count(statuses, 401), 429: count(statuses, 429) }).toEqual({ 401: 4, 429: 7 });
    expect(await attempt(servers[0]!, PASSWORD, 'right')).toBe(429);
    expect(await attempt(servers[1]!, PASSWORD, 'right')).toBe(429);
  });

  it('ten wrong and the right one at once, with one CSRF token: the right one signs in only among the first five tries', async () => {
    const { attempt, arrived } = await race();
    const wrong = Array.from({ length: 10 }, (_, i) => attempt(servers[i % 2]!, `wrong password ${i}`, 'wrong'));
    const right = attempt(servers[1]!, PASSWORD, 'right');
    const statuses = await Promise.all([...wrong, right]);
    const signedIn = arrived.indexOf('right 303');
    if (signedIn === -1) {
      // Refused unchecked: the five tries were taken by wrong passwords.
      expect({ 401: count(statuses, 401), 429: count(statuses, 429) }).toEqual({ 401: 4, 429: 7 });
    } else {
      // One of the first five: at most four wrong passwords were checked before it. (The
      // success starts the count again: wrong passwords after it are tries of a new count.)
      expect(arrived.slice(0, signedIn).filter((a) => a === 'wrong 401').length).toBeLessThanOrEqual(4);
    }
  });
});

describe('sign-in attempts from one address', () => {
  it('are limited to 20 per 15 minutes across app processes: the 21st is 429 with Retry-After, in the user’s language', async () => {
    // A second app on the same database stands for a second process behind the load balancer.
    const second = appOn(t.database, t.surveys, undefined, { secret: t.secret }).app;
    // Windows are fixed (they start every 15 minutes): all 21 attempts fall in one of them.
    fakeClock();
    jest.setSystemTime(Math.floor(Date.now() / SIGN_IN_RATE.windowMs) * SIGN_IN_RATE.windowMs + 60_000);
    for (let i = 0; i < 20; i++) {
      const { res } = await signIn(i % 2 ? second : t.app, `someone-${i}`, 'a wrong password');
      expect(res.status).toBe(401);
    }
    const { res } = await signIn(second, 'alice', PASSWORD, { language: 'zh-CN' });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(res.text).toMatch(/来自您网络的登录尝试过多，请 \d+ 分钟后再试。/);
    expect(cookieSet(res, 'likert.sid')).toBeUndefined();
  });

  it('are counted under a keyed hash of the address, never the address itself', async () => {
    await signIn(t.app, 'alice', 'a wrong password');
    const windows = await t.database.models.RateLimitWindow.find().lean();
    expect(windows).toHaveLength(1);
    expect(windows[0]!.hits).toBe(1);
    expect(JSON.stringify(windows)).not.toMatch(/127\.0\.0\.1|::1|ffff/);
  });
});

describe('sessions belong to the researcher’s side only', () => {
  it('the respondent’s form and API never read or write the sessions collection, even with a session cookie', async () => {
    const { res } = await signIn(t.app, 'alice');
    const cookie = cookieSet(res, 'likert.sid')!.split(';')[0]!;
    const sessionCalls: string[] = [];
    const spies = (['findOne', 'updateOne', 'insertOne', 'deleteOne'] as const).map((method) => {
      const original = Collection.prototype[method] as (...args: unknown[]) => unknown;
      return jest.spyOn(Collection.prototype, method).mockImplementation(function (this: Collection, ...args: unknown[]) {
        if (this.collectionName === 'sessions') sessionCalls.push(method);
        return original.apply(this, args);
      } as never);
    });
    try {
      const form = await request(t.app).get('/s/taobao-2015').set('Cookie', cookie).expect(200);
      expect(cookieSet(form, 'likert.sid')).toBeUndefined();
      const api = await request(t.app)
        .post('/api/surveys/taobao-2015/responses')
        .set('Cookie', cookie)
        .set('Content-Type', 'application/json')
        .send({ answers: {} });
      expect(api.status).toBe(422);
      expect(cookieSet(api, 'likert.sid')).toBeUndefined();
      expect(sessionCalls).toEqual([]);
      // The spy does see the researcher's side reading its session.
      await request(t.app).get('/surveys').set('Cookie', cookie).expect(200);
      expect(sessionCalls).toContain('findOne');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('expired sessions and counters', () => {
  const past = () => new Date(Date.now() - 60_000);
  const future = () => new Date(Date.now() + 60_000);

  it('are deleted by the periodic clean-up, and nothing that is still current', async () => {
    const { Session, RateLimitWindow, SignInTry } = t.database.models;
    await Session.deleteMany({});
    await Session.insertMany([
      { _id: 'expired-session', session: '{}', expires: past() },
      { _id: 'current-session', session: '{}', expires: future() },
    ]);
    await RateLimitWindow.insertMany([
      { _id: 'ended-window', hits: 3, expiresAt: past() },
      { _id: 'open-window', hits: 1, expiresAt: future() },
    ]);
    await SignInTry.insertMany([
      { _id: 'forgotten|0|1', at: past(), expiresAt: past() },
      { _id: 'counted|0|1', at: new Date(), expiresAt: future() },
    ]);
    const cleanup = startExpiryCleanup(t.database.models, pino({ level: 'silent' }));
    try {
      await cleanup.runOnce();
    } finally {
      cleanup.stop();
    }
    expect((await Session.find().lean()).map((d) => d._id)).toEqual(['current-session']);
    expect((await RateLimitWindow.find().lean()).map((d) => d._id)).toEqual(['open-window']);
    expect((await SignInTry.find().lean()).map((d) => d._id)).toEqual(['counted|0|1']);
  });

  it('runs on an unref’d timer, logs a failure instead of throwing it, and goes on with the rest', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'performance', 'hrtime', 'Date'] });
    const warnings: string[] = [];
    const logger = { warn: (_o: unknown, message: string) => warnings.push(message), debug: () => {} } as unknown as pino.Logger;
    const deleted: string[] = [];
    const step = (name: string, fail = false) => ({
      deleteMany: async () => {
        if (fail) throw new Error('database away');
        deleted.push(name);
        return { deletedCount: 0 };
      },
    });
    const models = { Session: step('sessions', true), RateLimitWindow: step('windows'), SignInTry: step('attempts') };
    const unref = jest.spyOn(global, 'setInterval');
    const cleanup = startExpiryCleanup(models as never, logger, { intervalMs: 1000 });
    expect((unref.mock.results[0]!.value as NodeJS.Timeout).hasRef()).toBe(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(warnings).toEqual(['could not delete expired sessions; trying again later']);
    expect(deleted).toEqual(['windows', 'attempts']);
    cleanup.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(deleted).toHaveLength(2);
    unref.mockRestore();
  });

  it('never get a TTL index: connect-mongo runs with autoRemove disabled', async () => {
    await signIn(t.app, 'alice');
    const indexes = await t.database.connection.db!.collection('sessions').indexes();
    expect(indexes.some((index) => 'expireAfterSeconds' in index)).toBe(false);
  });
});

describe('in production', () => {
  let production: TestApp;
  beforeAll(async () => {
    production = await startTestApp([]);
    await addUser(production.database, 'alice');
  });
  afterAll(() => production.close());

  it('names the cookies __Host- and marks them Secure (behind a TLS proxy)', async () => {
    const { app } = appOn(production.database, production.surveys, undefined, { production: true, trustProxy: 1, secret: production.secret });
    const agent = request.agent(app);
    const page = await agent.get('/login').set('X-Forwarded-Proto', 'https').set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('Sign in to see your surveys’ results.');
    expect(page.text).not.toContain('Signing in cannot work here');
    expect(cookieSet(page, '__Host-likert.pre')).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    // The agent keeps Secure cookies only for https URLs, so the cookies are passed by hand.
    const cookies = ((page.headers['set-cookie'] as unknown as string[]) ?? []).map((c) => c.split(';')[0]).join('; ');
    const res = await request(app)
      .post('/login')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: hiddenField(page.text, '_csrf'), username: 'alice', password: PASSWORD });
    expect(res.status).toBe(303);
    const session = cookieSet(res, '__Host-likert.sid')!;
    expect(session).toMatch(/; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax/);
    expect(session).not.toMatch(/Domain=/);
  });
});

describe('in production over plain HTTP (a server process started with NODE_ENV=production)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({
      NODE_ENV: 'production',
      SESSION_SECRET: 'plain-http-test-secret-'.repeat(2),
      MONGODB_URI: testDatabaseUri(t.database.connection.name),
      SURVEYS_DIR: surveysDir,
    });
  });
  afterAll(() => server?.stop());

  const needsHttps = 'Signing in cannot work here: the server runs in production mode (NODE_ENV=production), but this page came over plain HTTP.';

  it('says on the sign-in page that HTTPS is needed, and on the form sent back, instead of “this page had expired”', async () => {
    // The agent, like a browser, does not send Secure cookies back over http.
    const agent = request.agent(server.baseUrl);
    const page = await agent.get('/login').set('Accept-Language', 'en').expect(200);
    expect(cookieSet(page, '__Host-likert.pre')).toMatch(/Secure/);
    expect(page.text).toContain(needsHttps);
    expect(page.text).toContain('set TRUST_PROXY (the number of proxies) and have the proxy send X-Forwarded-Proto: https.');
    const sent = await agent.post('/login').set('Accept-Language', 'en').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), username: 'alice', password: PASSWORD });
    expect(sent.status).toBe(403);
    expect(sent.text).toContain(needsHttps);
    expect(sent.text).not.toContain('This page had expired');
    // A page that needs a session explains it too, rather than asking to sign in again and again.
    const surveys = await agent.get('/surveys').set('Accept-Language', 'zh-CN').expect(401);
    expect(surveys.text).toContain('无法登录：服务器以生产模式运行（NODE_ENV=production），但这个页面是通过普通 HTTP 打开的。');
  });

  it('names TRUST_PROXY when a proxy says the client used HTTPS but the server does not trust it', async () => {
    const page = await request(server.baseUrl).get('/login').set('X-Forwarded-Proto', 'https').set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('the request came through a proxy over HTTPS (X-Forwarded-Proto: https), but TRUST_PROXY is not set');
  });

  it('says it in the log once, at warn, at the first such request', async () => {
    for (let i = 0; i < 3; i++) await request(server.baseUrl).get('/login').expect(200);
    const warnings = () => server.log.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.event === 'plain-http');
    // The log comes on another pipe than the answers: wait for its line (a while at most), then see that it is the only one.
    for (let wait = 0; wait < 100 && warnings().length === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 50));
    await request(server.baseUrl).get('/login').expect(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warnings()).toEqual([
      expect.objectContaining({ level: 40, path: '/login', msg: expect.stringMatching(/^NODE_ENV=production .*, or no researcher can sign in$/) }),
    ]);
    const [warning] = warnings();
    expect(warning!.problem).toBe(warning!.forwardedProto === 'https' ? 'trust-proxy-not-set' : 'https-needed');
  });
});
