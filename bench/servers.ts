/**
 * The two servers the submission benchmark compares, in one process on one database:
 * the app's full submission path, and a bare endpoint that parses the body and inserts the
 * same document with the MongoDB driver, nothing else. Prints their ports as JSON.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../src/app';
import { checkSubmission } from '../src/domain/answers';
import { connectDatabase } from '../src/storage/database';
import { SurveyStore } from '../src/storage/survey-store';
import { referenceAnswer, referenceSurvey } from './reference-answer';

async function main() {
  const uri = process.argv[2]!;
  const database = await connectDatabase(uri, 'bench');
  const surveys = new SurveyStore(database.models);
  const taobao = referenceSurvey();
  await surveys.registerDefinition(taobao);
  const state = (await surveys.find('taobao-2015'))!;
  const app = createApp({ database, surveys, secret: randomBytes(32).toString('hex'), logger: pino({ level: 'silent' }), production: true, trustProxy: 0 });

  const checked = checkSubmission(taobao, referenceAnswer(taobao));
  if (!checked.ok) throw new Error('the benchmark answer is invalid');
  const collection = database.connection.db!.collection('bare_responses');
  const bare = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      collection
        .insertOne({
          _id: randomBytes(16).toString('base64url'),
          surveyId: state.id,
          versionId: state.versionId,
          version: state.version,
          answers: body.answers,
          other: body.other,
          choices: checked.submission.choices,
          submittedAt: new Date(),
          channel: 'api',
          client: { device: 'unknown' },
        } as never)
        .then((r) => {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: r.insertedId }));
        })
        .catch(() => {
          res.writeHead(503);
          res.end();
        });
    });
  });

  const listen = (server: http.Server) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const appPort = await listen(http.createServer(app));
  const barePort = await listen(bare);
  process.stdout.write(`${JSON.stringify({ appPort, barePort })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
