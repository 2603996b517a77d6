import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../support/server-process';
import { fixturesDir } from '../support/test-app';

const root = path.join(__dirname, '..', '..');
const tsx = (script: string) => [process.execPath, ['--import', 'tsx', path.join(root, script)]] as const;

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)));
}

describe('the server process', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-server-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts on the embedded database with the surveys of its folder, and stops it on SIGTERM', async () => {
    const { child, baseUrl, output } = await startServer({ DATA_DIR: dataDir, SURVEYS_DIR: path.join(fixturesDir, 'broken-surveys') });
    try {
      expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${baseUrl}/s/still-fine`)).status).toBe(200);
      // Every wrong file is named with a sentence; the good one is served all the same.
      const refused = output.filter((l) => l.startsWith('Survey file refused:'));
      expect(refused.join('\n')).toMatch(/duplicate-id\.json:\d+:\d+: questions\[1\]\.id: question id "q1" is already used/);
      expect(refused.join('\n')).toMatch(/matrix-without-columns\.json:\d+:\d+: questions\[0\]: a matrix question needs "columns"/);
      expect(output).toContain(`  ${baseUrl}/s/still-fine  (version 1, new, from ${path.relative(root, path.join(fixturesDir, 'broken-surveys', 'a-valid.json'))})`);
      const record = JSON.parse(fs.readFileSync(path.join(dataDir, 'ferretdb', 'server.json'), 'utf8'));
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(() => process.kill(record.pid, 0)).toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says in one sentence what to do when there is neither MONGODB_URI nor Go', async () => {
    const [node, args] = tsx('src/server.ts');
    const result = spawnSync(node, [...args], {
      cwd: root,
      env: { PATH: path.dirname(process.execPath), HOME: os.tmpdir(), DATA_DIR: dataDir, FERRETDB_BIN: path.join(dataDir, 'no-ferretdb') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/likert could not start: No database: MONGODB_URI is not set, and the embedded database \(FerretDB\) needs Go .* or set MONGODB_URI/);
  });

  it('refuses a wrong configuration with a clear sentence', () => {
    const [node, args] = tsx('src/server.ts');
    const result = spawnSync(node, [...args], { cwd: root, env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('likert could not start: PORT must be a port number (0-65535), got "eighty"');
  });

  it('says which database it cannot reach', () => {
    const [node, args] = tsx('src/server.ts');
    const result = spawnSync(node, [...args], { cwd: root, env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:1' }, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('likert could not start: cannot reach MONGODB_URI: connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('npm run validate', () => {
  const validate = (...targets: string[]) => {
    const [node, args] = tsx('src/cli/validate-surveys.ts');
    return spawnSync(node, [...args, ...targets], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  };

  it('passes the shipped surveys', () => {
    const result = validate();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('ok   surveys/taobao-2015.json (taobao-2015, 20 questions)');
  });

  it('fails on a folder with wrong files, naming each problem', () => {
    const result = validate(path.join(fixturesDir, 'broken-surveys'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error test\/fixtures\/broken-surveys\/syntax-error\.json:1:\d+: invalid JSON: a comma "," is expected here/);
    expect(result.stdout).toContain('1 survey file(s) valid, 5 refused');
  });
});
