import { randomBytes } from 'node:crypto';
import { isDuplicateKey } from './database';
import type { Models } from './models';

const SECRET_ID = 'signing-secret';

/**
 * The secret that signs form tokens and cookies. When none is configured, the first process
 * generates one and stores it, so that every process on the database signs alike.
 */
export async function signingSecret(models: Models, configured?: string): Promise<string> {
  if (configured) return configured;
  const existing = await models.Setting.findById(SECRET_ID).lean();
  if (existing) return existing.value;
  try {
    await models.Setting.create({ _id: SECRET_ID, value: randomBytes(32).toString('base64url') });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const stored = await models.Setting.findById(SECRET_ID).lean();
  if (!stored) throw new Error('Could not store the signing secret');
  return stored.value;
}
