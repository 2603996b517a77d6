/** What every `npm run` command shares: its database, and how it ends. */
import { loadConfig, type Config } from '../config';
import { openDatabase, type OpenDatabase } from '../storage/open-database';
import { PromptCancelled } from './prompt';

/** A command that stops on purpose: the message is all the user needs, the code says why. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

/**
 * Opens MONGODB_URI, or the embedded database of DATA_DIR (joining a running server's), for
 * the time of `use`, and closes it however `use` ends.
 */
export async function withDatabase<T>(use: (opened: OpenDatabase, config: Config) => Promise<T>, config: Config = loadConfig()): Promise<T> {
  const opened = await openDatabase(config, (message) => console.error(message));
  try {
    return await use(opened, config);
  } finally {
    await opened.close();
  }
}

/**
 * Runs a command's `main` and exits with the code it returns. Whatever it throws is said in
 * one sentence, without a stack: a Refusal with its own code, Ctrl-C at a prompt with 130,
 * anything else with 1.
 */
export function runCommand(main: () => Promise<number>): void {
  main()
    .then((code) => (process.exitCode = code))
    .catch((error: Error) => {
      if (error instanceof PromptCancelled) {
        console.error('Cancelled; nothing changed.');
        process.exitCode = 130;
        return;
      }
      console.error(error.message);
      process.exitCode = error instanceof Refusal ? error.code : 1;
    });
}
