import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { hiddenField, signIn } from '../support/researchers';
import { useTestApp } from '../support/test-app';

const root = path.join(__dirname, '..', '..');
const t = useTestApp([]);

/** MONGODB_URI naming this test file's own database on the test run's server. */
function databaseUri(): string {
  const uri = new URL(process.env.LIKERT_TEST_MONGODB_URI!);
  uri.pathname = `/${t.database.connection.db!.databaseName}`;
  return uri.toString();
}

/** Runs `npm run <script>`'s program (src/cli/<file>.ts) as a child process, as a user would. */
function cli(file: string, args: string[], env: Record<string, string> = {}) {
  const { LIKERT_PASSWORD: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli', `${file}.ts`), ...args], {
    cwd: root,
    // The app's secret, as a deployment shares SESSION_SECRET (or the stored one) between servers and commands.
    env: { ...inherited, MONGODB_URI: databaseUri(), SESSION_SECRET: t.secret, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const userAdd = (args: string[], env?: Record<string, string>) => cli('user-add', args, env);
const tokenCreate = (args: string[]) => cli('token-create', args);
const stored = (username: string) => t.database.models.User.findById(username).lean();

describe('npm run user:add', () => {
  it('creates an account from LIKERT_PASSWORD, under the name in lower case, with a salted scrypt hash', async () => {
    const result = userAdd(['Ada.Lovelace', '--role', 'researcher'], { LIKERT_PASSWORD: 'analytical engine' });
    expect(result.stderr).not.toContain('analytical engine');
    expect(result.stdout).toBe('Created the account "ada.lovelace" with the role researcher.\n');
    expect(result.status).toBe(0);
    const user = await stored('ada.lovelace');
    expect(user).toMatchObject({ role: 'researcher', password: { algorithm: 'scrypt', N: 131072, r: 8, p: 1 } });
    expect(JSON.stringify(user)).not.toContain('analytical engine');
    // The account works on the server that shares the database.
    const { res } = await signIn(t.app, 'ada.lovelace', 'analytical engine');
    expect(res.status).toBe(303);
  });

  it('says so when the name is taken, changes nothing, and exits non-zero', async () => {
    expect(userAdd(['grace', '--role', 'viewer'], { LIKERT_PASSWORD: 'first password' }).status).toBe(0);
    const before = await stored('grace');
    const again = userAdd(['GRACE', '--role', 'admin'], { LIKERT_PASSWORD: 'second password' });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('An account "grace" already exists (role viewer); nothing changed. Use --reset-password to set a new password.');
    expect(await stored('grace')).toEqual(before);
  });

  it('--reset-password sets a new password and unlocks the account', async () => {
    expect(userAdd(['linus', '--role', 'researcher'], { LIKERT_PASSWORD: 'old password 1' }).status).toBe(0);
    for (let i = 0; i < 5; i++) await signIn(t.app, 'linus', 'a wrong password');
    expect((await stored('linus'))?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());

    const result = userAdd(['linus', '--reset-password'], { LIKERT_PASSWORD: 'new password 2' });
    expect(result.stdout).toBe('New password set for "linus"; the account is unlocked.\n');
    expect(result.status).toBe(0);
    expect((await stored('linus'))?.lockedUntil).toBeUndefined();
    expect((await signIn(t.app, 'linus', 'old password 1')).res.status).toBe(401);
    expect((await signIn(t.app, 'linus', 'new password 2')).res.status).toBe(303);
  });

  it('refuses a password under 10 characters, saying the minimum', async () => {
    const result = userAdd(['shortpw', '--role', 'viewer'], { LIKERT_PASSWORD: '123456789' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Password refused: the password must be at least 10 characters long. Nothing changed.');
    expect(await stored('shortpw')).toBeNull();
  });

  it('refuses to run without a terminal when LIKERT_PASSWORD is not set', async () => {
    const result = userAdd(['noterminal', '--role', 'viewer']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('No password: there is no terminal to ask for one. Set LIKERT_PASSWORD, or run this in a terminal.');
    expect(await stored('noterminal')).toBeNull();
  });

  it.each([
    [['x', '--role', 'viewer'], /"x" cannot be a username: 2 to 64 characters/],
    [['bad name', '--role', 'viewer'], /"bad name" cannot be a username/],
    [['-dash', '--role', 'viewer'], /cannot be a username|Unknown option/],
    [['okname', '--role', 'superuser'], /--role must be one of admin, researcher, viewer, got "superuser"/],
    [['okname'], /--role is required to create an account/],
    [[], /usage: npm run user:add -- <username> --role <admin\|researcher\|viewer> \[--reset-password\]/],
  ])('refuses %j with a sentence and exit code 2', (args, message) => {
    const result = userAdd(args, { LIKERT_PASSWORD: 'long enough password' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('asks twice without echo in a terminal', async () => {
    // `script` gives the command a terminal of its own; we type into it when asked.
    const { LIKERT_PASSWORD: _unset, ...env } = process.env;
    const command = `${process.execPath} --import tsx src/cli/user-add.ts typist --role viewer`;
    const terminal = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env: { ...env, MONGODB_URI: databaseUri() } });
    let screen = '';
    const typed: string[] = [];
    terminal.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      const prompts = (screen.match(/Password \(at least 10 characters\): |The same password again: /g) ?? []).length;
      if (prompts > typed.length) {
        typed.push('typed in secret');
        terminal.stdin.write('typed in secret\r');
      }
    });
    const code = await new Promise<number | null>((resolve) => terminal.on('exit', resolve));
    expect(screen).toContain('Password (at least 10 characters): ');
    expect(screen).toContain('The same password again: ');
    expect(screen).not.toContain('typed in secret');
    expect(screen).toContain('Created the account "typist" with the role viewer.');
    expect(code).toBe(0);
    expect((await signIn(t.app, 'typist', 'typed in secret')).res.status).toBe(303);
  });
});

describe('npm run token:create', () => {
  beforeAll(() => {
    expect(userAdd(['scripter', '--role', 'researcher'], { LIKERT_PASSWORD: 'scripter password' }).status).toBe(0);
  });

  it('prints a token alone on its last line, stores only its SHA-256, and the token opens the API', async () => {
    const result = tokenCreate(['scripter', '--name', 'nightly export']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const token = lines.at(-1)!;
    expect(token).toMatch(/^lkt_[A-Za-z0-9_-]{43}$/);
    expect(lines[0]).toBe('API token "nightly export" for scripter, scope read. It is shown only this once; the database keeps only its SHA-256.');
    const hash = createHash('sha256').update(token).digest('hex');
    expect(await t.database.models.ApiToken.findById(hash).lean()).toMatchObject({ username: 'scripter', name: 'nightly export', scope: 'read' });
    expect(JSON.stringify(await t.database.models.ApiToken.find().lean())).not.toContain(token);
    await request(t.app).get('/api/surveys').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('shows the token on the user’s tokens page, by name, without the token itself', async () => {
    const { stdout } = tokenCreate(['scripter', '--name', 'listed by name']);
    const token = stdout.trimEnd().split('\n').at(-1)!;
    const { agent } = await signIn(t.app, 'scripter', 'scripter password');
    const page = await agent.get('/account/tokens').expect(200);
    expect(page.text).toContain('<td data-label="Name">listed by name</td>');
    expect(page.text).not.toContain(token);
    expect(hiddenField(page.text, '_csrf')).toBeDefined();
  });

  it('makes a read token unless --scope manage is given, and refuses any other scope with exit code 2', async () => {
    const manage = tokenCreate(['scripter', '--name', 'closes surveys', '--scope', 'manage']);
    expect(manage.status).toBe(0);
    expect(manage.stdout.split('\n')[0]).toBe('API token "closes surveys" for scripter, scope manage. It is shown only this once; the database keeps only its SHA-256.');
    const hash = createHash('sha256').update(manage.stdout.trimEnd().split('\n').at(-1)!).digest('hex');
    expect(await t.database.models.ApiToken.findById(hash).lean()).toMatchObject({ scope: 'manage' });

    const before = await t.database.models.ApiToken.countDocuments();
    const wrong = tokenCreate(['scripter', '--scope', 'admin']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--scope must be one of read, manage, got "admin"');
    expect(wrong.stdout).toBe('');
    expect(await t.database.models.ApiToken.countDocuments()).toBe(before);
  });

  it('refuses a name without an account, with exit code 1 and no token', async () => {
    const before = await t.database.models.ApiToken.countDocuments();
    const result = tokenCreate(['nobody']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No token issued: there is no account "nobody".');
    expect(result.stdout).toBe('');
    expect(await t.database.models.ApiToken.countDocuments()).toBe(before);
  });
});
