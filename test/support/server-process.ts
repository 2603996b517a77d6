import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const root = path.join(__dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  /** `http://localhost:<port>`, once it listens. */
  baseUrl: string;
  /** Every line of its progress (stderr) so far. */
  output: string[];
  /** Every line of its log (JSON, stdout) so far. */
  log: string[];
  /** Resolves once it has said a line matching `pattern` (at once if it already has). */
  said(pattern: RegExp): Promise<void>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/** Servers started by a test file, killed after it even when a test failed half-way. */
const started: ChildProcess[] = [];
afterAll(() => started.forEach((child) => child.kill('SIGKILL')));

/**
 * src/server.ts as `npm start` runs it (on a free port, logs at warn) with `env` on top of
 * the test's environment; resolves once it says it is ready, rejects if it exits first.
 */
export function startServer(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'server.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
  });
  started.push(child);
  const output: string[] = [];
  const log: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => log.push(line));
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      output.push(line);
      for (const w of waiting.filter((w) => w.pattern.test(line))) w.resolve();
      const ready = /likert is ready at (http:\/\/localhost:\d+)\//.exec(line);
      if (ready) {
        resolve({
          child,
          baseUrl: ready[1]!,
          output,
          log,
          said: (pattern) =>
            output.some((l) => pattern.test(l))
              ? Promise.resolve()
              : Promise.race([
                  new Promise<void>((done) => waiting.push({ pattern, resolve: done })),
                  exited.then(() => Promise.reject(new Error(`the server stopped:\n${output.join('\n')}`))),
                ]),
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output.join('\n')}`)));
  });
}
