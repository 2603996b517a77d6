import type { Locale } from '../survey/definition';
import type { JsonSyntaxError } from '../survey/json-source';
import { catalog, format, type MessageParams } from './catalog';

/**
 * What is wrong with a survey file, in each locale: the JSON syntax, the schema and the rules
 * a schema cannot say, as the editor page, `npm run validate` and the start-up log tell them.
 * The checks produce a key and its parameters (`SurveyProblemMessage`); `surveyProblemSentence`
 * says it. Templates use `{name}` placeholders filled by `format`. A parameter may itself be a
 * word of this catalogue (a JSON type, the value found, the kind of syntax error), said in
 * the same language, or a list, joined with the locale's `listSeparator`.
 *
 * In zh-CN a name we quote (a property, an id, a code, a label) takes “”; a value shown as
 * JSON (found text "radio", the allowed values) keeps its JSON double quotes, and so does a
 * piece of JSON to copy ("other": true).
 */

type NoParams = Record<never, never>;

/** A message of a catalogue: its key, and its parameters when it takes any. */
type Said<Params, K extends keyof Params> = {
  [P in K]: NoParams extends Params[P] ? { key: P; params?: Params[P] } : { key: P; params: Params[P] };
}[K];

/** The words that fill a sentence: a JSON type, the value found, the kind of syntax error. */
export type SurveyWordParams = {
  typeText: NoParams;
  typeWholeNumber: NoParams;
  typeNumber: NoParams;
  typeBoolean: NoParams;
  typeList: NoParams;
  typeObject: NoParams;
  typeChoice: NoParams;
  typeOther: { type: string };
  foundNull: NoParams;
  foundList: NoParams;
  foundObject: NoParams;
  foundText: { json: string };
  foundNumber: { json: string };
  foundBoolean: { json: string };
  listSeparator: NoParams;
} & Record<`syntax${JsonSyntaxError}`, NoParams>;

export type SurveyWordKey = keyof SurveyWordParams;
export type SurveyWord<K extends SurveyWordKey = SurveyWordKey> = Said<SurveyWordParams, K>;
export type TypeWord = SurveyWord<'typeText' | 'typeWholeNumber' | 'typeNumber' | 'typeBoolean' | 'typeList' | 'typeObject' | 'typeChoice' | 'typeOther'>;
export type FoundWord = SurveyWord<'foundNull' | 'foundList' | 'foundObject' | 'foundText' | 'foundNumber' | 'foundBoolean'>;

/** Every problem a survey file can have, with the parameters its sentence names. */
export interface SurveyProblemParams {
  // Limits past which a file is not checked further, and the check itself
  tooDeep: { limit: number };
  tooManyEntriesToCheck: { limit: number };
  tooManyPropertiesToCheck: { limit: number };
  moreProblems: { count: number; listed: number };
  checkStopped: { listed: number };
  checkFailed: { reason: string };
  checkTooSlow: { seconds: number };
  checkTooMuchMemory: { megabytes: number };
  // JSON syntax, and what JSON.parse would silently merge
  invalidJson: { error: SurveyWord<`syntax${JsonSyntaxError}`> };
  duplicateProperty: { name: string };
  // The schema
  surveyNeeds: { name: string };
  questionNeeds: { name: string };
  questionNeedsType: NoParams;
  typedQuestionNeeds: { type: string; name: string };
  choiceNeeds: { name: string };
  unknownProperty: { name: string };
  unknownPropertyDidYouMean: { name: string; guess: string };
  notForQuestionType: { name: string; type: string };
  wrongType: { expected: TypeWord; found: FoundWord };
  notAllowedCode: { value: string };
  notAllowedQuestionId: { value: string };
  notAllowedSurveyId: { value: string };
  notAllowedUsername: { value: string };
  notOneOf: { allowed: string[]; found: FoundWord };
  tooFewEntriesOne: NoParams;
  tooFewEntries: { limit: number };
  tooManyEntries: { limit: number };
  sameEntryTwice: { first: number; second: number };
  empty: NoParams;
  tooLong: { limit: number };
  belowMinimum: { limit: number; found: FoundWord };
  againstSchema: { rule: string };
  // Rules the schema cannot say
  questionIdTaken: { id: string; earlier: number };
  protoCode: NoParams;
  codeTaken: { value: string; earlier: number };
  positionCodeTaken: { value: string; earlier: number };
  labelTaken: { label: string; earlier: number };
  otherTwice: { list: string; first: number };
  matrixColumnOther: NoParams;
  minSelectedAboveOptions: { min: number; count: number };
  maxSelectedAboveOptions: { max: number; count: number };
  minSelectedAboveMax: { min: number; max: number };
  tooManyAnswerChoices: { count: number; limit: number };
  controlCharacter: { code: string; position: number };
  loneSurrogate: { code: string; position: number };
  // A folder of survey files
  folderMissing: NoParams;
  folderUnreadable: { reason: string };
  fileTooLarge: { max: number };
  fileUnreadable: { reason: string };
  surveyIdTaken: { id: string; file: string };
}

export type SurveyProblemKey = keyof SurveyProblemParams;
/** One problem as the checks say it. @example { key: 'unknownPropertyDidYouMean', params: { name: 'optons', guess: 'options' } } */
export type SurveyProblemMessage = Said<SurveyProblemParams, SurveyProblemKey>;

/** Every sentence and word in one language: a key left out is a compile error. */
export type SurveyProblemMessages = Record<SurveyProblemKey | SurveyWordKey, string>;

// Words that begin with a Latin letter begin with a space: they follow 为 ("应为 true 或 false").
const zhCN: SurveyProblemMessages = {
  tooDeep: '列表和对象嵌套超过 {limit} 层（问卷最多只需 5 层），未继续检查此文件',
  tooManyEntriesToCheck: '超过 {limit} 项，比问卷中任何列表允许的都多，未继续检查此文件',
  tooManyPropertiesToCheck: '超过 {limit} 个属性（问卷中的对象最多只需 11 个），未继续检查此文件',
  moreProblems: '另有 {count} 个问题未列出（只列出前 {listed} 个）',
  checkStopped: '找到 {listed} 个问题后停止了检查，后面可能还有问题：请先改正这些问题，再检查一次',
  checkFailed: '无法检查此文件（{reason}），请报告这个文件',
  checkTooSlow: '检查此文件超过 {seconds} 秒，已停止；正常的问卷文件不到一秒即可检查完',
  checkTooMuchMemory: '检查此文件需要超过 {megabytes} MB 内存，已停止',
  invalidJson: 'JSON 格式错误：{error}',
  duplicateProperty: '同一个对象中属性“{name}”写了两次，请只保留一个',
  surveyNeeds: '问卷缺少属性“{name}”',
  questionNeeds: '问题缺少属性“{name}”',
  questionNeedsType: '问题缺少属性“type”，应写 "type": "single"、"multi" 或 "matrix"',
  typedQuestionNeeds: '{type} 类型的问题缺少属性“{name}”',
  choiceNeeds: '选项缺少属性“{name}”',
  unknownProperty: '未知的属性“{name}”',
  unknownPropertyDidYouMean: '未知的属性“{name}”，您是不是想写“{guess}”？',
  notForQuestionType: '{type} 类型的问题不能有属性“{name}”',
  wrongType: '应为{expected}，实际为{found}',
  notAllowedCode: '不能使用 {value}：代码只能包含字母、数字、_ 和 -',
  notAllowedQuestionId: '不能使用 {value}：问题代码必须以小写字母开头，只能包含 a-z、0-9 和 _（它会成为导出数据的列名）',
  notAllowedSurveyId: '不能使用 {value}：问卷代码必须以小写字母开头，只能包含 a-z、0-9、_ 和 -（它会成为网址的一部分）',
  notAllowedUsername: '不能使用 {value}：用户名以字母或数字开头，只能包含字母、数字、.、_ 和 -，长 2 到 64 个字符',
  notOneOf: '应为 {allowed} 之一，实际为{found}',
  tooFewEntriesOne: '至少需要 1 项',
  tooFewEntries: '至少需要 {limit} 项',
  tooManyEntries: '不能超过 {limit} 项',
  sameEntryTwice: '[{first}] 和 [{second}] 重复，同一项只能写一次',
  empty: '不能为空',
  tooLong: '不能超过 {limit} 个字符',
  belowMinimum: '不能小于 {limit}，实际为{found}',
  againstSchema: '不符合 JSON Schema 的“{rule}”规则',
  questionIdTaken: '问题代码“{id}”已被 questions[{earlier}] 使用，问题代码不能重复',
  protoCode: '“__proto__”不能用作代码',
  codeTaken: '代码“{value}”已被 [{earlier}] 使用，同一列表中的代码不能重复',
  positionCodeTaken: '代码“{value}”已被 [{earlier}] 使用（没有写 "value" 的选项以其位置作为代码），同一列表中的代码不能重复',
  labelTaken: '标签“{label}”已被 [{earlier}] 使用',
  otherTwice: '每个问题只能有一项可以填写文字（"other": true），{list}[{first}] 已经设置了',
  matrixColumnOther: '矩阵的列不能填写文字，请把 "other": true 写在行上',
  minSelectedAboveOptions: 'minSelected 为 {min}，但此问题只有 {count} 个选项',
  maxSelectedAboveOptions: 'maxSelected 为 {max}，但此问题只有 {count} 个选项',
  minSelectedAboveMax: 'minSelected（{min}）大于 maxSelected（{max}）',
  tooManyAnswerChoices: '问卷共有 {count} 个可勾选的选项（每个选项、矩阵的每个格子各算一个），一份问卷最多只能有 {limit} 个',
  controlCharacter: '第 {position} 个字符是控制字符 {code}，问卷页面和导出的数据都无法显示它，请删除',
  loneSurrogate: '第 {position} 个字符不完整（{code}，单独的代理项），请删除或写出完整的字符',
  folderMissing: '无法读取问卷：文件夹不存在',
  folderUnreadable: '无法读取问卷：{reason}',
  fileTooLarge: '文件超过 {max} MB',
  fileUnreadable: '无法读取文件：{reason}',
  surveyIdTaken: '问卷代码“{id}”已被 {file} 使用',
  typeText: '用双引号括起来的文本',
  typeWholeNumber: '整数',
  typeNumber: '数字',
  typeBoolean: ' true 或 false',
  typeList: '列表 [ … ]',
  typeObject: '对象 { … }',
  typeChoice: '标签（文本）或带有 "label" 的对象',
  typeOther: ' {type} 类型',
  foundNull: ' null',
  foundList: '列表',
  foundObject: '对象',
  foundText: '文本 {json}',
  foundNumber: '数字 {json}',
  foundBoolean: '布尔值 {json}',
  listSeparator: '、',
  syntaxInvalidSymbol: '出现了意外的字符（JSON 中的文本要用双引号括起来，并且不能有注释）',
  syntaxInvalidNumberFormat: '这个数字的写法不符合 JSON 的规定',
  syntaxPropertyNameExpected: '这里应为用双引号括起来的属性名（是不是多了一个逗号？）',
  syntaxValueExpected: '这里应为一个值（是不是多了一个逗号？）',
  syntaxColonExpected: '这里应为冒号 ":"',
  syntaxCommaExpected: '这里应为逗号 ","',
  syntaxCloseBraceExpected: '这里应为右花括号 "}"',
  syntaxCloseBracketExpected: '这里应为右方括号 "]"',
  syntaxEndOfFileExpected: '问卷结束之后还有多余的文本',
  syntaxInvalidCommentToken: 'JSON 中不能有注释',
  syntaxUnexpectedEndOfComment: 'JSON 中不能有注释',
  syntaxUnexpectedEndOfString: '文本缺少结尾的双引号',
  syntaxUnexpectedEndOfNumber: '数字不完整',
  syntaxInvalidUnicode: '无效的 \\u 转义',
  syntaxInvalidEscapeCharacter: '反斜杠后的转义字符无效',
  syntaxInvalidCharacter: '文本中的控制字符（如制表符、换行）必须转义',
};

const en: SurveyProblemMessages = {
  tooDeep: 'nests lists and objects more than {limit} levels deep (a survey needs 5); the file was not checked further',
  tooManyEntriesToCheck: 'has more than {limit} entries, more than any list of a survey may have; the file was not checked further',
  tooManyPropertiesToCheck: 'has more than {limit} properties (no object of a survey needs more than 11); the file was not checked further',
  moreProblems: 'and {count} more problems, not listed (only the first {listed} are)',
  checkStopped: 'the check stopped after these {listed} problems, and there may be more: fix these and check again',
  checkFailed: 'could not be checked ({reason}); please report this file',
  checkTooSlow: 'checking this file took longer than {seconds} s and was stopped; a survey file is checked in well under a second',
  checkTooMuchMemory: 'checking this file needed more than {megabytes} MB of memory and was stopped',
  invalidJson: 'invalid JSON: {error}',
  duplicateProperty: '"{name}" appears twice in the same object; keep one',
  surveyNeeds: 'the survey needs "{name}"',
  questionNeeds: 'the question needs "{name}"',
  questionNeedsType: 'the question needs "type": "single", "multi" or "matrix"',
  typedQuestionNeeds: 'a {type} question needs "{name}"',
  choiceNeeds: 'the choice needs "{name}"',
  unknownProperty: 'unknown property "{name}"',
  unknownPropertyDidYouMean: 'unknown property "{name}"; did you mean "{guess}"?',
  notForQuestionType: '"{name}" does not belong to a {type} question',
  wrongType: 'must be {expected}, found {found}',
  notAllowedCode: '{value} is not allowed: a code may use only letters, digits, _ and -',
  notAllowedQuestionId: '{value} is not allowed: a question id must start with a lowercase letter and use only a-z, 0-9 and _ (it becomes a column name)',
  notAllowedSurveyId: '{value} is not allowed: a survey id must start with a lowercase letter and use only a-z, 0-9, _ and - (it becomes part of the address)',
  notAllowedUsername: '{value} is not allowed: a username starts with a letter or a digit and uses only letters, digits, ., _ and -, 2 to 64 of them',
  notOneOf: 'must be one of {allowed}, found {found}',
  tooFewEntriesOne: 'needs at least 1 entry',
  tooFewEntries: 'needs at least {limit} entries',
  tooManyEntries: 'has more than {limit} entries',
  sameEntryTwice: '[{first}] and [{second}] are the same; write each entry once',
  empty: 'must not be empty',
  tooLong: 'is longer than {limit} characters',
  belowMinimum: 'must be at least {limit}, found {found}',
  againstSchema: 'does not follow the JSON Schema’s "{rule}" rule',
  questionIdTaken: 'question id "{id}" is already used by questions[{earlier}]; ids must be unique',
  protoCode: '"__proto__" cannot be used as a code',
  codeTaken: 'code "{value}" is already used by [{earlier}]; codes must be unique in a list',
  positionCodeTaken: 'code "{value}" is already used by [{earlier}] (a choice without "value" gets its position as code); codes must be unique in a list',
  labelTaken: 'label "{label}" is already used by [{earlier}]',
  otherTwice: 'only one choice of a question may take text ("other": true); {list}[{first}] already does',
  matrixColumnOther: 'a matrix column cannot take text; put "other": true on a row instead',
  minSelectedAboveOptions: 'minSelected is {min} but the question has only {count} options',
  maxSelectedAboveOptions: 'maxSelected is {max} but the question has only {count} options',
  minSelectedAboveMax: 'minSelected ({min}) is larger than maxSelected ({max})',
  tooManyAnswerChoices: 'the survey has {count} boxes to tick (each option, and each cell of a matrix); a form may have at most {limit}',
  controlCharacter: 'holds the control character {code} at character {position}, which the form and the exports cannot show; remove it',
  loneSurrogate: 'holds half a character ({code}, a lone surrogate) at character {position}; remove it or write the whole character',
  folderMissing: 'cannot read surveys: the folder does not exist',
  folderUnreadable: 'cannot read surveys: {reason}',
  fileTooLarge: 'the file is larger than {max} MB',
  fileUnreadable: 'cannot read the file: {reason}',
  surveyIdTaken: 'survey id "{id}" is already used by {file}',
  typeText: 'text in double quotes',
  typeWholeNumber: 'a whole number',
  typeNumber: 'a number',
  typeBoolean: 'true or false',
  typeList: 'a list [ … ]',
  typeObject: 'an object { … }',
  typeChoice: 'a label (text) or an object with a "label"',
  typeOther: 'a {type}',
  foundNull: 'null',
  foundList: 'a list',
  foundObject: 'an object',
  foundText: 'text {json}',
  foundNumber: 'number {json}',
  foundBoolean: 'boolean {json}',
  listSeparator: ', ',
  syntaxInvalidSymbol: 'unexpected character (JSON needs double quotes around text and no comments)',
  syntaxInvalidNumberFormat: 'this number is not written the JSON way',
  syntaxPropertyNameExpected: 'a property name in double quotes is expected here (is there a comma too many?)',
  syntaxValueExpected: 'a value is expected here (is there a comma too many?)',
  syntaxColonExpected: 'a colon ":" is expected here',
  syntaxCommaExpected: 'a comma "," is expected here',
  syntaxCloseBraceExpected: 'a closing "}" is expected here',
  syntaxCloseBracketExpected: 'a closing "]" is expected here',
  syntaxEndOfFileExpected: 'unexpected text after the end of the survey',
  syntaxInvalidCommentToken: 'comments are not allowed in JSON',
  syntaxUnexpectedEndOfComment: 'comments are not allowed in JSON',
  syntaxUnexpectedEndOfString: 'a text is not closed with a double quote',
  syntaxUnexpectedEndOfNumber: 'a number is cut short',
  syntaxInvalidUnicode: 'invalid \\u escape',
  syntaxInvalidEscapeCharacter: 'invalid escape after a backslash',
  syntaxInvalidCharacter: 'a control character (such as a tab or line break) must be escaped inside text',
};

const problemWords = catalog<SurveyProblemMessages>({ 'zh-CN': zhCN, en });

export const surveyProblemMessagesFor = problemWords.messagesFor;

type ParamValue = string | number | readonly string[] | SurveyWord;

/**
 * A problem (or a word) as a sentence in the reader's language.
 * @example surveyProblemSentence('zh-CN', { key: 'unknownPropertyDidYouMean', params: { name: 'optons', guess: 'options' } })
 * // '未知的属性“optons”，您是不是想写“options”？'
 */
export function surveyProblemSentence(locale: Locale, message: SurveyProblemMessage | SurveyWord): string {
  const words = surveyProblemMessagesFor(locale);
  const params: MessageParams = {};
  for (const [name, value] of Object.entries((message.params ?? {}) as Record<string, ParamValue>)) {
    params[name] = Array.isArray(value)
      ? value.join(words.listSeparator)
      : typeof value === 'object'
        ? surveyProblemSentence(locale, value as SurveyWord)
        : (value as string | number);
  }
  return format(words[message.key], params);
}
