import path from 'node:path';
import { resultsMessagesFor } from '../../src/domain/locale/results-messages';
import { talliesOf } from '../../src/domain/question-types';
import { parseSubgroup } from '../../src/domain/results/subgroup';
import { surveyResults } from '../../src/domain/results/survey-results';
import { surveyVariables } from '../../src/domain/results/variables';
import { formatUtcMinute } from '../../src/web/view-models/dates';
import { formatInterval, formatP, formatPercent, formatResidual, shareOf } from '../../src/web/view-models/results/format';
import { freshnessKey, labelsOf, pageETag } from '../../src/web/view-models/results/layout';
import { chartSpec } from '../../src/web/view-models/results/results-page';
import { conditionBuilder } from '../../src/web/view-models/results/subgroup-forms';
import { surveyListView } from '../../src/web/view-models/survey-list';
import { fixturesDir, surveyFromFile } from '../support/test-app';

const survey = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const shown = { definition: survey, variables: surveyVariables(survey) };
const en = resultsMessagesFor('en');

describe('the view models’ formatting', () => {
  it('writes percents, intervals, p values and residuals as the pages print them', () => {
    expect(formatPercent(33.333)).toBe('33.33%');
    expect(formatPercent(null)).toBe('—');
    expect(formatInterval([25.531, 36.6])).toBe('25.53–36.60%');
    expect(formatP(0.0342)).toBe('p = 0.034');
    expect(formatP(0.0004)).toBe('p < 0.001');
    expect(formatResidual(-1.2)).toBe('−1.20');
    expect(formatResidual(-0.001)).toBe('+0.00');
    expect(shareOf(1, 3)).toBe('33.33%');
    expect(shareOf(0, 0)).toBe('—');
    expect(formatUtcMinute(new Date('2015-11-20T14:03:59Z'))).toBe('2015-11-20 14:03 UTC');
  });

  it('keys a live page by its counts and, when stale, by when it was computed', () => {
    const fresh = { signature: 'abc', computedAt: '2026-12-02T10:00:00.000Z', stale: false };
    expect(freshnessKey(fresh)).toBe('abc|');
    expect(freshnessKey({ ...fresh, stale: true }, fresh)).toBe('abc|2026-12-02T10:00:00.000Z;abc|');
    expect(pageETag(fresh)).toBe('W/"abc|"');
  });

  it('names variables numbered as in the form', () => {
    const labels = labelsOf(shown);
    expect(labels.variable('fruit')).toBe('3. Fruit you eat');
    expect(labels.variable('agree.r2')).toBe('4. Agreement — Statement two');
    expect(labels.variable('nothing')).toBe('nothing');
  });

  it('ticks the boxes of the subgroup read from where=', () => {
    const { subgroup } = parseSubgroup(survey, ['colour:1,x']);
    const builder = conditionBuilder('pick', shown.variables, labelsOf(shown), subgroup);
    const colour = builder.variables.find((v) => v.id === 'colour')!;
    expect(colour.choices.map((c) => [c.value, c.checked])).toEqual([['colour:1', true], ['colour:2', false], ['colour:x', true]]);
    expect(colour.active).toBe(true);
    expect(builder.variables.find((v) => v.id === 'pet')!.active).toBe(false);
  });
});

describe('a question’s chart', () => {
  // 4 respondents: colour 1, 1, 2, x; agree r1 = 1, 3, 3 (one left it out).
  const counts = new Map([
    ['*', 4], ['colour', 4], ['colour=1', 2], ['colour=2', 1], ['colour=x', 1],
    ['agree', 3], ['agree.r1', 3], ['agree.r1=1', 1], ['agree.r1=3', 2],
  ]);
  const results = surveyResults({ id: 'every-type', version: 1, definition: survey }, counts, []);

  it('is one series of bars for a question of one table, its tooltips written as the table writes them', () => {
    const spec = chartSpec(en, talliesOf(results.questions[0]!));
    expect(spec.grouped).toBe(false);
    expect(spec.labels).toEqual(['Red', 'Green', 'Other colour']);
    expect(spec.datasets).toHaveLength(1);
    expect(spec.datasets[0]!.percents).toEqual([50, 25, 25]);
    expect(spec.datasets[0]!.tips[0]![0]).toBe(`50.00% (${en.count} 2)`);
    expect(spec.datasets[0]!.tips[0]![1]).toMatch(new RegExp(`^${en.interval}: \\d+\\.\\d\\d–\\d+\\.\\d\\d%$`));
  });

  it('is a group per row and a series per column for a matrix', () => {
    const spec = chartSpec(en, talliesOf(results.questions[3]!));
    expect(spec.grouped).toBe(true);
    expect(spec.labels).toEqual(['Statement one', 'Statement two']);
    expect(spec.datasets.map((d) => d.label)).toEqual(['Disagree', 'Neutral', 'Agree']);
    // Statement one: 1 of 3 disagree, 2 of 3 agree; nobody answered statement two.
    expect(spec.datasets.map((d) => d.percents[0])).toEqual([33.33, 0, 66.67]);
    expect(spec.datasets.map((d) => d.percents[1])).toEqual([null, null, null]);
    expect(spec.datasets[2]!.tips[0]![0]).toBe(`Agree: 66.67% (${en.count} 2)`);
  });
});

describe('the survey list', () => {
  const listed = [
    { survey: { id: 'a b', title: 'A', status: 'open' as const, version: 2, questions: 3, sharing: null }, access: 'owner' as const, respondents: 5, lastResponseAt: new Date('2026-01-02T03:04:05Z'), deleting: false },
    { survey: { id: 'old', title: 'Old', status: 'closed' as const, version: 1, questions: 1, sharing: null }, access: 'viewer' as const, respondents: 7, deleting: false },
    { survey: { id: 'new', title: 'New', status: 'open' as const, version: 1, questions: 1, sharing: null }, access: 'viewer' as const, respondents: 0, deleting: true },
  ];

  it('gives each row its links, its last response (or the link that looks it up) and the owner’s manage link', () => {
    const view = surveyListView('en', listed, true);
    expect(view.surveys[0]).toMatchObject({ resultsUrl: '/surveys/a%20b/results', lastResponse: '2026-01-02 03:04 UTC', lookUpUrl: '', manageUrl: '/surveys/a%20b/manage' });
    expect(view.surveys[1]).toMatchObject({ lastResponse: '', lookUpUrl: '/surveys/old/last-response', manageUrl: '', status: view.researcherWords.statusClosed });
    expect(view.surveys[2]).toMatchObject({ lastResponse: view.manageWords.listNoResponse, lookUpUrl: '', deleting: true });
  });
});
