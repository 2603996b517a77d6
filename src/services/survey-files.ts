import { formatProblem } from '../domain/survey/survey-file';
import { loadSurveyFolder } from '../domain/survey/survey-folder';
import type { SurveyStore } from '../storage/survey-store';
import { surveyChecker, type SurveyCheck } from './survey-check';

export interface SurveySyncReport {
  loaded: { id: string; file: string; version: number; created: boolean }[];
  problems: string[];
}

/**
 * Loads the survey folder into the database: a changed file becomes a new version, an
 * unchanged one keeps its version, and a wrong file is reported and skipped (the survey it
 * used to define keeps its last good version).
 */
export async function syncSurveyFolder(folder: string, surveys: SurveyStore, check: SurveyCheck = surveyChecker()): Promise<SurveySyncReport> {
  const { surveys: files, problems } = await loadSurveyFolder(folder, check);
  const loaded: SurveySyncReport['loaded'] = [];
  for (const { file, definition, sharing } of files) {
    const { version, created } = await surveys.registerDefinition(definition, file, sharing);
    loaded.push({ id: definition.id, file, version, created });
  }
  return { loaded, problems: problems.map(formatProblem) };
}
