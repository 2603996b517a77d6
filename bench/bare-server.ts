/**
 * The bare server the app is compared with, in a process of its own: plain node:http and the
 * mongodb driver, doing the least the same work can be done with, on the app's database:
 *   POST /            parses the JSON body and inserts the same document the app stores (into
 *                     `bare_responses`, which has the indexes of the app's `responses`);
 *   GET  /form        sends the form page's bytes as the app sent them once (gzip), nothing else;
 *   POST /form        reads the form body and inserts the same document, 303;
 *   GET  /floor       a minimal page holding one Chinese question (the first-question floor).
 * Arguments: the database URI (naming the app's database) and the app's base URL; the app
 * must have started (it creates the survey and the indexes). Prints its port as JSON.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MongoClient } from 'mongodb';
import { checkSubmission } from '../src/domain/answers';
import { PROXY_HEADERS } from './app-process';
import { referenceAnswer, referenceSurvey } from './reference-answer';

const FLOOR_PAGE =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<title>问卷</title></head><body><form method="post"><fieldset><legend>1. 您的性别</legend>' +
  '<label><input type="radio" name="q.gender" value="1"> 男</label> <label><input type="radio" name="q.gender" value="2"> 女</label>' +
  '</fieldset></form></body></html>';

async function main() {
  const [uri, appBase] = process.argv.slice(2) as [string, string];
  const client = await new MongoClient(uri).connect();
  const db = client.db();
  const survey = await db.collection<{ _id: string; currentVersionId: string; currentVersion: number }>('surveys').findOne({ _id: 'taobao-2015' });
  if (!survey) throw new Error('the app has not registered taobao-2015');
  const taobao = referenceSurvey();
  const checked = checkSubmission(taobao, referenceAnswer(taobao));
  if (!checked.ok) throw new Error('the benchmark answer is invalid');

  // The same indexes as the responses collection, so that both pay for the same storage.
  const collection = db.collection('bare_responses');
  for (const { key, name, v: _v, ns: _ns, ...options } of await db.collection('responses').listIndexes().toArray()) {
    if (name !== '_id_') await collection.createIndex(key, options);
  }
  // Fields of the same length as the app's (a counter id, a keyed hash of the address).
  const countedBy = randomUUID();
  const addressHash = randomBytes(12).toString('base64url');
  const insert = (channel: 'api' | 'form', answers: unknown, other: unknown) =>
    collection.insertOne({
      _id: randomBytes(16).toString('base64url') as never,
      surveyId: survey._id,
      versionId: survey.currentVersionId,
      version: survey.currentVersion,
      answers,
      other,
      choices: checked.submission.choices,
      submittedAt: new Date(),
      channel,
      client: { device: 'unknown', addressHash },
      countedBy,
    });

  const formPage = await fetchRaw(`${appBase}/s/taobao-2015`);
  const server = http.createServer((req, res) => {
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  process.on('SIGTERM', () => void client.close().finally(() => process.exit(0)));
}

/** The app's page as it went over the wire to a browser: gzip bytes, not decoded. */
function fetchRaw(url: string): Promise<{ body: Buffer; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip', ...PROXY_HEADERS } }, (res) => {
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
