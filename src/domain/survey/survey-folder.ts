import fs from 'node:fs';
import path from 'node:path';
import type { SurveyProblemMessage } from '../locale/survey-problem-messages';
import type { SurveyDefinition, SurveySharing } from './definition';
import { parseSurveyFile, type SurveyFileProblem, type SurveyFileResult } from './survey-file';

export interface LoadedSurvey {
  file: string;
  definition: SurveyDefinition;
  sharing: SurveySharing | null;
}

export interface SurveyFolder {
  surveys: LoadedSurvey[];
  problems: SurveyFileProblem[];
}

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Reads every `*.json` in a folder and checks each with `check` (`parseSurveyFile` here; the
 * server and `npm run validate` pass one that checks large files in a worker thread with a
 * time limit). A wrong file is reported and skipped; it never stops the others. File names in
 * problems are relative to the current directory when possible.
 */
export async function loadSurveyFolder(
  folder: string,
  check: (file: string, text: string) => Promise<SurveyFileResult> = async (file, text) => parseSurveyFile(file, text),
): Promise<SurveyFolder> {
  const shown = (file: string) => path.relative(process.cwd(), file) || file;
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    const message: SurveyProblemMessage =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? { key: 'folderMissing' } : { key: 'folderUnreadable', params: { reason: String(error) } };
    return { surveys: [], problems: [{ file: shown(folder), path: '', message }] };
  }

  const surveys: LoadedSurvey[] = [];
  const problems: SurveyFileProblem[] = [];
  const fileOfId = new Map<string, string>();
  for (const name of names) {
    const fullPath = path.join(folder, name);
    const file = shown(fullPath);
    let text: string;
    try {
      const stat = fs.statSync(fullPath);
      if (!stat.isFile()) continue;
      if (stat.size > MAX_FILE_BYTES) {
        problems.push({ file, path: '', message: { key: 'fileTooLarge', params: { max: MAX_FILE_BYTES / 1024 / 1024 } } });
        continue;
      }
      text = fs.readFileSync(fullPath, 'utf8');
    } catch (error) {
      problems.push({ file, path: '', message: { key: 'fileUnreadable', params: { reason: (error as Error).message } } });
      continue;
    }
    const result = await check(file, text);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const earlier = fileOfId.get(result.definition.id);
    if (earlier) {
      problems.push({ file, path: 'id', message: { key: 'surveyIdTaken', params: { id: result.definition.id, file: earlier } } });
      continue;
    }
    fileOfId.set(result.definition.id, file);
    surveys.push({ file, definition: result.definition, sharing: result.sharing });
  }
  return { surveys, problems };
}
