import { createHash } from 'node:crypto';
import { questionType, talliesOf } from '../question-types';
import { marginOfError } from '../statistics';
import type { SurveyDefinition } from '../survey/definition';
import { choiceKey, RESPONDENT_KEY } from './counting-keys';
import { countOf, type ChoiceCounts, type QuestionTally } from './tally';
import type { VersionConflict } from './versions';

/** One version of the survey in the results: whether its responses are counted, and why not. */
export interface VersionCount {
  version: number;
  respondents: number;
  counted: boolean;
  /** Codes whose label differs from the version shown; a version with any is not counted. */
  conflicts: VersionConflict[];
}

export interface SurveyResults {
  survey: { id: string; title: string; locale: string; version: number };
  versions: VersionCount[];
  /** Respondents counted (of the subgroup, when filtered). */
  respondents: number;
  /** Worst-case (p = 0.5) 95 % margin of error in percent, two decimals; null with no respondent. */
  marginOfError: number | null;
  questions: QuestionTally[];
}

/** Adds counts together (several versions, several kept-count documents). */
export function sumCounts(parts: Iterable<ChoiceCounts>): Map<string, number> {
  const sum = new Map<string, number>();
  for (const part of parts) for (const [key, n] of part) sum.set(key, (sum.get(key) ?? 0) + n);
  return sum;
}

/**
 * The results of a survey as the study's tables show them, for the version `shown`, from
 * the counts of the responses counted (all counted versions added, or one subgroup).
 */
export function surveyResults(
  shown: { id: string; version: number; definition: SurveyDefinition },
  counts: ChoiceCounts,
  versions: VersionCount[],
): SurveyResults {
  const { definition } = shown;
  const respondents = countOf(counts, RESPONDENT_KEY);
  const margin = marginOfError(respondents);
  return {
    survey: { id: shown.id, title: definition.title, locale: definition.locale, version: shown.version },
    versions,
    respondents,
    marginOfError: margin === null ? null : Math.round(margin * 10000) / 100,
    questions: definition.questions.map((question) => questionType(question).tally(question, counts)),
  };
}

/** The counts behind a results table, back in counting keys (what `groupDifferences` reads). */
export function countsOfResults(results: SurveyResults): Map<string, number> {
  const counts = new Map<string, number>();
  for (const question of results.questions) {
    for (const table of talliesOf(question)) {
      for (const choice of table.choices) counts.set(choiceKey(table.variableId, choice.value), choice.count);
    }
  }
  return counts;
}

/** A short digest of every kept count of a survey: equal digests, equal counts. */
export function countsSignature(kept: Map<string, Map<string, number>>): string {
  const hash = createHash('sha1');
  for (const versionId of [...kept.keys()].sort()) {
    hash.update(versionId);
    for (const [key, n] of [...kept.get(versionId)!].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`|${key}=${n}`);
  }
  return hash.digest('base64url').slice(0, 16);
}
