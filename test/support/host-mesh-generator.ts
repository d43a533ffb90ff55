/**
 * A seeded generator of small meshes that stress how the proxy builds virtual hosts: gateways that may share a
 * workload, listeners with and without hostnames (HTTP and HTTPS), route tables whose hosts nest and intersect
 * (`api.example.com`, `*.example.com`, `*`, …) attached to several gateways, and routes with RE2-only regex syntax.
 * Many draws are invalid on purpose; the properties read the valid ones.
 */
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import { prng } from './mesh-generator';
import { to } from './small-mesh';
import {
  GatewayListener, HttpMatcher, ListenerProtocol, Mesh, MeshProps, PathMatch, RouteTable, VirtualGateway, Workspace,
} from '../../src';

/** Shape of a generated mesh. */
export interface HostMeshOptions {
  readonly seed: number;
  readonly gateways: number;
  readonly tables: number;
  readonly routesPerTable: number;
  readonly mesh?: MeshProps;
}

/** A request to probe: gateway index, port, host and path. */
export interface HostProbe {
  readonly gateway: number;
  readonly port: number;
  readonly host: string;
  readonly path: string;
}

/** A generated mesh with its probes. */
export interface HostMesh {
  readonly mesh: Mesh;
  readonly gateways: VirtualGateway[];
  readonly probes: HostProbe[];
}

const SELECTORS = [{ istio: 'ingressgateway' }, { istio: 'ingressgateway' }, { istio: 'edge' }];
const HOSTS = ['api.example.com', 'www.example.com', '*.example.com', '*', 'a.b.example.com', '*.b.example.com'];
const LISTENER_HOSTS = ['api.example.com', '*.example.com', 'a.b.example.com', '*.b.example.com'];
const PATHS: Array<() => PathMatch | undefined> = [
  () => PathMatch.exact('/a'),
  () => PathMatch.prefix('/a'),
  () => PathMatch.segmentPrefix('/b'),
  () => PathMatch.prefix('/'),
  () => PathMatch.regex('(?i)/admin'),
  () => PathMatch.regex('/v[[:digit:]]+'),
  () => PathMatch.regex('/\\pL+'),
  () => PathMatch.exact('/c'),
  () => undefined,
];
const PROBE_HOSTS = [...HOSTS.filter(h => !h.includes('*')), 'zzz.example.com', 'x.b.example.com', 'example.com', 'other.org'];
const PROBE_PATHS = ['/a', '/a/x', '/ab', '/b', '/b/x', '/ADMIN', '/admin', '/v12', '/abc', '/c', '/', '/zz', '/t/../a', '/%61',
  '/t\\..\\b', '/b%2Fx', '/é', '/%41DMIN'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function listenersOf(random: () => number): GatewayListener[] {
  const count = 1 + Math.floor(random() * 2);
  const out: GatewayListener[] = [];
  for (let i = 0; i < count; i++) {
    const kind = Math.floor(random() * 3);
    const hostname = kind === 0 ? undefined : pick(random, LISTENER_HOSTS);
    if (out.some(l => l.hostname === hostname && (l.port === 443) === (kind === 2))) continue;
    out.push(kind === 2
      ? { name: `l${i}`, port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: `cert-${i}`, hostname }
      : { name: `l${i}`, port: 80, hostname });
  }
  return out;
}

/** Declares a generated mesh in `app`. */
export function generateHostMesh(app: App, o: HostMeshOptions): HostMesh {
  const random = prng(o.seed);
  const mesh = new Mesh(app, 'mesh', o.mesh);
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
  const listeners = [...Array(o.gateways).keys()].map(() => listenersOf(random));
  const gateways = listeners.map((ls, g) => new VirtualGateway(ops, `gw-${g}`, { workloadSelector: pick(random, SELECTORS), listeners: ls }));
  for (let t = 0; t < o.tables; t++) {
    const hosts = [...new Set([pick(random, HOSTS), ...(random() < 0.3 ? [pick(random, HOSTS)] : [])])];
    const attached = [...new Set([pick(random, gateways), ...(random() < 0.3 ? [pick(random, gateways)] : [])])];
    const routes = [...Array(o.routesPerTable).keys()].map(r => {
      const path = pick(random, PATHS)();
      const matchers: HttpMatcher[] | undefined = path ? [{ path }] : undefined;
      return { name: `r${r}`, matchers, action: to(`svc-${t}-${r}`) };
    });
    new RouteTable(ops, `t${t}`, { hosts, gateways: attached, routes });
  }
  const probes = listeners.flatMap((ls, g) => [...new Set(ls.map(l => l.port))].flatMap(port =>
    PROBE_HOSTS.flatMap(host => PROBE_PATHS.map(path => ({ gateway: g, port, host, path })))));
  return { mesh, gateways, probes };
}

/** The shapes the properties draw from. */
export const HOST_MESH_SHAPES = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  gateways: fc.integer({ min: 1, max: 3 }),
  tables: fc.integer({ min: 1, max: 4 }),
  routesPerTable: fc.integer({ min: 1, max: 3 }),
});
