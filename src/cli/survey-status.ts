/**
 * npm run survey -- list | open <surveyId> | close <surveyId>
 * Works against MONGODB_URI or the embedded database, with or without the server running.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../storage/open-database';
import { SurveyStore } from '../storage/survey-store';

const USAGE = 'usage: npm run survey -- list | open <surveyId> | close <surveyId>';

async function main(): Promise<number> {
  const [command, surveyId] = process.argv.slice(2);
  if (!(command === 'list' || ((command === 'open' || command === 'close') && surveyId))) {
    console.error(USAGE);
    return 2;
  }
  const opened = await openDatabase(loadConfig(), (m) => console.error(m));
  try {
    const surveys = new SurveyStore(opened.database.models);
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
  } finally {
    await opened.close();
  }
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
