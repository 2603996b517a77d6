import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { MongoClient } from 'mongodb';
import { serverAnswers as answers } from '../../src/storage/embedded/embedded-ferretdb';

/** A second process using the embedded database, driven line by line. */
class EmbeddedUser {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  constructor(dataDir: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'support', 'embedded-user.ts'), dataDir]);
    this.lines = readline.createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async next(): Promise<string> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error('the process ended');
    return value;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  async send(command: string): Promise<string> {
    this.child.stdin.write(`${command}\n`);
    return this.next();
  }
}

describe('the embedded database shared by several commands', () => {
  let dataDir: string;
  const users: EmbeddedUser[] = [];
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-shared-'));
  });
  afterAll(() => {
    users.forEach((u) => u.kill());
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs one FerretDB for two processes started together, loses no write, and stops with the last one', async () => {
    const first = new EmbeddedUser(dataDir);
    const second = new EmbeddedUser(dataDir);
    users.push(first, second);
    const [a, b] = await Promise.all([first.next(), second.next()]);
    expect(a).toMatch(/^uri mongodb:\/\/127\.0\.0\.1:\d+/);
    expect(b).toBe(a);
    const uri = a.slice(4);

    const inserted = await Promise.all([first.send('insert 300'), second.send('insert 300')]);
    expect(inserted).toEqual(['inserted 300', 'inserted 300']);
    const client = await new MongoClient(uri).connect();
    expect(await client.db('shared').collection('marks').countDocuments()).toBe(600);
    await client.close();

    expect(await first.send('release')).toBe('released');
    expect(await answers(uri)).toBe(true);
    expect(await second.send('release')).toBe('released');
    expect(await answers(uri)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'ferretdb', 'server.json'))).toBe(false);
  });
});
