import path from 'node:path';
import { loadConfig } from '../../src/config';

describe('the configuration read from the environment', () => {
  it('has defaults that run on a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, production: false, trustProxy: 0, logLevel: 'info' });
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
    });
    expect(config).toMatchObject({
      port: 8080,
      mongodbUri: 'mongodb://db:27017/likert',
      surveysDir: '/srv/surveys',
      dataDir: '/srv/data',
      production: true,
      trustProxy: 1,
      logLevel: 'warn',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be a port number/],
    [{ MONGODB_URI: 'localhost:27017' }, /MONGODB_URI must start with mongodb:\/\//],
    [{ SESSION_SECRET: 'short' }, /at least 32 characters/],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET must be set/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY must be the number of proxies/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
  ])('refuses %j with a sentence', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
