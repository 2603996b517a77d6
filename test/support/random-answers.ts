import type { Question, SurveyDefinition } from '../../src/domain/survey/definition';

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface AnswerBody {
  answers: Record<string, unknown>;
  other: Record<string, string>;
}

/**
 * A valid answer body of the API shape, chosen at random: optional questions sometimes left
 * out, multi-choice within its bounds, several columns per row where a matrix allows, and a
 * text for every chosen "other".
 */
export function randomAnswer(survey: SurveyDefinition, next: () => number): AnswerBody {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const count = min + Math.floor(next() * (max - min + 1));
    return [...list].sort(() => next() - 0.5).slice(0, count);
  };
  const body: AnswerBody = { answers: {}, other: {} };
  for (const question of survey.questions) {
    if (!question.required && next() < 0.3) continue;
    if (question.type === 'single') {
      const option = pick(question.options);
      body.answers[question.id] = option.value;
      if (option.other) body.other[question.id] = `text ${Math.floor(next() * 1000)}`;
    } else if (question.type === 'multi') {
      const min = Math.max(1, question.minSelected ?? 1);
      const max = Math.min(question.options.length, question.maxSelected ?? question.options.length);
      const chosen = some(question.options, min, max);
      body.answers[question.id] = chosen.map((o) => o.value);
      if (chosen.some((o) => o.other)) body.other[question.id] = `text ${Math.floor(next() * 1000)}`;
    } else {
      const answer: Record<string, string | string[]> = {};
      for (const row of question.rows) {
        if (!question.required && next() < 0.3) continue;
        answer[row.value] = question.multiple ? some(question.columns, 1, question.columns.length).map((c) => c.value) : pick(question.columns).value;
        if (row.other) body.other[question.id] = `text ${Math.floor(next() * 1000)}`;
      }
      if (Object.keys(answer).length) body.answers[question.id] = answer;
    }
  }
  return body;
}

/** The codes a body gives one variable (`q` or `q.row`), read straight from the answers. */
export function codesIn(body: AnswerBody, question: Question, row?: string): string[] {
  const answer = body.answers[question.id];
  if (answer === undefined) return [];
  const cell = row === undefined ? answer : (answer as Record<string, unknown>)[row];
  if (cell === undefined) return [];
  return Array.isArray(cell) ? (cell as string[]) : [cell as string];
}
