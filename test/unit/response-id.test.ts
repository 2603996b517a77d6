import { createHash } from 'node:crypto';
import { RESPONSE_ID, newResponseId, responseIdForIdempotencyKey } from '../../src/domain/response-id';
import { readFormToken, issueFormToken } from '../../src/web/form-token';

/** What a spreadsheet reads as the start of a formula (OWASP), and `_`, which the rule leaves out too. */
const FORMULA_OR_SYMBOL_START = /^[-_=+@\t\r]/;
const SAMPLES = 20_000;

describe('the ids the product gives responses', () => {
  const secret = 's'.repeat(32);

  it('never start with a character a spreadsheet would read as a formula: a form key starts with a letter or a digit', () => {
    const keys = Array.from({ length: SAMPLES }, () => readFormToken(secret, 's', issueFormToken(secret, 's'))!.key);
    // Before the rule 1 key in 32 started with `-` or `_`: about 625 of these.
    expect(keys.filter((key) => FORMULA_OR_SYMBOL_START.test(key)).slice(0, 3)).toEqual([]);
    for (const key of keys.slice(0, 100)) expect(key).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/);
  });

  it('draw the first character from all 62 letters and digits, and the others from all of base64url', () => {
    const ids = Array.from({ length: SAMPLES }, newResponseId);
    const firsts = new Set(ids.map((id) => id[0]));
    // 20,000 draws leave one of 62 equally likely characters out with a probability below 1e-139.
    expect(firsts.size).toBe(62);
    expect(new Set(ids.flatMap((id) => [...id.slice(1)])).size).toBe(64);
    // Evenly: each first character about 1/62 of the draws (323 expected; ±120 is 6.7 standard deviations).
    const counts = [...firsts].map((c) => ids.filter((id) => id[0] === c).length);
    expect(Math.min(...counts)).toBeGreaterThan(203);
    expect(Math.max(...counts)).toBeLessThan(443);
  });

  it('are unguessable: 22 characters, every one different', () => {
    const ids = Array.from({ length: SAMPLES }, newResponseId);
    expect(new Set(ids).size).toBe(SAMPLES);
    expect(ids.filter((id) => !RESPONSE_ID.test(id) || id.length !== 22)).toEqual([]);
  });

  it('make the same id from the same Idempotency-Key, and never one that starts with - or _', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `retry-${i}`);
    const ids = keys.map((key) => responseIdForIdempotencyKey('taobao-2015', key));
    expect(ids.filter((id) => FORMULA_OR_SYMBOL_START.test(id)).slice(0, 3)).toEqual([]);
    expect(keys.map((key) => responseIdForIdempotencyKey('taobao-2015', key))).toEqual(ids);
    expect(new Set(ids).size).toBe(keys.length);
    expect(responseIdForIdempotencyKey('course-feedback', 'retry-1')).not.toBe(ids[1]);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{31}$/);
  });

  it('keep the id an Idempotency-Key gave before the rule, when that one began with a letter or a digit', () => {
    // The id as it was made before: the first 32 characters of the hash.
    const before = (key: string) => createHash('sha256').update(`taobao-2015|${key}`).digest('base64url').slice(0, 32);
    const keys = Array.from({ length: 500 }, (_, i) => `retry-${i}`).filter((key) => /^[A-Za-z0-9]/.test(before(key)));
    expect(keys.length).toBeGreaterThan(450);
    expect(keys.map((key) => responseIdForIdempotencyKey('taobao-2015', key))).toEqual(keys.map(before));
  });
});
