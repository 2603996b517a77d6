import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHash } from '../storage/account-models';

export type { PasswordHash };

export type ScryptParameters = Pick<PasswordHash, 'N' | 'r' | 'p'>;

/**
 * OWASP's recommended scrypt parameters (N=2^17, r=8, p=1: 128 MiB, about a quarter of a
 * second on the project's 2-core machines).
 */
export const CURRENT_PARAMETERS: ScryptParameters = { N: 2 ** 17, r: 8, p: 1 };

export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase or manager; bounded so a request cannot make us hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

const KEY_LENGTH = 64;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParameters, keyLength: number): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below the current parameters.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** The problem with a new password, or null when it may be used. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > MAX_PASSWORD_LENGTH) return `the password may be at most ${MAX_PASSWORD_LENGTH} characters long`;
  return null;
}

export async function hashPassword(password: string, parameters: ScryptParameters = CURRENT_PARAMETERS): Promise<PasswordHash> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(password, salt, parameters, KEY_LENGTH);
  return { algorithm: 'scrypt', ...parameters, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

/** True when `password` is the one `stored` was made from; compares in constant time. */
export async function verifyPassword(stored: PasswordHash, password: string): Promise<boolean> {
  if (stored.algorithm !== 'scrypt' || password.length > MAX_PASSWORD_LENGTH) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  if (expected.length === 0) return false;
  const given = await derive(password, Buffer.from(stored.salt, 'base64'), stored, expected.length);
  return timingSafeEqual(given, expected);
}

/** True when the hash was made with weaker parameters than today's. */
export function needsRehash(stored: PasswordHash, current: ScryptParameters = CURRENT_PARAMETERS): boolean {
  return stored.N < current.N || stored.r < current.r || stored.p < current.p;
}
