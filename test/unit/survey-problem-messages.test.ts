import { surveyProblemMessagesFor, surveyProblemSentence } from '../../src/domain/locale/survey-problem-messages';
import type { Locale } from '../../src/domain/survey/definition';
import { parseSurveyFile, problemSentence } from '../../src/domain/survey/survey-file';
import { loadSurveyFolder } from '../../src/domain/survey/survey-folder';

// The catalogues are typed `Record<every key, string>`: a key without a sentence in one
// language does not compile (`npm run typecheck`, and ts-jest refuses to run this file).

const minimal = (questions: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'demo', title: 'Demo', questions, ...extra }, null, 2);
const single = { id: 'q1', type: 'single', title: 'Pick one', options: ['A', 'B'] };
const multi = { id: 'm', type: 'multi', title: 'Many', options: ['A', 'B', 'C'] };

/** Every problem of a survey text, as `path: sentence` in one language. */
function problems(text: string, locale: Locale): string[] {
  const result = parseSurveyFile('demo.json', text);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${problemSentence(p, locale)}`);
}

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();
const HAN = /\p{Script=Han}/u;

describe('the survey-file problems catalogue', () => {
  const en = surveyProblemMessagesFor('en');
  const zh = surveyProblemMessagesFor('zh-CN');

  it('has a sentence for every key in zh-CN and in en, each naming the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, zh: placeholders(zh[key]) }).toEqual({ key, zh: placeholders(en[key]) });
      expect({ key, empty: zh[key].trim() === '' || en[key].trim() === '' }).toEqual({ key, empty: false });
    }
  });

  it('writes the Chinese catalogue in Chinese (only JSON words stay as they are)', () => {
    const jsonWords = new Set(['foundNull', 'listSeparator']);
    const notChinese = (Object.keys(zh) as (keyof typeof zh)[]).filter((key) => !jsonWords.has(key) && !HAN.test(zh[key]));
    expect(notChinese).toEqual([]);
  });
});

describe('a wrong survey file, said to a Chinese researcher', () => {
  it('says where the JSON syntax is broken', () => {
    expect(problems('{\n  "id": "a",\n  "title": "b"\n  "questions": []\n}', 'zh-CN')).toEqual([': JSON 格式错误：这里应为逗号 ","']);
    expect(problems('', 'zh-CN')).toEqual([': JSON 格式错误：这里应为一个值（是不是多了一个逗号？）']);
    expect(problems('{ // note\n "id": "a" }', 'zh-CN')).toEqual([': JSON 格式错误：JSON 中不能有注释']);
  });

  it('says what the schema refuses, with the file’s own names and values', () => {
    const { options, ...withoutOptions } = single;
    expect(problems(minimal([{ ...withoutOptions, optons: options }]), 'zh-CN')).toEqual([
      'questions[0]: single 类型的问题缺少属性“options”',
      'questions[0].optons: 未知的属性“optons”，您是不是想写“options”？',
    ]);
    expect(problems(minimal([{ ...single, type: 'radio' }]), 'zh-CN')).toContain(
      'questions[0].type: 应为 "single"、"multi"、"matrix" 之一，实际为文本 "radio"',
    );
    expect(problems(minimal([{ ...single, title: 42 }]), 'zh-CN')).toEqual(['questions[0].title: 应为用双引号括起来的文本，实际为数字 42']);
    expect(problems(minimal([{ ...single, required: 'yes' }]), 'zh-CN')).toEqual(['questions[0].required: 应为 true 或 false，实际为文本 "yes"']);
    expect(problems(minimal([{ ...single, title: '' }]), 'zh-CN')).toEqual(['questions[0].title: 不能为空']);
    expect(problems(minimal([]), 'zh-CN')).toEqual(['questions: 至少需要 1 项']);
    expect(problems(minimal([{ ...single, rows: ['r'] }]), 'zh-CN')).toEqual(['questions[0].rows: single 类型的问题不能有属性“rows”']);
    expect(problems(minimal([{ id: 'q', title: 'No type', options: ['a'] }]), 'zh-CN')[0]).toBe(
      'questions[0]: 问题缺少属性“type”，应写 "type": "single"、"multi" 或 "matrix"',
    );
  });

  it('says the rules no schema can say', () => {
    expect(problems(minimal([single, { ...single, title: 'Again' }]), 'zh-CN')).toEqual([
      'questions[1].id: 问题代码“q1”已被 questions[0] 使用，问题代码不能重复',
    ]);
    expect(problems('{ "id": "a", "id": "b", "title": "t", "questions": [] }', 'zh-CN')).toEqual(['id: 同一个对象中属性“id”写了两次，请只保留一个']);
    expect(problems(minimal([{ ...single, options: ['A', 'A'] }]), 'zh-CN')).toEqual(['questions[0].options[1]: 标签“A”已被 [0] 使用']);
    expect(problems(minimal([{ ...multi, maxSelected: 4 }]), 'zh-CN')).toEqual(['questions[0].maxSelected: maxSelected 为 4，但此问题只有 3 个选项']);
    expect(problems(minimal([{ ...multi, minSelected: 3, maxSelected: 2 }]), 'zh-CN')).toEqual([
      'questions[0].minSelected: minSelected（3）大于 maxSelected（2）',
    ]);
    expect(problems(minimal([{ id: 'm', type: 'matrix', title: 'M', rows: ['r'], columns: [{ label: 'c', other: true }] }]), 'zh-CN')).toEqual([
      'questions[0].columns[0].other: 矩阵的列不能填写文字，请把 "other": true 写在行上',
    ]);
  });

  it('leaves no English in any problem a file can have', async () => {
    const others = [{ label: 'X', other: true }, { label: 'Y', other: true }];
    const texts = [
      '[]',
      '{ "id": "a", }',
      minimal([single], { locale: 'fr', pages: [] }),
      JSON.stringify({ id: 'My Survey', title: 't', questions: [single], owners: ['ana', 'ana', 'a b'] }),
      minimal([{ ...single, id: 'Q-1', options: [{ value: 'a b', label: 'A' }, { value: '__proto__', label: 'B' }, { label: 'C', bogus: 1 }] }]),
      minimal([{ ...single, options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] }]),
      minimal([{ ...single, options: [{ value: '2', label: 'A' }, 'B'] }]),
      minimal([{ ...single, options: others }]),
      minimal([{ ...single, options: [{ value: '__proto__', label: 'A' }] }]),
      minimal([{ ...multi, minSelected: 0, maxSelected: 1.5 }]),
      minimal([{ id: 'm', type: 'matrix', title: 'M', rows: ['r'] }, { ...single, id: 'x'.repeat(65), options: [{}] }]),
    ];
    const sentences = texts.flatMap((text) => problems(text, 'zh-CN'));
    expect(sentences.length).toBeGreaterThan(15);
    expect(sentences.filter((s) => !HAN.test(s) || /\b(must|needs|already|cannot|is not|found)\b/.test(s))).toEqual([]);
    expect((await loadSurveyFolder('/no/such/folder')).problems.map((p) => problemSentence(p, 'zh-CN'))).toEqual(['无法读取问卷：文件夹不存在']);
  });

  it('says the same problems in English by default', () => {
    expect(problems(minimal([{ ...multi, maxSelected: 4 }]), 'en')).toEqual(['questions[0].maxSelected: maxSelected is 4 but the question has only 3 options']);
    expect(surveyProblemSentence('en', { key: 'notOneOf', params: { allowed: ['"a"', '"b"'], found: { key: 'foundNumber', params: { json: '1' } } } })).toBe(
      'must be one of "a", "b", found number 1',
    );
  });
});
