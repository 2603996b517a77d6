/**
 * npm run user:add -- <username> --role <admin|researcher|viewer> [--reset-password]
 * Creates a researcher account (or, with --reset-password, sets a new password and unlocks it).
 * Works against MONGODB_URI or the embedded database, with or without the server running.
 */
import { parseArgs } from 'node:util';
import { AccountInputError, AccountService, isRole, normalizeUsername, usernameProblem } from '../services/accounts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../services/passwords';
import { ROLES } from '../storage/account-models';
import { AccountExistsError, AccountStore } from '../storage/account-store';
import { signingSecret } from '../storage/settings';
import { Refusal, runCommand, withDatabase } from './command';
import { askHidden } from './prompt';

const USAGE = `usage: npm run user:add -- <username> --role <${ROLES.join('|')}> [--reset-password]

The password (at least ${MIN_PASSWORD_LENGTH} characters) comes from LIKERT_PASSWORD when it is set,
otherwise it is asked for twice in the terminal, without echo.
--reset-password sets a new password for an existing account and unlocks it (--role changes its role too).`;

/** The new password: from LIKERT_PASSWORD, else typed twice; checked before anything is hashed. */
async function newPassword(): Promise<string> {
  const fromEnv = process.env.LIKERT_PASSWORD;
  if (fromEnv === undefined && !process.stdin.isTTY) {
    throw new Refusal('No password: there is no terminal to ask for one. Set LIKERT_PASSWORD, or run this in a terminal.', 2);
  }
  const password = fromEnv ?? (await askHidden(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `));
  const problem = passwordProblem(password);
  if (problem) throw new Refusal(`Password refused: ${problem}. Nothing changed.`);
  if (fromEnv === undefined && (await askHidden('The same password again: ')) !== password) {
    throw new Refusal('The two passwords differ. Nothing changed.');
  }
  return password;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { role: { type: 'string' }, 'reset-password': { type: 'boolean' } },
    });
  } catch (error) {
    throw new Refusal(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const [typedName, ...extra] = args.positionals;
  const { role, 'reset-password': reset = false } = args.values;
  if (!typedName || extra.length) throw new Refusal(USAGE, 2);
  const nameProblem = usernameProblem(typedName);
  if (nameProblem) throw new Refusal(nameProblem, 2);
  if (role !== undefined && !isRole(role)) throw new Refusal(`--role must be one of ${ROLES.join(', ')}, got "${role}"`, 2);
  if (!reset && role === undefined) throw new Refusal(`--role is required to create an account.\n${USAGE}`, 2);
  const username = normalizeUsername(typedName);

  return withDatabase(async ({ database }, config) => {
    // The servers' own secret: wrong passwords are counted under a keyed hash of the name, which a reset forgets.
    const accounts = new AccountService(new AccountStore(database.models), await signingSecret(database.models, config.sessionSecret));
    try {
      const existing = await accounts.findUser(username);
      if (existing && !reset) {
        throw new Refusal(`An account "${username}" already exists (role ${existing.role}); nothing changed. Use --reset-password to set a new password.`);
      }
      if (!existing && reset) throw new Refusal(`There is no account "${username}"; run without --reset-password to create it.`);

      const password = await newPassword();
      if (reset) {
        if (!(await accounts.resetPassword(username, password, role))) throw new Refusal(`There is no account "${username}".`);
        console.log(`New password set for "${username}"${role ? `, role ${role}` : ''}; the account is unlocked.`);
        return 0;
      }
      await accounts.createUser(username, role!, password);
      console.log(`Created the account "${username}" with the role ${role}.`);
      return 0;
    } catch (error) {
      if (error instanceof AccountExistsError) throw new Refusal(`An account "${username}" already exists; nothing changed.`);
      if (error instanceof AccountInputError) throw new Refusal(error.message);
      throw error;
    }
  });
}

runCommand(main);
