import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import lockfile from 'proper-lockfile';
import { ensureFerretDbBinary } from './ferretdb-binary';

/** A running embedded database this process uses; `release` stops it when no one else does. */
export interface EmbeddedDatabase {
  uri: string;
  release(): Promise<void>;
}

interface ServerRecord {
  pid: number;
  port: number;
  startedAt: string;
}

const START_TIMEOUT_MS = 30_000;
const WATCH_INTERVAL_MS = 1000;

/**
 * Gives this process the embedded FerretDB of `dataDir`, starting it if no one has.
 *
 * Two FerretDB processes on one data folder corrupt it, so exactly one runs per folder: the
 * first command starts it (detached, so Ctrl-C in one terminal does not pull it from under
 * the others) and records its address in `server.json`; later commands connect to it. Each
 * user is a file in `users/`; the last one to release stops the server.
 */
export async function useEmbeddedDatabase(options: {
  dataDir: string;
  binary?: string;
  progress?: (message: string) => void;
  /**
   * Restart the server on its own port when its process dies, so that open connections
   * recover by themselves (the long-running server asks for this; a CLI does not).
   */
  supervise?: boolean;
}): Promise<EmbeddedDatabase> {
  const binary = await ensureFerretDbBinary(options.binary, options.progress);
  const home = path.join(options.dataDir, 'ferretdb');
  const usersDir = path.join(home, 'users');
  fs.mkdirSync(usersDir, { recursive: true });
  const recordFile = path.join(home, 'server.json');
  const userFile = path.join(usersDir, `${process.pid}.${randomUUID()}`);

  const record = await withLock(home, async () => {
    const existing = readRecord(recordFile);
    if (existing && isFerretDb(existing.pid) && (await isServing(existing.port))) {
      fs.writeFileSync(userFile, '');
      return existing;
    }
    const started = await startServer(binary, options.dataDir, home);
    fs.writeFileSync(recordFile, JSON.stringify(started));
    fs.writeFileSync(userFile, '');
    return started;
  });

  let released = false;
  let restarting = false;
  const watchdog = options.supervise
    ? setInterval(() => {
        const current = readRecord(recordFile);
        if (restarting || released || (current && isFerretDb(current.pid))) return;
        restarting = true;
        withLock(home, async () => {
          const latest = readRecord(recordFile);
          if (latest && isFerretDb(latest.pid)) return; // Another user restarted it first.
          const restarted = await startServer(binary, options.dataDir, home, record.port);
          fs.writeFileSync(recordFile, JSON.stringify(restarted));
          options.progress?.(`The embedded database had stopped; restarted it (pid ${restarted.pid}).`);
        })
          .catch((error: Error) => options.progress?.(`Could not restart the embedded database: ${error.message}`))
          .finally(() => (restarting = false));
      }, WATCH_INTERVAL_MS)
    : undefined;
  watchdog?.unref();

  return {
    uri: uriFor(record.port),
    async release() {
      if (released) return;
      released = true;
      if (watchdog) clearInterval(watchdog);
      await withLock(home, async () => {
        fs.rmSync(userFile, { force: true });
        const stillUsed = fs.readdirSync(usersDir).filter((name) => {
          if (isAlive(Number(name.split('.')[0]))) return true;
          fs.rmSync(path.join(usersDir, name), { force: true });
          return false;
        });
        // The record names the server now running, which may be a restart of the one we joined.
        const current = readRecord(recordFile);
        if (stillUsed.length === 0 && current) {
          await stopServer(current.pid);
          fs.rmSync(recordFile, { force: true });
        }
      });
    },
  };
}

function uriFor(port: number): string {
  return `mongodb://127.0.0.1:${port}/?directConnection=true`;
}

async function withLock<T>(home: string, fn: () => Promise<T>): Promise<T> {
  const release = await lockfile.lock(home, {
    lockfilePath: path.join(home, 'server.lock'),
    retries: { retries: 100, minTimeout: 100, maxTimeout: 500 },
    stale: 15_000,
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}

function readRecord(file: string): ServerRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as ServerRecord;
    return Number.isInteger(record.pid) && Number.isInteger(record.port) ? record : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a MongoDB-compatible server at `uri` answers a ping within a second. */
export async function serverAnswers(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

/** True when the embedded server on `port` answers a ping. */
const isServing = (port: number) => serverAnswers(uriFor(port));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(binary: string, dataDir: string, home: string, port?: number): Promise<ServerRecord> {
  const sqliteDir = path.join(dataDir, 'sqlite');
  const stateDir = path.join(home, 'state');
  fs.mkdirSync(sqliteDir, { recursive: true });
  fs.mkdirSync(stateDir, { recursive: true });
  const logFile = path.join(home, 'ferretdb.log');
  port ??= await freePort();
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDir}/`,
      `--state-dir=${stateDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=127.0.0.1:0',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  child.unref();
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.once('error', () => (exited = -1));

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) break;
    if (await isServing(port)) return { pid: child.pid!, port, startedAt: new Date().toISOString() };
    await sleep(100);
  }
  if (exited === undefined && child.pid) process.kill(child.pid, 'SIGKILL');
  const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n');
  throw new Error(`The embedded database (FerretDB) did not start. The end of ${logFile}:\n${tail}`);
}

/**
 * True when the process is alive and is a FerretDB: after a crash its pid may have been given
 * to an unrelated process, which must never be signalled.
 */
function isFerretDb(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('ferretdb');
  } catch {
    return process.platform !== 'linux'; // No /proc to ask: trust the record.
  }
}

async function stopServer(pid: number): Promise<void> {
  if (!isFerretDb(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5000; waited += 50) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  process.kill(pid, 'SIGKILL');
}
