/**
 * The app as a server runs it, on a database of its own for the results benchmark, in a
 * process of its own so that its memory can be read. Prints its port and an API token.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../src/app';
import { AccountService } from '../src/services/accounts';
import { AccountStore } from '../src/storage/account-store';
import { connectDatabase } from '../src/storage/database';
import { ResponseAnalysis } from '../src/storage/response-analysis';
import { ResultCounts } from '../src/storage/result-counts';
import { SurveyStore } from '../src/storage/survey-store';
import { referenceSurvey } from './reference-answer';

async function main() {
  const [uri, dbName] = process.argv.slice(2) as [string, string];
  const database = await connectDatabase(uri, dbName);
  const surveys = new SurveyStore(database.models);
  await surveys.registerDefinition(referenceSurvey());
  const resultCounts = new ResultCounts(database.models, new ResponseAnalysis(database.analysis), { flushIntervalMs: 250 });
  await resultCounts.start();
  const secret = randomBytes(32).toString('hex');
  const accounts = new AccountService(new AccountStore(database.models), secret);
  await accounts.createUser('bench', 'researcher', 'bench password long enough').catch(() => {});
  const { token } = await accounts.createToken('bench', 'bench', 'read');
  const app = createApp({ database, surveys, resultCounts, secret, logger: pino({ level: 'silent' }), production: true, trustProxy: 0 });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port, token })}\n`);
  process.on('SIGTERM', () => {
    void resultCounts.stop().finally(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
