/**
 * npm run seed:demo [-- --remove]
 * Loads the reference study's 269 responses into taobao-2015 (every published figure exact),
 * or removes them. Works against MONGODB_URI or the embedded database, with or without the
 * server running. Safe to run twice: the responses have fixed ids.
 */
import fs from 'node:fs';
import path from 'node:path';
import { serverBaseUrl, type Config } from '../config';
import { DEMO_SURVEY_ID, taobaoDemoResponses } from '../demo/taobao-2015';
import { checkSubmission } from '../domain/answers';
import { formatProblem, parseSurveyFile } from '../domain/survey/survey-file';
import type { Database } from '../storage/database';
import { ResponseAnalysis } from '../storage/response-analysis';
import { ResponseStore, type Channel } from '../storage/response-store';
import { ResultCounts } from '../storage/result-counts';
import { SurveyStore, type SurveyState } from '../storage/survey-store';
import { runCommand, withDatabase } from './command';

const USAGE = 'usage: npm run seed:demo [-- --remove]';
const DEMO_CHANNEL: Channel = 'demo';

/** The kept result counts, which the results page reads, as this command changes them. */
function resultCountsOf(database: Database): ResultCounts {
  return new ResultCounts(database.models, new ResponseAnalysis(database.analysis), { flushIntervalMs: 250 });
}

/** The survey as the database has it, registering surveys/taobao-2015.json when it is not there yet. */
async function demoSurvey(surveys: SurveyStore, surveysDir: string): Promise<SurveyState> {
  const known = await surveys.find(DEMO_SURVEY_ID);
  if (known) return known;
  const file = path.join(surveysDir, `${DEMO_SURVEY_ID}.json`);
  const shown = path.relative(process.cwd(), file) || file;
  if (!fs.existsSync(file)) throw new Error(`The survey ${DEMO_SURVEY_ID} is neither in the database nor in ${shown}`);
  const parsed = parseSurveyFile(shown, fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`Survey file refused: ${parsed.problems.map(formatProblem).join('\n')}`);
  await surveys.registerDefinition(parsed.definition, shown);
  console.log(`Registered the survey ${DEMO_SURVEY_ID} from ${shown}`);
  const registered = await surveys.find(DEMO_SURVEY_ID);
  if (!registered) throw new Error(`The survey ${DEMO_SURVEY_ID} could not be read back after registering it`);
  return registered;
}

/** Whether a likert server answers its health check at `base` (within a second). */
async function serverAnswersAt(base: string): Promise<boolean> {
  try {
    const answer = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000), redirect: 'manual' });
    const body = (await answer.json()) as { status?: unknown };
    return body.status === 'ok' || body.status === 'unavailable';
  } catch {
    return false;
  }
}

/**
 * Where the results page is, in lines to print. This command is not the server: it takes the
 * server's address from the PORT and BASE_URL that the server itself reads, says which it
 * assumed, and asks that address whether a server answers there.
 */
async function resultsAddress(config: Pick<Config, 'port' | 'portFromEnv' | 'baseUrl'>, page: string): Promise<string[]> {
  if (!config.baseUrl && config.port === 0) {
    return [`Results: ${page} at the address the server printed when it started (PORT=0 gives it a free port)`];
  }
  const base = serverBaseUrl(config, config.port);
  const source = config.baseUrl
    ? 'from BASE_URL'
    : config.portFromEnv
      ? `from PORT (${config.port})`
      : `from PORT, unset, so the default ${config.port}`;
  const answered = (await serverAnswersAt(base))
    ? 'a likert server answers there now'
    : 'no likert server answers there now: start one with npm start, or run this command with the PORT or BASE_URL the server was given';
  return [`Results: ${base}${page}`, `  (the server's address ${source}, as the server reads it; ${answered})`];
}

async function seed(database: Database, config: Config): Promise<void> {
  const survey = await demoSurvey(new SurveyStore(database.models), config.surveysDir);
  // Stored responses are counted as the server counts them; stopping folds the counts in.
  const counts = resultCountsOf(database);
  await counts.start();
  const responses = new ResponseStore(database.models, counts);
  // Every body is checked as the API would check it, against the survey's current definition.
  const checked = taobaoDemoResponses(survey.definition).map((demo) => {
    const check = checkSubmission(survey.definition, demo.body);
    if (!check.ok) throw new Error(`Demo response ${demo.id} is refused by the survey: ${check.errors.map((e) => `${e.question}: ${e.message}`).join('; ')}`);
    return { demo, submission: check.submission };
  });

  let stored = 0;
  try {
    for (const { demo, submission } of checked) {
      const { duplicate } = await responses.insert({
        id: demo.id,
        surveyId: survey.id,
        versionId: survey.versionId,
        version: survey.version,
        submission,
        submittedAt: demo.submittedAt,
        channel: DEMO_CHANNEL,
        client: { device: 'unknown' },
      });
      if (!duplicate) stored++;
    }
  } finally {
    await counts.stop();
  }

  const present = checked.length - stored;
  if (stored === 0) console.log(`${present} demo responses already present in ${survey.id}; nothing stored.`);
  else console.log(`Stored ${stored} demo responses in ${survey.id} (version ${survey.version})${present ? `; ${present} were already present` : ''}.`);
  for (const line of await resultsAddress(config, `/surveys/${survey.id}/results`)) console.log(line);
  console.log('Remove them with: npm run seed:demo -- --remove');
}

async function remove(database: Database): Promise<void> {
  const removed = await new ResponseStore(database.models).deleteChannel(DEMO_SURVEY_ID, DEMO_CHANNEL);
  // Removed responses leave the kept counts too: recount what no running server holds.
  if (removed > 0) await resultCountsOf(database).recountAll([DEMO_SURVEY_ID]);
  console.log(removed ? `Removed ${removed} demo responses from ${DEMO_SURVEY_ID}.` : `No demo responses in ${DEMO_SURVEY_ID}; nothing removed.`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const removing = args.length === 1 && args[0] === '--remove';
  if (args.length > 0 && !removing) {
    console.error(USAGE);
    return 2;
  }
  return withDatabase(async ({ database, description }, config) => {
    console.error(`Using ${description}`);
    if (removing) await remove(database);
    else await seed(database, config);
    return 0;
  });
}

runCommand(main);
