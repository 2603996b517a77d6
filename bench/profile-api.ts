/**
 * CPU profiles of the app (as `npm start` runs it) under the API's submission load alone, and
 * of the bare server under the same load: `npx tsx bench/profile-api.ts [seconds] [dir]` writes
 * node's .cpuprofile files there (default 15 s, $TMPDIR/likert-profile; its app/ and bare/ are replaced) and prints where each one's busy time
 * went by layer (bench/profile-layers.ts), and the CPU time per request of each process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { useEmbeddedDatabase } from '../src/storage/embedded/embedded-ferretdb';
import { buildApp, PROXY_HEADERS, startAppProcess, withDatabaseName } from './app-process';
import { postLoad } from './load';
import { layersOf } from './profile-layers';
import { referenceAnswer, referenceSurvey } from './reference-answer';

async function main() {
  const seconds = Number(process.argv[2] ?? 15);
  const profileDir = path.resolve(process.argv[3] ?? path.join(os.tmpdir(), 'likert-profile'));
  for (const name of ['app', 'bare']) fs.rmSync(path.join(profileDir, name), { recursive: true, force: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-profile-'));
  const embedded = process.env.MONGODB_URI ? undefined : await useEmbeddedDatabase({ dataDir, progress: () => {} });
  const uri = withDatabaseName(process.env.MONGODB_URI ?? embedded!.uri, `profile_${Date.now().toString(36)}`);
  try {
    await buildApp();
    const app = await startAppProcess({ uri, logFile: path.join(dataDir, 'likert.log'), nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, 'app')}`] });
    const bare = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, 'bare')}`, '--import', 'tsx', path.join(__dirname, 'bare-server.ts'), uri, app.base], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const bareExited = new Promise((resolve) => bare.once('exit', resolve));
    const first = await readline.createInterface({ input: bare.stdout! })[Symbol.asyncIterator]().next();
    const { port } = JSON.parse(String(first.value)) as { port: number };
    const body = JSON.stringify(referenceAnswer(referenceSurvey()));
    const headers = { 'content-type': 'application/json', ...PROXY_HEADERS };
    for (const [name, url, pid] of [
      ['app', `${app.base}/api/surveys/taobao-2015/responses`, app.child.pid!],
      ['bare', `http://127.0.0.1:${port}/`, bare.pid!],
    ] as const) {
      await postLoad(url, body, 2, 24, headers);
      const database = databasePids(dataDir);
      const before = [cpuMs(pid), ...database.map(cpuMs)];
      const figures = await postLoad(url, body, seconds, 24, headers);
      const [own, ...db] = [cpuMs(pid), ...database.map(cpuMs)].map((ms, i) => (ms - before[i]!) / (figures.rps * seconds) * 1000);
      const dbSum = db.reduce((a, b) => a + b, 0);
      console.log(`${name}: ${figures.rps.toFixed(0)} resp/s for ${seconds} s (failed ${figures.failed}), CPU per request ${own!.toFixed(0)} µs, the database's ${dbSum.toFixed(0)} µs`);
    }
    await app.stop();
    bare.kill('SIGTERM');
    await bareExited;
    for (const name of ['app', 'bare']) {
      for (const file of fs.readdirSync(path.join(profileDir, name))) {
        console.log(`\n${name}: ${path.join(profileDir, name, file)}`);
        console.log(layersOf(JSON.parse(fs.readFileSync(path.join(profileDir, name, file), 'utf8'))));
      }
    }
  } finally {
    await embedded?.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The embedded database's processes: those whose command line names its data directory. */
function databasePids(dataDir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** User and system CPU time of a process in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
