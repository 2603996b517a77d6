import type { ResultsMessages } from '../domain/locale/results-messages';
import { queryString } from './results-query';

/** One download offered on a results page. */
export interface ExportLink {
  label: string;
  href: string;
}

/**
 * The downloads a results or crosstab page offers, each carrying the page's `version=` and
 * `where=` so that the files hold what the page shows: the raw responses (codes, labels),
 * the SPSS syntax and codebook that go with them, and the page's own table.
 *
 * @example exportLinks(r, 'taobao-2015', { version: 2, where: ['browse:1'] }, { kind: 'results' })
 * // [{ label: '原始数据 CSV（代码）', href: '/api/surveys/taobao-2015/export/responses.csv?version=2&where=browse:1' }, …]
 */
export function exportLinks(
  r: ResultsMessages,
  surveyId: string,
  query: { version?: number; where: readonly string[] },
  table: { kind: 'results' } | { kind: 'crosstab'; row: string; col: string } | null,
): ExportLink[] {
  const base = `/api/surveys/${encodeURIComponent(surveyId)}/export`;
  const scope: [string, string | number | undefined][] = [['version', query.version], ...query.where.map((w): [string, string] => ['where', w])];
  const links: ExportLink[] = [];
  if (table?.kind === 'results') links.push({ label: r.exportResultsCsv, href: `${base}/results.csv${queryString(scope)}` });
  if (table?.kind === 'crosstab') {
    links.push({ label: r.exportCrosstabCsv, href: `${base}/crosstab.csv${queryString([['row', table.row], ['col', table.col], ...scope])}` });
  }
  links.push(
    { label: r.exportResponsesCsv, href: `${base}/responses.csv${queryString(scope)}` },
    { label: r.exportResponsesLabels, href: `${base}/responses.csv${queryString([['labels', 1], ...scope])}` },
    { label: r.exportSpss, href: `${base}/responses.sps${queryString(scope)}` },
    { label: r.exportCodebook, href: `${base}/codebook.csv${queryString([['version', query.version]])}` },
  );
  return links;
}
