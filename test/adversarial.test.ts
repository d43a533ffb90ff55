/**
 * Adversarial checks of the public API: declarations an independent reviewer would try, each once a bug (a crash, an
 * object Istio would reject or misapply, output placed outside a workspace's clusters, or `mesh.evaluate()` disagreeing
 * with the emitted YAML).
 */
import * as fs from 'fs';
import { ApiObject, App, Duration, Testing } from 'cdk8s';
import {
  Cluster, Destination, HeaderMatch, HeaderModifier, HttpMatcher, HttpMethod, LoadBalancer, Mesh, MeshErrors, MeshTarget, PathMatch, QueryParamMatch,
  RouteAction, RouteTable, TrafficPolicy, TrafficPolicyProps, VirtualGateway, VirtualMesh, Workspace, WorkspaceSelector,
} from '../src';
import { eastWestMesh, objectsOf, service } from './support/east-west-mesh';
import { readSidecarCall } from './support/gamma-reader';
import { expectSchemaValid } from './support/schema-gate';
import { evaluateSidecar } from './support/sidecar-reader';
import { base, errorOf, svc, table, to } from './support/small-mesh';
import { HTTP_METHODS } from '../src/compiler/algebra/match';

/** The objects of each cluster's chart, by cluster name. */
function objectsByCluster(app: App): Map<string, any[]> {
  app.synth();
  return new Map(app.charts.map(c => [c.node.id, Testing.synth(c)]));
}

/** The objects the mesh writes (not the app's own Services). */
const meshObjects = (objects: any[]) => objects.filter(o => o.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'cdk8s-mesh');

/** Clusters east and west in one virtual mesh. */
function twoClusters(mesh: Mesh): void {
  const clusters = ['east', 'west'].map((name, i) => new Cluster(mesh, name, {
    network: `${name}-net`, trustDomain: name, eastWestGateway: { address: `192.0.2.${i + 1}` },
  }));
  new VirtualMesh(mesh, 'vm', { clusters });
}

/** The Service `namespace/reviews` (port 8080) in the chart of each of `clusters`. */
function reviewsIn(mesh: Mesh, namespace: string, clusters: readonly string[]): void {
  for (const cluster of clusters) {
    new ApiObject(mesh.clusterChart(cluster), 'reviews', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'reviews', namespace },
      spec: { selector: { app: 'reviews' }, ports: [{ port: 8080 }] },
    });
  }
}

describe('east–west routing of a Service outside its workspace\'s clusters', () => {
  // Workspace a spans east only; the Service shop/reviews runs only in west, where shop is not a's namespace.
  function declare(clusters = ['east']) {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    twoClusters(mesh);
    reviewsIn(mesh, 'shop', ['west']);
    const a = new Workspace(mesh, 'a', { namespaces: ['shop'], clusters });
    const reviews = Destination.service('reviews', 'shop', 8080);
    new TrafficPolicy(a, 'timeout', { destinations: [reviews], timeout: Duration.seconds(3) });
    new RouteTable(a, 'canary', {
      eastWest: true,
      hosts: ['reviews.shop.svc.cluster.local'],
      routes: [{ name: 'v1', action: RouteAction.forwardTo(reviews.withSubset('v1', { version: 'v1' })) }],
    });
    return { app, mesh };
  }

  test('each policy and table of it is an error (MESH915): nothing of the host can go where it runs, nothing is written', () => {
    const { app } = declare();
    const e = errorOf(() => app.synth());
    const found = MeshErrors.diagnosticsOf(e).filter(d => d.code === 'MESH915');
    expect(found.map(d => d.path).sort()).toEqual(['mesh/a/canary', 'mesh/a/timeout']);
    expect(found[0].message).toContain('reviews.shop.svc.cluster.local, which runs in cluster "west", where workspace "a" owning its '
      + 'namespace does not exist');
    expect(fs.readdirSync(app.outdir)).toEqual([]);
  });

  test('once the workspace spans the Service\'s cluster, the host\'s mesh VirtualService goes there and evaluate() reads as the sidecar', () => {
    const { app, mesh } = declare(['east', 'west']);
    const west = objectsByCluster(app).get('west')!;
    expect(west.filter(o => o.kind === 'VirtualService' && o.metadata.namespace === 'shop').length).toBe(1);
    expectSchemaValid(meshObjects(west));
    const request = { host: 'reviews.shop.svc.cluster.local', path: '/' };
    const sidecar = evaluateSidecar(west, { namespace: 'shop' }, request);
    const decision = mesh.evaluate({ ...request, source: { namespace: 'shop', cluster: 'west' } });
    expect(decision.destinations.map(d => [d.host, d.subset])).toEqual(sidecar.destinations.map(d => [d.host, d.subset]));
    expect(decision.timeout).toBe(sidecar.timeout);
    expect(decision.timeout).toBe('3s');
  });
});

describe('MESH915 reports exactly the policies and tables that would not apply somewhere', () => {
  // Workspace a spans east; shop/reviews runs in east and west.
  function declare(policy: Partial<TrafficPolicyProps>) {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    twoClusters(mesh);
    reviewsIn(mesh, 'shop', ['east', 'west']);
    const a = new Workspace(mesh, 'a', { namespaces: ['shop'], clusters: ['east'] });
    new TrafficPolicy(a, 'p', { destinations: [Destination.service('reviews', 'shop', 8080)], ...policy });
    return { app, mesh };
  }
  const found = (mesh: Mesh) => mesh.diagnostics.filter(d => d.code === 'MESH915').map(d => d.path);

  test('a policy setting only DestinationRule fields (load balancer) would not apply in west either', () => {
    expect(found(declare({ loadBalancer: LoadBalancer.leastRequest() }).mesh)).toEqual(['mesh/a/p']);
  });

  test('a policy limited to the callers of east loses nothing in west: no finding, and it applies in east', () => {
    const { mesh } = declare({ sources: { clusters: ['east'] }, timeout: Duration.seconds(1) });
    expect(found(mesh)).toEqual([]);
    const call = (cluster: string) => mesh.evaluate({ host: 'reviews.shop.svc.cluster.local', path: '/', source: { namespace: 'shop', cluster } });
    expect(call('east').timeout).toBe('1s');
  });
});

describe('a Service running in several clusters', () => {
  // ops spans every cluster; ops/reviews runs in east and west (declared in `order`); a 3 s timeout for every caller.
  function declare(order: string[]) {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    twoClusters(mesh);
    reviewsIn(mesh, 'ops', order);
    const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
    new TrafficPolicy(ops, 'timeout', { destinations: [Destination.service('reviews', 'ops', 8080)], timeout: Duration.seconds(3) });
    return { app, mesh };
  }

  test.each([[['east', 'west']], [['west', 'east']]])('a policy applies in every cluster it runs in (declared in %j)', order => {
    const { app, mesh } = declare(order);
    const clusters = objectsByCluster(app);
    for (const cluster of ['east', 'west']) {
      const request = { host: 'reviews.ops.svc.cluster.local', path: '/' };
      const sidecar = evaluateSidecar(clusters.get(cluster)!, { namespace: 'ops' }, request);
      expect(sidecar.timeout).toBe('3s');
      expect(mesh.evaluate({ ...request, source: { namespace: 'ops', cluster } }).timeout).toBe('3s');
    }
  });

  test('the output does not depend on the order the clusters\' Services are declared in', () => {
    const yaml = (order: string[]) => {
      const { app } = declare(order);
      const clusters = objectsByCluster(app);
      return ['east', 'west'].map(c => JSON.stringify(meshObjects(clusters.get(c)!)));
    };
    expect(yaml(['west', 'east'])).toEqual(yaml(['east', 'west']));
  });
});

describe('a policy of a workspace spanning fewer clusters than the Service', () => {
  // ops (every cluster) shares ops/reviews, running in east and west, with team (west only); team's 3 s timeout.
  function declare(target: MeshTarget) {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh', { target });
    twoClusters(mesh);
    reviewsIn(mesh, 'ops', ['east', 'west']);
    new Workspace(mesh, 'ops', { namespaces: ['ops'], exportTo: [{ workspaces: [WorkspaceSelector.named('team')] }] });
    const importFrom = [{ workspaces: [WorkspaceSelector.named('ops')] }];
    const team = new Workspace(mesh, 'team', { namespaces: ['team'], clusters: ['west'], importFrom });
    new TrafficPolicy(team, 'timeout', { destinations: [Destination.service('reviews', 'ops', 8080)], timeout: Duration.seconds(3) });
    return { app, mesh };
  }

  test.each([MeshTarget.ISTIO, MeshTarget.GATEWAY_API])('%s: nothing in team\'s namespace in east, its timeout in west', target => {
    const { app, mesh } = declare(target);
    const clusters = objectsByCluster(app);
    expect(meshObjects(clusters.get('east')!).filter(o => o.metadata.namespace === 'team').map(o => o.kind)).toEqual([]);
    const call = { namespace: 'team', host: 'reviews.ops.svc.cluster.local', port: 8080, path: '/' };
    expect(readSidecarCall(clusters.get('west')!, call).timeout).toBe('3s');
    expect(mesh.evaluate({ ...call, source: { namespace: 'team', cluster: 'west' } }).timeout).toBe('3s');
    expectSchemaValid(meshObjects([...clusters.values()].flat()));
  });
});

describe('header changes', () => {
  /** The codes a synth fails with (empty: it succeeds, and its objects pass the gates). */
  function codesOf(declare: (m: ReturnType<typeof eastWestMesh>) => void, target = MeshTarget.ISTIO): string[] {
    const m = eastWestMesh();
    (m.mesh as { target: MeshTarget }).target = target;
    declare(m);
    try {
      expectSchemaValid(meshObjects(objectsOf(m.app)));
      return [];
    } catch (e) {
      if (!MeshErrors.isValidationError(e)) throw e;
      return [...new Set(MeshErrors.diagnosticsOf(e).map(d => d.code))];
    }
  }
  const policy = (headers: { request?: HeaderModifier; response?: HeaderModifier }) => (m: ReturnType<typeof eastWestMesh>) =>
    new TrafficPolicy(m.ops, 'p', { destinations: [service('reviews')], requestHeaders: headers.request, responseHeaders: headers.response });
  const route = (headers: HeaderModifier) => (m: ReturnType<typeof eastWestMesh>) => new RouteTable(m.ops, 'ew', {
    eastWest: true,
    hosts: ['reviews.ops.svc.cluster.local'],
    routes: [{ name: 'r', action: RouteAction.forward({ to: [{ destination: service('reviews') }], requestHeaders: headers }) }],
  });

  // A traffic policy's header changes were emitted unchecked: istiod refuses these (validation.go
  // `ValidateHTTPHeaderOperationName`, `ValidateHTTPHeaderValue`), the Gateway API schema refuses empty values.
  test.each([
    ['a CR LF in a value', { request: { set: { 'x-a': 'a\r\nb' } } }, 'MESH034'],
    ['an empty value', { request: { add: { 'x-a': '' } } }, 'MESH034'],
    ['a name that is no HTTP token', { request: { set: { 'bad name': 'x' } } }, 'MESH012'],
    ['the Host header set on the response', { response: { set: { host: 'x' } } }, 'MESH012'],
    ['a pseudo-header removed', { response: { remove: [':status'] } }, 'MESH012'],
    ['an empty name removed', { request: { remove: [''] } }, 'MESH012'],
  ])('a traffic policy with %s fails the build', (_, headers, code) => {
    expect(codesOf(policy(headers))).toEqual([code]);
  });

  // Envoy reads header values as format strings: a lone % makes istiod refuse the VirtualService and Envoy the
  // route configuration converted from an HTTPRoute (header_value_validator.go `validateHeaderValue`).
  test.each([MeshTarget.ISTIO, MeshTarget.GATEWAY_API])('%s: a lone %% in a header value fails the build', target => {
    expect(codesOf(route({ set: { 'x-discount': '50%' } }), target)).toEqual(['MESH034']);
    expect(codesOf(route({ add: { 'x-a': '%HOSTNAME' } }), target)).toEqual(['MESH034']);
    expect(codesOf(policy({ response: { set: { 'x-a': '100% sure' } } }), target)).toEqual(['MESH034']);
    expect(codesOf(route({ set: { 'x-a': '%UPSTREAM_METADATA(["a" "b"])%' } }), target)).toEqual(['MESH034']);
  });

  test.each([MeshTarget.ISTIO, MeshTarget.GATEWAY_API])('%s: escaped %% and %%VARIABLE%% values are accepted', target => {
    expect(codesOf(route({ set: { 'x-discount': '50%%', 'x-host': '%HOSTNAME%', 'x-meta': '%UPSTREAM_METADATA(["a", "b"])%' } }), target))
      .toEqual([]);
  });
});

// A manifest key named __proto__ sets the object's prototype when cdk8s copies the manifest key by key: the condition
// (or header change) vanished from the YAML, and the route matched more requests than declared. One named constructor
// makes cdk8s take the object for a class instance: the synthesis failed with "can't render non-simple object".
describe('a header or parameter named __proto__ or constructor', () => {
  const codesOf = (declare: (b: ReturnType<typeof base>) => void) => {
    const b = base();
    declare(b);
    const e = errorOf(() => b.app.synth());
    return MeshErrors.isValidationError(e) ? MeshErrors.diagnosticsOf(e).map(d => `${d.code} ${d.message}`) : [String(e)];
  };
  const matched = (m: HttpMatcher) => (b: ReturnType<typeof base>) => table(b, [{ name: 'r', matchers: [m], action: to('s') }]);
  const problems = new Map([
    ['__proto__', 'cannot be written: cdk8s drops a manifest key named __proto__'],
    ['constructor', 'cannot be written: cdk8s cannot render a manifest key named constructor'],
  ]);

  describe.each(['__proto__', 'constructor'])('%s', key => {
    test.each([
      ['a header condition', matched({ path: PathMatch.prefix('/a'), headers: [HeaderMatch.exact(key, 'x')] }), 'header name'],
      ['a query parameter condition', matched({ queryParams: [QueryParamMatch.present(key)] }), 'query parameter name'],
      ['a header set', (b: ReturnType<typeof base>) => table(b, [{
        name: 'r', action: RouteAction.forward({ to: [{ destination: svc('s') }], requestHeaders: { set: JSON.parse(`{"${key}":"x"}`) } }),
      }]), 'request header'],
    ])('in %s fails the build (MESH012), naming it', (_, declare, field) => {
      expect(codesOf(declare)).toEqual([`MESH012 route "r" of route table ops/root: ${field} "${key}" ${problems.get(key)}`]);
    });
  });

  test('the fix says to use another name, not to fix the token syntax', () => {
    for (const key of ['__proto__', 'constructor']) {
      const b = base();
      table(b, [{ name: 'r', matchers: [{ path: PathMatch.prefix('/a'), headers: [HeaderMatch.exact(key, 'x')] }], action: to('s') }]);
      const e = errorOf(() => b.app.synth());
      expect(MeshErrors.diagnosticsOf(e).map(d => d.fix)).toEqual(['match or change a header or parameter of another name']);
    }
  });

  test('header conditions are case-insensitive: Constructor is refused too; a header set of that name is written as given', () => {
    expect(codesOf(matched({ path: PathMatch.prefix('/a'), headers: [HeaderMatch.present('Constructor')] })))
      .toEqual([`MESH012 route "r" of route table ops/root: header name "constructor" ${problems.get('constructor')}`]);
    const b = base();
    table(b, [{ name: 'r', action: RouteAction.forward({ to: [{ destination: svc('s') }], requestHeaders: { set: { Constructor: 'x' } } }) }]);
    const vs = b.mesh.apiObjects().find(o => o.kind === 'VirtualService')!.toJson();
    expect(vs.spec.http[0].headers.request.set).toEqual({ Constructor: 'x' });
  });
});

// Label keys become manifest keys too (a gateway's selector, a subset's labels): one named constructor made cdk8s fail.
describe('a label key named constructor', () => {
  const codesOf = (b: ReturnType<typeof base>) => {
    const e = errorOf(() => b.app.synth());
    return MeshErrors.isValidationError(e) ? MeshErrors.diagnosticsOf(e).map(d => `${d.code} ${d.message}`) : [String(e)];
  };
  const problem = 'cannot be written: cdk8s cannot render a manifest key named constructor';

  test('in a subset fails the build (MESH023), naming it', () => {
    const b = base();
    table(b, [{ name: 'r', action: RouteAction.forwardTo(svc('s').withSubset('v1', { constructor: 'x' })) }]);
    expect(codesOf(b)).toEqual([`MESH023 subset "v1" of ops/s (route "r" of route table ops/root): label key "constructor" ${problem}`]);
  });

  test("in a gateway's workloadSelector fails the build (MESH023), naming it; an invalid key there too", () => {
    const app = Testing.app();
    const ops = new Workspace(new Mesh(app, 'mesh'), 'ops', { namespaces: ['ops'] });
    new VirtualGateway(ops, 'odd', { workloadSelector: { 'constructor': 'x', '-bad': 'y' }, listeners: [{ port: 8080 }] });
    expect(codesOf({ app } as ReturnType<typeof base>)).toEqual([
      'MESH023 virtual gateway ops/odd workloadSelector: label key "-bad" is not a valid label key',
      `MESH023 virtual gateway ops/odd workloadSelector: label key "constructor" ${problem}`,
    ]);
  });

  test("in the callers of an east–west route table (its mesh VirtualService's sourceLabels) fails the build (MESH023)", () => {
    const m = eastWestMesh();
    new RouteTable(m.team, 'to-v2', {
      eastWest: true,
      hosts: ['reviews.ops.svc.cluster.local'],
      sources: { labels: { constructor: 'web' } },
      routes: [{ name: 'v2', matchers: [{ path: PathMatch.prefix('/') }], action: RouteAction.forwardTo(service('reviews', 'v2')) }],
    });
    expect(codesOf(m as unknown as ReturnType<typeof base>)).toEqual([`MESH023 route table team/to-v2 sources: label key "constructor" ${problem}`]);
  });

  test('a label key named __proto__ is reported once, as invalid syntax does not repeat it', () => {
    const b = base();
    table(b, [{ name: 'r', action: RouteAction.forwardTo(svc('s').withSubset('v1', JSON.parse('{"__proto__":"x"}'))) }]);
    expect(codesOf(b)).toEqual([
      'MESH023 subset "v1" of ops/s (route "r" of route table ops/root): label key "__proto__" '
        + 'cannot be written: cdk8s drops a manifest key named __proto__',
    ]);
  });
});

// Only JavaScript can pass a method other than an HttpMethod value: Istio would match it exactly (or, empty or null,
// drop it and match any method) while the library's evaluation matches no request, and an HTTPRoute's schema refuses it.
describe('a matcher method outside HttpMethod', () => {
  const cases: Array<[MeshTarget, unknown]> = [MeshTarget.ISTIO, MeshTarget.GATEWAY_API]
    .flatMap(t => ['', 'get', 'FOO', null].map(m => [t, m] as [MeshTarget, unknown]));
  test.each(cases)('%s, method %j: fails the build (MESH027) naming the route and the methods', (target, method) => {
    const b = base({ target });
    table(b, [{ name: 'r', matchers: [{ path: PathMatch.prefix('/x'), method: method as HttpMethod }], action: to('s') }]);
    const e = errorOf(() => b.app.synth());
    expect(MeshErrors.isValidationError(e) && MeshErrors.diagnosticsOf(e).map(d => [d.code, d.path, d.message, d.fix])).toEqual([[
      'MESH027', 'mesh/ops/root',
      `route "r" of route table ops/root: method "${String(method)}" is not one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH`,
      'match the method with an HttpMethod value (GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE or PATCH)',
    ]]);
  });

  test('every HttpMethod value is accepted, and they are the methods the compiler accepts', () => {
    expect([...HTTP_METHODS].sort()).toEqual(Object.values(HttpMethod).sort());
    for (const target of [MeshTarget.ISTIO, MeshTarget.GATEWAY_API]) {
      const b = base({ target });
      const routes = Object.values(HttpMethod)
        .map((method, i) => ({ name: `r${i}`, matchers: [{ path: PathMatch.prefix('/x'), method }], action: to('s') }));
      table(b, routes);
      expect(() => b.app.synth()).not.toThrow();
    }
  });
});

// Only JavaScript can build a path of another kind (PathMatch's constructor is private in TypeScript): every flavour
// fails the build naming it, where Istio's renderer once threw a TypeError.
describe('a path of no known kind', () => {
  test.each([MeshTarget.ISTIO, MeshTarget.GATEWAY_API])('%s: fails the build (MESH011), naming the kind', target => {
    const b = base({ target });
    const path = new (PathMatch as unknown as new (c: { kind: string; value: string }) => PathMatch)({ kind: 'Prefix', value: '/x' });
    table(b, [{ name: 'r', matchers: [{ path }], action: to('s') }]);
    const e = errorOf(() => b.app.synth());
    expect(MeshErrors.isValidationError(e) && MeshErrors.diagnosticsOf(e).map(d => [d.code, d.path, d.message, d.fix]))
      .toEqual([['MESH011', 'mesh/ops/root', 'route "r" of route table ops/root: path kind "Prefix" is not one of exact, prefix, segment and regex',
        'build the path with PathMatch.exact, PathMatch.prefix, PathMatch.segmentPrefix or PathMatch.regex']]);
  });
});
