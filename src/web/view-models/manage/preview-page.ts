import { format } from '../../../domain/locale/messages';
import type { Locale } from '../../../domain/survey/definition';
import type { Preview } from '../../../services/survey-management';
import { encoded, manageLayout } from './layout';

/** The preview of a checked text: what changed, the form at 360 px and wide, and the Save button. */
export function previewPageView(lang: Locale, preview: Preview) {
  const layout = manageLayout(lang);
  const m = layout.manageWords;
  const { definition, edit } = preview;
  const frameUrl = `/surveys/new/drafts/${preview.draftId}/form`;
  const heading = format(m.previewTitle, { title: definition.title });
  return {
    ...layout,
    pageTitle: heading,
    heading,
    summary: edit
      ? format(m.previewEdit, { id: definition.id, version: edit.currentVersion })
      : format(m.previewNew, { id: definition.id, count: definition.questions.length }),
    unchanged: edit?.unchanged ?? false,
    changesTitle: edit ? format(m.previewChangesTitle, { version: edit.currentVersion }) : '',
    changes: edit?.changes ?? [],
    sharingIgnored: preview.sharingIgnored,
    frames: [
      { className: 'phone', label: m.previewPhone, title: format(m.previewFrameTitle, { width: '360 px' }), src: frameUrl },
      { className: 'wide', label: m.previewWide, title: format(m.previewFrameTitle, { width: m.previewWide }), src: frameUrl },
    ],
    saveAction: `/surveys/new/drafts/${preview.draftId}`,
    saveLabel: edit ? format(m.saveVersionButton, { version: edit.currentVersion + 1 }) : m.saveNewButton,
    backUrl: edit ? `/surveys/${encoded(definition.id)}/edit?draft=${preview.draftId}` : `/surveys/new?draft=${preview.draftId}`,
  };
}
