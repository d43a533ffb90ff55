/**
 * GAMMA: with the Gateway API flavour, the east–west routes of a Service become HTTPRoutes whose parent is the Service
 * wherever Gateway API says them exactly; every other host keeps its Istio mesh VirtualService, and no host has both.
 * Each answer is read from the emitted YAML by an independent sidecar reader and compared with `evaluate()` and with
 * the Istio flavour's output for the same declarations.
 */
import { ApiObject, App, Chart, Duration, Testing } from 'cdk8s';
import {
  Destination, HeaderMatch, Mesh, MeshTarget, PathMatch, RequestProbe, RouteAction, RouteOutcome, RouteTable, TrafficPolicy, Workspace,
} from '../src';
import { comparable, readSidecarCall } from './support/gamma-reader';
import { expectSchemaValid } from './support/schema-gate';
import { evaluateSidecar } from './support/sidecar-reader';
import { objectsOf } from './support/small-mesh';
import { CompiledMesh } from '../src/compiler/compiled';
import { gammaRouting, mirrorShare } from '../src/targets/gateway-api/mesh-routes';

const host = (name: string) => `${name}.ops.svc.cluster.local`;
const to = (name: string) => Destination.service(name, 'ops', 8080);

function service(app: App, name: string, ports = [8080]): void {
  new ApiObject(new Chart(app, `svc-${name}`), 'svc', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'ops', labels: { app: name } },
    spec: { selector: { app: name }, ports: ports.map(port => ({ name: `http-${port}`, port })) },
  });
}

/**
 * Hosts the Gateway API says exactly (shift, timeout, headers, mirror, path and header matches, a Service of two ports,
 * callers of another namespace)…
 */
const EXACT = ['reviews', 'ratings', 'details', 'multi', 'scoped'];
/** …and hosts it cannot (retries, faults, CORS, callers by labels or of the Service's namespace only, a string prefix before the catch-all). */
const ISTIO_ONLY = ['slow', 'flaky', 'browser', 'picky', 'selfish', 'legacy'];

function declare(target: MeshTarget): { app: App; mesh: Mesh } {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh', { target });
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops', 'web'] });
  [...EXACT, ...ISTIO_ONLY, 'reviews-v2', 'ratings-v2', 'mirror'].filter(n => n !== 'multi').forEach(n => service(app, n));
  service(app, 'multi', [8080, 9090]);
  new TrafficPolicy(ops, 'multi', { destinations: [to('multi')], timeout: Duration.seconds(4) });
  new TrafficPolicy(ops, 'shift', {
    destinations: [to('reviews')],
    trafficShift: [{ destination: to('reviews'), weight: 75 }, { destination: to('reviews-v2'), weight: 25 }],
    timeout: Duration.seconds(3),
    requestHeaders: { set: { 'x-shifted': 'yes' }, remove: ['x-debug'] },
    responseHeaders: { add: { 'x-served-by': 'mesh' } },
    mirror: { destination: to('mirror'), percentage: 12.5 },
  });
  new RouteTable(ops, 'ratings', {
    eastWest: true,
    hosts: [host('ratings')],
    routes: [
      { name: 'health', matchers: [{ path: PathMatch.exact('/health') }], action: RouteAction.forwardTo(to('ratings-v2')) },
      {
        name: 'v2',
        matchers: [{ path: PathMatch.segmentPrefix('/v2') }],
        action: RouteAction.forward({ to: [{ destination: to('ratings-v2') }], timeout: Duration.millis(1500) }),
      },
      { name: 'canary', matchers: [{ headers: [HeaderMatch.exact('x-canary', '1')] }], action: RouteAction.forwardTo(to('reviews-v2')) },
    ],
  });
  new TrafficPolicy(ops, 'details-canary', {
    destinations: [to('details')],
    matchers: [{ headers: [HeaderMatch.exact('x-canary', '1')] }],
    timeout: Duration.seconds(1),
    trafficShift: [{ destination: to('reviews-v2'), weight: 1 }],
  });
  new TrafficPolicy(ops, 'slow', { destinations: [to('slow')], retries: { attempts: 3 } });
  new TrafficPolicy(ops, 'flaky', { destinations: [to('flaky')], faultInjection: { abort: { httpStatus: 503, percentage: 10 } } });
  new TrafficPolicy(ops, 'browser', { destinations: [to('browser')], cors: { allowOrigins: ['https://example.com'] } });
  new TrafficPolicy(ops, 'scoped', { destinations: [to('scoped')], sources: { namespaces: ['web'] }, timeout: Duration.seconds(2) });
  new TrafficPolicy(ops, 'picky', { destinations: [to('picky')], sources: { labels: { app: 'web' } }, timeout: Duration.seconds(2) });
  new TrafficPolicy(ops, 'selfish', { destinations: [to('selfish')], sources: { namespaces: ['ops'] }, timeout: Duration.seconds(2) });
  new RouteTable(ops, 'legacy', {
    eastWest: true,
    hosts: [host('legacy')],
    routes: [{ name: 'api', matchers: [{ path: PathMatch.prefix('/api') }], action: RouteAction.forwardTo(to('reviews-v2')) }],
  });
  return { app, mesh };
}

const outputs = {
  istio: declare(MeshTarget.ISTIO),
  gatewayApi: declare(MeshTarget.GATEWAY_API),
};
const objects = { istio: objectsOf(outputs.istio.app), gatewayApi: objectsOf(outputs.gatewayApi.app) };

const CALLERS = ['ops', 'web'];
const PATHS = ['/', '/health', '/health/x', '/v2', '/v2/x', '/v20', '/api', '/apix/y'];
const HEADERS: Array<Record<string, string>> = [{}, { 'x-canary': '1' }];
const probes = CALLERS.flatMap(namespace => [...EXACT, ...ISTIO_ONLY].flatMap(name => PATHS.flatMap(path => HEADERS.flatMap(headers =>
  (name === 'multi' ? [8080, 9090] : [8080]).map(port => ({ namespace, host: host(name), port, path, headers }))))));

describe('GAMMA HTTPRoutes for the Gateway API flavour', () => {
  test('hosts Gateway API says exactly get HTTPRoutes with the Service as parent; the others keep their VirtualService', () => {
    const routes = objects.gatewayApi.filter(o => o.kind === 'HTTPRoute');
    const virtualServices = objects.gatewayApi.filter(o => o.kind === 'VirtualService');
    const parents = routes.map(r => `${r.metadata.namespace}/${r.metadata.name} → `
      + r.spec.parentRefs.map((p: any) => `${p.group}/${p.kind}/${p.namespace ?? '.'}/${p.name}${p.port ? `:${p.port}` : ''}`).join());
    expect(parents.sort()).toEqual([
      'ops/details-mesh → /Service/./details',
      'ops/multi-mesh-8080 → /Service/./multi:8080',
      'ops/multi-mesh-9090 → /Service/./multi:9090',
      'ops/ratings-mesh → /Service/./ratings',
      'ops/reviews-mesh → /Service/./reviews',
      'ops/scoped-mesh → /Service/./scoped',
      // The consumer route: the callers in web take the routes for them, and those for every caller.
      'web/scoped-ops-mesh → /Service/ops/scoped',
    ]);
    expect(virtualServices.map(v => v.metadata.name).sort()).toEqual([...ISTIO_ONLY].sort());
    expect(objects.istio.filter(o => o.kind === 'HTTPRoute')).toEqual([]);
    expect(objects.istio.filter(o => o.kind === 'VirtualService').map(v => v.metadata.name).sort()).toEqual([...EXACT, ...ISTIO_ONLY].sort());
  });

  test('the shift renders weights, timeout, header filters and an exact mirror fraction', () => {
    const reviews = objects.gatewayApi.find(o => o.kind === 'HTTPRoute' && o.metadata.name === 'reviews-mesh');
    expect(reviews.spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ name: 'reviews', port: 8080, weight: 75 }, { name: 'reviews-v2', port: 8080, weight: 25 }],
      filters: [
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-shifted', value: 'yes' }], remove: ['x-debug'] } },
        { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-served-by', value: 'mesh' }] } },
        { type: 'RequestMirror', requestMirror: { backendRef: { name: 'mirror', port: 8080 }, fraction: { numerator: 125, denominator: 1000 } } },
      ],
      timeouts: { request: '3s' },
    }]);
  });

  test.each([
    ['slow', /route default has retries/],
    ['flaky', /route default injects faults/],
    ['browser', /route default sets CORS/],
    ['picky', /route default\.picky applies to callers by pod labels/],
    ['selfish', /route default\.selfish applies to callers in ops only/],
    ['legacy', /route default \(prefix \/\) would be taken before route legacy\.api \(prefix \/api\)/],
  ])('%s keeps its Istio VirtualService: %s', (name, reason) => {
    const compiled: CompiledMesh = (outputs.gatewayApi.mesh as any).compiled();
    const vs = compiled.traffic.virtualServices.find(v => v.host === host(name))!;
    const routing = gammaRouting(compiled, vs);
    expect('reasons' in routing && routing.reasons.join('\n')).toMatch(reason);
  });

  test('a mirror share is a whole percent, or an exact decimal fraction', () => {
    expect(mirrorShare(10)).toEqual({ percent: 10 });
    expect(mirrorShare(12.5)).toEqual({ fraction: { numerator: 125, denominator: 1000 } });
    expect(mirrorShare(0.001)).toEqual({ fraction: { numerator: 1, denominator: 100000 } });
    expect(mirrorShare(1 / 3)).toBeUndefined();
  });

  test('a consumer route in the callers\' namespace holds their routes, then those for every caller', () => {
    const route = objects.gatewayApi.find(o => o.kind === 'HTTPRoute' && o.metadata.namespace === 'web');
    const backend = [{ name: 'scoped', namespace: 'ops', port: 8080, weight: 1 }];
    expect(route.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: backend, timeouts: { request: '2s' } },
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: backend },
    ]);
    const producer = objects.gatewayApi.find(o => o.kind === 'HTTPRoute' && o.metadata.name === 'scoped-mesh');
    const own = [{ name: 'scoped', port: 8080, weight: 1 }];
    expect(producer.spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: own }]);
  });

  test('every emitted object passes the schema gate (CEL rules included)', () => {
    const own = (xs: any[]) => xs.filter(o => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'cdk8s-mesh');
    expect(own(objects.gatewayApi).some(o => o.kind === 'HTTPRoute')).toBe(true);
    expectSchemaValid(own(objects.gatewayApi));
    expectSchemaValid(own(objects.istio));
  });

  test.each(probes)('$namespace → $host:$port $path $headers: one VirtualService or HTTPRoute set serves it; both flavours agree', call => {
    const gamma = readSidecarCall(objects.gatewayApi, call);
    const istio = readSidecarCall(objects.istio, call);
    const name = call.host.split('.')[0];
    expect(gamma.candidates).toBe(1);
    expect(istio.candidates).toBe(1);
    expect(gamma.from).toBe(EXACT.includes(name) ? 'HTTPRoute' : 'VirtualService');
    expect(comparable(gamma)).toEqual(comparable(istio));
  });

  test.each(probes)('$namespace → $host:$port $path $headers: the Istio flavour read as the other sidecar reader reads it', call => {
    // A second, separately written reader of Istio VirtualServices checks the baseline both flavours are compared with.
    const other = evaluateSidecar(objects.istio, { namespace: call.namespace }, call);
    const ours = comparable(readSidecarCall(objects.istio, call));
    const total = other.destinations.reduce((s, d) => s + d.weight, 0);
    const backends = other.destinations.map(d => ({ host: d.host, port: d.port, share: total === 0 ? 1 : d.weight / total }))
      .sort((a, b) => a.host.localeCompare(b.host) || a.port! - b.port!);
    expect({ ambiguous: other.ambiguous, status: other.status, backends, timeout: other.timeout })
      .toEqual({ ambiguous: false, status: ours.status, backends: ours.backends, timeout: ours.timeout });
  });

  test.each(probes)('$namespace → $host:$port $path $headers: evaluate() agrees with the HTTPRoutes and VirtualServices read from the YAML', call => {
    const read = readSidecarCall(objects.gatewayApi, call);
    const probe: RequestProbe = { host: call.host, path: call.path, port: call.port, headers: call.headers, source: { namespace: call.namespace } };
    const decision = outputs.gatewayApi.mesh.evaluate(probe);
    expect(decision.outcome === RouteOutcome.FORWARD ? 200 : decision.status).toBe(read.status);
    const total = decision.destinations.reduce((s, d) => s + d.weight, 0);
    const destinations = decision.destinations.map(d => ({ host: d.host, port: d.port, share: d.weight / total }));
    expect(destinations.sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port)).toEqual(comparable(read).backends);
    expect(decision.timeout).toEqual(read.timeout);
    expect(decision.mirror).toEqual(read.mirrors.length ? `${read.mirrors[0].host.split('.')[0]} (${read.mirrors[0].percentage}%)` : undefined);
  });
});

describe('GAMMA reaches every namespace that sees the Service, the VirtualService only its exportTo', () => {
  function shifted(sidecar: boolean): any[] {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh', { target: MeshTarget.GATEWAY_API });
    const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
    new Workspace(mesh, 'other', { namespaces: ['other'], sidecar });
    ['reviews', 'reviews-v2'].forEach(n => service(app, n));
    new TrafficPolicy(ops, 'shift', { destinations: [to('reviews')], trafficShift: [{ destination: to('reviews-v2') }] });
    return objectsOf(app);
  }

  test('a namespace whose Sidecar hides the Service changes nothing: HTTPRoute', () => {
    const out = shifted(true);
    expect(out.filter(o => o.kind === 'HTTPRoute').map(o => o.metadata.name)).toEqual(['reviews-mesh']);
    expect(readSidecarCall(out, { namespace: 'ops', host: host('reviews'), port: 8080, path: '/' }).backends)
      .toEqual([{ host: host('reviews-v2'), port: 8080, share: 1 }]);
  });

  test('a namespace without Sidecar, outside exportTo, would follow an HTTPRoute: the VirtualService stays', () => {
    const out = shifted(false);
    expect(out.filter(o => o.kind === 'HTTPRoute')).toEqual([]);
    expect(out.filter(o => o.kind === 'VirtualService').map(o => o.metadata.name)).toEqual(['reviews']);
    // The caller in `other` is outside the VirtualService's exportTo: Istio's default route to the Service itself.
    expect(readSidecarCall(out, { namespace: 'other', host: host('reviews'), port: 8080, path: '/' }).backends)
      .toEqual([{ host: host('reviews'), port: 8080, share: 1 }]);
  });
});
