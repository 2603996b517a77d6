/**
 * npm run results:recount [-- <surveyId>…]
 * Rebuilds the kept result counts from the stored responses (all surveys, or those named).
 * Safe while servers take responses: their own counts are left to them. Works against
 * MONGODB_URI or the embedded database, with or without the server running.
 */
import { ResponseAnalysis } from '../storage/response-analysis';
import { ResultCounts } from '../storage/result-counts';
import { runCommand, withDatabase } from './command';

const SURVEY_ID = /^[a-z][a-z0-9_-]{0,63}$/;

async function main(): Promise<number> {
  const surveyIds = process.argv.slice(2);
  const wrong = surveyIds.filter((id) => !SURVEY_ID.test(id));
  if (wrong.length) {
    console.error(`Not a survey id: ${wrong.join(', ')}\nusage: npm run results:recount [-- <surveyId>…]`);
    return 2;
  }
  return withDatabase(async ({ database }) => {
    const counts = new ResultCounts(database.models, new ResponseAnalysis(database.analysis), { flushIntervalMs: 1000 });
    const started = Date.now();
    console.error('Recounting the stored responses (this reads every response)…');
    const respondents = await counts.recountAll(surveyIds.length ? surveyIds : undefined, (m) => console.error(`  ${m}`));
    for (const id of surveyIds) if (!respondents.has(id)) console.log(`${id}\tno such survey`);
    for (const [id, n] of [...respondents].sort()) console.log(`${id}\t${n} respondents`);
    console.error(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return surveyIds.some((id) => !respondents.has(id)) ? 1 : 0;
  });
}

runCommand(main);
