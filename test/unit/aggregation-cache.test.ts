import { AggregationCache } from '../../src/services/aggregation-cache';

/** A computation that finishes when the test says so, counting how often it ran. */
function slowComputation<T>() {
  let runs = 0;
  let finish: (value: T) => void = () => {};
  const compute = () => {
    runs++;
    return new Promise<T>((resolve) => (finish = resolve));
  };
  return { compute, finish: (value: T) => finish(value), runs: () => runs };
}

describe('the aggregation cache of live pages', () => {
  let now = 0;
  const cache = () => new AggregationCache({ minIntervalMs: 2000, costFactor: 4, now: () => now });
  beforeEach(() => (now = 1_000_000));

  it('runs identical aggregations asked for at once only once: the second asker gets the first one’s result', async () => {
    const c = cache();
    const slow = slowComputation<string>();
    const first = c.get('q', 'sig1', slow.compute);
    const second = c.get('q', 'sig1', slow.compute);
    slow.finish('result');
    expect(await first).toMatchObject({ value: 'result', stale: false });
    expect(await second).toMatchObject({ value: 'result', stale: false });
    expect(slow.runs()).toBe(1);
  });

  it('reuses a result while the counts have not moved', async () => {
    const c = cache();
    let runs = 0;
    await c.get('q', 'sig1', async () => ++runs);
    now += 60_000;
    expect(await c.get('q', 'sig1', async () => ++runs)).toMatchObject({ value: 1, stale: false });
    expect(runs).toBe(1);
  });

  it('after the counts moved, serves the old result as stale until its own computing time allows a new one', async () => {
    const c = cache();
    const slow = slowComputation<string>();
    const first = c.get('q', 'sig1', slow.compute);
    now += 3000; // The aggregation took 3 s: not again within 4 × 3 s.
    slow.finish('old');
    await first;
    now += 5000;
    expect(await c.get('q', 'sig2', async () => 'new')).toMatchObject({ value: 'old', stale: true });
    now += 8000;
    expect(await c.get('q', 'sig2', async () => 'new')).toMatchObject({ value: 'new', stale: false });
  });

  it('never recomputes a cheap aggregation more often than the minimum interval', async () => {
    const c = cache();
    let runs = 0;
    await c.get('q', 'sig1', async () => ++runs);
    now += 1000;
    expect(await c.get('q', 'sig2', async () => ++runs)).toMatchObject({ value: 1, stale: true });
    now += 1500;
    expect(await c.get('q', 'sig2', async () => ++runs)).toMatchObject({ value: 2, stale: false });
  });

  it('keeps nothing of a failed aggregation, so that the next asker tries again', async () => {
    const c = cache();
    await expect(c.get('q', 'sig1', async () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    expect(await c.get('q', 'sig1', async () => 'ok')).toMatchObject({ value: 'ok' });
  });
});
