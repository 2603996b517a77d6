import fs from 'node:fs';
import path from 'node:path';
import type { SurveyDefinition, SurveySharing } from './definition';
import { parseSurveyFile, type SurveyFileProblem } from './survey-file';

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
 * Reads every `*.json` in a folder. A wrong file is reported and skipped; it never stops the
 * others. File names in problems are relative to the current directory when possible.
 */
export function loadSurveyFolder(folder: string): SurveyFolder {
  const shown = (file: string) => path.relative(process.cwd(), file) || file;
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the folder does not exist' : String(error);
    return { surveys: [], problems: [{ file: shown(folder), path: '', message: `cannot read surveys: ${reason}` }] };
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
        problems.push({ file, path: '', message: `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` });
        continue;
      }
      text = fs.readFileSync(fullPath, 'utf8');
    } catch (error) {
      problems.push({ file, path: '', message: `cannot read the file: ${(error as Error).message}` });
      continue;
    }
    const result = parseSurveyFile(file, text);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const earlier = fileOfId.get(result.definition.id);
    if (earlier) {
      problems.push({ file, path: 'id', message: `survey id "${result.definition.id}" is already used by ${earlier}` });
      continue;
    }
    fileOfId.set(result.definition.id, file);
    surveys.push({ file, definition: result.definition, sharing: result.sharing });
  }
  return { surveys, problems };
}
