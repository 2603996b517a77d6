import { format } from '../../../domain/locale/messages';
import type { Locale } from '../../../domain/survey/definition';
import type { SurveyState } from '../../../storage/survey-store';
import { formatUtcMinute } from '../dates';
import { encoded, manageLayout } from './layout';

/** What the survey's management page is told: the survey's summary, and what the request brought back to say. */
export interface SurveyPageInput {
  survey: SurveyState;
  responses: number;
  lastResponseAt?: Date;
  deleting: boolean;
  /** Where respondents reach the server (`https://host`), for the form's address. */
  origin: string;
  /** `?saved=created|version|unchanged&version=` after a save, `?status=open|closed` after a change. */
  saved: string;
  savedVersion: number;
  status: string;
}

/** A survey's management page: its status with open/close, and the links to edit, versions, record and delete. */
export function surveyPageView(lang: Locale, input: SurveyPageInput) {
  const layout = manageLayout(lang);
  const { manageWords: m, researcherWords: t } = layout;
  const { survey } = input;
  const id = encoded(survey.id);
  const notices: Record<string, string> = {
    created: format(m.savedNew, { url: `${input.origin}/s/${id}` }),
    version: format(m.savedVersion, { version: Number.isInteger(input.savedVersion) ? input.savedVersion : survey.version }),
    unchanged: m.savedUnchanged,
  };
  const statusNotice = input.status === 'open' ? m.openedNotice : input.status === 'closed' ? m.closedNotice : '';
  const heading = format(m.manageTitle, { title: survey.definition.title });
  return {
    ...layout,
    pageTitle: heading,
    heading,
    notice: notices[input.saved] ?? statusNotice,
    deleting: input.deleting,
    survey: {
      id: survey.id,
      status: survey.status === 'open' ? t.statusOpen : t.statusClosed,
      open: survey.status === 'open',
      version: survey.version,
      responses: input.responses,
      lastResponse: input.lastResponseAt ? formatUtcMinute(input.lastResponseAt) : m.listNoResponse,
      respondentUrl: `${input.origin}/s/${id}`,
    },
    links: {
      status: `/surveys/${id}/status`,
      results: `/surveys/${id}/results`,
      edit: `/surveys/${id}/edit`,
      versions: `/surveys/${id}/versions`,
      audit: `/surveys/${id}/audit`,
      delete: `/surveys/${id}/delete`,
    },
  };
}
