import type { SurveyDefinition } from '../src/domain/survey/definition';

/** A complete answer to the reference questionnaire, with "other" texts, as the API takes it. */
export function referenceAnswer(survey: SurveyDefinition) {
  const answers: Record<string, unknown> = {};
  const other: Record<string, string> = {};
  for (const q of survey.questions) {
    if (q.type === 'single') answers[q.id] = q.options[1]!.value;
    if (q.type === 'multi') {
      answers[q.id] = q.options.filter((o, i) => i % 2 === 0 || o.other).map((o) => o.value);
      if (q.options.some((o) => o.other)) other[q.id] = '宠物用品';
    }
    if (q.type === 'matrix') {
      answers[q.id] = Object.fromEntries(q.rows.map((r, i) => [r.value, [q.columns[i % q.columns.length]!.value]]));
    }
  }
  return { answers, other };
}
