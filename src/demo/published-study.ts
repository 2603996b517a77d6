import type { Question, SurveyDefinition } from '../domain/survey/definition';
import publishedFile from './taobao-2015-published.json';

/**
 * The published figures of the reference study, as in `taobao-2015-published.json` (a copy
 * of `../shared/reference/taobao-2015-published.json`, kept here so that a clone without
 * `../shared` can still seed). Labels are the questionnaire's own; counts are respondents.
 */
export interface PublishedStudy {
  respondents: number;
  questions: PublishedQuestion[];
  crosstabs: PublishedCrosstab[];
  subgroup_facts: PublishedSubgroup[];
}

export type PublishedQuestion = PublishedChoiceQuestion | PublishedMatrixQuestion;

export interface PublishedChoiceQuestion {
  id: string;
  type: 'single' | 'multi';
  title: string;
  options: string[];
  other_option?: string;
  /** Respondents per option label; null for a question whose tallies were not published. */
  counts: Record<string, number> | null;
  /** The "other" texts the study quotes. */
  other_texts_reported?: string[];
}

export interface PublishedMatrixQuestion {
  id: string;
  type: 'matrix';
  title: string;
  multiple: boolean;
  rows: string[];
  columns: string[];
  /** Row label → respondents per column, in the order of `columns`. */
  counts: Record<string, number[]>;
}

/** Respondents per pair: `counts[i][j]` chose `rows[i]` of question `row` and `cols[j]` of `col`. */
export interface PublishedCrosstab {
  row: string;
  col: string;
  rows: string[];
  cols: string[];
  counts: number[][];
  row_totals: number[];
  col_totals: number[];
  total: number;
}

/** Among the respondents matching `filter` (question → accepted labels), `count` chose one of `options`. */
export interface PublishedSubgroup {
  filter: Record<string, string[]>;
  size: number;
  facts: { question: string; options: string[]; count: number; percent: number }[];
}

export const taobao2015Published = publishedFile as unknown as PublishedStudy;

/** An answer body in the API shape: `{answers, other}` with codes, as POSTed to the API. */
export interface AnswerBody {
  answers: Record<string, string | string[] | Record<string, string[]>>;
  other: Record<string, string>;
}

/** Finds a question of the survey and a choice of it by the study's label; throws when the survey differs. */
export class LabelCodes {
  constructor(private readonly survey: SurveyDefinition) {}

  question(id: string): Question {
    const question = this.survey.questions.find((q) => q.id === id);
    if (!question) throw new Error(`survey ${this.survey.id} has no question "${id}", which the study publishes`);
    return question;
  }

  /** The code of an option (or, with `list`, a matrix row or column) from its label. */
  code(questionId: string, label: string, list: 'options' | 'rows' | 'columns' = 'options'): string {
    const question = this.question(questionId);
    const choices = question.type === 'matrix' ? (list === 'columns' ? question.columns : question.rows) : question.options;
    const choice = choices.find((c) => c.label === label);
    if (!choice) {
      throw new Error(`question "${questionId}" of survey ${this.survey.id} has no ${list === 'options' ? 'option' : list.slice(0, -1)} "${label}"`);
    }
    return choice.value;
  }
}

/**
 * Counts every published figure in `bodies` and returns one line per figure that is off
 * (`gender 男: 87, published 88`); empty when all of them hold.
 */
export function figuresOff(survey: SurveyDefinition, bodies: AnswerBody[], study: PublishedStudy): string[] {
  const codes = new LabelCodes(survey);
  const off: string[] = [];
  const expect = (figure: string, actual: number, published: number) => {
    if (actual !== published) off.push(`${figure}: ${actual}, published ${published}`);
  };
  const chose = (body: AnswerBody, questionId: string, labels: string[]) => {
    const answer = body.answers[questionId];
    const wanted = labels.map((l) => codes.code(questionId, l));
    return Array.isArray(answer) ? answer.some((a) => wanted.includes(a)) : typeof answer === 'string' && wanted.includes(answer);
  };

  expect('respondents', bodies.length, study.respondents);
  for (const question of study.questions) {
    if (question.type === 'matrix') {
      question.rows.forEach((row) => {
        const rowCode = codes.code(question.id, row, 'rows');
        question.columns.forEach((column, j) => {
          const columnCode = codes.code(question.id, column, 'columns');
          const count = bodies.filter((b) => {
            const cell = (b.answers[question.id] as Record<string, string[]> | undefined)?.[rowCode];
            return Array.isArray(cell) ? cell.includes(columnCode) : cell === columnCode;
          }).length;
          expect(`${question.id} ${row} × ${column}`, count, question.counts[row]![j]!);
        });
      });
    } else if (question.counts) {
      for (const [label, published] of Object.entries(question.counts)) {
        expect(`${question.id} ${label}`, bodies.filter((b) => chose(b, question.id, [label])).length, published);
      }
    }
  }
  for (const table of study.crosstabs) {
    table.rows.forEach((rowLabel, i) => {
      table.cols.forEach((colLabel, j) => {
        const count = bodies.filter((b) => chose(b, table.row, [rowLabel]) && chose(b, table.col, [colLabel])).length;
        expect(`${table.row} ${rowLabel} × ${table.col} ${colLabel}`, count, table.counts[i]![j]!);
      });
    });
  }
  for (const subgroup of study.subgroup_facts) {
    const members = bodies.filter((b) => Object.entries(subgroup.filter).every(([q, labels]) => chose(b, q, labels)));
    const name = Object.entries(subgroup.filter).map(([q, labels]) => `${q} ${labels.join('/')}`).join(', ');
    expect(`subgroup ${name}: size`, members.length, subgroup.size);
    for (const fact of subgroup.facts) {
      const count = members.filter((b) => chose(b, fact.question, fact.options)).length;
      expect(`subgroup ${name}: ${fact.question} ${fact.options.join('/')}`, count, fact.count);
    }
  }
  return off;
}
