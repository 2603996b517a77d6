import path from 'node:path';
import { exportColumns } from '../../src/domain/export/columns';
import { guardFormula, idCell, responseCell, textCell } from '../../src/domain/export/csv-cells';
import { spssString } from '../../src/domain/export/spss-syntax';
import { uniqueNames } from '../../src/domain/export/variable-names';
import type { ExportedResponse, ExportWords } from '../../src/domain/question-types/export-columns';
import { parseSurveyFile } from '../../src/domain/survey/survey-file';
import { fixturesDir, surveyFromFile } from '../support/test-app';

const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));

const words: ExportWords = {
  chosen: 'chosen',
  notChosen: 'not chosen',
  otherText: '{label} (text)',
  responseId: 'Response',
  responseIdNote: 'ids as they are',
  textNote: 'texts guarded',
  submittedAt: 'Submitted (UTC)',
  version: 'Survey version',
};

const flagLabels = [
  { code: '0', label: 'not chosen' },
  { code: '1', label: 'chosen' },
];

function response(answers: Record<string, unknown>, other: Record<string, string> = {}): ExportedResponse {
  return { id: 'r-1', submittedAt: new Date('2015-11-18T08:30:00.000Z'), version: 2, answers, other };
}

/** The row a response becomes, as column name → cell. */
function row(answers: Record<string, unknown>, other: Record<string, string> = {}, labels = false) {
  const r = response(answers, other);
  return Object.fromEntries(exportColumns(everyType, words).map((c) => [c.name, c.read(r, labels)]));
}

describe('the columns of the raw responses export, per question type', () => {
  const columns = exportColumns(everyType, words);
  const byName = (name: string) => columns.find((c) => c.name === name)!;

  it('lays out every type as the issue says: single, multi as 0/1 per option, matrix per row or per cell, each "other" text after', () => {
    expect(columns.map((c) => c.name)).toEqual([
      'response_id', 'submitted_at', 'version',
      'colour', 'colour_other',
      'pet',
      'fruit_1', 'fruit_2', 'fruit_3', 'fruit_4', 'fruit_5', 'fruit_other',
      'agree_r1', 'agree_r2',
      'channels_1_1', 'channels_1_2', 'channels_2_1', 'channels_2_2', 'channels_3_1', 'channels_3_2', 'channels_3_other',
    ]);
  });

  it('labels each variable with its question, its row, its option', () => {
    expect(columns.map((c) => c.label)).toEqual([
      'Response', 'Submitted (UTC)', 'Survey version',
      'Favourite colour', 'Favourite colour: Other colour (text)',
      'Pet',
      'Fruit you eat: Apple', 'Fruit you eat: Banana', 'Fruit you eat: Cherry', 'Fruit you eat: Date', 'Fruit you eat: Other fruit',
      'Fruit you eat: Other fruit (text)',
      'Agreement: Statement one', 'Agreement: Statement two',
      'Where do you hear about us: Friends: Online', 'Where do you hear about us: Friends: Offline',
      'Where do you hear about us: Ads: Online', 'Where do you hear about us: Ads: Offline',
      'Where do you hear about us: Elsewhere: Online', 'Where do you hear about us: Elsewhere: Offline',
      'Where do you hear about us: Elsewhere (text)',
    ]);
  });

  it('gives every code its label, 0/1 columns "not chosen"/"chosen", and free text none', () => {
    expect(byName('colour').valueLabels).toEqual([
      { code: '1', label: 'Red' },
      { code: '2', label: 'Green' },
      { code: 'x', label: 'Other colour' },
    ]);
    expect(byName('pet').valueLabels).toEqual([
      { code: '1', label: 'Cat' },
      { code: '2', label: 'Dog' },
    ]);
    expect(byName('agree_r2').valueLabels).toEqual([
      { code: '1', label: 'Disagree' },
      { code: '2', label: 'Neutral' },
      { code: '3', label: 'Agree' },
    ]);
    for (const name of ['fruit_1', 'fruit_5', 'channels_2_2']) expect(byName(name).valueLabels).toEqual(flagLabels);
    for (const name of ['colour_other', 'fruit_other', 'channels_3_other', 'response_id']) expect(byName(name).valueLabels).toEqual([]);
  });

  it('says which columns are numbers (codes all whole numbers, 0/1) and which text, and their measurement level', () => {
    expect(byName('colour').cells).toEqual({ kind: 'text', bytes: 1 });
    expect(byName('pet').cells).toEqual({ kind: 'number', digits: 1 });
    expect(byName('fruit_3').cells).toEqual({ kind: 'number', digits: 1 });
    expect(byName('agree_r1').cells).toEqual({ kind: 'number', digits: 1 });
    expect(byName('fruit_other').cells).toEqual({ kind: 'text', bytes: 1501 });
    expect(columns.map((c) => c.level)).toEqual([
      'nominal', 'nominal', 'ordinal',
      'nominal', 'nominal', 'nominal',
      'nominal', 'nominal', 'nominal', 'nominal', 'nominal', 'nominal',
      'ordinal', 'ordinal',
      'nominal', 'nominal', 'nominal', 'nominal', 'nominal', 'nominal', 'nominal',
    ]);
  });
});

describe('reading a stored response into its row', () => {
  const answers = {
    colour: 'x',
    fruit: ['2', '5'],
    agree: { r1: '3', r2: '1' },
    channels: { '1': ['1', '2'], '3': ['2'] },
  };
  const other = { colour: 'Teal', fruit: 'Fig', channels: 'a podcast' };

  it('writes codes, numbers where every code is a whole number, 0/1 per option and per cell, and the texts', () => {
    expect(row(answers, other)).toEqual({
      response_id: 'r-1', submitted_at: '2015-11-18T08:30:00.000Z', version: 2,
      colour: 'x', colour_other: 'Teal',
      pet: undefined,
      fruit_1: 0, fruit_2: 1, fruit_3: 0, fruit_4: 0, fruit_5: 1, fruit_other: 'Fig',
      agree_r1: 3, agree_r2: 1,
      channels_1_1: 1, channels_1_2: 1, channels_2_1: undefined, channels_2_2: undefined, channels_3_1: 0, channels_3_2: 1,
      channels_3_other: 'a podcast',
    });
  });

  it('writes labels instead of codes when asked, and keeps 0/1', () => {
    expect(row({ ...answers, pet: '2' }, other, true)).toMatchObject({
      colour: 'Other colour', pet: 'Dog', fruit_2: 1, fruit_3: 0, agree_r1: 'Agree', agree_r2: 'Disagree', channels_3_2: 1,
    });
  });

  it('leaves an unanswered optional question empty, a multi-choice and a matrix row not answered empty in every 0/1 column', () => {
    const cells = row({ colour: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '1' } });
    expect(cells).toMatchObject({ pet: undefined, colour_other: undefined, fruit_other: undefined, channels_3_other: undefined });
    for (const name of ['channels_1_1', 'channels_1_2', 'channels_2_1', 'channels_2_2', 'channels_3_1', 'channels_3_2']) {
      expect(cells[name]).toBeUndefined();
    }
    expect(row({ colour: '1' })).toMatchObject({ fruit_1: undefined, fruit_5: undefined, agree_r1: undefined });
  });

  it('leaves empty a code the shown version does not have (an older version’s, since removed), as the results do', () => {
    expect(row({ colour: '9', pet: '3', agree: { r1: '7' } })).toMatchObject({ colour: undefined, pet: undefined, agree_r1: undefined });
  });
});

describe('variable names that SPSS and R both take', () => {
  function survey(questions: unknown[]) {
    const result = parseSurveyFile('names.json', JSON.stringify({ id: 'names', title: 'Names', questions }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.definition;
  }

  it('writes the "-" that codes may hold as "_" and numbers the second of two names that then collide', () => {
    const definition = survey([
      { id: 'tone', type: 'multi', title: 'Tone', options: [{ value: 'a-b', label: 'A-B' }, { value: 'a_b', label: 'A_B' }, { value: 'A_B', label: 'big' }] },
    ]);
    expect(exportColumns(definition, words).slice(3).map((c) => c.name)).toEqual(['tone_a_b', 'tone_a_b_2', 'tone_A_B_3']);
  });

  it('keeps a question named like a fixed column, an "other" column or an SPSS or R reserved word apart', () => {
    const definition = survey([
      { id: 'version', type: 'single', title: 'Version', options: ['a', 'b'] },
      { id: 'colour', type: 'single', title: 'Colour', options: ['red', { label: 'other', other: true }] },
      { id: 'colour_other', type: 'single', title: 'Other', options: ['x'] },
      { id: 'to', type: 'single', title: 'To', options: ['x'] },
      { id: 'if', type: 'single', title: 'If', options: ['x'] },
    ]);
    expect(exportColumns(definition, words).map((c) => c.name)).toEqual([
      'response_id', 'submitted_at', 'version', 'version_2', 'colour', 'colour_other', 'colour_other_2', 'to_2', 'if_2',
    ]);
  });

  it('cuts a name to 64 bytes, keeping it unique', () => {
    const long = `q${'x'.repeat(63)}`;
    const definition = survey([{ id: 'q', type: 'multi', title: 'Long', options: [{ value: long.slice(1), label: 'a' }, { value: `${long.slice(1)}y`, label: 'b' }] }]);
    const names = exportColumns(definition, words).slice(3).map((c) => c.name);
    expect(names).toEqual([`q_${'x'.repeat(62)}`, `q_${'x'.repeat(60)}_2`]);
    expect(names.every((n) => n.length <= 64)).toBe(true);
  });

  it('starts every name with a letter', () => {
    expect(uniqueNames(['1abc', '_x'])).toEqual(['v1abc', 'v_x']);
  });
});

describe('the cells a spreadsheet would run as formulas', () => {
  it.each(['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '＝1'])('neutralises %j with a leading quote', (text) => {
    expect(guardFormula(text)).toBe(`'${text}`);
  });

  it('leaves other text alone, and puts line breaks on one line for SPSS', () => {
    expect(guardFormula('a=1')).toBe('a=1');
    expect(guardFormula('中文')).toBe('中文');
    expect(textCell('one\r\ntwo\nthree')).toBe('one two three');
    expect(textCell('\r=x')).toBe(' =x');
  });
});

describe('the response ids of the export', () => {
  it('are written as they are, one that starts with - or _ too, so that they match the API’s', () => {
    for (const id of ['-O_SMYQiJnUYsWuEEERG7Q', '_Wuy1tfXHrhjDxEPUan6HA', 'Qm9Wc1y7ZbkJ0kZ8vL2xNg', 'demo-taobao-2015-001', '-1']) {
      expect(idCell(id)).toBe(id);
    }
  });

  it('go through the formula guard when they are not ids the product makes (put in the database by hand)', () => {
    expect(idCell('=1+1')).toBe("'=1+1");
    expect(idCell('-1+cmd|x')).toBe("'-1+cmd|x");
    expect(idCell('@x')).toBe("'@x");
  });

  it('are the only column that skips the guard: a text or a label that starts with - still gets the quote', () => {
    const columns = exportColumns(everyType, words);
    const byName = (name: string) => columns.find((c) => c.name === name)!;
    expect(responseCell(byName('response_id'), '-O_SMYQiJnUYsWuEEERG7Q')).toBe('-O_SMYQiJnUYsWuEEERG7Q');
    expect(responseCell(byName('colour_other'), '-O_SMYQiJnUYsWuEEERG7Q')).toBe("'-O_SMYQiJnUYsWuEEERG7Q");
    expect(responseCell(byName('submitted_at'), '-x')).toBe("'-x");
    expect(responseCell(byName('version'), -1)).toBe(-1);
    expect(columns.filter((c) => c.cells.kind === 'id').map((c) => c.name)).toEqual(['response_id']);
  });

  it('say so in the codebook’s note, as the texts say how they are guarded', () => {
    const columns = exportColumns(everyType, words);
    expect(columns.filter((c) => c.note).map((c) => [c.name, c.note])).toEqual([
      ['response_id', 'ids as they are'],
      ['colour_other', 'texts guarded'],
      ['fruit_other', 'texts guarded'],
      ['channels_3_other', 'texts guarded'],
    ]);
  });
});

describe('texts stored with control characters (before they were refused)', () => {
  it('never put one in a cell: each becomes U+FFFD, a NEL a space like other line breaks, a tab stays', () => {
    expect(textCell('a\u0000b\u000Bc\u000Cd\u001Be\u007Ff\u009Bg')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg');
    expect(textCell('one\u0085two\u2028three')).toBe('one two three');
    expect(textCell('in\tside')).toBe('in\tside');
    // A text that starts with one is guarded after the change, as it stands in the file.
    expect(textCell('\u0000=1')).toBe('\uFFFD=1');
  });

  it('never put one in the SPSS syntax', () => {
    expect(spssString('label\u0000 with\u0085NEL')).toBe("'label\uFFFD with NEL'");
  });
});

describe('SPSS string literals', () => {
  it('doubles quotes, joins a long text with +, and cuts at a byte limit without cutting a character', () => {
    expect(spssString("it's")).toBe("'it''s'");
    expect(spssString('中文标签', 7)).toBe("'中文'");
    expect(spssString('a'.repeat(150))).toBe(`'${'a'.repeat(100)}' +\n      '${'a'.repeat(50)}'`);
  });
});
