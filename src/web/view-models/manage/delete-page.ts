import { responsesCount } from '../../../domain/locale/manage-messages';
import { format } from '../../../domain/locale/messages';
import type { Locale } from '../../../domain/survey/definition';
import { encoded, manageLayout } from './layout';

/** The confirmation a deletion asks for, naming the responses that will go (and what was mistyped). */
export function deletePageView(lang: Locale, summary: { id: string; title: string; responses: number; deleting: boolean }, error = '') {
  const layout = manageLayout(lang);
  const m = layout.manageWords;
  const heading = format(m.deleteTitle, { title: summary.title });
  return {
    ...layout,
    pageTitle: heading,
    heading,
    warning: format(m.deleteWarning, { id: summary.id, responses: responsesCount(lang, summary.responses) }),
    deleting: summary.deleting,
    confirmLabel: format(m.deleteConfirmLabel, { id: summary.id }),
    surveyId: summary.id,
    error,
    action: `/surveys/${encoded(summary.id)}/delete`,
    backUrl: `/surveys/${encoded(summary.id)}/manage`,
  };
}

/** After a confirmed deletion: done, or going on in the background (a large survey). */
export function deletedPageView(lang: Locale, surveyId: string, finished: boolean) {
  const layout = manageLayout(lang);
  const m = layout.manageWords;
  const heading = finished ? m.deletedTitle : m.deletingTitle;
  return { ...layout, pageTitle: heading, heading, body: format(finished ? m.deletedBody : m.deletingBody, { id: surveyId }) };
}
