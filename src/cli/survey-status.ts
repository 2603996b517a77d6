/**
 * npm run survey -- list | open <surveyId> | close <surveyId>
 * Works against MONGODB_URI or the embedded database, with or without the server running.
 */
import { SurveyStore } from '../storage/survey-store';
import { runCommand, withDatabase } from './command';

const USAGE = 'usage: npm run survey -- list | open <surveyId> | close <surveyId>';

async function main(): Promise<number> {
  const [command, surveyId] = process.argv.slice(2);
  if (!(command === 'list' || ((command === 'open' || command === 'close') && surveyId))) {
    console.error(USAGE);
    return 2;
  }
  return withDatabase(async ({ database }) => {
    const surveys = new SurveyStore(database.models);
    if (command === 'list') {
      for (const s of await surveys.list()) console.log(`${s.id}\t${s.status}\tversion ${s.version}\t${s.title}`);
      return 0;
    }
    const status = command === 'open' ? 'open' : 'closed';
    if (!(await surveys.setStatus(surveyId!, status))) {
      console.error(`No survey "${surveyId}" in the database (start the server once to load the survey files).`);
      return 1;
    }
    console.log(`${surveyId} is now ${status}`);
    return 0;
  });
}

runCommand(main);
