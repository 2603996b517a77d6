import type { ResultCountDocument } from '../models';

/**
 * How the kept counts are stored in `result_counts` (see models.ts): one document per version
 * and counter, `<versionId>|<counter>`, that counter's process `$inc`s; and per version a
 * sequence of bases, `<versionId>|base|<seq>`, the latest of which holds what was folded in.
 */

/** The `counter` of a base document. */
export const BASE = 'base';

/** One counter's counts of one version: its own document, or a recount of its responses. */
export interface CounterShare {
  surveyId: string;
  versionId: string;
  counts: Map<string, number>;
}

/** Field names cannot hold dots: `factors.3=1` is kept as `factors:3=1`. */
export const encodeKey = (key: string) => key.replaceAll('.', ':');
const decodeKey = (field: string) => field.replaceAll(':', '.');

export const counterDocumentId = (versionId: string, counter: string) => `${versionId}|${counter}`;
export const baseId = (versionId: string, seq: number) => `${versionId}|${BASE}|${String(seq).padStart(9, '0')}`;

/** The latest base document of each version among `documents`. */
export function latestBases<D extends Pick<ResultCountDocument, 'counter' | 'versionId' | 'seq'>>(documents: D[]): Map<string, D> {
  const latest = new Map<string, D>();
  for (const d of documents) {
    if (d.counter !== BASE) continue;
    const known = latest.get(d.versionId);
    if (!known || (d.seq ?? 0) > (known.seq ?? 0)) latest.set(d.versionId, d);
  }
  return latest;
}

export function countsOf(document: Pick<ResultCountDocument, 'counts'>): Map<string, number> {
  return new Map(Object.entries((document.counts ?? {}) as Record<string, number>).map(([field, n]) => [decodeKey(field), n]));
}

/** Adds `counts` into `into`, key by key; returns `into`. */
export function addCounts(into: Map<string, number>, counts: Iterable<[string, number]>): Map<string, number> {
  for (const [key, n] of counts) into.set(key, (into.get(key) ?? 0) + n);
  return into;
}
