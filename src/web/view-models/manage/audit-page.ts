import type { ManageMessageKey } from '../../../domain/locale/manage-messages';
import { format } from '../../../domain/locale/messages';
import type { Locale } from '../../../domain/survey/definition';
import type { AuditAction, AuditEntry } from '../../../storage/audit-log';
import type { SurveyState } from '../../../storage/survey-store';
import { formatUtcMinute } from '../dates';
import { encoded, manageLayout } from './layout';

const ACTION_WORDS: Record<AuditAction, ManageMessageKey> = {
  'survey.create': 'actionCreate',
  'survey.edit': 'actionEdit',
  'survey.open': 'actionOpen',
  'survey.close': 'actionClose',
  'survey.delete': 'actionDelete',
  'survey.export': 'actionExport',
  'token.create': 'actionTokenCreate',
  'token.revoke': 'actionTokenRevoke',
};

/** One page of a survey's record of actions, newest first. */
export function auditPageView(lang: Locale, survey: SurveyState, entries: readonly AuditEntry[], page: number, pages: number) {
  const layout = manageLayout(lang);
  const m = layout.manageWords;
  const url = (p: number) => `/surveys/${encoded(survey.id)}/audit?page=${p}`;
  const heading = format(m.auditTitle, { title: survey.definition.title });
  return {
    ...layout,
    pageTitle: heading,
    heading,
    manageUrl: `/surveys/${encoded(survey.id)}/manage`,
    entries: entries.map((e) => ({ when: formatUtcMinute(e.at), who: e.username, what: m[ACTION_WORDS[e.action]] ?? e.action, detail: e.detail ?? '' })),
    pageLabel: format(m.auditPage, { page, pages }),
    newerUrl: page > 1 ? url(page - 1) : '',
    olderUrl: page < pages ? url(page + 1) : '',
  };
}
