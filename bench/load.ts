/** Load generators of the benchmark and how their figures are printed. */
import http from 'node:http';
import zlib from 'node:zlib';
import autocannon from 'autocannon';

export interface Figures {
  /** Completed requests (or form cycles) per second. */
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  /** Server CPU time per completed request or cycle, in ms (see `measured`). */
  cpu?: number;
}

/** Runs a load and adds the server's CPU time per completed request or cycle to its figures. */
export async function measured(serverCpuMs: () => number, seconds: number, load: () => Promise<Figures>): Promise<Figures> {
  const before = serverCpuMs();
  const figures = await load();
  return { ...figures, cpu: (serverCpuMs() - before) / (figures.rps * seconds) };
}

/** `connections` concurrent clients posting `body` to `url` for `seconds` (autocannon). */
export async function postLoad(
  url: string,
  body: string,
  seconds: number,
  connections: number,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Figures> {
  const result = await autocannon({ url, method: 'POST', headers, body, connections, duration: seconds });
  // The form answers a stored response with 303 See Other; that is a success too.
  const seeOther = (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats?.['303']?.count ?? 0;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failed: result.errors + result.non2xx - seeOther };
}

/**
 * `clients` respondents, each in a loop: load the form page as a browser does (gzip, its
 * cookie kept), read its hidden fields, post it filled in with `answerFields`, expect 303.
 * A cycle is one GET and one POST; the figures are cycles per second and cycle latency.
 */
export async function formCycleLoad(
  pageUrl: string,
  answerFields: [string, string][],
  seconds: number,
  clients: number,
  extraHeaders: Record<string, string> = {},
): Promise<Figures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const until = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  let failed = 0;

  async function respondent() {
    let cookie = '';
    while (Date.now() < until) {
      const started = performance.now();
      try {
        const page = await exchange(agent, 'GET', pageUrl, { ...extraHeaders, 'accept-encoding': 'gzip', ...(cookie ? { cookie } : {}) });
        if (page.status !== 200) throw new Error(`GET ${page.status}`);
        const setCookie = page.headers['set-cookie'];
        if (setCookie) cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
        const html = (page.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(page.body) : page.body).toString();
        const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
        const body = new URLSearchParams([['_csrf', hidden('_csrf')], ['_form', hidden('_form')], ...answerFields]).toString();
        const sent = await exchange(agent, 'POST', pageUrl, { ...extraHeaders, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, body);
        if (sent.status !== 303) throw new Error(`POST ${sent.status}`);
        latencies.push(performance.now() - started);
      } catch {
        failed++;
      }
    }
  }

  await Promise.all(Array.from({ length: clients }, respondent));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), failed };
}

function exchange(agent: http.Agent, method: string, url: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const request = http.request(url, { method, agent, headers: body ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function meanFigures(list: Figures[]): Figures {
  const cpu = list.map((f) => f.cpu).filter((c): c is number => c !== undefined && Number.isFinite(c));
  return {
    rps: list.reduce((s, f) => s + f.rps, 0) / list.length,
    p50: list.reduce((s, f) => s + f.p50, 0) / list.length,
    p99: Math.max(...list.map((f) => f.p99)),
    failed: list.reduce((s, f) => s + f.failed, 0),
    // The least CPU a round took: other processes only ever add to it.
    ...(cpu.length ? { cpu: Math.min(...cpu) } : {}),
  };
}

export function figuresTable(rows: [string, Figures][], unit = 'resp/s'): string {
  const line = (name: string, rps: string, p50: string, p99: string, failed: string, cpu: string) =>
    `${name.padEnd(48)} ${rps.padStart(8)} ${p50.padStart(8)} ${p99.padStart(8)} ${failed.padStart(8)} ${cpu.padStart(12)}`;
  return [
    line('endpoint', unit, 'p50 ms', 'p99 ms', 'failed', 'server CPU'),
    ...rows.map(([name, f]) =>
      line(name, f.rps.toFixed(0), f.p50.toFixed(0), f.p99.toFixed(0), String(f.failed), f.cpu === undefined ? '' : `${(f.cpu * 1000).toFixed(0)} µs`),
    ),
  ].join('\n');
}

/** Each round's bare and app throughput, their failures, and the app's share of the bare figure. */
export function roundsTable(pairs: [bare: Figures, app: Figures][], unit: string): string {
  return pairs
    .map(([bare, app], i) => `round ${i + 1}: bare ${bare.rps.toFixed(0)}, app ${app.rps.toFixed(0)} ${unit} (failed ${bare.failed}, ${app.failed}): ${(app.rps / bare.rps).toFixed(2)}`)
    .join('\n');
}
