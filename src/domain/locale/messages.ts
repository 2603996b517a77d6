import type { Locale } from '../survey/definition';
import { catalog, format, type MessageParams } from './catalog';

/**
 * Every word the respondent sees, in each survey locale. Templates use `{name}` placeholders
 * filled by `format`. What researchers read has catalogues of its own (`researcher-messages.ts`,
 * `manage-messages.ts`, `results-messages.ts`, `survey-problem-messages.ts`).
 */
export interface RespondentMessages {
  submit: string;
  sending: string;
  required: string;
  optional: string;
  chooseOne: string;
  chooseAny: string;
  chooseBetween: string;
  chooseAtLeast: string;
  chooseAtMost: string;
  matrixOnePerRow: string;
  matrixManyPerRow: string;
  otherPlaceholder: string;
  errorSummaryTitle: string;
  /** The same for exactly one answer (English says it in the singular). */
  errorSummaryTitleOne: string;
  thanksTitle: string;
  thanksBody: string;
  closedTitle: string;
  closedBody: string;
  notFoundTitle: string;
  notFoundBody: string;
  unavailableTitle: string;
  unavailableBody: string;
  expiredForm: string;
  errorTitle: string;
  errorBody: string;
  surveyListTitle: string;
  surveyListEmpty: string;
  questionsCount: string;
  // Answer problems, also returned by the API.
  answerRequired: string;
  answerRowsMissing: string;
  answerNotAnOption: string;
  answerNotARow: string;
  answerNotAColumn: string;
  answerOnlyOne: string;
  answerOnlyOnePerRow: string;
  answerDuplicate: string;
  answerTooFew: string;
  answerTooMany: string;
  answerExpectedString: string;
  answerExpectedList: string;
  answerExpectedRows: string;
  otherRequired: string;
  otherTooLong: string;
  otherNotChosen: string;
  otherNotAllowed: string;
  otherExpectedString: string;
  otherControlCharacter: string;
  otherBrokenCharacter: string;
  unknownQuestion: string;
  unexpectedField: string;
  bodyNotObject: string;
  answersNotObject: string;
  otherNotObject: string;
  // Whole-request problems, for pages and the API.
  requestNotJson: string;
  requestTooLarge: string;
  requestUnsupported: string;
  requestNotJsonType: string;
  requestMalformed: string;
  idempotencyKeyInvalid: string;
  requestBadAddress: string;
  pageNotFound: string;
  surveyNotFound: string;
  surveyClosed: string;
  databaseUnavailable: string;
  internalError: string;
}

const zhCN: RespondentMessages = {
  submit: '提交',
  sending: '正在提交…',
  required: '必答',
  optional: '选答',
  chooseOne: '单选',
  chooseAny: '多选',
  chooseBetween: '多选，请选择 {min}–{max} 项',
  chooseAtLeast: '多选，至少选择 {min} 项',
  chooseAtMost: '多选，最多选择 {max} 项',
  matrixOnePerRow: '每行选择一项',
  matrixManyPerRow: '每行可选择多项',
  otherPlaceholder: '请注明',
  errorSummaryTitle: '有 {count} 道题需要修改',
  errorSummaryTitleOne: '有 1 道题需要修改',
  thanksTitle: '提交成功',
  thanksBody: '感谢您的参与！您的回答已经保存。',
  closedTitle: '问卷已结束',
  closedBody: '这份问卷已停止收集答案，感谢您的关注。',
  notFoundTitle: '找不到这份问卷',
  notFoundBody: '请检查链接是否完整。',
  unavailableTitle: '暂时无法保存',
  unavailableBody: '服务器暂时无法保存您的回答，您填写的内容都还在，请稍后再提交一次。',
  expiredForm: '页面已过期，您填写的内容都还在，请再提交一次。',
  errorTitle: '出错了',
  errorBody: '请求无法完成。',
  surveyListTitle: '问卷',
  surveyListEmpty: '目前没有开放的问卷。',
  questionsCount: '{count} 道题',
  answerRequired: '请回答此题。',
  answerRowsMissing: '请回答每一行：{rows}',
  answerNotAnOption: '“{value}”不是此题的选项。',
  answerNotARow: '“{value}”不是此题的行。',
  answerNotAColumn: '“{value}”不是此题的列。',
  answerOnlyOne: '此题只能选择一项。',
  answerOnlyOnePerRow: '“{row}”这一行只能选择一项。',
  answerDuplicate: '“{value}”被选择了两次。',
  answerTooFew: '请至少选择 {min} 项。',
  answerTooMany: '最多只能选择 {max} 项。',
  answerExpectedString: '答案应为一个选项代码（字符串）。',
  answerExpectedList: '答案应为选项代码的列表。',
  answerExpectedRows: '答案应为从行代码到列代码的对象。',
  otherRequired: '请填写“{label}”的具体内容。',
  otherTooLong: '“{label}”的内容最多 {max} 个字。',
  otherNotChosen: '填写了“{label}”的内容，但没有选择“{label}”。',
  otherNotAllowed: '此题没有需要填写文字的选项。',
  otherExpectedString: '“其他”的内容应为文字。',
  otherControlCharacter: '“{label}”的内容含有看不见的字符 {code}，无法保存；请删去它（它常随粘贴的文字而来）。',
  otherBrokenCharacter: '“{label}”的内容含有残缺的字符（{code}，不成对的 UTF-16 代理项），不是有效的文字；请发送完整的字符。',
  unknownQuestion: '问卷中没有这道题。',
  unexpectedField: '不允许的字段“{field}”。',
  bodyNotObject: '请求内容应为 JSON 对象。',
  answersNotObject: '“answers”应为从题目代码到答案的对象。',
  otherNotObject: '“other”应为从题目代码到文字的对象。',
  requestNotJson: '请求内容不是有效的 JSON。',
  requestTooLarge: '请求内容过大。',
  requestUnsupported: '不支持的请求编码。',
  requestNotJsonType: '请以 JSON 格式发送答案，并带上请求头 Content-Type: application/json。',
  requestMalformed: '无法读取这个请求。',
  idempotencyKeyInvalid: '请求头 Idempotency-Key 应为 1 到 200 个可见的 ASCII 字符。',
  requestBadAddress: '这个网址无效。',
  pageNotFound: '找不到这个页面。',
  surveyNotFound: '找不到这份问卷。',
  surveyClosed: '这份问卷已停止收集答案。',
  databaseUnavailable: '数据库暂时无法访问，请稍后重试。',
  internalError: '服务器出错，请稍后重试。',
};

const en: RespondentMessages = {
  submit: 'Submit',
  sending: 'Sending…',
  required: 'required',
  optional: 'optional',
  chooseOne: 'Choose one',
  chooseAny: 'Choose any',
  chooseBetween: 'Choose {min} to {max}',
  chooseAtLeast: 'Choose at least {min}',
  chooseAtMost: 'Choose up to {max}',
  matrixOnePerRow: 'One answer per row',
  matrixManyPerRow: 'Any number of answers per row',
  otherPlaceholder: 'Please specify',
  errorSummaryTitle: '{count} answers need a change',
  errorSummaryTitleOne: 'One answer needs a change',
  thanksTitle: 'Thank you',
  thanksBody: 'Your answers have been saved.',
  closedTitle: 'This survey is closed',
  closedBody: 'It no longer accepts answers. Thank you for your interest.',
  notFoundTitle: 'Survey not found',
  notFoundBody: 'Please check that the link is complete.',
  unavailableTitle: 'Could not save just now',
  unavailableBody: 'The server cannot save answers at the moment. Everything you entered is still here: please submit again in a little while.',
  expiredForm: 'This page had expired. Everything you entered is still here: please submit again.',
  errorTitle: 'Something went wrong',
  errorBody: 'The request could not be completed.',
  surveyListTitle: 'Surveys',
  surveyListEmpty: 'No survey is open at the moment.',
  questionsCount: '{count} questions',
  answerRequired: 'Please answer this question.',
  answerRowsMissing: 'Please answer every row: {rows}',
  answerNotAnOption: '“{value}” is not an option of this question.',
  answerNotARow: '“{value}” is not a row of this question.',
  answerNotAColumn: '“{value}” is not a column of this question.',
  answerOnlyOne: 'Choose only one option.',
  answerOnlyOnePerRow: 'Choose only one answer in the row “{row}”.',
  answerDuplicate: '“{value}” is chosen twice.',
  answerTooFew: 'Choose at least {min}.',
  answerTooMany: 'Choose at most {max}.',
  answerExpectedString: 'The answer must be one option code (a string).',
  answerExpectedList: 'The answer must be a list of option codes.',
  answerExpectedRows: 'The answer must be an object from row codes to column codes.',
  otherRequired: 'Please specify “{label}”.',
  otherTooLong: 'The text for “{label}” may be at most {max} characters.',
  otherNotChosen: 'Text for “{label}” was given, but “{label}” is not chosen.',
  otherNotAllowed: 'This question has no choice that takes text.',
  otherExpectedString: 'The “other” text must be a string.',
  otherControlCharacter: 'The text for “{label}” contains the invisible character {code}, which cannot be stored; remove it (it often comes with pasted text).',
  otherBrokenCharacter: 'The text for “{label}” contains a broken character ({code}, half of a UTF-16 surrogate pair), which is not text; send the whole character.',
  unknownQuestion: 'The survey has no such question.',
  unexpectedField: 'Unexpected field “{field}”.',
  bodyNotObject: 'The request body must be a JSON object.',
  answersNotObject: '“answers” must be an object from question ids to answers.',
  otherNotObject: '“other” must be an object from question ids to text.',
  requestNotJson: 'The request body is not valid JSON.',
  requestTooLarge: 'The request body is too large.',
  requestUnsupported: 'The request body is in an unsupported encoding.',
  requestNotJsonType: 'Send the answers as JSON, with the header Content-Type: application/json.',
  requestMalformed: 'The request could not be read.',
  idempotencyKeyInvalid: 'The Idempotency-Key header must be 1 to 200 visible ASCII characters.',
  requestBadAddress: 'This address is not valid.',
  pageNotFound: 'There is no such page.',
  surveyNotFound: 'There is no such survey.',
  surveyClosed: 'This survey is closed and takes no more responses.',
  databaseUnavailable: 'The database cannot be reached just now. Please try again shortly.',
  internalError: 'Something went wrong on the server. Please try again shortly.',
};

const respondentWords = catalog<RespondentMessages>({ 'zh-CN': zhCN, en });

export const messagesFor = respondentWords.messagesFor;
export const localize = respondentWords.localize;
export type MessageKey = keyof RespondentMessages;
export { format, type MessageParams };

/** Picks the page language for a request that is about no particular survey. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  const first = header
    .split(',')
    .map((part) => {
      const [tag = '', ...attrs] = part.trim().split(';');
      const q = attrs.find((a) => a.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((l) => l.tag.startsWith('zh') || l.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith('zh') ? 'zh-CN' : 'en';
}
