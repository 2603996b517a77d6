/**
 * npm run validate [-- <folder or file>…]
 * Checks survey files without a database; exits 1 when any file is wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { formatProblem, parseSurveyFile } from '../domain/survey/survey-file';
import { loadSurveyFolder } from '../domain/survey/survey-folder';

function main(): number {
  const targets = process.argv.slice(2);
  const paths = targets.length ? targets.map((t) => path.resolve(t)) : [loadConfig().surveysDir];
  let good = 0;
  let bad = 0;
  for (const target of paths) {
    if (fs.existsSync(target) && fs.statSync(target).isFile()) {
      const result = parseSurveyFile(path.relative(process.cwd(), target), fs.readFileSync(target, 'utf8'));
      if (result.ok) {
        good++;
        console.log(`ok   ${path.relative(process.cwd(), target)} (${result.definition.id}, ${result.definition.questions.length} questions)`);
      } else {
        bad++;
        result.problems.forEach((p) => console.error(`error ${formatProblem(p)}`));
      }
      continue;
    }
    const folder = loadSurveyFolder(target);
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

process.exitCode = main();
