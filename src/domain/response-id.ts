import { createHash, randomBytes } from 'node:crypto';

/**
 * The ids of responses, as the API returns them and the exports write them.
 *
 * An id the product makes is base64url text whose first character is a letter or a digit,
 * never `-` or `_`: it cannot start a spreadsheet formula (`=`, `+`, `-`, `@`), so the CSV
 * writes it as it is and every tool reads the id the API returned. Ids made before this rule
 * (1 in 64 started with `-`) keep theirs; the export writes them as they are too (see
 * `export/csv-cells.ts`).
 */

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Every id a stored response may have: random keys, hashed Idempotency-Keys, the demo study's
 * `demo-taobao-2015-001`. Nothing of this alphabet can call a function or reach another
 * program from a spreadsheet cell.
 */
export const RESPONSE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Random bytes from a pool filled 4 KB at a time: one call into the system's generator per ~240 ids. */
const pool = { bytes: Buffer.alloc(0), at: 0 };
function pooledRandomBytes(count: number): Buffer {
  if (pool.at + count > pool.bytes.length) {
    pool.bytes = randomBytes(4096);
    pool.at = 0;
  }
  pool.at += count;
  return pool.bytes.subarray(pool.at - count, pool.at);
}

/**
 * A new random id, 22 characters: a letter or digit (one of 62, drawn without bias), then 21
 * base64url characters. 131.9 random bits in all.
 *
 * @example newResponseId() // 'O_SMYQiJnUYsWuEEERG7Qx'
 */
export function newResponseId(): string {
  let first: number;
  do first = pooledRandomBytes(1)[0]! & 63;
  while (first >= 62);
  return BASE64URL[first] + pooledRandomBytes(16).toString('base64url').slice(0, 21);
}

/**
 * The id of the response an API client sends with this `Idempotency-Key`: the same key for the
 * same survey always gives the same id. 32 characters of the SHA-256 of both in base64url, from
 * its first letter or digit on, so that an id made before that rule from a hash that began with
 * one (62 in 64) is the same today.
 */
export function responseIdForIdempotencyKey(surveyId: string, idempotencyKey: string): string {
  const hash = createHash('sha256').update(`${surveyId}|${idempotencyKey}`).digest('base64url');
  return hash.replace(/^[-_]+/, '').slice(0, 32);
}
