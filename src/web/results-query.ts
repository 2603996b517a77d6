import type { Request } from 'express';
import { AppError } from '../errors';
import type { ResultsQuery } from '../services/results';

/** A query parameter that may be repeated (`where=a&where=b`), as a list of strings. */
export function listParameter(value: unknown): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v): v is string => typeof v === 'string')) throw new AppError(400, 'query parameters must be plain text');
  return list.filter((v) => v !== '');
}

/** A query parameter given at most once, as text ('' when absent). */
export function textParameter(value: unknown): string {
  const list = listParameter(value);
  if (list.length > 1) throw new AppError(400, 'a query parameter was given twice');
  return list[0] ?? '';
}

/** A whole number from 1 (`version`, `page`), or undefined when absent; 400 for anything else. */
export function positiveInteger(value: unknown, name: string): number | undefined {
  const text = textParameter(value);
  if (text === '') return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(text)) throw new AppError(400, `${name} must be a whole number from 1`);
  return Number(text);
}

/** `?version=2&where=browse:1&where=gender:2` */
export function resultsQuery(req: Request): ResultsQuery {
  const version = positiveInteger(req.query.version, 'version');
  return { ...(version !== undefined ? { version } : {}), where: listParameter(req.query.where) };
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
