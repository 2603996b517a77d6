import { MongoServerError, MongoWriteConcernError } from 'mongodb';
import { isDatabaseUnavailable, isRefusedByServer } from '../../src/storage/database';

/** What a MongoDB server answers, as the driver hands it over: `{ok: 0, code, codeName, errmsg}`. */
const serverSays = (code: number, codeName: string, errmsg = codeName) => new MongoServerError({ ok: 0, code, codeName, errmsg });

describe('telling an unreachable database from a wrong request', () => {
  it('recognises the driver errors of a database that is gone or frozen', () => {
    for (const name of ['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongooseServerSelectionError', 'PoolClearedOnNetworkError']) {
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { name }))).toBe(true);
    }
  });

  it('recognises a raw socket error the driver let through, and a wrapped one', () => {
    const epipe = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    expect(isDatabaseUnavailable(epipe)).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: epipe }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connection 3 to 127.0.0.1:27017 closed'), { name: 'MongoError' }))).toBe(true);
  });

  it('recognises what a replica set answers during a failover or a shutdown, and a command cut off by its time limit', () => {
    const failover = [
      serverSays(10107, 'NotWritablePrimary', 'not primary'),
      serverSays(189, 'PrimarySteppedDown'),
      serverSays(11600, 'InterruptedAtShutdown'),
      serverSays(11602, 'InterruptedDueToReplStateChange'),
      serverSays(91, 'ShutdownInProgress'),
      serverSays(13435, 'NotPrimaryNoSecondaryOk'),
      serverSays(50, 'MaxTimeMSExpired', 'operation exceeded time limit'),
      // An older server says it in words only.
      new MongoServerError({ ok: 0, errmsg: 'not master' }),
    ];
    for (const error of failover) {
      expect({ code: error.code, unavailable: isDatabaseUnavailable(error) }).toEqual({ code: error.code, unavailable: true });
      // None of these says whether a write went through.
      expect({ code: error.code, refused: isRefusedByServer(error) }).toEqual({ code: error.code, refused: false });
    }
  });

  it('recognises a write the primary took but could not replicate as asked (a write-concern error)', () => {
    const timedOut = new MongoWriteConcernError({ ok: 1, n: 1, writeConcernError: { code: 64, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out' } } as never);
    const shutDown = new MongoWriteConcernError({ ok: 1, n: 1, writeConcernError: { code: 91, codeName: 'ShutdownInProgress', errmsg: 'shutting down' } } as never);
    for (const error of [timedOut, shutDown]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(isRefusedByServer(error)).toBe(false);
    }
  });

  it('tells a refusal of the command itself, which applied nothing, from a failure of unknown outcome', () => {
    expect(isRefusedByServer(serverSays(52, 'DollarPrefixedFieldName'))).toBe(true);
    expect(isRefusedByServer(serverSays(2, 'BadValue'))).toBe(true);
    expect(isRefusedByServer(Object.assign(new Error('connection 3 closed'), { name: 'MongoNetworkError' }))).toBe(false);
    expect(isRefusedByServer(new TypeError('x is undefined'))).toBe(false);
  });

  it('does not mistake other errors for an outage', () => {
    expect(isDatabaseUnavailable(serverSays(52, 'DollarPrefixedFieldName'))).toBe(false);
    expect(isDatabaseUnavailable(serverSays(121, 'DocumentValidationFailure'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('E11000 duplicate key'), { name: 'MongoServerError', code: 11000 }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
