import type { Config } from '../config';
import { connectDatabase, type Database } from './database';
import { useEmbeddedDatabase } from './embedded/embedded-ferretdb';

export interface OpenDatabase {
  database: Database;
  /** Where it is, without credentials, for messages. */
  description: string;
  close(): Promise<void>;
}

/** Connects to MONGODB_URI, or to the embedded FerretDB of DATA_DIR (started if needed). */
export async function openDatabase(
  config: Config,
  progress: (message: string) => void,
  options: { supervise?: boolean } = {},
): Promise<OpenDatabase> {
  if (config.mongodbUri) {
    const database = await connectDatabase(config.mongodbUri);
    return {
      database,
      description: `MongoDB at ${config.mongodbUri.replace(/\/\/[^@/]*@/, '//***@')}, database ${database.connection.name}`,
      close: () => database.close(),
    };
  }
  const embedded = await useEmbeddedDatabase({
    dataDir: config.dataDir,
    ...(config.ferretdbBinary ? { binary: config.ferretdbBinary } : {}),
    progress,
    supervise: options.supervise ?? false,
  });
  try {
    const database = await connectDatabase(embedded.uri);
    return {
      database,
      description: `embedded FerretDB (${embedded.uri.replace(/\/\?.*$/, '')}, data in ${config.dataDir})`,
      async close() {
        await database.close().catch(() => {});
        await embedded.release();
      },
    };
  } catch (error) {
    await embedded.release();
    throw error;
  }
}
