/**
 * The app as `npm start` runs it, for the parts that compare it with the bare server: built
 * first (`tsc -p tsconfig.build.json`, what `npm run build` does), then `node dist/server.js` in a
 * process of its own with NODE_ENV=production and the default LOG_LEVEL, its stdout and stderr
 * appended to one file as an operator's `node dist/server.js >> likert.log 2>&1` does (a file, so
 * that no slow pipe reader throttles it). It runs behind one proxy that ends TLS, as production
 * must (its cookies are Secure): TRUST_PROXY=1, and every request the bench sends it carries the
 * headers such a proxy adds (`PROXY_HEADERS`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');

/** What a TLS-ending reverse proxy adds to every request it passes on. */
export const PROXY_HEADERS: Record<string, string> = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };

/** The database URI with `dbName` as its path, so that the app and the CLIs use that database. */
export function withDatabaseName(uri: string, dbName: string): string {
  const url = new URL(uri);
  url.pathname = `/${dbName}`;
  return url.toString();
}

/** `npm run build`: throws with the compiler's output when it fails. */
export async function buildApp(): Promise<void> {
  const child = spawn('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the build failed:\n${output}`);
}

export interface AppProcess {
  child: ChildProcess;
  /** http://127.0.0.1:port */
  base: string;
  logFile: string;
  /** SIGTERM, as an operator stops it (a --cpu-prof profile is written then), and its exit. */
  stop(): Promise<void>;
}

/**
 * Starts `node dist/server.js` (built beforehand) on `uri` and resolves once it says it is ready.
 * @param nodeArgs options for node itself, such as `--cpu-prof --cpu-prof-dir=…`.
 */
export async function startAppProcess(options: { uri: string; logFile: string; nodeArgs?: string[]; limitMs?: number }): Promise<AppProcess> {
  const { uri, logFile, nodeArgs = [], limitMs = 60_000 } = options;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    MONGODB_URI: uri,
    SESSION_SECRET: 'bench-app-process-'.repeat(3),
    PORT: '0',
    TRUST_PROXY: '1',
  };
  // The default level, whatever the shell that runs the bench has set.
  delete env.LOG_LEVEL;
  delete env.SURVEYS_DIR;
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, 'dist/server.js'], { cwd: root, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };

  // Read where an operator would: the log file.
  const started = Date.now();
  for (;;) {
    const ready = /likert is ready at http:\/\/localhost:(\d+)\//.exec(fs.readFileSync(logFile, 'utf8'));
    if (ready) return { child, base: `http://127.0.0.1:${ready[1]}`, logFile, stop };
    if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > limitMs) {
      await stop();
      throw new Error(`the app did not start; its log ${logFile} ends:\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
