import path from 'node:path';
import { loadConfig } from '../../src/config';

describe('the configuration read from the environment', () => {
  it('has defaults that run on a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, production: false, trustProxy: 0, logLevel: 'info', sessionIdleMinutes: 30, resultsFlushMs: 250 });
    expect(config.mongodbUri).toBeUndefined();
    expect(config.surveysDir).toBe(path.resolve(__dirname, '..', '..', 'surveys'));
    expect(config.dataDir).toBe(path.resolve(__dirname, '..', '..', 'data'));
  });

  it('takes every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      MONGODB_URI: 'mongodb://db:27017/likert',
      SURVEYS_DIR: '/srv/surveys',
      DATA_DIR: '/srv/data',
      SESSION_SECRET: 'x'.repeat(40),
      NODE_ENV: 'production',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      SESSION_IDLE_MINUTES: '90',
      RESULTS_FLUSH_MS: '1000',
    });
    expect(config).toMatchObject({
      port: 8080,
      mongodbUri: 'mongodb://db:27017/likert',
      surveysDir: '/srv/surveys',
      dataDir: '/srv/data',
      production: true,
      trustProxy: 1,
      logLevel: 'warn',
      sessionIdleMinutes: 90,
      resultsFlushMs: 1000,
    });
  });

  it('takes BASE_URL as the address people reach the server at, without its trailing slash', () => {
    expect(loadConfig({ BASE_URL: 'https://surveys.example.org/likert/' }).baseUrl).toBe('https://surveys.example.org/likert');
    expect(loadConfig({}).baseUrl).toBeUndefined();
  });

  it('says whether PORT was set, so that a command can say where its port came from', () => {
    expect(loadConfig({}).portFromEnv).toBe(false);
    expect(loadConfig({ PORT: '3000' }).portFromEnv).toBe(true);
  });

  it.each([
    [{ BASE_URL: 'surveys.example.org' }, /BASE_URL must be an http:\/\/ or https:\/\/ address/],
    [{ BASE_URL: 'ftp://surveys.example.org' }, /BASE_URL must be an http:\/\/ or https:\/\/ address/],
    [{ BASE_URL: 'https://surveys.example.org/?a=1' }, /no query, fragment or password/],
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be a port number/],
    [{ MONGODB_URI: 'localhost:27017' }, /MONGODB_URI must start with mongodb:\/\//],
    [{ SESSION_SECRET: 'short' }, /at least 32 characters/],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET must be set/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY must be the number of proxies/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ SESSION_IDLE_MINUTES: '0' }, /SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 1440/],
    [{ SESSION_IDLE_MINUTES: '2.5' }, /SESSION_IDLE_MINUTES must be a whole number/],
    [{ SESSION_IDLE_MINUTES: '1441' }, /SESSION_IDLE_MINUTES must be a whole number/],
    [{ SESSION_IDLE_MINUTES: 'half an hour' }, /SESSION_IDLE_MINUTES must be a whole number/],
    [{ RESULTS_FLUSH_MS: '5' }, /RESULTS_FLUSH_MS must be a whole number of milliseconds from 10/],
    [{ RESULTS_FLUSH_MS: 'soon' }, /RESULTS_FLUSH_MS must be a whole number/],
  ])('refuses %j with a sentence', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
