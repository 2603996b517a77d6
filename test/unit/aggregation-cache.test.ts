import { AggregationPendingError } from '../../src/errors';
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

/** Lets the computations started in the background finish. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('the aggregation cache of live pages', () => {
  let now = 0;
  const cache = () => new AggregationCache({ minIntervalMs: 2000, costFactor: 4, patienceMs: 50, now: () => now });
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

  it('after the counts moved, serves the old result, marked stale, while a slow new one is computed in the background, no sooner than its computing time allows', async () => {
    const c = cache();
    const first = slowComputation<string>();
    const asked = c.get('q', 'sig1', first.compute);
    now += 3000; // The aggregation took 3 s: not again within 4 × 3 s.
    first.finish('old');
    await asked;

    const second = slowComputation<string>();
    now += 5000;
    expect(await c.get('q', 'sig2', second.compute)).toMatchObject({ value: 'old', stale: true });
    expect(second.runs()).toBe(0);
    now += 8000;
    // Answered once the asker's patience is out, without waiting for the new computation.
    expect(await c.get('q', 'sig2', second.compute)).toMatchObject({ value: 'old', stale: true });
    expect(second.runs()).toBe(1);
    expect(await c.get('q', 'sig2', second.compute)).toMatchObject({ value: 'old', stale: true });
    expect(second.runs()).toBe(1);
    second.finish('new');
    await settled();
    expect(await c.get('q', 'sig2', second.compute)).toMatchObject({ value: 'new', stale: false });
    expect(second.runs()).toBe(1);
  });

  it('never recomputes a cheap aggregation more often than the minimum interval', async () => {
    const c = cache();
    let runs = 0;
    await c.get('q', 'sig1', async () => ++runs);
    now += 1000;
    expect(await c.get('q', 'sig2', async () => ++runs)).toMatchObject({ value: 1, stale: true });
    expect(runs).toBe(1);
    now += 1500;
    // Quick enough to be waited for: the asker gets the new figures at once.
    expect(await c.get('q', 'sig2', async () => ++runs)).toMatchObject({ value: 2, stale: false });
    expect(runs).toBe(2);
  });

  it('makes an asker who must have the current figures (an export) wait for them', async () => {
    const c = cache();
    await c.get('q', 'sig1', async () => 'old');
    now += 100;
    expect(await c.get('q', 'sig2', async () => 'new', { fresh: true })).toMatchObject({ value: 'new', stale: false });
  });

  it('keeps the old result when a background computation fails, and tries again only after the interval', async () => {
    const c = cache();
    await c.get('q', 'sig1', async () => 'old');
    let tries = 0;
    const failing = async () => {
      tries++;
      throw new Error('database away');
    };
    now += 2000;
    expect(await c.get('q', 'sig2', failing)).toMatchObject({ value: 'old', stale: true });
    await settled();
    expect(tries).toBe(1);
    now += 1000;
    expect(await c.get('q', 'sig2', failing)).toMatchObject({ value: 'old', stale: true });
    expect(tries).toBe(1);
    now += 1000;
    expect(await c.get('q', 'sig2', async () => 'new')).toMatchObject({ value: 'new', stale: false });
  });

  it('tells an asker with a limit that a first result is still being computed, and lets the computation go on', async () => {
    const c = cache();
    const slow = slowComputation<string>();
    const started = new Date(now);
    await expect(c.get('q', 'sig1', slow.compute, { waitMs: 20 })).rejects.toEqual(new AggregationPendingError(started));
    // Asked again (the page reloads): the same computation, not a second one.
    now += 5000;
    await expect(c.get('q', 'sig1', slow.compute, { waitMs: 20 })).rejects.toMatchObject({ since: started });
    expect(slow.runs()).toBe(1);
    slow.finish('done');
    await settled();
    expect(await c.get('q', 'sig1', slow.compute, { waitMs: 20 })).toMatchObject({ value: 'done', stale: false });
    expect(slow.runs()).toBe(1);
  });

  it('keeps nothing of a failed aggregation, so that the next asker tries again', async () => {
    const c = cache();
    await expect(c.get('q', 'sig1', async () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    expect(await c.get('q', 'sig1', async () => 'ok')).toMatchObject({ value: 'ok' });
  });
});
