/**
 * Property: for generated east–west tables and traffic policies, every mesh that synthesizes gives each caller at most
 * one mesh VirtualService (Istio's, or HTTPRoutes converted) per host in either flavour; the Gateway API flavour's GAMMA
 * HTTPRoutes and Istio VirtualServices route every probe as the Istio flavour's VirtualServices do; `evaluate()` agrees
 * with both read from the YAML; and every object passes the schema gate.
 */
import { ApiObject, App, Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  Destination, HeaderMatch, HttpMatcher, Mesh, MeshErrors, MeshTarget, PathMatch, RouteAction, RouteOutcome, RouteTable, TrafficPolicy,
  Workspace,
} from '../src';
import { comparable, readSidecarCall, SidecarCall } from './support/gamma-reader';
import { expectSchemaValid } from './support/schema-gate';
import { objectsOf } from './support/small-mesh';

/** Services of ops; `d` has two ports. */
const SERVICES = ['a', 'b', 'c', 'd'];
const CALLERS = ['ops', 'web', 'api'];
const host = (name: string) => `${name}.ops.svc.cluster.local`;
const to = (name: string) => Destination.service(name, 'ops', 8080);

const PATHS: Record<string, PathMatch | undefined> = {
  any: undefined,
  exact: PathMatch.exact('/x'),
  segment: PathMatch.segmentPrefix('/x'),
  prefix: PathMatch.prefix('/x'),
  regex: PathMatch.regex('/x/[0-9]+'),
};
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const matcherOf = (path: string, header?: string): HttpMatcher[] => (path === 'any' && !header ? []
  : [{ path: PATHS[path], headers: header ? [HeaderMatch.exact(header, '1')] : undefined }]);

const POLICY = fc.record({
  target: fc.constantFrom(...SERVICES),
  sources: maybe(fc.subarray(['web', 'api'], { minLength: 1 })),
  header: maybe(fc.constantFrom('x-a', 'x-b')),
  shift: maybe(fc.array(fc.record({ to: fc.constantFrom(...SERVICES), weight: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 3 })),
  timeout: maybe(fc.integer({ min: 1, max: 9 })),
  request: maybe(fc.constantFrom('x-1', 'x-2')),
  response: maybe(fc.constantFrom('x-3', 'x-4')),
  mirror: maybe(fc.record({ to: fc.constantFrom(...SERVICES), percentage: fc.constantFrom(100, 50, 12.5, 1 / 3) })),
  retries: fc.constantFrom(false, false, false, true),
});
const TABLE = fc.record({
  target: fc.constantFrom(...SERVICES),
  routes: fc.array(fc.record({
    path: fc.constantFrom(...Object.keys(PATHS)), header: maybe(fc.constantFrom('x-a', 'x-b')), to: fc.constantFrom(...SERVICES),
  }), { minLength: 1, maxLength: 3 }),
});
const SHAPE = fc.record({ policies: fc.array(POLICY, { maxLength: 3 }), tables: fc.array(TABLE, { maxLength: 2 }) });
type Shape = typeof SHAPE extends fc.Arbitrary<infer T> ? T : never;

function declare(shape: Shape, target: MeshTarget): { app: App; mesh: Mesh } {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh', { target });
  const ops = new Workspace(mesh, 'ops', { namespaces: CALLERS });
  for (const name of SERVICES) {
    const ports = name === 'd' ? [8080, 9090] : [8080];
    new ApiObject(new Chart(app, `svc-${name}`), 'svc', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'ops' },
      spec: { selector: { app: name }, ports: ports.map(port => ({ name: `http-${port}`, port })) },
    });
  }
  shape.policies.forEach((p, i) => new TrafficPolicy(ops, `p${i}`, {
    destinations: [to(p.target)],
    sources: p.sources && { namespaces: p.sources },
    matchers: matcherOf('any', p.header),
    trafficShift: p.shift?.map(w => ({ destination: to(w.to), weight: w.weight })),
    timeout: p.timeout === undefined ? undefined : Duration.seconds(p.timeout),
    requestHeaders: p.request ? { set: { [p.request]: 'yes' } } : undefined,
    responseHeaders: p.response ? { add: { [p.response]: 'yes' } } : undefined,
    mirror: p.mirror && { destination: to(p.mirror.to), percentage: p.mirror.percentage },
    retries: p.retries ? { attempts: 2 } : undefined,
  }));
  shape.tables.forEach((t, i) => new RouteTable(ops, `t${i}`, {
    eastWest: true,
    hosts: [host(t.target)],
    routes: t.routes.map((r, j) => ({ name: `r${j}`, matchers: matcherOf(r.path, r.header), action: RouteAction.forwardTo(to(r.to)) })),
  }));
  return { app, mesh };
}

/** The objects, or undefined when the build fails. */
function synth(app: App): any[] | undefined {
  try {
    return objectsOf(app);
  } catch (e) {
    if (!MeshErrors.isValidationError(e)) throw e;
    return undefined;
  }
}

const HEADERS: Array<Record<string, string>> = [{}, { 'x-a': '1' }];
const portsOf = (name: string) => (name === 'd' ? [8080, 9090] : [8080]);
const PROBES: SidecarCall[] = CALLERS.flatMap(namespace => SERVICES.flatMap(name => ['/', '/x', '/x/1', '/x1', '/y'].flatMap(path =>
  HEADERS.flatMap(headers => portsOf(name).map(port => ({ namespace, host: host(name), port, path, headers }))))));

function evaluated(mesh: Mesh, call: SidecarCall) {
  const d = mesh.evaluate({ host: call.host, path: call.path, port: call.port, headers: call.headers, source: { namespace: call.namespace } });
  const total = d.destinations.reduce((s, x) => s + x.weight, 0);
  return {
    status: d.outcome === RouteOutcome.FORWARD ? 200 : d.status,
    backends: d.destinations.map(x => ({ host: x.host, port: x.port, share: x.weight / total }))
      .sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port),
    timeout: d.timeout,
    mirror: d.mirror,
  };
}

test('generated east–west routing: one VirtualService per caller and host, both flavours alike, evaluate() agreeing', () => {
  let valid = 0;
  let gammaRoutes = 0;
  fc.assert(fc.property(SHAPE, shape => {
    const istio = declare(shape, MeshTarget.ISTIO);
    const gateway = declare(shape, MeshTarget.GATEWAY_API);
    const [istioObjects, gatewayObjects] = [synth(istio.app), synth(gateway.app)];
    expect(gatewayObjects === undefined).toBe(istioObjects === undefined);
    if (!istioObjects || !gatewayObjects) return;
    valid++;
    gammaRoutes += gatewayObjects.filter(o => o.kind === 'HTTPRoute').length;
    expectSchemaValid(gatewayObjects.filter(o => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'cdk8s-mesh'));
    for (const call of PROBES) {
      const [g, i] = [readSidecarCall(gatewayObjects, call), readSidecarCall(istioObjects, call)];
      expect({ call, candidates: g.candidates <= 1 && i.candidates <= 1 }).toEqual({ call, candidates: true });
      expect({ call, ...comparable(g) }).toEqual({ call, ...comparable(i) });
      const mirror = g.mirrors.length ? `${g.mirrors[0].host.split('.')[0]} (${g.mirrors[0].percentage}%)` : undefined;
      const read = comparable(g);
      const { status, backends, timeout } = read;
      expect({ call, ...evaluated(gateway.mesh, call) }).toEqual({ call, status, backends, timeout, mirror });
    }
  }), { numRuns: 40, seed: 14 });
  expect(valid).toBeGreaterThan(15);
  expect(gammaRoutes).toBeGreaterThan(10);
});
