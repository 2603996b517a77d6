/**
 * The servers the benchmark compares, in one process on one database: the app, and a bare
 * server that does the least the same work can be done with, nothing else (its collection
 * has the indexes of the responses collection):
 *   POST /            parses the JSON body and inserts the same document with the driver;
 *   GET  /form        sends the form page's bytes, rendered and compressed beforehand;
 *   POST /form        reads the form body and inserts the same document, 303;
 *   GET  /floor       a minimal page holding one Chinese question (the first-question floor).
 * Prints their ports as JSON.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../src/app';
import { checkSubmission } from '../src/domain/answers';
import { connectDatabase } from '../src/storage/database';
import { ResponseAnalysis } from '../src/storage/response-analysis';
import { ResultCounts } from '../src/storage/result-counts';
import { SurveyStore } from '../src/storage/survey-store';
import { referenceAnswer, referenceSurvey } from './reference-answer';

const FLOOR_PAGE =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<title>问卷</title></head><body><form method="post"><fieldset><legend>1. 您的性别</legend>' +
  '<label><input type="radio" name="q.gender" value="1"> 男</label> <label><input type="radio" name="q.gender" value="2"> 女</label>' +
  '</fieldset></form></body></html>';

async function main() {
  const uri = process.argv[2]!;
  const database = await connectDatabase(uri, 'bench');
  const surveys = new SurveyStore(database.models);
  const taobao = referenceSurvey();
  await surveys.registerDefinition(taobao);
  const state = (await surveys.find('taobao-2015'))!;
  // Kept result counts as the server keeps them: batched off the submission's path.
  const resultCounts = new ResultCounts(database.models, new ResponseAnalysis(database.analysis), { flushIntervalMs: 250 });
  await resultCounts.start();
  const app = createApp({ database, surveys, resultCounts, secret: randomBytes(32).toString('hex'), logger: pino({ level: 'silent' }), production: true, trustProxy: 0 });

  const checked = checkSubmission(taobao, referenceAnswer(taobao));
  if (!checked.ok) throw new Error('the benchmark answer is invalid');
  // The same indexes as the responses collection, so that both pay for the same storage.
  const collection = database.connection.db!.collection('bare_responses');
  for (const [keys, options] of database.models.Response.schema.indexes()) await collection.createIndex(keys as never, options as never);
  const insert = (channel: 'api' | 'form', answers: unknown, other: unknown) =>
    collection.insertOne({
      _id: randomBytes(16).toString('base64url'),
      surveyId: state.id,
      versionId: state.versionId,
      version: state.version,
      answers,
      other,
      choices: checked.submission.choices,
      submittedAt: new Date(),
      channel,
      client: { device: 'unknown' },
    } as never);

  const listen = (server: http.Server) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const appPort = await listen(http.createServer(app));
  const formPage = await fetchRaw(`http://127.0.0.1:${appPort}/s/taobao-2015`);

  const bare = http.createServer((req, res) => {
    if (req.method === 'GET') {
      const page = req.url === '/floor' ? { body: Buffer.from(FLOOR_PAGE), encoding: undefined } : formPage;
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': page.body.length,
        'cache-control': 'no-store',
        ...(page.encoding ? { 'content-encoding': page.encoding, vary: 'Accept-Encoding' } : {}),
      });
      res.end(page.body);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = req.url === '/form';
      const body = form ? checked.submission : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      insert(form ? 'form' : 'api', body.answers, body.other)
        .then((r) => {
          if (form) res.writeHead(303, { location: '/s/taobao-2015/thanks' }).end();
          else res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: r.insertedId }));
        })
        .catch(() => res.writeHead(503).end());
    });
  });
  const barePort = await listen(bare);
  process.stdout.write(`${JSON.stringify({ appPort, barePort })}\n`);
}

/** The app's page as it went over the wire to a browser: gzip bytes, not decoded. */
function fetchRaw(url: string): Promise<{ body: Buffer; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ body: Buffer.concat(chunks), encoding: res.headers['content-encoding'] }));
      })
      .on('error', reject);
  });
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
