/**
 * npm run token:create -- <username> [--name <label>]
 * Issues an API token for scripts and prints it alone on the last line; only its SHA-256 is
 * stored. Works against MONGODB_URI or the embedded database, with or without the server.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AccountInputError, AccountService } from '../services/accounts';
import { AccountStore } from '../storage/account-store';
import { Refusal, runCommand, withDatabase } from './command';

const USAGE = 'usage: npm run token:create -- <username> [--name <label>]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { name: { type: 'string' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [username, ...extra] = args.positionals;
  if (!username || extra.length) {
    console.error(USAGE);
    return 2;
  }
  const name = args.values.name ?? `token:create ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;

  return withDatabase(async ({ database }) => {
    // The CLI never signs anyone in, so the key for unknown names' counters is not needed.
    const accounts = new AccountService(new AccountStore(database.models), randomBytes(32).toString('hex'));
    try {
      const { token, record } = await accounts.createToken(username, name);
      console.log(`API token "${record.name}" for ${record.username}. It is shown only this once; the database keeps only its SHA-256.`);
      console.log('Send it as the header  Authorization: Bearer <token>');
      console.log(token);
      return 0;
    } catch (error) {
      if (error instanceof AccountInputError) throw new Refusal(`No token issued: ${error.message}.`);
      throw error;
    }
  });
}

runCommand(main);
