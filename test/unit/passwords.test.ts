import { scryptSync } from 'node:crypto';
import {
  CURRENT_PARAMETERS,
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyPassword,
  type PasswordHash,
} from '../../src/services/passwords';

/** Cheap parameters where the test is about the format, not the cost. */
const FAST = { N: 1024, r: 8, p: 1 };

describe('stored passwords are scrypt hashes with their salt and parameters', () => {
  it('verifies the RFC 7914 test vector (scrypt of "password", salt "NaCl", N=1024, r=8, p=16)', async () => {
    const rfc: PasswordHash = {
      algorithm: 'scrypt',
      N: 1024,
      r: 8,
      p: 16,
      salt: Buffer.from('NaCl').toString('base64'),
      hash: Buffer.from(
        'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
        'hex',
      ).toString('base64'),
    };
    expect(await verifyPassword(rfc, 'password')).toBe(true);
    expect(await verifyPassword(rfc, 'Password')).toBe(false);
  });

  it('makes a hash with today’s parameters, a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatchObject({ algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    expect(Buffer.from(stored.salt, 'base64')).toHaveLength(16);
    const expected = scryptSync('correct horse battery', Buffer.from(stored.salt, 'base64'), 64, {
      N: 2 ** 17,
      r: 8,
      p: 1,
      maxmem: 512 * 1024 * 1024,
    });
    expect(stored.hash).toBe(expected.toString('base64'));
  });

  it('salts every hash: the same password twice gives two different hashes that both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('same password', FAST), hashPassword('same password', FAST)]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifyPassword(a, 'same password')).toBe(true);
    expect(await verifyPassword(b, 'same password')).toBe(true);
  });

  it('refuses a wrong password, an empty one, and a tampered hash', async () => {
    const stored = await hashPassword('the right one', FAST);
    expect(await verifyPassword(stored, 'the wrong one')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
    const tampered = Buffer.from(stored.hash, 'base64');
    tampered[0] = tampered[0]! ^ 1;
    expect(await verifyPassword({ ...stored, hash: tampered.toString('base64') }, 'the right one')).toBe(false);
    expect(await verifyPassword({ ...stored, hash: '' }, 'the right one')).toBe(false);
  });

  it('verifies an old hash with the parameters stored beside it, and says it needs re-hashing', async () => {
    const old = await hashPassword('an older password', FAST);
    expect(await verifyPassword(old, 'an older password')).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash({ ...old, ...CURRENT_PARAMETERS })).toBe(false);
  });

  it('treats the same text typed in composed or decomposed Unicode as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait', FAST);
    expect(await verifyPassword(stored, 'cafe\u0301 au lait')).toBe(true);
  });
});

describe('a new password', () => {
  it('needs at least 10 characters', () => {
    expect(passwordProblem('123456789')).toMatch(/at least 10 characters/);
    expect(passwordProblem('1234567890')).toBeNull();
  });

  it('may not be longer than 1024 characters', () => {
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most 1024/);
    expect(passwordProblem('x'.repeat(1024))).toBeNull();
  });
});
