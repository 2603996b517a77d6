import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SurveyProblemMessage } from '../domain/locale/survey-problem-messages';
import { parseSurveyFile, type SurveyFileResult } from '../domain/survey/survey-file';

/**
 * Checking a survey text without holding up the server's other requests. The check is linear
 * in the text (`parseSurveyFile`), but a 2 MB text still takes a good part of a second: a
 * text longer than `inThreadMaxChars` is checked in a worker thread, which is stopped, and the
 * text refused with a sentence, when it takes longer than `timeLimitMs` or more memory than
 * `memoryLimitMb`. At most `parallel` workers run at once; further checks wait their turn.
 * The same checker serves the upload, the drafts, start-up and `npm run validate`.
 */
export interface SurveyCheckOptions {
  /** Longer texts are checked in a worker thread (default 16,384 characters: about 10 ms here). */
  inThreadMaxChars?: number;
  /** Default 10 s: a 2 MB file of the worst shape we know is checked in about a second. */
  timeLimitMs?: number;
  /** The worker's heap (default 512 MB). */
  memoryLimitMb?: number;
  /** Workers at once (default: the cores less one for the server, at least 1). */
  parallel?: number;
}

export type SurveyCheck = (file: string, text: string) => Promise<SurveyFileResult>;

/** The worker's script beside this file: compiled JavaScript, or TypeScript under tsx or ts-jest. */
function startWorker(file: string, text: string, memoryLimitMb: number): Worker {
  const script = path.join(__dirname, `survey-check-worker${path.extname(__filename)}`);
  const options = { workerData: { file, text }, resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb } };
  if (script.endsWith('.js')) return new Worker(script, options);
  // A worker does not inherit the parent's TypeScript loader: it registers tsx's own first.
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(script)});`, { ...options, eval: true });
}

export function surveyChecker(options: SurveyCheckOptions = {}): SurveyCheck {
  const inThreadMaxChars = options.inThreadMaxChars ?? 16 * 1024;
  const timeLimitMs = options.timeLimitMs ?? 10_000;
  const memoryLimitMb = options.memoryLimitMb ?? 512;
  const parallel = options.parallel ?? Math.max(1, os.availableParallelism() - 1);
  let running = 0;
  const waiting: (() => void)[] = [];

  const inWorker = (file: string, text: string): Promise<SurveyFileResult> =>
    new Promise((resolve) => {
      const refused = (message: SurveyProblemMessage): SurveyFileResult => ({ ok: false, problems: [{ file, path: '', message }] });
      const worker = startWorker(file, text, memoryLimitMb);
      let settled = false;
      const settle = (result: SurveyFileResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        resolve(result);
      };
      const timer = setTimeout(() => settle(refused({ key: 'checkTooSlow', params: { seconds: timeLimitMs / 1000 } })), timeLimitMs);
      worker.once('message', (result: SurveyFileResult) => settle(result));
      worker.once('error', (error: NodeJS.ErrnoException) =>
        settle(refused(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { key: 'checkTooMuchMemory', params: { megabytes: memoryLimitMb } } : { key: 'checkFailed', params: { reason: error.message } })),
      );
      worker.once('exit', (code) => settle(refused({ key: 'checkFailed', params: { reason: `the check stopped (${code})` } })));
    });

  return async (file, text) => {
    if (text.length <= inThreadMaxChars) return parseSurveyFile(file, text);
    if (running >= parallel) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await inWorker(file, text);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
