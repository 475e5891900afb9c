/**
 * Where a thread's CPU time goes, by layer: the V8 sampling profiler (through `node:inspector`, in the thread that
 * runs the app) over a measured run, each sample's time charged to the function on top of the stack (self time) and
 * that function's file sorted into a layer (the HTTP server, each library on the request's way, our code, the
 * database driver, garbage collection, idle). A built-in without a file (JSON.parse, a RegExp, an Array method) is
 * charged to the layer of the function that called it.
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Layers in the order a request meets them; the first whose pattern matches a function's file wins. */
const LAYERS: [string, RegExp][] = [
  [
    'HTTP server and sockets (node:http, net, streams)',
    /^node:(_http|http|net|stream|internal\/(http|streams|stream_base))/,
  ],
  [
    'express and body parsing',
    /node_modules\/(express|router|body-parser|raw-body|iconv-lite|type-is|qs|finalhandler|send|serve-static)\//,
  ],
  [
    'request logging (pino, pino-http)',
    /node_modules\/(pino|pino-http|pino-std-serializers|sonic-boom|fast-redact|quick-format-unescaped|safe-stable-stringify)\//,
  ],
  [
    'authentication (passport, jsonwebtoken)',
    /node_modules\/(passport|passport-jwt|passport-strategy|jsonwebtoken|jws|jwa|@nestjs\/passport)\//,
  ],
  [
    'validation (class-validator, class-transformer)',
    /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//,
  ],
  [
    'Nest (router, guards, pipes, interceptors) and rxjs',
    /node_modules\/(@nestjs\/(core|common)|rxjs|path-to-regexp|reflect-metadata)\//,
  ],
  ['TypeORM', /node_modules\/typeorm\//],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-\w+|buffer-writer|packet-reader)\//],
  ['our code (src/)', /\/src\//],
  ['other libraries', /node_modules\//],
  ['Node internals (timers, promises, crypto, buffers, …)', /^node:/],
];

function ownLayerOf(node: ProfileNode): string | null {
  const { functionName, url } = node.callFrame;
  if (functionName === '(idle)' || url === 'node:inspector') return 'idle'; // (and the profiler's own start)
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 / native (program)';
  if (!url) return null;
  for (const [name, pattern] of LAYERS) if (pattern.test(url)) return name;
  return 'other';
}

/** Each node's layer: its own, or (a built-in) its nearest caller's. */
function layers(nodes: ProfileNode[]): Map<number, string> {
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = out.get(id);
    if (known) return known;
    const own = ownLayerOf(byId.get(id)!);
    const up = parent.get(id);
    const layer = own ?? (up === undefined ? 'native and built-ins' : resolve(up));
    out.set(id, layer);
    return layer;
  };
  for (const n of nodes) resolve(n.id);
  return out;
}

export class CpuProfile {
  private constructor(private readonly session: Session) {}

  static async start(): Promise<CpuProfile> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    return new CpuProfile(session);
  }

  /** Stops and answers the milliseconds of CPU per layer, the busiest first, idle left out. */
  async stop(): Promise<{ layer: string; ms: number }[]> {
    const { profile } = (await this.session.post('Profiler.stop')) as { profile: Profile };
    await this.session.post('Profiler.disable');
    this.session.disconnect();
    const layerOfNode = layers(profile.nodes);
    const ms = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const layer = layerOfNode.get(id) ?? 'other';
      ms.set(layer, (ms.get(layer) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    ms.delete('idle');
    return [...ms.entries()].map(([layer, t]) => ({ layer, ms: t })).sort((a, b) => b.ms - a.ms);
  }
}

/** Prints `layers` as µs of the app thread's CPU per request. */
export function printLayers(layers: { layer: string; ms: number }[], requests: number, indent = '    '): void {
  const total = layers.reduce((sum, l) => sum + l.ms, 0);
  console.log(
    `${indent}app thread CPU per request, by layer (self time, sampled): ${((total * 1000) / requests).toFixed(0)} µs in all`,
  );
  for (const { layer, ms } of layers) {
    const share = (ms / total) * 100;
    if (share < 0.5) continue;
    console.log(
      `${indent}  ${((ms * 1000) / requests).toFixed(0).padStart(5)} µs  ${share.toFixed(0).padStart(2)} %  ${layer}`,
    );
  }
}
