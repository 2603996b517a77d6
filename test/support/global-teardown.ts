import fs from 'node:fs';
import type { EmbeddedDatabase } from '../../src/storage/embedded/embedded-ferretdb';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as Record<string, unknown>).__likertTestDatabase as
    | { embedded: EmbeddedDatabase; dataDir: string }
    | undefined;
  if (!started) return;
  await started.embedded.release();
  fs.rmSync(started.dataDir, { recursive: true, force: true });
}
