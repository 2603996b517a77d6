import type { Locale } from '../survey/definition';
import { catalog } from './catalog';
import { localeFromAcceptLanguage } from './messages';

/**
 * Every word a researcher sees on the common layout, the sign-in page, the token page and the
 * survey list, in each locale. Results words live in a catalogue of their own.
 * Templates use `{name}` placeholders filled by `format`.
 */
export interface ResearcherMessages {
  productName: string;
  // Layout
  signedInAs: string;
  navSurveys: string;
  navTokens: string;
  signOut: string;
  // Sign-in
  signInTitle: string;
  signInIntro: string;
  username: string;
  password: string;
  signInButton: string;
  signInRequired: string;
  signedOutIdle: string;
  signInFailed: string;
  signInLocked: string;
  signInRateLimited: string;
  formExpired: string;
  plainHttpNeedsHttps: string;
  plainHttpNeedsTrustProxy: string;
  signedOut: string;
  // API
  apiUnauthorized: string;
  forbidden: string;
  // Tokens
  tokensTitle: string;
  tokensIntro: string;
  tokensEmpty: string;
  tokenName: string;
  tokenCreated: string;
  tokenLastUsed: string;
  tokenState: string;
  tokenActive: string;
  tokenRevokedAt: string;
  tokenNeverUsed: string;
  tokenRevoke: string;
  tokenCreateTitle: string;
  tokenCreateButton: string;
  tokenNameHint: string;
  tokenNameRequired: string;
  tokenNameTooLong: string;
  tokenNameControlCharacter: string;
  tokenNameBrokenCharacter: string;
  tokenScope: string;
  tokenScopeHint: string;
  tokenScopeRead: string;
  tokenScopeReadHint: string;
  tokenScopeManage: string;
  tokenScopeManageHint: string;
  tokenScopeRequired: string;
  tokenReadOnly: string;
  tokenCannotManageTokens: string;
  tokenNewTitle: string;
  tokenCopyHint: string;
  tokenUsage: string;
  tokenNotFound: string;
  tokenRevokedNotice: string;
  // Survey list
  surveysTitle: string;
  surveyId: string;
  surveyTitle: string;
  surveyStatus: string;
  surveyVersion: string;
  statusOpen: string;
  statusClosed: string;
  surveyResults: string;
  surveysEmpty: string;
  surveysHowToAdd: string;
  // Error pages
  errorBackToSurvey: string;
  errorAllSurveys: string;
}

const zhCN: ResearcherMessages = {
  productName: 'likert',
  signedInAs: '已登录：',
  navSurveys: '问卷',
  navTokens: 'API 令牌',
  signOut: '退出登录',
  signInTitle: '研究者登录',
  signInIntro: '登录后查看问卷结果。',
  username: '用户名',
  password: '密码',
  signInButton: '登录',
  signInRequired: '请先登录再查看此页面。',
  signedOutIdle: '您已 {minutes} 分钟没有操作，为安全起见已退出登录。请重新登录。',
  signInFailed: '用户名或密码错误。',
  signInLocked: '尝试次数过多，请 {minutes} 分钟后再试。',
  signInRateLimited: '来自您网络的登录尝试过多，请 {minutes} 分钟后再试。',
  formExpired: '页面已过期，请重新提交。',
  plainHttpNeedsHttps:
    '无法登录：服务器以生产模式运行（NODE_ENV=production），但这个页面是通过普通 HTTP 打开的。登录用的 Cookie 只能经 HTTPS 传回，浏览器不会把它们发回来。请通过 HTTPS 提供本站；如果前面有负责 TLS 的反向代理，请设置 TRUST_PROXY（代理的层数），并让代理发送 X-Forwarded-Proto: https。',
  plainHttpNeedsTrustProxy:
    '无法登录：请求经由一个代理以 HTTPS 到达（X-Forwarded-Proto: https），但服务器没有设置 TRUST_PROXY，不信任这个代理，因此把连接当作普通 HTTP，登录用的 Cookie 不会被发回。请把 TRUST_PROXY 设为服务器前面代理的层数（例如 TRUST_PROXY=1）并重新启动服务器。',
  signedOut: '您已退出登录。',
  apiUnauthorized: '需要登录，或发送 Authorization: Bearer <令牌>。',
  forbidden: '您的账户没有执行此操作的权限。',
  tokensTitle: 'API 令牌',
  tokensIntro: '脚本可以用令牌代替登录访问 API:在请求中加入 Authorization: Bearer <令牌>。',
  tokensEmpty: '您还没有创建令牌。',
  tokenName: '名称',
  tokenCreated: '创建时间',
  tokenLastUsed: '最近使用',
  tokenState: '状态',
  tokenActive: '有效',
  tokenRevokedAt: '已于 {time} 撤销',
  tokenNeverUsed: '从未使用',
  tokenRevoke: '撤销',
  tokenCreateTitle: '创建令牌',
  tokenCreateButton: '创建',
  tokenNameHint: '例如用到它的脚本或电脑的名字。',
  tokenNameRequired: '请为令牌起一个名字。',
  tokenNameTooLong: '名称最多 {max} 个字符。',
  tokenNameControlCharacter: '名称含有看不见的字符 {code}，无法保存；请删去它（它常随粘贴的文字而来）。',
  tokenNameBrokenCharacter: '名称含有残缺的字符（{code}，不成对的 UTF-16 代理项），不是有效的文字；请删去它。',
  tokenScope: '权限范围',
  tokenScopeHint: '只给脚本它需要的权限：导出数据的脚本只需“只读”。',
  tokenScopeRead: '只读',
  tokenScopeReadHint: '查看问卷列表、结果和交叉表，下载导出文件。',
  tokenScopeManage: '管理',
  tokenScopeManageHint: '此外还能修改您的账户可以修改的内容：开放、关闭、编辑和删除问卷。',
  tokenScopeRequired: '请选择令牌的权限范围：只读或管理。',
  tokenReadOnly: '这个令牌只能读取（结果和导出）；修改需要权限范围为“管理”的令牌。',
  tokenCannotManageTokens: '令牌不能创建或撤销令牌：请登录后再操作。',
  tokenNewTitle: '新令牌“{name}”',
  tokenCopyHint: '请现在复制并妥善保存：它只显示这一次，服务器只保存它的哈希值。',
  tokenUsage: '用法示例：',
  tokenNotFound: '找不到这个令牌。',
  tokenRevokedNotice: '令牌已撤销，立即失效。',
  surveysTitle: '问卷',
  surveyId: '代码',
  surveyTitle: '标题',
  surveyStatus: '状态',
  surveyVersion: '当前版本',
  statusOpen: '收集中',
  statusClosed: '已结束',
  surveyResults: '结果',
  surveysEmpty: '数据库中还没有问卷。',
  surveysHowToAdd: '把问卷文件（JSON）放进服务器的 surveys/ 文件夹并重新启动服务器，问卷就会出现在这里。',
  errorBackToSurvey: '返回“{title}”的结果',
  errorAllSurveys: '全部问卷',
};

const en: ResearcherMessages = {
  productName: 'likert',
  signedInAs: 'Signed in as',
  navSurveys: 'Surveys',
  navTokens: 'API tokens',
  signOut: 'Sign out',
  signInTitle: 'Researcher sign-in',
  signInIntro: 'Sign in to see your surveys’ results.',
  username: 'Username',
  password: 'Password',
  signInButton: 'Sign in',
  signInRequired: 'Please sign in to see this page.',
  signedOutIdle: 'You were signed out after {minutes} minutes without activity. Please sign in again.',
  signInFailed: 'Wrong username or password.',
  signInLocked: 'Too many attempts, try again in {minutes} minutes.',
  signInRateLimited: 'Too many sign-in attempts from your network, try again in {minutes} minutes.',
  formExpired: 'This page had expired. Please try again.',
  plainHttpNeedsHttps:
    'Signing in cannot work here: the server runs in production mode (NODE_ENV=production), but this page came over plain HTTP. Its sign-in cookies travel only over HTTPS, so the browser never sends them back. Serve the site over HTTPS; behind a TLS-terminating proxy, set TRUST_PROXY (the number of proxies) and have the proxy send X-Forwarded-Proto: https.',
  plainHttpNeedsTrustProxy:
    'Signing in cannot work here: the request came through a proxy over HTTPS (X-Forwarded-Proto: https), but TRUST_PROXY is not set, so the server does not trust the proxy, takes the connection for plain HTTP, and the browser never gets its sign-in cookies back. Set TRUST_PROXY to the number of proxies in front of the server (for example TRUST_PROXY=1) and restart it.',
  signedOut: 'You are signed out.',
  apiUnauthorized: 'Sign in, or send Authorization: Bearer <token>.',
  forbidden: 'Your account may not do this.',
  tokensTitle: 'API tokens',
  tokensIntro: 'Scripts use a token instead of signing in: send Authorization: Bearer <token> with each request.',
  tokensEmpty: 'You have no tokens yet.',
  tokenName: 'Name',
  tokenCreated: 'Created',
  tokenLastUsed: 'Last used',
  tokenState: 'State',
  tokenActive: 'active',
  tokenRevokedAt: 'revoked {time}',
  tokenNeverUsed: 'never',
  tokenRevoke: 'Revoke',
  tokenCreateTitle: 'Create a token',
  tokenCreateButton: 'Create',
  tokenNameHint: 'For example the script or the computer that will use it.',
  tokenNameRequired: 'Please give the token a name.',
  tokenNameTooLong: 'The name may be at most {max} characters.',
  tokenNameControlCharacter: 'The name contains the invisible character {code}, which cannot be stored; remove it (it often comes with pasted text).',
  tokenNameBrokenCharacter: 'The name contains a broken character ({code}, half of a UTF-16 surrogate pair), which is not text; remove it.',
  tokenScope: 'Scope',
  tokenScopeHint: 'Give a script only what it needs: one that exports data needs only “read”.',
  tokenScopeRead: 'read',
  tokenScopeReadHint: 'the survey list, results and crosstabs, and the exports.',
  tokenScopeManage: 'manage',
  tokenScopeManageHint: 'also changes that your account may make: opening, closing, editing and deleting surveys.',
  tokenScopeRequired: 'Choose what the token may do: read or manage.',
  tokenReadOnly: 'This token may only read (results and exports); changes need a token with the scope “manage”.',
  tokenCannotManageTokens: 'A token cannot create or revoke tokens: sign in to do that.',
  tokenNewTitle: 'New token “{name}”',
  tokenCopyHint: 'Copy it now and keep it safe: it is shown only this once, and the server keeps only its hash.',
  tokenUsage: 'For example:',
  tokenNotFound: 'There is no such token.',
  tokenRevokedNotice: 'The token is revoked and stops working at once.',
  surveysTitle: 'Surveys',
  surveyId: 'Id',
  surveyTitle: 'Title',
  surveyStatus: 'Status',
  surveyVersion: 'Current version',
  statusOpen: 'open',
  statusClosed: 'closed',
  surveyResults: 'Results',
  surveysEmpty: 'There are no surveys in the database yet.',
  surveysHowToAdd: 'Put a survey file (JSON) in the server’s surveys/ folder and restart the server: it appears here.',
  errorBackToSurvey: 'Back to the results of “{title}”',
  errorAllSurveys: 'All surveys',
};

const researcherWords = catalog<ResearcherMessages>({ 'zh-CN': zhCN, en });

export const researcherMessagesFor = researcherWords.messagesFor;
export const localizeResearcher = researcherWords.localize;
export type ResearcherMessageKey = keyof ResearcherMessages;

/** Researcher pages are about no survey in particular: the browser's language decides. */
export function researcherLocale(acceptLanguage: string | undefined): Locale {
  return localeFromAcceptLanguage(acceptLanguage);
}
