import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { syncSurveyFolder } from './services/survey-files';
import { openDatabase, type OpenDatabase } from './storage/open-database';
import { signingSecret } from './storage/settings';
import { SurveyStore } from './storage/survey-store';

/** Human-readable progress on stderr; request logs stay JSON on stdout. */
const say = (message: string) => process.stderr.write(`${message}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let opened: OpenDatabase | undefined;
  let server: Server | undefined;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('Stopping…');
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await opened?.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // A promise nobody awaited (a driver's background task, say) must not take respondents' server down.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  try {
    opened = await openDatabase(config, say, { supervise: true });
    say(`Database: ${opened.description}`);
    const surveys = new SurveyStore(opened.database.models);
    const report = await syncSurveyFolder(config.surveysDir, surveys);
    for (const problem of report.problems) say(`Survey file refused: ${problem}`);
    const secret = await signingSecret(opened.database.models, config.sessionSecret);
    const app = createApp({
      database: opened.database,
      surveys,
      secret,
      logger,
      production: config.production,
      trustProxy: config.trustProxy,
    });
    server = app.listen(config.port);
    await new Promise<void>((resolve, reject) => {
      server!.once('listening', resolve);
      server!.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    say(`likert is ready at http://localhost:${port}/`);
    for (const s of report.loaded) {
      say(`  http://localhost:${port}/s/${s.id}  (version ${s.version}${s.created ? ', new' : ''}, from ${s.file})`);
    }
  } catch (error) {
    const detail = error instanceof ConfigError || (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? (error as Error).message
      : (error as Error).stack;
    say(`likert could not start: ${detail}`);
    await stop(1);
  }
}

void main();
