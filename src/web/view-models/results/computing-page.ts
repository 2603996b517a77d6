/** How often a page that is still being counted reloads itself (and the Retry-After it sends). */

import { format } from '../../../domain/locale/messages';
import { resultsMessagesFor } from '../../../domain/locale/results-messages';
import { describeSubgroup } from '../../../domain/results/subgroup';
import type { Locale } from '../../../domain/survey/definition';
import type { ShownVersion } from '../../../services/results';
import { layout, type Layout, type PageQuery } from './layout';

export const COMPUTING_RELOAD_SECONDS = 5;

export interface ComputingPageView extends Layout {
  heading: string;
  body: string;
  /** The subgroup being counted, in words; empty for everyone. */
  subgroup: string;
  reload: string;
  reloadSeconds: number;
}

/**
 * The page shown instead of a subgroup, crosstab or comparison whose first aggregation is not
 * ready yet (a large survey on the embedded database takes tens of seconds): it says so, and
 * reloads itself until the figures are in.
 */
export function computingPageView(
  shown: ShownVersion,
  since: Date,
  now: Date,
  current: 'results' | 'crosstab' | 'compare',
  query: PageQuery,
  url: string,
): ComputingPageView {
  const r = resultsMessagesFor(shown.survey.locale as Locale);
  const seconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  const l = layout(shown, r.computingTitle, current, query);
  return {
    ...l,
    heading: r.computingTitle,
    body: format(r.computingBody, { count: shown.respondents, seconds }),
    subgroup: shown.subgroup.length ? describeSubgroup(shown.definition, shown.subgroup) : '',
    reload: url,
    reloadSeconds: COMPUTING_RELOAD_SECONDS,
  };
}
