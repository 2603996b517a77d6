/**
 * Where a CPU profile's busy time went, by layer of the request's path. Each sample is put
 * in the layer of the innermost frame on its stack that belongs to one (so a socket write
 * made by the driver is the insert's, one made by the response is Node's HTTP), or "other".
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const LAYERS: [layer: string, test: RegExp][] = [
  ['request log line (pino-http, pino, the write to stdout)', /node_modules\/(pino|pino-http|pino-std-serializers|sonic-boom|@pinojs\/redact|fast-redact|safe-stable-stringify|quick-format-unescaped|atomic-sleep|on-exit-leak-free)\/|\/dist\/web\/request-log/],
  ['security headers (helmet)', /node_modules\/helmet\//],
  ['JSON body (express.json)', /node_modules\/(body-parser|raw-body|iconv-lite|content-type|type-is|media-typer|mime-types|mime-db|bytes|destroy|unpipe)\//],
  ['validation (src/domain)', /\/dist\/domain\//],
  ['kept result counts', /\/dist\/storage\/result-counts/],
  ['insert (driver, bson, response store)', /node_modules\/(mongodb|bson|mongoose|mongodb-connection-string-url)\/|\/dist\/storage\//],
  ['client info (address hash, proxy-addr)', /\/dist\/web\/client-info|node_modules\/(proxy-addr|forwarded|ipaddr\.js)\//],
  ['route, service, error handler (src/web, src/services)', /\/dist\/(web|services)\//],
  ['Express (app, router, request/response helpers)', /node_modules\/(express|router|path-to-regexp|finalhandler|parseurl|encodeurl|escape-html|statuses|on-finished|ee-first|depd|http-errors|setprototypeof|accepts|negotiator|fresh|vary|content-disposition|cookie|send|etag|qs|side-channel)\//],
  ['Node HTTP (parse, headers, write the response)', /^node:_http_/],
];

export function layersOf(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const layerOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = layerOf.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    let layer: string;
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') layer = name;
    else {
      const own = LAYERS.find(([, test]) => test.test(node.callFrame.url))?.[0];
      const up = parent.get(id);
      layer = own ?? (up === undefined ? 'other' : classify(up));
    }
    layerOf.set(id, layer);
    return layer;
  };
  const time = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const layer = classify(id);
    time.set(layer, (time.get(layer) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  time.delete('(idle)');
  const busy = [...time.values()].reduce((a, b) => a + b, 0);
  return [
    `busy ${(busy / 1e6).toFixed(1)} s:`,
    ...[...time].sort((a, b) => b[1] - a[1]).map(([layer, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${layer}`),
  ].join('\n');
}
