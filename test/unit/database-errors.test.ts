import { isDatabaseUnavailable } from '../../src/storage/database';

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

  it('does not mistake other errors for an outage', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('E11000 duplicate key'), { name: 'MongoServerError', code: 11000 }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
