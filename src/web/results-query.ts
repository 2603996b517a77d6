import type { Request } from 'express';
import { localizeResults, type ResultsMessageKey } from '../domain/locale/results-messages';
import { LocalizedError, type AppError } from '../errors';
import type { ResultsQuery } from '../services/results';

/** A 400 about the query parameter `name`, in the page's language (the survey's, on its results pages). */
function badParameter(_req: Request, key: ResultsMessageKey, name: string): AppError {
  return new LocalizedError(400, (locale) => localizeResults(locale, key, { name }));
}

/** A query parameter that may be repeated (`where=a&where=b`), as a list of strings. */
export function queryList(req: Request, name: string): string[] {
  const value = req.query[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v): v is string => typeof v === 'string')) throw badParameter(req, 'queryNotText', name);
  return list.filter((v) => v !== '');
}

/** A query parameter given at most once, as text ('' when absent). */
export function queryText(req: Request, name: string): string {
  const list = queryList(req, name);
  if (list.length > 1) throw badParameter(req, 'queryRepeated', name);
  return list[0] ?? '';
}

/** A whole number from 1 (`version`, `page`), or undefined when absent; 400 for anything else. */
export function queryWholeNumber(req: Request, name: string): number | undefined {
  const text = queryText(req, name);
  if (text === '') return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(text)) throw badParameter(req, 'queryNotWholeNumber', name);
  return Number(text);
}

/** `labels=1` (or `0`, or absent): a yes or no; 400 for anything else. */
export function queryFlag(req: Request, name: string): boolean {
  const text = queryText(req, name);
  if (text !== '' && text !== '0' && text !== '1') throw badParameter(req, 'queryNotFlag', name);
  return text === '1';
}

/** `?version=2&where=browse:1&where=gender:2` */
export function resultsQuery(req: Request): ResultsQuery {
  const version = queryWholeNumber(req, 'version');
  return { ...(version !== undefined ? { version } : {}), where: queryList(req, 'where') };
}

/** A query parameter's value as links carry it; undefined and '' are left out. */
export type QueryValue = string | number | undefined;

/**
 * `?where=browse:1,2&where=gender:2`: parameters in the order given, empty ones left out, and
 * `:` and `,` left readable (both are allowed in a query; ids and codes need no other escape).
 */
export function queryString(params: [string, QueryValue][]): string {
  const parts = params
    .filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== '')
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value)).replace(/%3A/g, ':').replace(/%2C/g, ',')}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * The `where=` conditions of what a condition form ticked: one `variable:code` per ticked box,
 * merged per variable in the order ticked (codes of one variable are alternatives).
 *
 * @example conditionsFromPicks(['browse:1', 'browse:2', 'gender:2']) // ['browse:1,2', 'gender:2']
 */
export function conditionsFromPicks(picks: readonly string[]): string[] {
  const byVariable = new Map<string, string[]>();
  const loose: string[] = [];
  for (const pick of picks) {
    const at = pick.indexOf(':');
    // Not of the form a box sends: passed on as it is, for the results service to explain.
    if (at <= 0 || pick.includes(',')) {
      loose.push(pick);
      continue;
    }
    const codes = byVariable.get(pick.slice(0, at)) ?? [];
    if (!codes.includes(pick.slice(at + 1))) codes.push(pick.slice(at + 1));
    byVariable.set(pick.slice(0, at), codes);
  }
  return [...[...byVariable].map(([variable, codes]) => `${variable}:${codes.join(',')}`), ...loose];
}

