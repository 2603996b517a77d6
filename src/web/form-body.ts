import express, { type RequestHandler } from 'express';
import type { FormFields } from '../domain/question-types';

/**
 * Parses an HTML form into URLSearchParams: repeated fields stay lists, and no field name
 * can touch an object's prototype (`__proto__`, `constructor`), unlike nested parsers.
 */
export const formBody: RequestHandler[] = [
  express.text({ type: 'application/x-www-form-urlencoded', limit: '100kb' }),
  (req, _res, next) => {
    req.body = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
    next();
  },
];

export function formFields(req: express.Request): FormFields {
  const params = req.body instanceof URLSearchParams ? req.body : new URLSearchParams();
  return { values: (name) => params.getAll(name) };
}
