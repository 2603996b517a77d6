import path from 'node:path';
import request from 'supertest';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import { signIn } from '../support/researchers';
import { fixturesDir, surveyFromFile, useTestApp } from '../support/test-app';

const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const shared = { ...everyType, id: 'shared', title: 'Shared with some' };
const open = { ...everyType, id: 'open-to-all', title: 'Named nobody' };
const t = useTestApp([], { clearResponsesBeforeEach: false });

/**
 * Who asks: each kind of user the issue names, as the header their request carries. Their
 * tokens have the scope `manage`, so that what is checked is the user's access; the owner and
 * the admin also ask with a `read` token, which reads what they read and changes nothing.
 */
const askers = [
  'owner',
  'viewer',
  'researcher listed as viewer',
  'another researcher',
  'admin',
  'owner with a read token',
  'admin with a read token',
  'anonymous',
  'forged token',
  'revoked token',
] as const;
type Asker = (typeof askers)[number];
const authorization: Partial<Record<Asker, string>> = {};

beforeAll(async () => {
  await t.surveys.registerDefinition(shared, undefined, { owners: ['olga'], viewers: ['vera', 'rita'] });
  await t.surveys.registerDefinition(open, undefined, null);
  const accounts = new AccountService(new AccountStore(t.database.models), t.secret);
  const users: [Asker, string, string][] = [
    ['owner', 'olga', 'researcher'],
    ['viewer', 'vera', 'viewer'],
    ['researcher listed as viewer', 'rita', 'researcher'],
    ['another researcher', 'otto', 'researcher'],
    ['admin', 'ada', 'admin'],
  ];
  for (const [asker, username, role] of users) {
    await accounts.createUser(username, role, 'a long enough password');
    authorization[asker] = `Bearer ${(await accounts.createToken(username, 'access tests', 'manage')).token}`;
  }
  authorization['owner with a read token'] = `Bearer ${(await accounts.createToken('olga', 'reads only', 'read')).token}`;
  authorization['admin with a read token'] = `Bearer ${(await accounts.createToken('ada', 'reads only', 'read')).token}`;
  const revoked = await accounts.createToken('olga', 'revoked', 'manage');
  await accounts.revokeToken('olga', revoked.record.id);
  authorization['revoked token'] = `Bearer ${revoked.token}`;
  // A token of the right form that was never issued.
  authorization['forged token'] = `Bearer lkt_${'A'.repeat(43)}`;
  await request(t.app).post('/api/surveys/shared/responses').send({ answers: { colour: 'x', fruit: ['1', '2'], agree: { r1: '1', r2: '2' } }, other: { colour: 'teal' } }).expect(201);
  await t.resultCounts.flush();
});

const as = (asker: Asker, url: string) => {
  const req = request(t.app).get(url);
  return authorization[asker] ? req.set('Authorization', authorization[asker]!) : req;
};

const READERS: Record<Asker, number> = {
  owner: 200,
  viewer: 200,
  'researcher listed as viewer': 200,
  'another researcher': 404,
  admin: 200,
  'owner with a read token': 200,
  'admin with a read token': 200,
  anonymous: 401,
  'forged token': 401,
  'revoked token': 401,
};

describe.each([
  '/api/surveys/shared/results',
  '/api/surveys/shared/results?where=colour:x',
  '/api/surveys/shared/crosstab?row=colour&col=agree.r1',
  '/api/surveys/shared/compare?a=colour:x&b=colour:1',
  '/api/surveys/shared/other/colour',
])('GET %s', (url) => {
  it.each(askers)('as %s', async (asker) => {
    const res = await as(asker, url);
    expect(res.status).toBe(READERS[asker]);
  });
});

/**
 * The pages of managing a survey: its owners and admins (a read token too: they are read);
 * readers are refused (403); anyone else learns nothing (404).
 */
const OWNERS: Record<Asker, number> = { ...READERS, viewer: 403, 'researcher listed as viewer': 403 };
/** Changing a survey: as OWNERS, but a read token is refused (403) whoever holds it. */
const CHANGERS: Record<Asker, number> = { ...OWNERS, 'owner with a read token': 403, 'admin with a read token': 403 };

describe.each(['/surveys/shared/manage', '/surveys/shared/edit', '/surveys/shared/delete', '/surveys/shared/audit'])('GET %s', (url) => {
  it.each(askers)('as %s', async (asker) => {
    expect((await as(asker, url)).status).toBe(OWNERS[asker]);
  });
});

describe.each(['/surveys/shared/versions'])('GET %s', (url) => {
  it.each(askers)('as %s', async (asker) => {
    expect((await as(asker, url)).status).toBe(READERS[asker]);
  });
});

describe('GET /surveys/new', () => {
  const CREATORS: Record<Asker, number> = { ...READERS, viewer: 403, 'researcher listed as viewer': 200, 'another researcher': 200 };
  it.each(askers)('as %s', async (asker) => {
    expect((await as(asker, '/surveys/new')).status).toBe(CREATORS[asker]);
  });
});

// A token carries no cookie, so these need no CSRF token: what is checked is who asks. The
// bodies change nothing even when accepted (the survey stays open; the text and the id are wrong).
describe.each([
  ['/surveys/shared/status', { status: 'open' }, 303],
  ['/surveys/shared/edit', { text: '{}' }, 422],
  ['/surveys/shared/delete', { confirm: 'not its id' }, 422],
])('POST %s', (url, body, accepted) => {
  it.each(askers)('as %s', async (asker) => {
    const req = request(t.app).post(url).type('form').send(body);
    const res = await (authorization[asker] ? req.set('Authorization', authorization[asker]!) : req);
    expect(res.status).toBe(CHANGERS[asker] === 200 ? accepted : CHANGERS[asker]);
  });
});

describe('the refused and the accepted changes above', () => {
  it('changed nothing, as the comment above says: the survey is still open, at its version, with its response', async () => {
    const stored = await t.surveys.find('shared');
    expect(stored?.status).toBe('open');
    expect(stored?.version).toBe(1);
    const results = await as('owner', '/api/surveys/shared/results').expect(200);
    expect(results.body.respondents).toBe(1);
  });
});

describe('a survey the user may not see', () => {
  it('answers exactly as a survey that does not exist', async () => {
    const hidden = await as('another researcher', '/api/surveys/shared/results').expect(404);
    const missing = await as('another researcher', '/api/surveys/no-such-survey/results').expect(404);
    expect(hidden.body).toEqual(missing.body);
    const hiddenPage = await as('another researcher', '/surveys/shared/results').expect(404);
    const missingPage = await as('another researcher', '/surveys/no-such-survey/results').expect(404);
    expect(hiddenPage.text.replace(/shared|no-such-survey/g, '')).toBe(missingPage.text.replace(/shared|no-such-survey/g, ''));
  });

  it('is left out of the survey list; a survey that names nobody is listed to everyone', async () => {
    const { agent } = await signIn(t.app, 'otto', 'a long enough password');
    const list = await agent.get('/surveys').expect(200);
    expect(list.text).toContain('open-to-all');
    expect(list.text).not.toContain('Shared with some');
    const { agent: owner } = await signIn(t.app, 'olga', 'a long enough password');
    expect((await owner.get('/surveys').expect(200)).text).toContain('Shared with some');
  });

  it('refuses a reader who tries to change it with 403, a stranger with 404', async () => {
    await request(t.app).post('/api/surveys/shared/results').set('Authorization', authorization.viewer!).send({}).expect(403);
    await request(t.app).post('/api/surveys/shared/results').set('Authorization', authorization['another researcher']!).send({}).expect(404);
  });
});
