import type { Locale } from '../survey/definition';
import { catalog } from './catalog';

/**
 * Every word of the pages that create, edit, open, close and delete surveys in the browser,
 * and of the versions page and the record of actions, in each locale. The problems found in
 * a survey's text have a catalogue of their own (`survey-problem-messages.ts`).
 */
export interface ManageMessages {
  // Survey list
  newSurvey: string;
  listResponses: string;
  listLastResponse: string;
  listActions: string;
  listNoResponse: string;
  listLookUp: string;
  listManage: string;
  listResults: string;
  listDeleting: string;
  listCreateHint: string;
  // Editor
  newTitle: string;
  newIntro: string;
  editTitle: string;
  editIntro: string;
  fromFileNote: string;
  fileLabel: string;
  fileHint: string;
  textLabel: string;
  textHint: string;
  checkButton: string;
  problemsTitle: string;
  problemAt: string;
  problemWholeText: string;
  textRequired: string;
  textTooLarge: string;
  notUtf8: string;
  uploadMalformed: string;
  idTaken: string;
  idTakenReadOnly: string;
  idReserved: string;
  idChanged: string;
  idBeingDeleted: string;
  pageExpiredTextKept: string;
  // Preview
  previewTitle: string;
  previewNew: string;
  previewEdit: string;
  previewUnchanged: string;
  previewChangesTitle: string;
  previewSharingIgnored: string;
  previewPhone: string;
  previewWide: string;
  previewFrameTitle: string;
  saveNewButton: string;
  saveVersionButton: string;
  backToText: string;
  draftGone: string;
  // After saving
  savedNew: string;
  savedVersion: string;
  savedUnchanged: string;
  // Manage page
  manageTitle: string;
  manageId: string;
  manageStatus: string;
  manageVersion: string;
  manageResponses: string;
  manageLastResponse: string;
  manageRespondentPage: string;
  openButton: string;
  closeButton: string;
  openedNotice: string;
  closedNotice: string;
  statusInvalid: string;
  beingDeleted: string;
  deletingNotice: string;
  editLink: string;
  versionsLink: string;
  auditLink: string;
  deleteLink: string;
  resultsLink: string;
  // Versions
  versionsTitle: string;
  versionsIntro: string;
  versionColumn: string;
  versionSaved: string;
  versionBy: string;
  versionResponses: string;
  versionChanges: string;
  versionCurrent: string;
  versionByFile: string;
  versionByUnknown: string;
  versionFirst: string;
  versionOtherDetails: string;
  // Change sentences (see domain/survey/version-diff.ts)
  changeTitle: string;
  changeIntro: string;
  changeLocale: string;
  changeQuestionAdded: string;
  changeQuestionRemoved: string;
  changeQuestionsReordered: string;
  changeQuestionRetitled: string;
  changeQuestionRetyped: string;
  changeNowRequired: string;
  changeNowOptional: string;
  changeChoiceAdded: string;
  changeChoiceRemoved: string;
  changeChoiceRelabelled: string;
  changeChoiceRecoded: string;
  changeCodeMeaning: string;
  listOptions: string;
  listRows: string;
  listColumns: string;
  kindSingle: string;
  kindMulti: string;
  kindMatrix: string;
  kindMatrixMultiple: string;
  localeZh: string;
  localeEn: string;
  // Deleting
  deleteTitle: string;
  deleteWarning: string;
  deleteKept: string;
  deleteConfirmLabel: string;
  deleteButton: string;
  deleteMismatch: string;
  deletedTitle: string;
  deletedBody: string;
  deletingTitle: string;
  deletingBody: string;
  backToSurveys: string;
  responsesOne: string;
  responsesMany: string;
  // Record of actions
  auditTitle: string;
  auditIntro: string;
  auditWhen: string;
  auditWho: string;
  auditWhat: string;
  auditDetail: string;
  auditEmpty: string;
  auditPage: string;
  auditNewer: string;
  auditOlder: string;
  actionCreate: string;
  actionEdit: string;
  actionOpen: string;
  actionClose: string;
  actionDelete: string;
  actionExport: string;
  actionTokenCreate: string;
  actionTokenRevoke: string;
}

const zhCN: ManageMessages = {
  newSurvey: '新建问卷',
  listResponses: '答卷数',
  listLastResponse: '最近答卷',
  listActions: '操作',
  listNoResponse: '暂无',
  listLookUp: '查询',
  listManage: '管理',
  listResults: '结果',
  listDeleting: '正在删除',
  listCreateHint: '也可以在浏览器中新建问卷：',
  newTitle: '新建问卷',
  newIntro: '上传问卷文件（JSON）或粘贴其内容。检查规则与服务器 surveys/ 文件夹中的文件相同（npm run validate），保存之前可以先预览。',
  editTitle: '编辑“{title}”',
  editIntro: '修改下面的问卷内容。保存后成为新版本：已有答卷保留其回答时的版本。问卷代码不能修改。',
  fromFileNote: '此问卷来自服务器上的文件 {file}。下面是其定义的 JSON 文本。若该文件日后被修改，下次启动服务器时文件内容将成为新版本，覆盖您在此处的修改。',
  fileLabel: '问卷文件（.json）',
  fileHint: '选择文件后将使用文件内容，而不是下方的文本。',
  textLabel: '或粘贴 JSON',
  textHint: '格式说明见 JSON Schema:',
  checkButton: '检查并预览',
  problemsTitle: '问卷中有 {count} 处问题，尚未保存任何内容：',
  problemAt: '第 {line} 行第 {column} 列',
  problemWholeText: '整个文本',
  textRequired: '请选择问卷文件或粘贴问卷的 JSON。',
  textTooLarge: '问卷最大为 {max} MB。',
  notUtf8: '文件不是 UTF-8 文本。请以 UTF-8 编码保存后重新上传。',
  uploadMalformed: '表单未能正确送达，请重新提交。',
  idTaken: '代码“{id}”已被使用，请换一个代码。',
  idTakenReadOnly: '代码“{id}”属于一份您只能查看、不能修改的问卷，请换一个代码。',
  idReserved: '“{id}”不能用作问卷代码，请换一个。',
  idChanged: '编辑时不能修改问卷代码：它是“{id}”。如需使用其他代码，请新建问卷。',
  idBeingDeleted: '问卷“{id}”正在删除中。请等它删除完毕，或换一个代码。',
  pageExpiredTextKept: '页面已过期，您的文本已保留，请重新检查。',
  previewTitle: '预览：{title}',
  previewNew: '新问卷“{id}”，共 {count} 题。点击保存之前不会保存任何内容。',
  previewEdit: '问卷“{id}”的新版本（当前为第 {version} 版）。点击保存之前不会保存任何内容。',
  previewUnchanged: '此文本与当前版本相同：保存不会改变任何内容。',
  previewChangesTitle: '与第 {version} 版相比的变化',
  previewSharingIgnored: '文本中的 owners 和 viewers 在这里不起作用：在浏览器中新建的问卷归您所有，编辑时保留原有的共享设置。',
  previewPhone: '手机上的样子（360 像素宽）',
  previewWide: '宽屏上的样子',
  previewFrameTitle: '问卷预览：{width}',
  saveNewButton: '保存问卷',
  saveVersionButton: '保存为第 {version} 版',
  backToText: '修改文本',
  draftGone: '此预览已不可用（预览保留一天）。请重新检查问卷。',
  savedNew: '问卷已创建并开始收集，答题地址：{url}',
  savedVersion: '已保存为第 {version} 版。已有答卷保留其原来的版本。',
  savedUnchanged: '内容与当前版本相同，没有新版本。',
  manageTitle: '管理“{title}”',
  manageId: '代码',
  manageStatus: '状态',
  manageVersion: '当前版本',
  manageResponses: '答卷数',
  manageLastResponse: '最近答卷',
  manageRespondentPage: '答题页面',
  openButton: '开始收集',
  closeButton: '结束收集',
  openedNotice: '问卷正在收集：答题者可以作答。',
  closedNotice: '问卷已结束：答题者看到“已结束”页面。',
  statusInvalid: '状态只能是 open 或 closed。',
  beingDeleted: '问卷“{id}”正在删除中。',
  deletingNotice: '此问卷正在删除中，删除未完成。请再次确认删除以完成。',
  editLink: '编辑',
  versionsLink: '版本',
  auditLink: '操作记录',
  deleteLink: '删除…',
  resultsLink: '结果',
  versionsTitle: '“{title}”的版本',
  versionsIntro: '每个答卷保留其回答时的版本。下面列出每个版本相对上一版本的变化。',
  versionColumn: '版本',
  versionSaved: '保存时间',
  versionBy: '保存者',
  versionResponses: '答卷数',
  versionChanges: '变化',
  versionCurrent: '（当前）',
  versionByFile: '文件 {file}',
  versionByUnknown: '未知',
  versionFirst: '第一个版本。',
  versionOtherDetails: '其他细节有变化（说明文字、可选数量、填空框等）。',
  changeTitle: '问卷标题由“{before}”改为“{after}”。',
  changeIntro: '问卷说明有修改。',
  changeLocale: '问卷语言由{before}改为{after}。',
  changeQuestionAdded: '新增题目“{title}”（{id}），为第 {position} 题。',
  changeQuestionRemoved: '删除了题目“{title}”（{id}）。',
  changeQuestionsReordered: '题目顺序有变化。',
  changeQuestionRetitled: '题目 {id} 的标题由“{before}”改为“{title}”。',
  changeQuestionRetyped: '题目“{title}”（{id}）由{before}改为{after}。',
  changeNowRequired: '题目“{title}”（{id}）现在为必答。',
  changeNowOptional: '题目“{title}”（{id}）现在为选答。',
  changeChoiceAdded: '题目“{title}”（{id}）新增{list}“{label}”，代码为 {value}。',
  changeChoiceRemoved: '题目“{title}”（{id}）删除了{list}“{label}”（代码 {value}）。',
  changeChoiceRelabelled: '题目“{title}”（{id}）的{list} {value} 由“{before}”改名为“{after}”。',
  changeChoiceRecoded: '题目“{title}”（{id}）的{list}“{label}”的代码由 {before} 改为 {after}。',
  changeCodeMeaning: '题目“{title}”（{id}）中代码 {value} 原来表示“{before}”，现在表示“{after}”：把两个版本合并统计会混淆二者。',
  listOptions: '选项',
  listRows: '行',
  listColumns: '列',
  kindSingle: '单选题',
  kindMulti: '多选题',
  kindMatrix: '矩阵单选题',
  kindMatrixMultiple: '矩阵多选题',
  localeZh: '中文',
  localeEn: '英文',
  deleteTitle: '删除“{title}”',
  deleteWarning: '将删除问卷“{id}”、它的所有版本以及 {responses}。此操作无法撤销。',
  deleteKept: '操作记录会保留。',
  deleteConfirmLabel: '请输入问卷代码（{id}）以确认',
  deleteButton: '删除问卷及其答卷',
  deleteMismatch: '请准确输入代码“{id}”以确认删除。',
  deletedTitle: '问卷已删除',
  deletedBody: '问卷“{id}”及其全部答卷已删除。',
  deletingTitle: '正在删除问卷',
  deletingBody: '问卷“{id}”已关闭，其答卷正在服务器上分批删除。删除完成之前，问卷列表中会显示“正在删除”。',
  backToSurveys: '返回问卷列表',
  responsesOne: '{count} 份答卷',
  responsesMany: '{count} 份答卷',
  auditTitle: '“{title}”的操作记录',
  auditIntro: '谁在何时对此问卷做了什么，最新的在前。',
  auditWhen: '时间',
  auditWho: '操作者',
  auditWhat: '操作',
  auditDetail: '详情',
  auditEmpty: '还没有记录。',
  auditPage: '第 {page} 页，共 {pages} 页',
  auditNewer: '较新的',
  auditOlder: '较早的',
  actionCreate: '创建',
  actionEdit: '编辑（新版本）',
  actionOpen: '开始收集',
  actionClose: '结束收集',
  actionDelete: '删除',
  actionExport: '导出',
  actionTokenCreate: '创建令牌',
  actionTokenRevoke: '撤销令牌',
};

const en: ManageMessages = {
  newSurvey: 'New survey',
  listResponses: 'Responses',
  listLastResponse: 'Last response',
  listActions: 'Actions',
  listNoResponse: 'none yet',
  listLookUp: 'look it up',
  listManage: 'Manage',
  listResults: 'Results',
  listDeleting: 'being deleted',
  listCreateHint: 'Or create one in the browser:',
  newTitle: 'New survey',
  newIntro: 'Upload a survey file (JSON) or paste its text. It is checked with the same rules as the files in the server’s surveys/ folder (npm run validate), and you see a preview before anything is saved.',
  editTitle: 'Edit “{title}”',
  editIntro: 'Change the survey’s text below. Saving makes a new version: responses already given keep the version they answered. The id cannot change.',
  fromFileNote: 'This survey comes from the file {file} on the server; the text below is its definition written as JSON. If that file changes, it wins at the next server start and becomes a new version over yours.',
  fileLabel: 'Survey file (.json)',
  fileHint: 'When a file is chosen, it is used instead of the text below.',
  textLabel: 'Or paste the JSON',
  textHint: 'What a survey may contain is described by the JSON Schema:',
  checkButton: 'Check and preview',
  problemsTitle: '{count} problem(s) in the survey; nothing was saved:',
  problemAt: 'line {line}, column {column}',
  problemWholeText: 'the whole text',
  textRequired: 'Choose a survey file or paste the survey’s JSON.',
  textTooLarge: 'A survey may be at most {max} MB.',
  notUtf8: 'The file is not UTF-8 text. Save it as UTF-8 and upload it again.',
  uploadMalformed: 'The form did not arrive as it should; please send it again.',
  idTaken: 'The id “{id}” is taken. Choose another id.',
  idTakenReadOnly: 'The id “{id}” belongs to a survey you may read but not change. Choose another id.',
  idReserved: '“{id}” cannot be a survey id; choose another.',
  idChanged: 'The id cannot change in an edit: it is “{id}”. To make a survey with another id, use New survey.',
  idBeingDeleted: 'The survey “{id}” is being deleted. Wait until it is gone, or choose another id.',
  pageExpiredTextKept: 'This page had expired; your text is kept. Check it again.',
  previewTitle: 'Preview: {title}',
  previewNew: 'A new survey “{id}” with {count} question(s). Nothing is saved until you press Save.',
  previewEdit: 'A new version of “{id}” (now at version {version}). Nothing is saved until you press Save.',
  previewUnchanged: 'This text is the same as the current version: saving changes nothing.',
  previewChangesTitle: 'What changes from version {version}',
  previewSharingIgnored: 'The owners and viewers written in the text are not used here: a survey created in the browser is owned by you, and an edit keeps who may see the survey.',
  previewPhone: 'As on a phone (360 px wide)',
  previewWide: 'On a wide screen',
  previewFrameTitle: 'Preview of the form: {width}',
  saveNewButton: 'Save the survey',
  saveVersionButton: 'Save as version {version}',
  backToText: 'Change the text',
  draftGone: 'This preview is no longer available (previews are kept for a day). Check the survey again.',
  savedNew: 'The survey is created and open; respondents answer it at {url}',
  savedVersion: 'Saved as version {version}. Responses already given keep the version they answered.',
  savedUnchanged: 'The text is the same as the current version: no new version.',
  manageTitle: 'Manage “{title}”',
  manageId: 'Id',
  manageStatus: 'Status',
  manageVersion: 'Current version',
  manageResponses: 'Responses',
  manageLastResponse: 'Last response',
  manageRespondentPage: 'Respondents answer at',
  openButton: 'Open for responses',
  closeButton: 'Close',
  openedNotice: 'The survey is open: respondents can answer it.',
  closedNotice: 'The survey is closed: respondents see a closed page.',
  statusInvalid: 'The status must be open or closed.',
  beingDeleted: 'The survey “{id}” is being deleted.',
  deletingNotice: 'This survey is being deleted and the deletion has not finished. Confirm the deletion again to finish it.',
  editLink: 'Edit',
  versionsLink: 'Versions',
  auditLink: 'Record of actions',
  deleteLink: 'Delete…',
  resultsLink: 'Results',
  versionsTitle: 'Versions of “{title}”',
  versionsIntro: 'Every response keeps the version it answered. Each version is listed with what changed from the one before.',
  versionColumn: 'Version',
  versionSaved: 'Saved',
  versionBy: 'By',
  versionResponses: 'Responses',
  versionChanges: 'What changed',
  versionCurrent: '(current)',
  versionByFile: 'the file {file}',
  versionByUnknown: 'unknown',
  versionFirst: 'The first version.',
  versionOtherDetails: 'Other details changed (descriptions, how many choices may be ticked, text boxes).',
  changeTitle: 'The survey’s title changed from “{before}” to “{after}”.',
  changeIntro: 'The introduction changed.',
  changeLocale: 'The form’s language changed from {before} to {after}.',
  changeQuestionAdded: 'Question “{title}” ({id}) was added as question {position}.',
  changeQuestionRemoved: 'Question “{title}” ({id}) was removed.',
  changeQuestionsReordered: 'The questions are in another order.',
  changeQuestionRetitled: 'Question {id} was retitled from “{before}” to “{title}”.',
  changeQuestionRetyped: 'Question “{title}” ({id}) changed from {before} to {after}.',
  changeNowRequired: 'Question “{title}” ({id}) is now required.',
  changeNowOptional: 'Question “{title}” ({id}) is now optional.',
  changeChoiceAdded: 'In “{title}” ({id}), the {list} “{label}” was added with code {value}.',
  changeChoiceRemoved: 'In “{title}” ({id}), the {list} “{label}” (code {value}) was removed.',
  changeChoiceRelabelled: 'In “{title}” ({id}), the {list} with code {value} was renamed from “{before}” to “{after}”.',
  changeChoiceRecoded: 'In “{title}” ({id}), the {list} “{label}” now has code {after} (it was {before}).',
  changeCodeMeaning: 'In “{title}” ({id}), code {value} meant “{before}” and now means “{after}”: results that count both versions together mix the two.',
  listOptions: 'option',
  listRows: 'row',
  listColumns: 'column',
  kindSingle: 'single choice',
  kindMulti: 'multiple choice',
  kindMatrix: 'a grid with one answer per row',
  kindMatrixMultiple: 'a grid with several answers per row',
  localeZh: 'Chinese',
  localeEn: 'English',
  deleteTitle: 'Delete “{title}”',
  deleteWarning: 'This deletes the survey “{id}”, all its versions and its {responses}. It cannot be undone.',
  deleteKept: 'The record of actions is kept.',
  deleteConfirmLabel: 'To confirm, type the survey’s id ({id})',
  deleteButton: 'Delete the survey and its responses',
  deleteMismatch: 'Type the id “{id}” exactly to confirm the deletion.',
  deletedTitle: 'Survey deleted',
  deletedBody: 'The survey “{id}” and all its responses are deleted.',
  deletingTitle: 'Deleting the survey',
  deletingBody: 'The survey “{id}” is closed and its responses are being deleted on the server, a batch at a time. The survey list says “being deleted” until it is gone.',
  backToSurveys: 'Back to the surveys',
  responsesOne: '{count} response',
  responsesMany: '{count} responses',
  auditTitle: 'Record of actions: “{title}”',
  auditIntro: 'Who did what to this survey, and when; newest first.',
  auditWhen: 'When',
  auditWho: 'Who',
  auditWhat: 'What',
  auditDetail: 'Detail',
  auditEmpty: 'Nothing is recorded yet.',
  auditPage: 'Page {page} of {pages}',
  auditNewer: 'Newer',
  auditOlder: 'Older',
  actionCreate: 'created',
  actionEdit: 'edited (new version)',
  actionOpen: 'opened',
  actionClose: 'closed',
  actionDelete: 'deleted',
  actionExport: 'exported',
  actionTokenCreate: 'created a token',
  actionTokenRevoke: 'revoked a token',
};

const manageWords = catalog<ManageMessages>({ 'zh-CN': zhCN, en });

export const manageMessagesFor = manageWords.messagesFor;
export const localizeManage = manageWords.localize;
export type ManageMessageKey = keyof ManageMessages;

/** "1 response", "12 responses" in the locale's words. */
export function responsesCount(locale: Locale, count: number): string {
  return localizeManage(locale, count === 1 ? 'responsesOne' : 'responsesMany', { count });
}
