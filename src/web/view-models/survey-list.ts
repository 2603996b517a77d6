import { manageMessagesFor, type ManageMessages } from '../../domain/locale/manage-messages';
import { researcherMessagesFor, type ResearcherMessages } from '../../domain/locale/researcher-messages';
import { resultsMessagesFor, type ResultsMessages } from '../../domain/locale/results-messages';
import type { Locale } from '../../domain/survey/definition';
import type { ListedSurvey } from '../../services/survey-management';
import { formatUtcMinute } from './dates';

export interface SurveyListRow {
  id: string;
  title: string;
  status: string;
  version: number;
  resultsUrl: string;
  crosstabUrl: string;
  respondents: number;
  /** When the last response came, "no response yet", or '' with `lookUpUrl` for responses from before the time was kept. */
  lastResponse: string;
  lookUpUrl: string;
  deleting: boolean;
  /** The owner's link to manage the survey; '' for a viewer. */
  manageUrl: string;
}

export interface SurveyListView {
  lang: Locale;
  researcherWords: ResearcherMessages;
  manageWords: ManageMessages;
  resultsWords: ResultsMessages;
  stylesheets: string[];
  pageTitle: string;
  canCreate: boolean;
  surveys: SurveyListRow[];
}

/** The researcher's landing page: every survey the user may see, with its figures and links. */
export function surveyListView(lang: Locale, listed: readonly ListedSurvey[], canCreate: boolean): SurveyListView {
  const t = researcherMessagesFor(lang);
  const m = manageMessagesFor(lang);
  return {
    lang,
    researcherWords: t,
    manageWords: m,
    resultsWords: resultsMessagesFor(lang),
    stylesheets: ['/css/manage.css'],
    pageTitle: t.surveysTitle,
    canCreate,
    surveys: listed.map(({ survey, access, respondents, lastResponseAt, deleting }) => {
      const id = encodeURIComponent(survey.id);
      return {
        id: survey.id,
        title: survey.title,
        status: survey.status === 'open' ? t.statusOpen : t.statusClosed,
        version: survey.version,
        resultsUrl: `/surveys/${id}/results`,
        crosstabUrl: `/surveys/${id}/crosstab`,
        respondents,
        lastResponse: lastResponseAt ? formatUtcMinute(lastResponseAt) : respondents > 0 ? '' : m.listNoResponse,
        // Responses from before the time was kept: looked up in the responses only when asked.
        lookUpUrl: !lastResponseAt && respondents > 0 ? `/surveys/${id}/last-response` : '',
        deleting,
        manageUrl: access === 'owner' ? `/surveys/${id}/manage` : '',
      };
    }),
  };
}
