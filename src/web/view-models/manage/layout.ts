import { manageMessagesFor, type ManageMessages } from '../../../domain/locale/manage-messages';
import { researcherMessagesFor, type ResearcherMessages } from '../../../domain/locale/researcher-messages';
import type { Locale } from '../../../domain/survey/definition';

/** What every management page prints around its own content: its language, words and stylesheet. */
export interface ManageLayout {
  lang: Locale;
  researcherWords: ResearcherMessages;
  manageWords: ManageMessages;
  stylesheets: string[];
}

export function manageLayout(lang: Locale): ManageLayout {
  return { lang, researcherWords: researcherMessagesFor(lang), manageWords: manageMessagesFor(lang), stylesheets: ['/css/manage.css'] };
}

export const encoded = (surveyId: string) => encodeURIComponent(surveyId);
