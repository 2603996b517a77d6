import type { QuestionVariant } from '../question-types/question-type';
import { catalog } from './catalog';

/**
 * Every word of the results, crosstab and subgroup pages and of their API errors, in each
 * locale. Templates use `{name}` placeholders filled by `format`.
 */
export interface ResultsMessages {
  resultsTitle: string;
  respondents: string;
  marginOfError: string;
  marginOfErrorHint: string;
  live: string;
  liveUpdated: string;
  liveStale: string;
  liveOffline: string;
  liveSignedOut: string;
  liveSignIn: string;
  versionsCounted: string;
  versionNotCounted: string;
  versionConflict: string;
  versionTypeChanged: string;
  versionShow: string;
  versionShowing: string;
  versionShowCurrent: string;
  questionNumber: string;
  answered: string;
  option: string;
  count: string;
  percent: string;
  interval: string;
  intervalHint: string;
  severalAnswers: string;
  row: string;
  noAnswers: string;
  otherTexts: string;
  otherTextsNone: string;
  otherTextsNewer: string;
  otherTextsOlder: string;
  otherTextsPage: string;
  otherTextsBack: string;
  computingTitle: string;
  computingBody: string;
  computingReload: string;
  chartLabel: string;
  chartAlt: string;
  /** The name of a table's scroll box, which a keyboard can reach and scroll. */
  tableOf: string;
  answeredLabel: string;
  typeSingle: string;
  typeMulti: string;
  typeMatrix: string;
  typeMatrixMultiple: string;
  navSurveys: string;
  listRespondents: string;
  crosstabThisQuestion: string;
  otherTextsFirst: string;
  otherTextsAll: string;
  otherTextsLoading: string;
  otherTextsText: string;
  otherTextsWhen: string;
  otherTextsFailed: string;
  // Subgroup filter
  subgroupTitle: string;
  subgroupAll: string;
  subgroupShowing: string;
  subgroupAdd: string;
  subgroupApply: string;
  subgroupClear: string;
  subgroupQuestion: string;
  subgroupAnyOf: string;
  subgroupAnd: string;
  subgroupEmpty: string;
  subgroupIs: string;
  subgroupRemove: string;
  subgroupPickHint: string;
  subgroupChoose: string;
  subgroupCodes: string;
  // Crosstab
  crosstabTitle: string;
  crosstabIntro: string;
  crosstabRow: string;
  crosstabColumn: string;
  crosstabShow: string;
  crosstabCounts: string;
  crosstabRowPercent: string;
  crosstabColumnPercent: string;
  crosstabTotal: string;
  crosstabAnsweredBoth: string;
  crosstabChiSquare: string;
  crosstabChiSquareLine: string;
  crosstabSignificant: string;
  crosstabNotSignificant: string;
  crosstabSmallExpected: string;
  crosstabResidualsHint: string;
  crosstabAbove: string;
  crosstabBelow: string;
  crosstabLeftOut: string;
  crosstabUntestedMultiple: string;
  crosstabUntestedCategories: string;
  crosstabOpen: string;
  crosstabResidual: string;
  crosstabChoose: string;
  // Two subgroups side by side
  compareTitle: string;
  compareIntro: string;
  compareGroupA: string;
  compareGroupB: string;
  compareShow: string;
  compareDifference: string;
  compareNoTestMultiple: string;
  compareNoTestCategories: string;
  compareOverlap: string;
  compareOpen: string;
  compareExample: string;
  compareChoose: string;
  compareSize: string;
  // Exports (CSV, SPSS syntax, codebook)
  exportTitle: string;
  exportResponsesCsv: string;
  exportResponsesLabels: string;
  exportSpss: string;
  exportCodebook: string;
  exportResultsCsv: string;
  exportCrosstabCsv: string;
  exportChosen: string;
  exportNotChosen: string;
  exportOtherText: string;
  exportResponseId: string;
  exportResponseIdNote: string;
  exportTextNote: string;
  exportSubmittedAt: string;
  exportVersion: string;
  exportQuestionId: string;
  exportQuestion: string;
  exportRowCode: string;
  exportCode: string;
  exportCiLow: string;
  exportCiHigh: string;
  exportAnswered: string;
  exportDegreesOfFreedom: string;
  exportSpssHowTo: string;
  exportSpssLabels: string;
  // Request problems (400)
  whereSyntax: string;
  whereUnknownVariable: string;
  whereWholeMatrix: string;
  whereUnknownValue: string;
  whereTooMany: string;
  versionUnknown: string;
  variableMissing: string;
  variableUnknown: string;
  questionWithoutOther: string;
  pageInvalid: string;
  queryNotText: string;
  queryRepeated: string;
  queryNotWholeNumber: string;
  queryNotFlag: string;
}

const zhCN: ResultsMessages = {
  resultsTitle: '结果',
  respondents: '有效答卷 {count} 份',
  marginOfError: '抽样误差 ±{margin}%',
  marginOfErrorHint: '95% 置信度，按最不利情况（p = 0.5）计算',
  live: '实时更新',
  liveUpdated: '更新于 {time}',
  liveStale: '计算于 {time}；有新答卷时会再次计算',
  liveOffline: '暂时无法更新，稍后自动重试',
  liveSignedOut: '您已退出登录，页面不再更新。',
  liveSignIn: '重新登录',
  versionsCounted: '统计的问卷版本：{versions}',
  versionNotCounted: '版本 {version}（{count} 份答卷）未计入：{reasons}',
  versionConflict: '“{question}”的选项代码 {value} 在该版本中是“{there}”，当前为“{here}”',
  versionTypeChanged: '“{question}”的题型已改变',
  versionShow: '查看版本 {version}',
  versionShowing: '正在查看版本 {version}',
  versionShowCurrent: '回到当前版本',
  questionNumber: '第 {number} 题',
  answered: '本题有效填写人次：{count}',
  option: '选项',
  count: '小计',
  percent: '比例',
  interval: '95% 置信区间',
  intervalHint: 'Wilson 区间：在同样的抽样下，真实比例有 95% 的把握落在此范围内',
  severalAnswers: '可多选，比例之和可能超过 100%',
  row: '行',
  noAnswers: '还没有人回答',
  otherTexts: '“{label}”的填写内容（{count} 条）',
  otherTextsNone: '没有填写内容。',
  otherTextsNewer: '较新',
  otherTextsOlder: '较早',
  otherTextsPage: '第 {page} 页，共 {pages} 页',
  otherTextsBack: '返回结果',
  computingTitle: '正在统计',
  computingBody: '正在从 {count} 份答卷中统计这一页，已用时 {seconds} 秒。答卷较多时需要一些时间；统计完成后本页会自动显示结果。',
  computingReload: '立即刷新',
  chartLabel: '比例（%）',
  chartAlt: '“{title}”的条形图，细线为 95% 置信区间',
  tableOf: '“{title}”的表格',
  answeredLabel: '本题有效填写人次',
  typeSingle: '单选题',
  typeMulti: '多选题',
  typeMatrix: '矩阵单选题',
  typeMatrixMultiple: '矩阵多选题',
  navSurveys: '全部问卷',
  listRespondents: '有效答卷',
  crosstabThisQuestion: '以本题为行做交叉分析',
  otherTextsFirst: '最新 {count} 条：',
  otherTextsAll: '查看全部填写内容',
  otherTextsLoading: '正在加载…',
  otherTextsText: '填写内容',
  otherTextsWhen: '提交时间',
  otherTextsFailed: '暂时无法加载，请打开“查看全部填写内容”。',
  subgroupTitle: '子样本',
  subgroupAll: '全部答卷',
  subgroupShowing: '筛选条件：{conditions}',
  subgroupAdd: '添加条件',
  subgroupApply: '筛选',
  subgroupClear: '取消筛选',
  subgroupQuestion: '题目',
  subgroupAnyOf: '为以下任一项',
  subgroupAnd: '并且',
  subgroupEmpty: '没有符合条件的答卷。',
  subgroupIs: '为',
  subgroupRemove: '删除条件：{condition}',
  subgroupPickHint: '选择一道题（矩阵题为其中一行）的一个或多个选项：同一题的选项满足其一即可，不同题的条件须同时满足。',
  subgroupChoose: '选择题目…',
  subgroupCodes: '选项',
  crosstabTitle: '交叉分析',
  crosstabIntro: '选择任意两道题（矩阵题可选择某一行）进行交叉制表。',
  crosstabRow: '行变量',
  crosstabColumn: '列变量',
  crosstabShow: '显示',
  crosstabCounts: '计数',
  crosstabRowPercent: '行百分比',
  crosstabColumnPercent: '列百分比',
  crosstabTotal: '合计',
  crosstabAnsweredBoth: '两题都回答的人数：{count}',
  crosstabChiSquare: '卡方检验',
  crosstabChiSquareLine: 'χ² = {statistic}，自由度 = {df}，{p}，Cramér’s V = {v}',
  crosstabSignificant: '在 0.05 水平上两者显著相关。',
  crosstabNotSignificant: '在 0.05 水平上未发现显著相关。',
  crosstabSmallExpected: '注意：{share}% 的期望频数小于 5（最小期望频数 {min}），卡方近似可能不准确。',
  crosstabResidualsHint: '▲/▼ 标记调整后标准化残差超过 ±1.96 的单元格：人数显著多于/少于两者独立时的预期，它们是相关性的来源。',
  crosstabAbove: '显著多于预期',
  crosstabBelow: '显著少于预期',
  crosstabLeftOut: '无人回答的行或列未计入检验。',
  crosstabUntestedMultiple: '不做卡方检验：“{variable}”可多选，单元格之间不独立。',
  crosstabUntestedCategories: '不做卡方检验：有人回答的类别少于两个。',
  crosstabOpen: '交叉分析',
  crosstabResidual: '调整后标准化残差 {value}',
  crosstabChoose: '请选择行变量和列变量。',
  compareTitle: '两个子样本对比',
  compareIntro: '并排比较两个子样本在每道题上的分布；单选题附卡方检验，检验两组是否不同。',
  compareGroupA: 'A 组',
  compareGroupB: 'B 组',
  compareShow: '对比',
  compareDifference: '组间差异：χ² = {statistic}，自由度 = {df}，{p}，Cramér’s V = {v}',
  compareNoTestMultiple: '多选题不做组间检验（单元格之间不独立）。',
  compareNoTestCategories: '有人回答的类别少于两个，不做检验。',
  compareOverlap: '两组有 {count} 人重叠，不做组间检验。',
  compareOpen: '子样本对比',
  compareExample: '示例（原研究的对比）：{a} 与 {b}',
  compareChoose: '为两组分别选择条件，然后点击“对比”。',
  compareSize: '{count} 人',
  exportTitle: '导出',
  exportResponsesCsv: '原始数据 CSV（代码）',
  exportResponsesLabels: '原始数据 CSV（选项文字）',
  exportSpss: 'SPSS 语法（.sps）',
  exportCodebook: '编码表（codebook.csv）',
  exportResultsCsv: '本页统计表 CSV',
  exportCrosstabCsv: '交叉表 CSV',
  exportChosen: '选中',
  exportNotChosen: '未选中',
  exportOtherText: '{label}（填写内容）',
  exportResponseId: '答卷编号',
  exportResponseIdNote: 'API 返回的答卷编号，照原样写出：即使以 - 开头，前面也从不加引号。',
  exportTextNote: "以 =、+、-、@、制表符或回车开头的文字，前面加了一个 '，以免电子表格把它当作公式运行（在 R 中：sub(\"^'\", \"\", x)）。",
  exportSubmittedAt: '提交时间（UTC）',
  exportVersion: '问卷版本',
  exportQuestionId: '题目代码',
  exportQuestion: '题目',
  exportRowCode: '行代码',
  exportCode: '选项代码',
  exportCiLow: '95% 置信区间下限（%）',
  exportCiHigh: '95% 置信区间上限（%）',
  exportAnswered: '本题有效填写人次',
  exportDegreesOfFreedom: '自由度',
  exportSpssHowTo: '把本文件与 {file} 放在同一文件夹，用 CD 命令进入该文件夹（或在 FILE= 中写完整路径）后运行',
  exportSpssLabels: 'SPSS 语法读取以代码导出的 CSV，选项文字由语法中的 VALUE LABELS 提供：请去掉 labels=1。',
  whereSyntax: '筛选条件“{text}”的格式应为 题目:代码[,代码…]，例如 browse:1',
  whereUnknownVariable: '问卷中没有题目“{id}”。',
  whereWholeMatrix: '“{id}”是矩阵题，请筛选其中一行，例如 {example}',
  whereUnknownValue: '“{value}”不是“{id}”的选项代码。',
  whereTooMany: '筛选条件最多 {max} 个。',
  versionUnknown: '这份问卷没有版本 {version}。',
  variableMissing: '请选择行变量和列变量。',
  variableUnknown: '问卷中没有题目“{id}”（矩阵题请选择某一行，例如 {example}）。',
  questionWithoutOther: '题目“{id}”没有需要填写文字的选项。',
  pageInvalid: '页码应为正整数。',
  queryNotText: '参数“{name}”应为文字。',
  queryRepeated: '参数“{name}”只能给出一次。',
  queryNotWholeNumber: '参数“{name}”应为正整数。',
  queryNotFlag: '参数“{name}”应为 0 或 1。',
};

const en: ResultsMessages = {
  resultsTitle: 'Results',
  respondents: '{count} respondents',
  marginOfError: 'margin of error ±{margin} %',
  marginOfErrorHint: '95 % confidence, in the worst case (p = 0.5)',
  live: 'Live',
  liveUpdated: 'updated {time}',
  liveStale: 'computed {time}; computed again as new responses arrive',
  liveOffline: 'cannot update just now; trying again shortly',
  liveSignedOut: 'You are signed out; this page no longer updates.',
  liveSignIn: 'Sign in again',
  versionsCounted: 'Versions counted: {versions}',
  versionNotCounted: 'Version {version} ({count} responses) is not counted: {reasons}',
  versionConflict: 'in “{question}”, code {value} meant “{there}” there and means “{here}” here',
  versionTypeChanged: '“{question}” changed its type',
  versionShow: 'Show version {version}',
  versionShowing: 'Showing version {version}',
  versionShowCurrent: 'Back to the current version',
  questionNumber: 'Question {number}',
  answered: 'Answered by {count}',
  option: 'Option',
  count: 'Count',
  percent: 'Percent',
  interval: '95 % interval',
  intervalHint: 'Wilson score interval: with 95 % confidence the share in the population lies in this range',
  severalAnswers: 'Several answers each: percents may add up to more than 100 %',
  row: 'Row',
  noAnswers: 'Nobody has answered yet',
  otherTexts: 'Texts written for “{label}” ({count})',
  otherTextsNone: 'No texts.',
  otherTextsNewer: 'Newer',
  otherTextsOlder: 'Older',
  otherTextsPage: 'Page {page} of {pages}',
  otherTextsBack: 'Back to the results',
  computingTitle: 'Counting',
  computingBody: 'Counting this page from {count} responses: {seconds} s so far. With many responses this takes a while; the page shows the results by itself when they are ready.',
  computingReload: 'Reload now',
  chartLabel: 'Percent',
  chartAlt: 'Bar chart of “{title}”; the thin lines are the 95 % intervals',
  tableOf: 'Table of “{title}”',
  answeredLabel: 'Answered',
  typeSingle: 'one answer',
  typeMulti: 'several answers',
  typeMatrix: 'grid, one answer per row',
  typeMatrixMultiple: 'grid, several answers per row',
  navSurveys: 'All surveys',
  listRespondents: 'Respondents',
  crosstabThisQuestion: 'Crosstab with this question as rows',
  otherTextsFirst: 'The newest {count}:',
  otherTextsAll: 'See every text',
  otherTextsLoading: 'Loading…',
  otherTextsText: 'Text',
  otherTextsWhen: 'Submitted',
  otherTextsFailed: 'Cannot load them just now; open “See every text”.',
  subgroupTitle: 'Subgroup',
  subgroupAll: 'All respondents',
  subgroupShowing: 'Respondents where {conditions}',
  subgroupAdd: 'Add a condition',
  subgroupApply: 'Filter',
  subgroupClear: 'Clear the filter',
  subgroupQuestion: 'Question',
  subgroupAnyOf: 'is any of',
  subgroupAnd: 'and',
  subgroupEmpty: 'No response matches.',
  subgroupIs: 'is',
  subgroupRemove: 'Remove the condition: {condition}',
  subgroupPickHint: 'Tick one or more answers of a question (or of one matrix row): any of the answers ticked for one question, and every question’s condition at once.',
  subgroupChoose: 'Choose a question…',
  subgroupCodes: 'Answers',
  crosstabTitle: 'Crosstab',
  crosstabIntro: 'Any two questions against each other; a matrix row counts as a question of its own.',
  crosstabRow: 'Rows',
  crosstabColumn: 'Columns',
  crosstabShow: 'Show',
  crosstabCounts: 'Counts',
  crosstabRowPercent: 'Row %',
  crosstabColumnPercent: 'Column %',
  crosstabTotal: 'Total',
  crosstabAnsweredBoth: 'Answered both: {count}',
  crosstabChiSquare: 'Chi-square test of independence',
  crosstabChiSquareLine: 'χ² = {statistic}, df = {df}, {p}, Cramér’s V = {v}',
  crosstabSignificant: 'The two are associated at the 0.05 level.',
  crosstabNotSignificant: 'No association at the 0.05 level.',
  crosstabSmallExpected: 'Caution: {share} % of the expected counts are below 5 (the smallest is {min}); the chi-square approximation may be poor.',
  crosstabResidualsHint: '▲/▼ mark cells whose adjusted standardized residual is beyond ±1.96: clearly more/fewer respondents than independence predicts. They drive the association.',
  crosstabAbove: 'more than expected',
  crosstabBelow: 'fewer than expected',
  crosstabLeftOut: 'Rows and columns nobody answered are left out of the test.',
  crosstabUntestedMultiple: 'No chi-square test: “{variable}” takes several answers per respondent, so its cells are not independent.',
  crosstabUntestedCategories: 'No chi-square test: fewer than two categories have respondents.',
  crosstabOpen: 'Crosstab',
  crosstabResidual: 'adjusted standardized residual {value}',
  crosstabChoose: 'Choose a question for the rows and one for the columns.',
  compareTitle: 'Two subgroups side by side',
  compareIntro: 'Each question for both subgroups; for one-answer questions, a chi-square test of whether the two groups differ.',
  compareGroupA: 'Group A',
  compareGroupB: 'Group B',
  compareShow: 'Compare',
  compareDifference: 'Difference between the groups: χ² = {statistic}, df = {df}, {p}, Cramér’s V = {v}',
  compareNoTestMultiple: 'No test for a question with several answers each (its cells are not independent).',
  compareNoTestCategories: 'Fewer than two categories have respondents: no test.',
  compareOverlap: 'The groups share {count} respondents: no test.',
  compareOpen: 'Compare subgroups',
  compareExample: 'For example (the study’s own comparison): {a} against {b}',
  compareChoose: 'Choose the conditions of each group, then Compare.',
  compareSize: '{count} respondents',
  exportTitle: 'Export',
  exportResponsesCsv: 'Responses CSV (codes)',
  exportResponsesLabels: 'Responses CSV (labels)',
  exportSpss: 'SPSS syntax (.sps)',
  exportCodebook: 'Codebook (codebook.csv)',
  exportResultsCsv: 'These tables as CSV',
  exportCrosstabCsv: 'This crosstab as CSV',
  exportChosen: 'chosen',
  exportNotChosen: 'not chosen',
  exportOtherText: '{label} (text)',
  exportResponseId: 'Response',
  exportResponseIdNote: 'The id the API returned for this response, written exactly as it is: never with a quote before it, even when it starts with -.',
  exportTextNote: `A text starting with =, +, -, @, a tab or a carriage return has a ' put before it, so that spreadsheets do not run it as a formula (in R: sub("^'", "", x)).`,
  exportSubmittedAt: 'Submitted (UTC)',
  exportVersion: 'Survey version',
  exportQuestionId: 'Question id',
  exportQuestion: 'Question',
  exportRowCode: 'Row code',
  exportCode: 'Code',
  exportCiLow: '95 % interval, low (%)',
  exportCiHigh: '95 % interval, high (%)',
  exportAnswered: 'Answered',
  exportDegreesOfFreedom: 'df',
  exportSpssHowTo: 'Put this file and {file} in one folder, make it the working folder with CD (or write the full path in FILE=), then run it',
  exportSpssLabels: 'The SPSS syntax reads the CSV written with codes and gives the labels itself (VALUE LABELS): leave out labels=1.',
  whereSyntax: 'The condition “{text}” should read question:code[,code…], for example browse:1',
  whereUnknownVariable: 'The survey has no question “{id}”.',
  whereWholeMatrix: '“{id}” is a matrix: filter on one of its rows, for example {example}',
  whereUnknownValue: '“{value}” is not a code of “{id}”.',
  whereTooMany: 'At most {max} conditions.',
  versionUnknown: 'The survey has no version {version}.',
  variableMissing: 'Choose a question for the rows and one for the columns.',
  variableUnknown: 'The survey has no question “{id}” (for a matrix, choose one of its rows, for example {example}).',
  questionWithoutOther: 'The question “{id}” has no choice that takes text.',
  pageInvalid: 'The page must be a whole number from 1.',
  queryNotText: 'The parameter “{name}” must be plain text.',
  queryRepeated: 'The parameter “{name}” may be given only once.',
  queryNotWholeNumber: 'The parameter “{name}” must be a whole number from 1.',
  queryNotFlag: 'The parameter “{name}” must be 0 or 1.',
};

const resultsWords = catalog<ResultsMessages>({ 'zh-CN': zhCN, en });

export type ResultsMessageKey = keyof ResultsMessages;

/** The words for each kind of question on the results pages (see `QuestionVariant`). */
export const QUESTION_VARIANT_WORDS: Record<QuestionVariant, ResultsMessageKey> = {
  single: 'typeSingle',
  multi: 'typeMulti',
  matrix: 'typeMatrix',
  matrixMultiple: 'typeMatrixMultiple',
};

export const resultsMessagesFor = resultsWords.messagesFor;
export const localizeResults = resultsWords.localize;
