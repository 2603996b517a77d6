import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type Database } from '../../src/storage/database';
import { useEmbeddedDatabase, type EmbeddedDatabase } from '../../src/storage/embedded/embedded-ferretdb';

type EmbeddedOptions = Parameters<typeof useEmbeddedDatabase>[0];

/** A test file's own FerretDB, which it may freeze or kill without touching the others' database. */
export interface OwnDatabase {
  /** Its folder: `ferretdb/server.json` there names the running server's pid and port. */
  dataDir: string;
  embedded: EmbeddedDatabase;
  database: Database;
  /** The FerretDB process, for SIGSTOP (a stalled database) and SIGCONT. */
  ferretPid: number;
  /** Thaws the server if a test left it frozen, closes, stops it and removes its files. */
  close(): Promise<void>;
}

/**
 * Starts an embedded FerretDB in a temporary folder of its own (prefix `likert-<name>-`) and
 * connects to database `name` on it.
 */
export async function startOwnDatabase(name: string, options: Omit<EmbeddedOptions, 'dataDir'> = {}): Promise<OwnDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `likert-${name}-`));
  const embedded = await useEmbeddedDatabase({ dataDir, ...options, ...(process.env.FERRETDB_BIN ? { binary: process.env.FERRETDB_BIN } : {}) });
  const ferretPid = (JSON.parse(fs.readFileSync(path.join(dataDir, 'ferretdb', 'server.json'), 'utf8')) as { pid: number }).pid;
  const database = await connectDatabase(embedded.uri, name);
  return {
    dataDir,
    embedded,
    database,
    ferretPid,
    async close() {
      try {
        process.kill(ferretPid, 'SIGCONT');
      } catch {
        // already gone
      }
      await database.close().catch(() => {});
      await embedded.release();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
