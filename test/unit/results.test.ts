import path from 'node:path';
import { checkSubmission } from '../../src/domain/answers';
import { buildCrosstab } from '../../src/domain/results/crosstab';
import { describeSubgroup, parseSubgroup, subgroupQuery } from '../../src/domain/results/subgroup';
import { surveyResults, sumCounts } from '../../src/domain/results/survey-results';
import { findVariable } from '../../src/domain/results/variables';
import { versionConflicts } from '../../src/domain/results/versions';
import type { SurveyDefinition } from '../../src/domain/survey/definition';
import { fixturesDir, surveyFromFile } from '../support/test-app';

const survey = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));

/** Four respondents of every-type, answers written out so that each count below can be checked by eye. */
const bodies = [
  { answers: { colour: '1', fruit: ['1', '2'], agree: { r1: '3', r2: '1' }, channels: { '1': ['1', '2'] } } },
  { answers: { colour: 'x', pet: '2', fruit: ['1', '5'], agree: { r1: '3', r2: '3' } }, other: { colour: 'teal', fruit: 'kiwi' } },
  { answers: { colour: '1', pet: '1', fruit: ['2', '3', '4'], agree: { r1: '1', r2: '2' }, channels: { '3': ['2'] } }, other: { channels: 'radio' } },
  { answers: { colour: '2', fruit: ['1', '2'], agree: { r1: '3', r2: '3' }, channels: {} } },
];

/** What the database's `$unwind` + `$group` over `choices` gives for these respondents. */
function countsOf(list: unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const body of list) {
    const check = checkSubmission(survey, body);
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    for (const key of check.submission.choices) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const results = surveyResults({ id: 'every-type', version: 1, definition: survey }, countsOf(bodies), []);
const question = (id: string) => results.questions.find((q) => q.id === id)!;
const counts = (id: string) => {
  const q = question(id);
  return q.type === 'matrix' ? q.rows.map((r) => r.columns.map((c) => c.count)) : q.options.map((o) => o.count);
};

describe('results of a survey', () => {
  it('count every respondent once and give the worst-case margin of error', () => {
    expect(results.respondents).toBe(4);
    // 1.959964 × √(0.25 / 4) = 0.48999 → 49.00 %
    expect(results.marginOfError).toBe(49);
  });

  it('count a single-choice question with percents of those who answered it', () => {
    expect(question('colour')).toMatchObject({ answered: 4, other: { count: 1 } });
    expect(counts('colour')).toEqual([2, 1, 1]);
    const colour = question('colour');
    expect(colour.type === 'single' && colour.options.map((o) => o.percent)).toEqual([50, 25, 25]);
    // An optional question: the base is the two who answered it, not the four respondents.
    expect(question('pet')).toMatchObject({ answered: 2, other: null });
    expect(counts('pet')).toEqual([1, 1]);
  });

  it('count a respondent once in answered however many boxes they ticked, so percents may add past 100', () => {
    const fruit = question('fruit');
    expect(fruit.answered).toBe(4);
    expect(counts('fruit')).toEqual([3, 3, 1, 1, 1]);
    expect(fruit.type === 'multi' && fruit.options.map((o) => o.percent)).toEqual([75, 75, 25, 25, 25]);
  });

  it('give every percent its Wilson 95 % interval', () => {
    const colour = question('colour');
    if (colour.type !== 'single') throw new Error('single expected');
    // 2 of 4: centre 0.5, half-width 1.96·√(0.25/4 + 1.96²/64) / (1 + 1.96²/4) = 0.34998
    expect(colour.options[0]!.ci95).toEqual([15, 85]);
    // 1 of 4: (0.25 + 0.48015 ± 0.39795·…) / 1.96037 → 4.56 % to 69.94 %
    expect(colour.options[1]!.ci95).toEqual([4.56, 69.94]);
  });

  it('count a matrix per row, each row with its own base, and the text of its "other" row', () => {
    const agree = question('agree');
    expect(agree).toMatchObject({ answered: 4 });
    expect(counts('agree')).toEqual([[1, 0, 3], [1, 1, 2]]);
    const channels = question('channels');
    if (channels.type !== 'matrix') throw new Error('matrix expected');
    expect(channels.answered).toBe(2);
    expect(channels.rows.map((r) => r.answered)).toEqual([1, 0, 1]);
    expect(counts('channels')).toEqual([[1, 1], [0, 0], [0, 1]]);
    expect(channels.rows[0]!.columns.map((c) => c.percent)).toEqual([100, 100]);
    // A row nobody answered has no percent rather than 0 %.
    expect(channels.rows[1]!.columns[0]).toMatchObject({ count: 0, percent: null, ci95: null });
    expect(channels.other).toEqual({ count: 1 });
  });

  it('add the counts of several versions key by key', () => {
    const sum = sumCounts([new Map([['*', 2], ['colour=1', 1]]), new Map([['*', 3], ['pet=2', 1]])]);
    expect(Object.fromEntries(sum)).toEqual({ '*': 5, 'colour=1': 1, 'pet=2': 1 });
  });
});

describe('a crosstab', () => {
  const colour = findVariable(survey, 'colour')!;
  const fruit = findVariable(survey, 'fruit')!;

  it('counts respondents who chose both, with the totals of those who answered both', () => {
    const table = buildCrosstab(colour, fruit, [
      { row: '1', col: ['1', '2'], respondents: 2 },
      { row: 'x', col: ['1', '5'], respondents: 1 },
      { row: '1', col: ['2', '3', '4'], respondents: 1 },
      { row: '2', col: null, respondents: 3 }, // did not answer fruit: not in the table
      { col: ['1'], respondents: 5 }, // did not answer colour
    ]);
    expect(table.counts).toEqual([
      [2, 3, 1, 1, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 1],
    ]);
    expect(table.total).toBe(4);
    expect(table.rowTotals).toEqual([3, 0, 1]);
    expect(table.colTotals).toEqual([3, 3, 1, 1, 1]);
    // Fruit takes several answers: its cells are not independent, so no chi-square.
    expect(table).toMatchObject({ chiSquare: null, residuals: null, untested: 'multiple' });
  });

  it('tests two one-answer variables: Agresti 2007 table 2.5 (party identification by gender)', () => {
    const gender = { ...colour, id: 'gender', choices: colour.choices.slice(0, 2) };
    const party = { ...colour, id: 'party' };
    const groups = [
      [762, 327, 468],
      [484, 239, 477],
    ].flatMap((row, i) => row.map((respondents, j) => ({ row: gender.choices[i]!.value, col: party.choices[j]!.value, respondents })));
    const table = buildCrosstab(gender, party, groups);
    expect(table.total).toBe(2757);
    expect(table.chiSquare!.statistic).toBeCloseTo(30.07, 2);
    expect(table.chiSquare!.df).toBe(2);
    expect(table.residuals!.map((row) => row.map((r) => Number(r!.toFixed(2))))).toEqual([
      [4.5, 0.7, -5.32],
      [-4.5, -0.7, 5.32],
    ]);
  });

  it('has no test when one variable has a single category answered', () => {
    const pet = findVariable(survey, 'pet')!;
    const table = buildCrosstab(colour, pet, [
      { row: '1', col: '1', respondents: 3 },
      { row: '2', col: '1', respondents: 2 },
    ]);
    expect(table).toMatchObject({ chiSquare: null, untested: 'tooFewCategories', total: 5 });
  });
});

describe('a subgroup filter', () => {
  it('reads conditions on questions and on matrix rows', () => {
    const { subgroup, problems } = parseSubgroup(survey, ['colour:1,x', 'agree.r2:3']);
    expect(problems).toEqual([]);
    expect(subgroup.map((c) => [c.variable.id, c.values])).toEqual([
      ['colour', ['1', 'x']],
      ['agree.r2', ['3']],
    ]);
  });

  it('says what is wrong with each condition it cannot use', () => {
    expect(parseSubgroup(survey, ['colour=1', 'size:1', 'agree:1', 'colour:9', 'agree.r9:1']).problems).toEqual([
      { kind: 'syntax', text: 'colour=1' },
      { kind: 'unknownVariable', id: 'size' },
      { kind: 'wholeMatrix', id: 'agree', example: 'agree.r1' },
      { kind: 'unknownValue', id: 'colour', value: '9' },
      { kind: 'unknownVariable', id: 'agree.r9' },
    ]);
  });

  it('is described in one sentence, numbered as in the form, and back in its where= form for links', () => {
    const { subgroup } = parseSubgroup(survey, ['colour:1,x', 'agree.r2:3']);
    expect(describeSubgroup(survey, subgroup)).toBe(
      'Respondents where 1. Favourite colour is any of Red, Other colour and 4. Agreement — Statement two is Agree',
    );
    expect(describeSubgroup(survey, [])).toBe('All respondents');
    expect(subgroupQuery(subgroup)).toEqual(['colour:1,x', 'agree.r2:3']);
    const zh: SurveyDefinition = { ...survey, locale: 'zh-CN' };
    expect(describeSubgroup(zh, subgroup)).toBe('筛选条件：1. Favourite colour 为以下任一项 Red、Other colour 并且 4. Agreement — Statement two 为 Agree');
  });
});

describe('versions of a survey', () => {
  const edited = (change: (s: SurveyDefinition) => void): SurveyDefinition => {
    const copy = structuredClone(survey);
    change(copy);
    return copy;
  };

  it('count together when every shared code keeps its label', () => {
    const added = edited((s) => {
      s.questions.push({ id: 'extra', type: 'single', title: 'New', required: true, options: [{ value: '1', label: 'A', other: false }] });
      const colour = s.questions[0]!;
      if (colour.type === 'single') colour.options.splice(2, 0, { value: '3', label: 'Blue', other: false });
    });
    expect(versionConflicts(survey, added)).toEqual([]);
  });

  it('conflict where a code means another label, or a question changed type', () => {
    const shifted = edited((s) => {
      const agree = s.questions[3]!;
      if (agree.type === 'matrix') agree.columns[2]!.label = 'Strongly agree';
      const pet = s.questions[1]!;
      s.questions[1] = { ...pet, type: 'multi', options: pet.type === 'single' ? pet.options : [] };
    });
    expect(versionConflicts(survey, shifted)).toEqual([
      { question: 'pet', value: null, labelThere: 'Pet', labelHere: 'Pet' },
      { question: 'agree', value: '3', labelThere: 'Agree', labelHere: 'Strongly agree' },
    ]);
  });
});
