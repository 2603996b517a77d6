import { format } from '../../../domain/locale/messages';
import type { Locale } from '../../../domain/survey/definition';
import type { VersionRow } from '../../../services/survey-management';
import type { SurveyState } from '../../../storage/survey-store';
import { formatUtcMinute } from '../dates';
import { encoded, manageLayout } from './layout';

/** Every version of a survey: when and by whom it was saved, its responses, and what changed. */
export function versionsPageView(lang: Locale, survey: SurveyState, versions: readonly VersionRow[], owner: boolean) {
  const layout = manageLayout(lang);
  const m = layout.manageWords;
  const heading = format(m.versionsTitle, { title: survey.definition.title });
  return {
    ...layout,
    pageTitle: heading,
    heading,
    manageUrl: owner ? `/surveys/${encoded(survey.id)}/manage` : '',
    versions: versions.map((v) => ({
      version: v.version,
      current: v.current,
      saved: formatUtcMinute(v.createdAt),
      by: v.createdBy ?? (v.file ? format(m.versionByFile, { file: v.file }) : m.versionByUnknown),
      responses: v.responses,
      changes: v.first ? [m.versionFirst] : v.changes.length ? v.changes : [m.versionOtherDetails],
    })),
  };
}
