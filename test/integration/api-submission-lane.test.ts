import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import request from 'supertest';
import { appOn, fixturesDir, surveyFromFile, useTestApp } from '../support/test-app';

/**
 * The JSON API's submissions are served by a lane before Express (web/routes/api.ts) when
 * they are of the usual kind, and by Express otherwise: a client sees the same answers,
 * headers and stored documents either way. (The rest of the API's rules, which hold for both,
 * are in responses-api.test.ts and hostile-input.test.ts.)
 */
const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const t = useTestApp([everyType]);
const url = '/api/surveys/every-type/responses';
const valid = () => ({
  answers: { colour: 'x', fruit: ['1', '5'], agree: { r1: '3', r2: '1' } },
  other: { colour: 'teal', fruit: 'mango' },
});
const stored = () => t.database.models.Response.find().lean();

/** The headers helmet sets on every response of the app. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

/** POSTs `body` as it is, with exactly these headers (no Content-Length unless given), and reads the answer. */
function rawPost(app: http.RequestListener, headers: Record<string, string>, body: Buffer) {
  const server = http.createServer(app);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const req = http.request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: url, headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          server.close();
          resolve({ status: res.statusCode ?? 0, body: text });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  });
}

describe('a stored response is answered as every other response of the app', () => {
  it('carries every security header an error of the same endpoint carries, with the same values', async () => {
    const { app } = appOn(t.database, t.surveys, undefined, { production: true, resultCounts: t.resultCounts });
    const storedOne = await request(app).post(url).send(valid()).expect(201);
    const refused = await request(app).post(url).send({ answers: { colour: 'no such code' } }).expect(422);
    for (const name of SECURITY_HEADERS) {
      expect([name, storedOne.headers[name]]).toEqual([name, refused.headers[name]]);
      expect(storedOne.headers[name]).toEqual(expect.any(String));
    }
    expect(storedOne.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(storedOne.text)).toEqual({ id: expect.any(String) });
  });
});

describe('bodies of another kind are left to Express and stored as before', () => {
  const json = () => Buffer.from(JSON.stringify(valid()));

  it('stores a gzip-encoded body', async () => {
    const gzipped = zlib.gzipSync(json());
    const res = await rawPost(t.app, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(gzipped.length) }, gzipped);
    expect(res.status).toBe(201);
    expect(await stored()).toEqual([expect.objectContaining({ _id: JSON.parse(res.body).id, other: { colour: 'teal', fruit: 'mango' } })]);
  });

  it('stores a body sent in chunks, without a length', async () => {
    const res = await rawPost(t.app, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, json());
    expect(res.status).toBe(201);
    expect(await stored()).toHaveLength(1);
  });

  it('refuses another charset with 415, and stores nothing', async () => {
    const res = await rawPost(t.app, { 'content-type': 'application/json; charset=koi8-r', 'content-length': String(json().length) }, json());
    expect(res.status).toBe(415);
    expect(await stored()).toHaveLength(0);
  });
});

describe('the body is read as express.json reads it', () => {
  it.each([
    ['a JSON string', '"just text"'],
    ['a JSON number', '42'],
    ['JSON cut short', '{"answers":'],
  ])('refuses %s with 400 in the client\'s language, and stores nothing', async (_name, body) => {
    const res = await request(t.app).post(url).set('Content-Type', 'application/json').set('Accept-Language', 'zh-CN').send(body).expect(400);
    expect(res.body.errors[0].message).toMatch(/JSON/);
    expect(res.body.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect(await stored()).toHaveLength(0);
  });

  it('stores a body that starts with a byte-order mark', async () => {
    await request(t.app).post(url).set('Content-Type', 'application/json').send(`\uFEFF${JSON.stringify(valid())}`).expect(201);
    expect(await stored()).toHaveLength(1);
  });
});

describe('the address kept is the client\'s behind the trusted proxies, as for the form', () => {
  const hashOf = (secret: string, address: string) => createHmac('sha256', secret).update(`address|${address}`).digest('base64url').slice(0, 16);

  it('with one trusted proxy, keeps a hash of the address that proxy saw', async () => {
    const { app, secret } = appOn(t.database, t.surveys, undefined, { trustProxy: 1, resultCounts: t.resultCounts });
    await request(app).post(url).set('X-Forwarded-For', '203.0.113.1, 198.51.100.9').send(valid()).expect(201);
    const [doc] = await stored();
    expect(doc!.client?.addressHash).toBe(hashOf(secret, '198.51.100.9'));
  });

  it('with no trusted proxy, ignores X-Forwarded-For', async () => {
    const { app, secret } = appOn(t.database, t.surveys, undefined, { trustProxy: 0, resultCounts: t.resultCounts });
    await request(app).post(url).set('X-Forwarded-For', '198.51.100.9').send(valid()).expect(201);
    const [doc] = await stored();
    expect(doc!.client?.addressHash).not.toBe(hashOf(secret, '198.51.100.9'));
    expect([hashOf(secret, '127.0.0.1'), hashOf(secret, '::ffff:127.0.0.1')]).toContain(doc!.client?.addressHash);
  });
});
