import { wilsonInterval } from '../statistics';
import type { Choice } from '../survey/definition';
import { choiceKey } from './counting-keys';

/** Respondents per counting key (see `counting-keys.ts`); a missing key counts 0. */
export type ChoiceCounts = ReadonlyMap<string, number>;

/** One option (or matrix column) of a results table. */
export interface ChoiceTally {
  value: string;
  label: string;
  /** Respondents who chose it (小计). */
  count: number;
  /** Percent of those who answered the question or row, two decimals; null when none did. */
  percent: number | null;
  /** Wilson's 95 % score interval of `percent`, in percent, two decimals. */
  ci95: [number, number] | null;
}

export interface OptionsTally {
  id: string;
  type: 'single' | 'multi';
  title: string;
  /** Respondents who answered the question (本题有效填写人次), once however many boxes they ticked. */
  answered: number;
  options: ChoiceTally[];
  /** Respondents who chose the option that takes text; null when the question has none. */
  other: { count: number } | null;
}

export interface MatrixRowTally {
  value: string;
  label: string;
  answered: number;
  columns: ChoiceTally[];
}

export interface MatrixTally {
  id: string;
  type: 'matrix';
  title: string;
  multiple: boolean;
  answered: number;
  rows: MatrixRowTally[];
  other: { count: number } | null;
}

export type QuestionTally = OptionsTally | MatrixTally;

export function countOf(counts: ChoiceCounts, key: string): number {
  return counts.get(key) ?? 0;
}

const twoDecimals = (x: number) => Math.round(x * 100) / 100;

/** A share as a percent with two decimals and its Wilson interval; nulls when `base` is 0. */
export function percentWithInterval(count: number, base: number): Pick<ChoiceTally, 'percent' | 'ci95'> {
  const interval = wilsonInterval(count, base);
  if (base === 0 || !interval) return { percent: null, ci95: null };
  return {
    percent: twoDecimals((count / base) * 100),
    ci95: [twoDecimals(interval[0] * 100), twoDecimals(interval[1] * 100)],
  };
}

/**
 * The choices of one variable (a question or a matrix row) with their counts, percents of
 * `answered` and intervals. For a variable with several answers the percents may add past 100.
 */
export function tallyChoices(variableId: string, choices: Choice[], answered: number, counts: ChoiceCounts): ChoiceTally[] {
  return choices.map((choice) => {
    const count = countOf(counts, choiceKey(variableId, choice.value));
    return { value: choice.value, label: choice.label, count, ...percentWithInterval(count, answered) };
  });
}
