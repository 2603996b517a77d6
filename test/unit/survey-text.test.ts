import fs from 'node:fs';
import path from 'node:path';
import { parseSurveyFile } from '../../src/domain/survey/survey-file';
import { surveyFileText } from '../../src/domain/survey/survey-text';
import { fixturesDir, surveysDir } from '../support/test-app';

const files = [path.join(surveysDir, 'taobao-2015.json'), path.join(surveysDir, 'course-feedback.json'), path.join(fixturesDir, 'surveys', 'every-type.json')];

describe('a survey from a file, written out as JSON to edit in the browser', () => {
  it.each(files)('reads back as the same definition: %s', (file) => {
    const original = parseSurveyFile(file, fs.readFileSync(file, 'utf8'));
    if (!original.ok) throw new Error('fixture invalid');
    const again = parseSurveyFile('edited.json', surveyFileText(original.definition));
    expect(again.ok && again.definition).toEqual(original.definition);
  });

  it('writes choices coded by position as plain labels and leaves defaults out', () => {
    const file = files[2]!;
    const original = parseSurveyFile(file, fs.readFileSync(file, 'utf8'));
    if (!original.ok) throw new Error('fixture invalid');
    const written = JSON.parse(surveyFileText(original.definition)) as { questions: Record<string, unknown>[] };
    expect(written.questions[0]).toEqual({
      id: 'colour',
      type: 'single',
      title: 'Favourite colour',
      options: ['Red', 'Green', { value: 'x', label: 'Other colour', other: true }],
    });
    expect(written.questions[1]).toEqual({ id: 'pet', type: 'single', title: 'Pet', required: false, options: ['Cat', 'Dog'] });
    expect(written.questions[3]).toMatchObject({ rows: [{ value: 'r1', label: 'Statement one' }, { value: 'r2', label: 'Statement two' }], columns: ['Disagree', 'Neutral', 'Agree'] });
    expect(written.questions[3]).not.toHaveProperty('multiple');
  });
});
