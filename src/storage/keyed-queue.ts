/**
 * Runs tasks with the same key one after another, and tasks with different keys freely.
 *
 * FerretDB 1.24 applies an update as read-modify-write without isolation: measured here, 50
 * concurrent `$inc: {hits: 1}` on one document left `hits` at 5, and a compare-and-set
 * (`updateOne({_id, n}, {$set: {n: n + 1}})`) let 40 writers all "win" for a final 17.
 * Counters that must hold (rate-limit hits) therefore go through this queue, which makes them
 * exact within one process; across processes only MongoDB's `$inc` is exact. (What must hold
 * across processes on FerretDB too is counted with unique inserts instead: see password-tries.ts.)
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
