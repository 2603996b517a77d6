import { createServer, type Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig, serverBaseUrl, type Config } from './config';
import { createLogger } from './logger';
import { syncSurveyFolder } from './services/survey-files';
import { SurveyManagement } from './services/survey-management';
import { managementStores } from './storage/management-stores';
import { isDatabaseUnavailable } from './storage/database';
import { openDatabase, type OpenDatabase } from './storage/open-database';
import { startExpiryCleanup, type ExpiryCleanup } from './storage/session-store';
import { signingSecret } from './storage/settings';
import { ResponseAnalysis } from './storage/response-analysis';
import { ResultCounts } from './storage/result-counts';
import { SurveyStore } from './storage/survey-store';

/** Human-readable progress on stderr; request logs stay JSON on stdout. */
const say = (message: string) => process.stderr.write(`${message}\n`);

/** The reason start-up failed, as one sentence when we know what it means. */
function startFailure(error: unknown, config?: Config): string {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof ConfigError) return e.message;
  if (e.code === 'EADDRINUSE') return `port ${config?.port} is already in use; stop what uses it or set PORT to another port.`;
  if (isDatabaseUnavailable(error)) {
    const where = config?.mongodbUri ? 'MONGODB_URI' : 'the embedded database';
    return `cannot reach ${where}: ${e.message}`;
  }
  return e.stack ?? String(error);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    say(`likert could not start: ${startFailure(error)}`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config.logLevel);
  let opened: OpenDatabase | undefined;
  let server: Server | undefined;
  let cleanup: ExpiryCleanup | undefined;
  let resultCounts: ResultCounts | undefined;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (server?.listening) say('Stopping…');
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    cleanup?.stop();
    await resultCounts?.stop();
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
    resultCounts = new ResultCounts(opened.database.models, new ResponseAnalysis(opened.database.analysis), {
      flushIntervalMs: config.resultsFlushMs,
      logger,
    });
    await resultCounts.start();
    // Repairs after a crash scan responses: in the background, so that respondents need not wait.
    resultCounts.catchUp(say).catch((error: Error) => say(`Kept result counts: catching up failed (${error.message}); run npm run results:recount`));
    // A survey deletion that a stopped process left half-way is finished, in the background too.
    new SurveyManagement({ surveys, counts: resultCounts, ...managementStores(opened.database) })
      .resumeDeletions(say)
      .catch((error: Error) => say(`Deleting surveys: could not finish (${error.message}); confirm the deletion again`));
    const app = createApp({
      resultCounts,
      database: opened.database,
      surveys,
      secret,
      logger,
      production: config.production,
      trustProxy: config.trustProxy,
      sessionIdleMinutes: config.sessionIdleMinutes,
    });
    cleanup = startExpiryCleanup(opened.database.models, logger);
    server = createServer(app).listen(config.port);
    await new Promise<void>((resolve, reject) => {
      server!.once('listening', resolve);
      server!.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = serverBaseUrl(config, port);
    say(`likert is ready at ${base}/${config.baseUrl ? ` (BASE_URL; listening on port ${port})` : ''}`);
    for (const s of report.loaded) {
      say(`  ${base}/s/${s.id}  (version ${s.version}${s.created ? ', new' : ''}, from ${s.file})`);
    }
  } catch (error) {
    say(`likert could not start: ${startFailure(error, config)}`);
    await stop(1);
  }
}

void main();
