import { format } from '../../../domain/locale/messages';
import type { ManageMessages } from '../../../domain/locale/manage-messages';
import type { Locale } from '../../../domain/survey/definition';
import { problemCount, problemSentence, type SurveyFileProblem } from '../../../domain/survey/survey-file';
import { MAX_SURVEY_BYTES } from '../../../services/survey-management';
import { encoded, manageLayout } from './layout';

/** What the editor shows: a new survey's or an edit's text, and the problems of the last check. */
export interface EditorInput {
  editOf?: string;
  title?: string;
  text: string;
  file?: string;
  problems?: SurveyFileProblem[];
  notice?: string;
}

/**
 * A problem as the editor lists it: where, the JSON path, the sentence in the page's language,
 * and the line it is on (`lines`: the text split once for all its problems).
 */
function problemView(problem: SurveyFileProblem, lines: readonly string[], m: ManageMessages, lang: Locale) {
  const lineText = problem.line ? (lines[problem.line - 1] ?? '').replace(/\r$/, '') : '';
  return {
    where: problem.line ? format(m.problemAt, { line: problem.line, column: problem.column ?? 1 }) : m.problemWholeText,
    path: problem.path,
    message: problemSentence(problem, lang),
    line: problem.line,
    lineText: lineText.length > 200 ? `${lineText.slice(0, 200)}…` : lineText,
  };
}

/** The editor: upload a file or paste JSON, with every problem of the last check. */
export function editorPageView(lang: Locale, input: EditorInput) {
  const layout = manageLayout(lang);
  const m = layout.manageWords;
  const lines = input.problems?.length ? input.text.replace(/^\uFEFF/, '').split('\n') : [];
  const heading = input.editOf ? format(m.editTitle, { title: input.title ?? input.editOf }) : m.newTitle;
  return {
    ...layout,
    pageTitle: heading,
    heading,
    intro: input.editOf ? m.editIntro : m.newIntro,
    fromFile: input.file ? format(m.fromFileNote, { file: input.file }) : '',
    action: input.editOf ? `/surveys/${encoded(input.editOf)}/edit` : '/surveys/new',
    text: input.text,
    problems: (input.problems ?? []).map((p) => problemView(p, lines, m, lang)),
    problemsTitle: format(m.problemsTitle, { count: problemCount(input.problems ?? []) }),
    notice: input.notice ?? '',
    maxBytes: MAX_SURVEY_BYTES,
    backUrl: input.editOf ? `/surveys/${encoded(input.editOf)}/manage` : '/surveys',
  };
}
