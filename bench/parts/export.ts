/**
 * The raw responses export (`GET /api/surveys/taobao-2015/export/responses.csv`) at 10,000 and
 * 100,000 responses of the reference survey, on a database of its own, each size served by a
 * fresh app process (bench/results-server.ts) so that its peak memory is that one export's:
 * - rows per second over the whole download (the first byte waits for the database's sorted
 *   read, which on FerretDB scans every response), and the time to the first byte;
 * - the same read done bare with the driver in this process (the database's share of the time);
 * - the app process's resident memory: idle before the export, the most sampled during it
 *   (every 100 ms), and its peak (VmHWM, which includes start-up): none may grow with the rows.
 * BENCH_EXPORT_SIZES (default 10000,100000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { connectDatabase } from '../../src/storage/database';
import { seededRandom } from '../../test/support/random-answers';
import type { BenchPart } from './part';
import { fill, peakMemoryMb } from './results';

/** Resident memory of a process now, from /proc (Linux). */
function memoryMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** The app in a process of its own on `dbName`: its port and an API token once it listens. */
async function startApp(uri: string, dbName: string): Promise<{ server: ChildProcess; port: number; token: string }> {
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'results-server.ts'), uri, dbName], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await readline.createInterface({ input: server.stdout! })[Symbol.asyncIterator]().next();
  const { port, token } = JSON.parse(String(first.value)) as { port: number; token: string };
  return { server, port, token };
}

/** Downloads the CSV as a client that reads as fast as it can: bytes, rows, time to the first byte and in all. */
function download(url: string, token: string): Promise<{ bytes: number; rows: number; firstByteMs: number; totalMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`${url}: ${res.statusCode}`));
        let firstByteMs = NaN;
        let bytes = 0;
        let lines = 0;
        res.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstByteMs = performance.now() - started;
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        });
        res.on('end', () => resolve({ bytes, rows: lines - 1, firstByteMs, totalMs: performance.now() - started }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export const exportPart: BenchPart = {
  name: 'export',
  async run({ uri }) {
    const sizes = (process.env.BENCH_EXPORT_SIZES ?? '10000,100000').split(',').map(Number);
    const dbName = `bench_export_${Date.now().toString(36)}`;
    console.log(`\n## Responses CSV export at ${sizes.join(' and ')} responses of the reference survey (database ${dbName})`);
    const database = await connectDatabase(uri, dbName);
    const next = seededRandom(10_000);
    const serial = { n: 0 };
    const rows: string[][] = [];
    try {
      let filled = 0;
      for (const size of sizes) {
        // A fresh process per size: its peak memory is that of this export alone.
        const { server, port, token } = await startApp(uri, dbName);
        try {
          const filling = performance.now();
          await fill(database, size - filled, next, serial);
          filled = size;
          console.log(`${size} responses stored in ${((performance.now() - filling) / 1000).toFixed(1)} s`);
          const idle = memoryMb(server.pid!);
          let during = idle;
          const sampler = setInterval(() => (during = Math.max(during, memoryMb(server.pid!))), 100);
          const result = await download(`http://127.0.0.1:${port}/api/surveys/taobao-2015/export/responses.csv`, token).finally(() => clearInterval(sampler));
          if (result.rows !== size) throw new Error(`the export has ${result.rows} rows, ${size} responses were stored`);
          const peak = peakMemoryMb(server.pid!);
          // The same documents read bare with the driver: what the database alone takes.
          const bareStarted = performance.now();
          let bare = 0;
          const cursor = database.analysis
            .collection('responses')
            .find({ surveyId: 'taobao-2015' }, { projection: { submittedAt: 1, version: 1, answers: 1, other: 1 }, batchSize: 500 });
          for await (const _ of cursor) bare++;
          const bareMs = performance.now() - bareStarted;
          rows.push([
            String(size),
            `${(result.totalMs / 1000).toFixed(1)} s`,
            `${(result.firstByteMs / 1000).toFixed(1)} s`,
            `${Math.round(size / (result.totalMs / 1000))} rows/s`,
            `${Math.round(bare / (bareMs / 1000))} rows/s`,
            `${(result.bytes / 1e6).toFixed(1)} MB`,
            `${idle.toFixed(0)} MB`,
            `${during.toFixed(0)} MB`,
            `${peak.toFixed(0)} MB`,
          ]);
        } finally {
          server.kill('SIGTERM');
        }
      }
      const header = ['responses', 'export', 'first byte', 'rows per second', 'bare read', 'CSV size', 'app RSS idle', 'during export', 'app peak RSS'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
      const during = rows.map((r) => Number.parseFloat(r[7]!));
      const peaks = rows.map((r) => Number.parseFloat(r[8]!));
      console.log(
        `at ${sizes.at(-1)} / at ${sizes[0]}: RSS during the export ${(during.at(-1)! / during[0]!).toFixed(2)}×, ` +
          `peak RSS ${(peaks.at(-1)! / peaks[0]!).toFixed(2)}× (both flat when the export streams)`,
      );
    } finally {
      await database.connection.dropDatabase().catch(() => {});
      await database.close();
    }
  },
};
