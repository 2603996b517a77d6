import { format } from '../../../domain/locale/messages';
import { resultsMessagesFor } from '../../../domain/locale/results-messages';
import { describeSubgroup } from '../../../domain/results/subgroup';
import type { Locale } from '../../../domain/survey/definition';
import type { OtherTextsPage, ShownVersion } from '../../../services/results';
import { queryString, type QueryValue } from '../../results-query';
import { formatDateTime } from '../dates';
import { layout, surveyPath, whereParams, type Layout, type PageQuery } from './layout';

export interface OtherTextsPageView extends Layout {
  heading: string;
  tableLabel: string;
  question: string;
  texts: { text: string; when: string; datetime: string }[];
  empty: string;
  pageText: string;
  newer: string | null;
  older: string | null;
  back: string;
  subgroup: string;
}

export function otherTextsPageView(
  shown: ShownVersion,
  page: OtherTextsPage,
  query: PageQuery,
): OtherTextsPageView {
  const r = resultsMessagesFor(shown.survey.locale as Locale);
  const heading = format(r.otherTexts, { label: page.question.label, count: page.count });
  const l = layout(shown, heading, 'other', query);
  const base = surveyPath(shown.survey.id);
  const scope: [string, QueryValue][] = [['version', query.version], ...whereParams(query.where)];
  const pageUrl = (n: number) =>
    `${base}/results/other/${encodeURIComponent(page.question.id)}${queryString([...scope, ['page', n === 1 ? undefined : n]])}`;
  const number = shown.definition.questions.findIndex((q) => q.id === page.question.id) + 1;
  return {
    ...l,
    heading,
    tableLabel: format(r.tableOf, { title: heading }),
    question: `${number > 0 ? `${number}. ` : ''}${page.question.title}`,
    texts: page.texts.map((x) => ({ text: x.text, when: formatDateTime(new Date(x.submittedAt)), datetime: new Date(x.submittedAt).toISOString() })),
    empty: page.texts.length ? '' : r.otherTextsNone,
    pageText: format(r.otherTextsPage, { page: page.page, pages: page.pages }),
    newer: page.page > 1 ? pageUrl(page.page - 1) : null,
    older: page.page < page.pages ? pageUrl(page.page + 1) : null,
    back: `${base}/results${queryString(scope)}#q-${page.question.id}`,
    subgroup: shown.subgroup.length ? describeSubgroup(shown.definition, shown.subgroup) : '',
  };
}
