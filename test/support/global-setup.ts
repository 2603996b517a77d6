import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useEmbeddedDatabase } from '../../src/storage/embedded/embedded-ferretdb';

/**
 * One embedded FerretDB for the whole run, in a temporary folder; each test file then uses
 * a database of its own on it. Set LIKERT_TEST_MONGODB_URI to run against a real MongoDB.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.LIKERT_TEST_MONGODB_URI) return;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-test-'));
  const embedded = await useEmbeddedDatabase({
    dataDir,
    ...(process.env.FERRETDB_BIN ? { binary: process.env.FERRETDB_BIN } : {}),
    progress: (m) => process.stderr.write(`${m}\n`),
  });
  process.env.LIKERT_TEST_MONGODB_URI = embedded.uri;
  (globalThis as Record<string, unknown>).__likertTestDatabase = { embedded, dataDir };
}
