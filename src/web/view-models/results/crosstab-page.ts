import { format } from '../../../domain/locale/messages';
import { resultsMessagesFor, type ResultsMessages } from '../../../domain/locale/results-messages';
import { hasSmallExpectedCounts, type Crosstab } from '../../../domain/results/crosstab';
import { Z_95 } from '../../../domain/statistics';
import type { Locale } from '../../../domain/survey/definition';
import type { Freshness, ShownVersion } from '../../../services/results';
import { exportLinks, type ExportLink } from '../../export-links';
import { queryString, type QueryValue } from '../../results-query';
import { formatP, formatResidual, jsonForScript, shareOf } from './format';
import { freshnessKey, labelsOf, layout, liveStatus, liveWords, surveyPath, whereParams, type Layout, type LiveConfig, type PageQuery, type VariableLabels } from './layout';
import { filterView, type FilterView } from './subgroup-forms';

export type CrosstabShow = 'counts' | 'row' | 'col';

export function crosstabShow(value: string): CrosstabShow {
  return value === 'row' || value === 'col' ? value : 'counts';
}

interface VariableOption {
  value: string;
  label: string;
  selected: boolean;
}

export interface CrosstabCellView {
  main: string;
  /** The adjusted standardized residual, signed; empty where untested. */
  residual: string;
  residualLabel: string;
  /** ▲ / ▼ beyond ±1.96, with its words for those who do not see it. */
  mark: '' | '▲' | '▼';
  markText: string;
  className: string;
}

export interface CrosstabTableView {
  caption: string;
  tableLabel: string;
  rowTitle: string;
  colTitle: string;
  cols: string[];
  rows: { label: string; cells: CrosstabCellView[]; total: string }[];
  colTotals: string[];
  total: string;
  answeredBoth: string;
  test: { title: string; line: string; verdict: string } | null;
  notes: string[];
  warnings: string[];
  residualsHint: string;
}

export interface CrosstabPageView extends Layout {
  form: {
    action: string;
    rowOptions: VariableOption[];
    colOptions: VariableOption[];
    show: CrosstabShow;
    keep: { name: string; value: string }[];
  };
  showLinks: { label: string; href: string; current: boolean }[];
  filter: FilterView;
  /** Null until both variables are chosen. */
  table: CrosstabTableView | null;
  choose: string;
  status: { text: string; stale: boolean };
  config: string | null;
  downloads: { title: string; links: ExportLink[] };
}

function crosstabTable(r: ResultsMessages, labels: VariableLabels, crosstab: Crosstab, show: CrosstabShow): CrosstabTableView {
  const { counts, rowTotals, colTotals, total, residuals, chiSquare } = crosstab;
  const main = (count: number, i: number, j: number) =>
    show === 'row' ? shareOf(count, rowTotals[i]!) : show === 'col' ? shareOf(count, colTotals[j]!) : String(count);
  const rows = crosstab.rows.map((row, i) => ({
    label: row.label,
    cells: crosstab.cols.map((_, j): CrosstabCellView => {
      const residual = residuals?.[i]?.[j] ?? null;
      const mark = residual === null ? '' : residual > Z_95 ? '▲' : residual < -Z_95 ? '▼' : '';
      return {
        main: main(counts[i]![j]!, i, j),
        residual: residual === null ? '' : formatResidual(residual),
        residualLabel: residual === null ? '' : format(r.crosstabResidual, { value: formatResidual(residual) }),
        mark,
        markText: mark === '▲' ? r.crosstabAbove : mark === '▼' ? r.crosstabBelow : '',
        className: mark === '▲' ? 'above' : mark === '▼' ? 'below' : '',
      };
    }),
    total: show === 'row' ? shareOf(rowTotals[i]!, rowTotals[i]!) : show === 'col' ? shareOf(rowTotals[i]!, total) : String(rowTotals[i]),
  }));
  const notes: string[] = [];
  const warnings: string[] = [];
  let test: CrosstabTableView['test'] = null;
  if (chiSquare) {
    test = {
      title: r.crosstabChiSquare,
      line: format(r.crosstabChiSquareLine, {
        statistic: chiSquare.statistic.toFixed(2),
        df: chiSquare.df,
        p: formatP(chiSquare.p),
        v: chiSquare.cramersV.toFixed(3),
      }),
      verdict: chiSquare.p < 0.05 ? r.crosstabSignificant : r.crosstabNotSignificant,
    };
    if (hasSmallExpectedCounts(chiSquare)) {
      warnings.push(format(r.crosstabSmallExpected, { share: (chiSquare.shareExpectedBelow5 * 100).toFixed(1), min: chiSquare.minExpected.toFixed(2) }));
    }
    if (rowTotals.includes(0) || colTotals.includes(0)) notes.push(r.crosstabLeftOut);
  } else if (crosstab.untested === 'multiple') {
    const multiple = crosstab.row.multiple ? crosstab.row : crosstab.col;
    notes.push(format(r.crosstabUntestedMultiple, { variable: labels.variable(multiple.id) }));
  } else if (crosstab.untested === 'tooFewCategories') {
    notes.push(r.crosstabUntestedCategories);
  }
  const caption = `${labels.variable(crosstab.row.id)} × ${labels.variable(crosstab.col.id)}`;
  return {
    caption,
    tableLabel: format(r.tableOf, { title: caption }),
    rowTitle: labels.variable(crosstab.row.id),
    colTitle: labels.variable(crosstab.col.id),
    cols: crosstab.cols.map((c) => c.label),
    rows,
    colTotals: colTotals.map((n) => (show === 'row' ? shareOf(n, total) : show === 'col' ? shareOf(n, n) : String(n))),
    total: show === 'counts' ? String(total) : shareOf(total, total),
    answeredBoth: format(r.crosstabAnsweredBoth, { count: total }),
    test,
    notes,
    warnings,
    residualsHint: residuals ? r.crosstabResidualsHint : '',
  };
}

/**
 * The crosstab page: two variable selects, the counts / row % / column % switch, the filter,
 * and once both variables are chosen the table with its test.
 */
export function crosstabPageView(
  shown: ShownVersion,
  crosstab: (Crosstab & Freshness) | null,
  choice: { row: string; col: string; show: CrosstabShow },
  query: PageQuery,
): CrosstabPageView {
  const { variables } = shown;
  const r = resultsMessagesFor(shown.survey.locale as Locale);
  const l = layout(shown, r.crosstabTitle, 'crosstab', query);
  const labels = labelsOf(shown);
  const path = `${surveyPath(shown.survey.id)}/crosstab`;
  const options = (selected: string) => variables.map((v) => ({ value: v.id, label: labels.variable(v.id), selected: v.id === selected }));
  const pick: [string, QueryValue][] = [['row', choice.row], ['col', choice.col]];
  const scope: [string, QueryValue][] = [['version', query.version], ...whereParams(query.where)];
  const shows: [CrosstabShow, string][] = [['counts', r.crosstabCounts], ['row', r.crosstabRowPercent], ['col', r.crosstabColumnPercent]];
  const keepShow: [string, QueryValue][] = [['show', choice.show === 'counts' ? undefined : choice.show]];
  return {
    ...l,
    form: {
      action: path,
      rowOptions: options(choice.row),
      colOptions: options(choice.col),
      show: choice.show,
      keep: [...scope, ...keepShow]
        .filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== '')
        .map(([name, value]) => ({ name, value: String(value) })),
    },
    showLinks: shows.map(([show, label]) => ({
      label,
      href: `${path}${queryString([...pick, ['show', show === 'counts' ? undefined : show], ...scope])}`,
      current: show === choice.show,
    })),
    filter: filterView(l, labels, shown, path, query, [...pick, ...keepShow]),
    table: crosstab ? crosstabTable(r, labels, crosstab, choice.show) : null,
    choose: crosstab ? '' : r.crosstabChoose,
    downloads: { title: r.exportTitle, links: exportLinks(r, shown.survey.id, query, crosstab ? { kind: 'crosstab', row: choice.row, col: choice.col } : null) },
    status: crosstab ? liveStatus(r, crosstab) : { text: '', stale: false },
    config: crosstab
      ? jsonForScript({
          lang: l.lang,
          key: freshnessKey(crosstab),
          words: liveWords(r),
        } satisfies LiveConfig)
      : null,
  };
}
