/**
 * npm run validate [-- <folder or file>…]
 * Checks survey files without a database; exits 1 when any file is wrong. Each file is
 * checked as the server checks it (a large one in a worker thread, with a time limit), so a
 * file of any shape is named with its problem and the others are checked all the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { formatProblem } from '../domain/survey/survey-file';
import { loadSurveyFolder } from '../domain/survey/survey-folder';
import { surveyChecker } from '../services/survey-check';

async function main(): Promise<number> {
  const targets = process.argv.slice(2);
  const paths = targets.length ? targets.map((t) => path.resolve(t)) : [loadConfig().surveysDir];
  const check = surveyChecker();
  let good = 0;
  let bad = 0;
  for (const target of paths) {
    if (fs.existsSync(target) && fs.statSync(target).isFile()) {
      const shown = path.relative(process.cwd(), target);
      const result = await check(shown, fs.readFileSync(target, 'utf8'));
      if (result.ok) {
        good++;
        console.log(`ok   ${shown} (${result.definition.id}, ${result.definition.questions.length} questions)`);
      } else {
        bad++;
        result.problems.forEach((p) => console.error(`error ${formatProblem(p)}`));
      }
      continue;
    }
    const folder = await loadSurveyFolder(target, check);
    for (const s of folder.surveys) {
      good++;
      console.log(`ok   ${s.file} (${s.definition.id}, ${s.definition.questions.length} questions)`);
    }
    const badFiles = new Set(folder.problems.map((p) => p.file));
    bad += badFiles.size;
    folder.problems.forEach((p) => console.error(`error ${formatProblem(p)}`));
  }
  console.log(`${good} survey file(s) valid, ${bad} refused`);
  return bad > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(`npm run validate stopped: ${error.message}`);
    process.exitCode = 2;
  },
);
