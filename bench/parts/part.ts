/** One named part of `npm run bench`; each prints its own section. */
export interface BenchPart {
  name: string;
  run(context: BenchContext): Promise<void>;
}

export interface BenchContext {
  /** The database server the bench runs on (a part may use a database of its own there). */
  uri: string;
  /**
   * Base URL of the app as `npm start` runs it (bench/app-process.ts: production settings, its
   * own process, its log in a file) and of the bare server beside it (bench/bare-server.ts, a
   * process of its own). Requests to the app carry `PROXY_HEADERS`, as behind a TLS proxy.
   */
  app: string;
  bare: string;
  /** Seconds each endpoint is loaded per round, and the number of interleaved rounds. */
  seconds: number;
  rounds: number;
  /**
   * CPU time (user and system, ms) the app's process and the bare server's have used so far,
   * NaN where /proc cannot tell. Per request it shows the app's own cost beside the bare one,
   * which the other processes of a busy machine disturb far less than throughput.
   */
  appCpuMs(): number;
  bareCpuMs(): number;
}

/** Runs `a` and `b` in turn for every round, swapping which goes first, so that drift weighs on both. */
export async function interleaved<T>(rounds: number, a: () => Promise<T>, b: () => Promise<T>): Promise<[T, T][]> {
  const results: [T, T][] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const first = await a();
      results.push([first, await b()]);
    } else {
      const second = await b();
      results.push([await a(), second]);
    }
  }
  return results;
}
