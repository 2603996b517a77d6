import { issueFormToken, readFormToken } from '../../src/web/form-token';

const secret = 's'.repeat(32);
const now = Date.UTC(2026, 10, 24, 12);

describe('the key a served form carries', () => {
  it('reads back its key and the time it was served', () => {
    const token = issueFormToken(secret, 'taobao-2015', now);
    expect(readFormToken(secret, 'taobao-2015', token, now + 90_000)).toEqual({
      key: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      issuedAt: now,
    });
  });

  it('gives every served form a different key', () => {
    const keys = new Set(Array.from({ length: 100 }, () => readFormToken(secret, 's', issueFormToken(secret, 's', now), now)!.key));
    expect(keys.size).toBe(100);
  });

  it('refuses a token that was altered, signed with another secret, or made for another survey', () => {
    const token = issueFormToken(secret, 'taobao-2015', now);
    const [key, issued, signature] = token.split('.');
    expect(readFormToken(secret, 'taobao-2015', `${'A'.repeat(22)}.${issued}.${signature}`, now)).toBeNull();
    expect(readFormToken(secret, 'taobao-2015', `${key}.${(now - 3_600_000).toString(36)}.${signature}`, now)).toBeNull();
    expect(readFormToken('t'.repeat(32), 'taobao-2015', token, now)).toBeNull();
    expect(readFormToken(secret, 'course-feedback', token, now)).toBeNull();
  });

  it('refuses a token older than a week or from the future, and anything that is not a token', () => {
    expect(readFormToken(secret, 's', issueFormToken(secret, 's', now), now + 8 * 24 * 3600 * 1000)).toBeNull();
    expect(readFormToken(secret, 's', issueFormToken(secret, 's', now + 3_600_000), now)).toBeNull();
    for (const junk of [undefined, null, 42, '', 'a.b.c', 'a.b.c.d', 'x'.repeat(500), ['a']]) {
      expect(readFormToken(secret, 's', junk, now)).toBeNull();
    }
  });
});
