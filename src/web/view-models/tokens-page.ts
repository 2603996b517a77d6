import { format } from '../../domain/locale/messages';
import { researcherMessagesFor } from '../../domain/locale/researcher-messages';
import type { Locale } from '../../domain/survey/definition';
import { isTokenScope, TOKEN_NAME_MAX } from '../../services/accounts';
import { TOKEN_SCOPES, type TokenScope } from '../../storage/account-models';
import type { TokenRecord } from '../../storage/account-store';
import { formatUtcMinute } from './dates';

/** What the tokens page shows besides the list: a new token, or what was sent and its problem. */
export interface TokensPageInput {
  created?: { token: string; record: TokenRecord };
  /** A problem with what was sent, and the field it is about. */
  error?: { field: 'name' | 'scope'; message: string };
  name?: string;
  scope?: string;
  notice?: string;
  /** Where scripts reach the server (`https://host`), for the page's example. */
  origin: string;
}

/** The user's API tokens: each with its scope and use, the form that makes one, and a new token shown once. */
export function tokensPageView(lang: Locale, tokens: readonly TokenRecord[], input: TokensPageInput) {
  const t = researcherMessagesFor(lang);
  const scopeWords: Record<TokenScope, string> = { read: t.tokenScopeRead, manage: t.tokenScopeManage };
  // The form offers `read` first and chosen, unless the user chose otherwise: what a script usually needs.
  const chosen = isTokenScope(input.scope) ? input.scope : input.error?.field === 'scope' ? null : 'read';
  return {
    lang,
    researcherWords: t,
    pageTitle: t.tokensTitle,
    scopes: TOKEN_SCOPES.map((scope) => ({
      value: scope,
      label: scopeWords[scope],
      hint: scope === 'read' ? t.tokenScopeReadHint : t.tokenScopeManageHint,
      checked: scope === chosen,
    })),
    tokens: tokens.map((token) => ({
      id: token.id,
      name: token.name,
      scope: scopeWords[token.scope],
      created: formatUtcMinute(token.createdAt),
      lastUsed: token.lastUsedAt ? formatUtcMinute(token.lastUsedAt) : t.tokenNeverUsed,
      state: token.revokedAt ? format(t.tokenRevokedAt, { time: formatUtcMinute(token.revokedAt) }) : t.tokenActive,
      revoked: !!token.revokedAt,
    })),
    created: input.created ? { token: input.created.token, title: format(t.tokenNewTitle, { name: input.created.record.name }) } : null,
    nameError: input.error?.field === 'name' ? input.error.message : '',
    scopeError: input.error?.field === 'scope' ? input.error.message : '',
    name: input.name ?? '',
    notice: input.notice ?? '',
    nameMax: TOKEN_NAME_MAX,
    origin: input.origin,
  };
}
