import { parseSurveyFile, problemCount, problemSentence, type SurveyFileProblem } from '../../src/domain/survey/survey-file';

// Hostile shapes of issue 16, each of which once froze or crashed the check. Timing belongs to
// `npm run bench -- survey-checks`; these say what the researcher is told.

const single = { id: 'q1', type: 'single', title: 'Pick one', options: ['A', 'B'] };
const survey = (extra: Record<string, unknown> = {}, questions: unknown[] = [single]) => ({ id: 'demo', title: 'Demo', questions, ...extra });
const text = (extra: Record<string, unknown> = {}, questions?: unknown[]) => JSON.stringify(survey(extra, questions), null, 2);

function refused(source: string): SurveyFileProblem[] {
  const result = parseSurveyFile('demo.json', source);
  if (result.ok) throw new Error('the file was accepted');
  return result.problems;
}
const said = (problems: SurveyFileProblem[], locale: 'en' | 'zh-CN' = 'en') => problems.map((p) => `${p.path}: ${problemSentence(p, locale)}`);

describe('a file nested too deep', () => {
  const nested = (levels: number) => `{ "id": "demo", "title": "Demo", "questions": [${JSON.stringify(single)}], "intro": ${'['.repeat(levels)}${']'.repeat(levels)} }`;

  it('is refused at the list that goes past 20 levels, in both languages, however deep it goes', () => {
    for (const levels of [3_000, 500_000]) {
      const file = nested(levels);
      const problems = refused(file);
      expect(problems).toHaveLength(1);
      // The survey is level 1 and intro's list level 2: the 21st level is intro's 20th bracket.
      const twentiethBracket = file.indexOf('"intro": ') + '"intro": '.length + 19;
      expect(problems[0]).toMatchObject({ path: `intro${'[0]'.repeat(19)}`, line: 1, column: twentiethBracket + 1 });
      expect(said(problems)[0]).toMatch(/: nests lists and objects more than 20 levels deep \(a survey needs 5\); the file was not checked further$/);
      expect(said(problems, 'zh-CN')[0]).toMatch(/: 列表和对象嵌套超过 20 层/);
    }
  });

  it('is refused the same way when objects and lists take turns', () => {
    const deep = `{ "id": "demo", "title": "Demo", "questions": [], "intro": ${'{"a":['.repeat(2_000)}${']}'.repeat(2_000)} }`;
    const [problem] = refused(deep);
    expect(problem!.path).toBe(`intro${'.a[0]'.repeat(9)}.a`);
    expect(problemSentence(problem!, 'en')).toMatch(/more than 20 levels deep/);
  });

  it('is not refused for nesting 20 levels, the limit itself', () => {
    // The survey, intro, and 18 lists inside: 20 levels; intro must then be text.
    expect(said(refused(nested(19)))).toEqual(['intro: must be text in double quotes, found a list']);
  });

  it('counts no brackets inside text: text is not structure', () => {
    const result = parseSurveyFile('demo.json', text({ intro: '['.repeat(5_000) }));
    expect(result.ok).toBe(true);
  });
});

describe('a file with more entries than any survey has', () => {
  const names = (count: number) => Array.from({ length: count }, (_, i) => `user${i}`);

  it('names the list of 20,000 owners, and its limit, without comparing them', () => {
    const problems = refused(text({ owners: names(20_000) }));
    expect(problems).toHaveLength(1);
    expect(said(problems)).toEqual(['owners: has more than 1000 entries, more than any list of a survey may have; the file was not checked further']);
    expect(said(problems, 'zh-CN')).toEqual(['owners: 超过 1000 项，比问卷中任何列表允许的都多，未继续检查此文件']);
  });

  it('names an object of more properties than any survey object needs', () => {
    const properties = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`extra${i}`, i]));
    expect(said(refused(text({}, [{ ...single, ...properties }])))).toEqual([
      'questions[0]: has more than 100 properties (no object of a survey needs more than 11); the file was not checked further',
    ]);
  });

  it('counts a property written thousands of times as one object’s properties', () => {
    const repeated = `{ "id": "demo", "title": "Demo", "questions": [], ${Array(10_000).fill('"intro": ""').join(', ')} }`;
    expect(said(refused(repeated))).toEqual([': has more than 100 properties (no object of a survey needs more than 11); the file was not checked further']);
  });

  it('still refuses 201 owners with the schema’s own limit', () => {
    expect(said(refused(text({ owners: names(201) })))).toEqual(['owners: has more than 200 entries']);
  });
});

describe('owners and viewers written twice', () => {
  it('names each repeat at its own entry, and the first one', () => {
    expect(said(refused(text({ owners: ['ana', 'bob', 'ana', 'cy', 'bob'], viewers: ['vera', 'vera'] })))).toEqual([
      'owners[2]: [0] and [2] are the same; write each entry once',
      'owners[4]: [1] and [4] are the same; write each entry once',
      'viewers[1]: [0] and [1] are the same; write each entry once',
    ]);
  });

  it('are found beside the schema’s problems', () => {
    expect(said(refused(text({ owners: ['ana', 'ana', 'a b'] })))).toEqual([
      'owners[1]: [0] and [1] are the same; write each entry once',
      'owners[2]: "a b" is not allowed: a username starts with a letter or a digit and uses only letters, digits, ., _ and -, 2 to 64 of them',
    ]);
  });
});

describe('a file with a great many problems', () => {
  const emptyOptions = (questions: number, options: number) =>
    Array.from({ length: questions }, (_, q) => ({ id: `q${q}`, type: 'single', title: 'Pick one', options: Array(options).fill('') }));

  it('lists the first 100 in the order of the file and says how many more there are', () => {
    const problems = refused(text({}, emptyOptions(1, 300)));
    expect(problems).toHaveLength(101);
    expect(said(problems.slice(0, 2))).toEqual(['questions[0].options: has more than 200 entries', 'questions[0].options[0]: must not be empty']);
    expect(said(problems.slice(-1))).toEqual([': and 201 more problems, not listed (only the first 100 are)']);
    expect(said(problems.slice(-1), 'zh-CN')).toEqual([': 另有 201 个问题未列出（只列出前 100 个）']);
    expect(problemCount(problems)).toBe(301);
  });

  it('stops checking questions once it has found 100, and says so', () => {
    const problems = refused(text({}, emptyOptions(400, 10)));
    expect(problems.length).toBeLessThanOrEqual(101);
    expect(said(problems.slice(-1))).toEqual([': the check stopped after these 100 problems, and there may be more: fix these and check again']);
    expect(said(problems.slice(0, 1))).toEqual(['questions[0].options[0]: must not be empty']);
  });
});

describe('a long value in a problem', () => {
  it('is quoted cut short, and a long property name is not guessed at', () => {
    const long = 'X'.repeat(100_000);
    const sentences = said(refused(JSON.stringify({ ...survey(), id: long, title: 7, [long]: 1 })));
    expect(sentences.every((s) => s.length < 300)).toBe(true);
    expect(sentences).toContain(`id: "${'X'.repeat(75)}…" is not allowed: a survey id must start with a lowercase letter and use only a-z, 0-9, _ and - (it becomes part of the address)`);
    expect(sentences).toContain(`${'X'.repeat(60)}…: unknown property "${'X'.repeat(60)}…"`);
  });
});

describe('control characters in the texts a respondent reads', () => {
  it('are refused in titles, the intro, descriptions and labels, naming the character, where it is and its JSON path', () => {
    const file = text({ title: 'Sur\u0000vey', intro: 'Hello\u000Bthere' }, [
      { ...single, title: 'Pick\u000Cone', description: 'Next line\u0085here', options: ['A\u2028', { value: 'b', label: '\u001FB' }] },
      { id: 'm', type: 'matrix', title: 'Grid', rows: ['ok', 'half \uD800'], columns: ['c\u007F', 'd\u009F'] },
    ]);
    expect(said(refused(file))).toEqual([
      'title: holds the control character U+0000 at character 4, which the form and the exports cannot show; remove it',
      'questions[0].title: holds the control character U+000C at character 5, which the form and the exports cannot show; remove it',
      'questions[0].options[0]: holds the control character U+2028 at character 2, which the form and the exports cannot show; remove it',
      'questions[0].options[1].label: holds the control character U+001F at character 1, which the form and the exports cannot show; remove it',
      'questions[0].description: holds the control character U+0085 at character 10, which the form and the exports cannot show; remove it',
      'questions[1].rows[1]: holds half a character (U+D800, a lone surrogate) at character 6; remove it or write the whole character',
      'questions[1].columns[0]: holds the control character U+007F at character 2, which the form and the exports cannot show; remove it',
      'questions[1].columns[1]: holds the control character U+009F at character 2, which the form and the exports cannot show; remove it',
      'intro: holds the control character U+000B at character 6, which the form and the exports cannot show; remove it',
    ]);
    expect(said(refused(text({ title: 'a\u0000' })), 'zh-CN')).toEqual(['title: 第 2 个字符是控制字符 U+0000，问卷页面和导出的数据都无法显示它，请删除']);
  });

  it('are allowed as tabs and line breaks, and so is a character outside the basic plane', () => {
    const file = text({ intro: 'Line one\r\nLine\ttwo' }, [{ ...single, description: 'a\nb', options: ['😀 smile', '𠀀'] }]);
    expect(parseSurveyFile('demo.json', file).ok).toBe(true);
  });
});

describe('a form too large for a phone', () => {
  it('is refused by its number of boxes to tick, options and matrix cells together', () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
    const matrices = Array.from({ length: 25 }, (_, q) => ({ id: `m${q}`, type: 'matrix', title: 'Grid', rows: labels(20), columns: labels(10) }));
    // 25 × 20 × 10 = 5,000 cells: the limit itself; one option more is one box too many.
    expect(parseSurveyFile('demo.json', text({}, matrices)).ok).toBe(true);
    expect(said(refused(text({}, [...matrices, single])))).toEqual(['questions: the survey has 5002 boxes to tick (each option, and each cell of a matrix); a form may have at most 5000']);
  });
});
