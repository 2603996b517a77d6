import path from 'node:path';
import { defaultPaths } from './paths';

export interface Config {
  port: number;
  /** Where people reach the server (behind a proxy, say), without a trailing slash; unset: http://localhost:PORT. */
  baseUrl?: string;
  /** Whether PORT was set, so that a command can say where its port number came from. */
  portFromEnv: boolean;
  /** A MongoDB server to use; when absent an embedded FerretDB is started under `dataDir`. */
  mongodbUri?: string;
  surveysDir: string;
  dataDir: string;
  /** Signs form tokens and cookies; when absent one is generated and kept in the database. */
  sessionSecret?: string;
  production: boolean;
  /** Number of proxies in front of the app whose X-Forwarded-For can be trusted. */
  trustProxy: number;
  logLevel: string;
  ferretdbBinary?: string;
  /** A researcher's session ends after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** How long submissions are batched before the kept result counts are written. */
  resultsFlushMs: number;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** BASE_URL checked: an http(s) address with nothing after its path, kept without a trailing slash. */
function publicBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`BASE_URL must be an http:// or https:// address, got "${text}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`BASE_URL must be an http:// or https:// address with no query, fragment or password, got "${text}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * The address at which people reach a server run with `config`, listening on `port`: BASE_URL
 * when it is set, else http://localhost:PORT. For example `serverBaseUrl({ port: 3000 }, 3000)`
 * is `http://localhost:3000`.
 */
export function serverBaseUrl(config: Pick<Config, 'baseUrl'>, port: number): string {
  return config.baseUrl ?? `http://localhost:${port}`;
}

/** Reads and checks the environment once; the rest of the app receives the result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  }
  const baseUrl = env.BASE_URL ? publicBaseUrl(env.BASE_URL) : undefined;
  const trustProxy = env.TRUST_PROXY ? Number(env.TRUST_PROXY) : 0;
  if (!Number.isInteger(trustProxy) || trustProxy < 0) {
    throw new ConfigError(`TRUST_PROXY must be the number of proxies in front of the app, got "${env.TRUST_PROXY}"`);
  }
  const production = env.NODE_ENV === 'production';
  const mongodbUri = env.MONGODB_URI?.trim() || undefined;
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    throw new ConfigError('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  }
  const sessionSecret = env.SESSION_SECRET || undefined;
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters long');
  }
  if (production && !sessionSecret) {
    throw new ConfigError('SESSION_SECRET must be set when NODE_ENV=production');
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const resultsFlushMs = env.RESULTS_FLUSH_MS ? Number(env.RESULTS_FLUSH_MS) : 250;
  if (!Number.isInteger(resultsFlushMs) || resultsFlushMs < 10 || resultsFlushMs > 3_600_000) {
    throw new ConfigError(`RESULTS_FLUSH_MS must be a whole number of milliseconds from 10 to 3600000, got "${env.RESULTS_FLUSH_MS}"`);
  }
  const sessionIdleMinutes = env.SESSION_IDLE_MINUTES ? Number(env.SESSION_IDLE_MINUTES) : 30;
  if (!Number.isInteger(sessionIdleMinutes) || sessionIdleMinutes < 1 || sessionIdleMinutes > 1440) {
    throw new ConfigError(`SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 1440, got "${env.SESSION_IDLE_MINUTES}"`);
  }
  return {
    port,
    baseUrl,
    portFromEnv: env.PORT !== undefined && env.PORT !== '',
    mongodbUri,
    surveysDir: path.resolve(env.SURVEYS_DIR || defaultPaths.surveys),
    dataDir: path.resolve(env.DATA_DIR || defaultPaths.data),
    sessionSecret,
    production,
    trustProxy,
    logLevel,
    ferretdbBinary: env.FERRETDB_BIN || undefined,
    sessionIdleMinutes,
    resultsFlushMs,
  };
}
