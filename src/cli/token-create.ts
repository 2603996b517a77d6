/**
 * npm run token:create -- <username> [--name <label>] [--scope read|manage]
 * Issues an API token for scripts and prints it alone on the last line; only its SHA-256 is
 * stored. The scope is `read` unless `--scope manage` is given: what an export script needs,
 * and no more. Works against MONGODB_URI or the embedded database, with or without the server.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AccountInputError, AccountService, isTokenScope } from '../services/accounts';
import { TOKEN_SCOPES } from '../storage/account-models';
import { AccountStore } from '../storage/account-store';
import { Refusal, runCommand, withDatabase } from './command';

const USAGE = `usage: npm run token:create -- <username> [--name <label>] [--scope ${TOKEN_SCOPES.join('|')}]

--scope read (the default): the survey list, results, crosstabs and exports.
--scope manage: also the changes the account may make (open, close, edit, delete surveys).`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { name: { type: 'string' }, scope: { type: 'string', default: 'read' } } });
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
  const scope = args.values.scope;
  if (!isTokenScope(scope)) {
    console.error(`--scope must be one of ${TOKEN_SCOPES.join(', ')}, got "${scope}"\n${USAGE}`);
    return 2;
  }

  return withDatabase(async ({ database }) => {
    // The CLI never signs anyone in, so the key for unknown names' counters is not needed.
    const accounts = new AccountService(new AccountStore(database.models), randomBytes(32).toString('hex'));
    try {
      const { token, record } = await accounts.createToken(username, name, scope);
      console.log(`API token "${record.name}" for ${record.username}, scope ${record.scope}. It is shown only this once; the database keeps only its SHA-256.`);
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
