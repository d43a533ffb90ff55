import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Cluster, DelegationSortMethod, Destination, HeaderMatch, HttpMethod, ListenerProtocol, Mesh,
  PathMatch, PathRewrite, QueryParamMatch, RouteAction, RouteOutcome, RouteTable, VirtualGateway, Workspace,
  WorkspaceSelector,
} from '../src';
import { evaluateIstio, IstioRequest } from './support/istio-matcher';
import { expectSchemaValid } from './support/schema-gate';
import { base, Built, objectsOf, svc, table, to } from './support/small-mesh';
import { MeshValidationError } from '../src/compiler/diagnostics/validation-error';

/** Asks the library and the emitted YAML where a request goes, and checks they agree. */
function where(b: Built, objects: any[], req: Omit<IstioRequest, 'gateway'>): string {
  const lib = b.mesh.evaluate({ ...req, headers: req.headers, query: req.query });
  const yaml = evaluateIstio(objects, { ...req, gateway: 'ops/gw' });
  const libAnswer = lib.outcome === RouteOutcome.FORWARD ? lib.destinations.map(d => d.service).join() : String(lib.status);
  const yamlAnswer = yaml.destinations.length > 0 ? yaml.destinations.map(d => d.host.split('.')[0]).join() : String(yaml.status);
  expect(yamlAnswer).toBe(libAnswer);
  return libAnswer;
}

describe('matching', () => {
  test('segment prefixes match whole path elements on both the library and the emitted YAML', () => {
    const b = base();
    table(b, [
      { name: 'team1', matchers: [{ path: PathMatch.segmentPrefix('/team1') }], action: to('one') },
      { name: 'team10', matchers: [{ path: PathMatch.segmentPrefix('/team10/') }], action: to('ten') },
    ]);
    const objects = objectsOf(b.app);
    const host = 'api.example.com';
    expect(where(b, objects, { host, path: '/team1' })).toBe('one');
    expect(where(b, objects, { host, path: '/team1/x' })).toBe('one');
    expect(where(b, objects, { host, path: '/team10' })).toBe('ten');
    expect(where(b, objects, { host, path: '/team10/y' })).toBe('ten');
    expect(where(b, objects, { host, path: '/team100' })).toBe('404');
    expect(objects[1].spec.http[0].match).toEqual([{ uri: { exact: '/team1' } }, { uri: { prefix: '/team1/' } }]);
    expectSchemaValid(objects);
  });

  test('headers, query parameters and methods', () => {
    const b = base();
    table(b, [
      { name: 'canary', matchers: [{ headers: [HeaderMatch.exact('X-Canary', 'yes')] }], action: to('canary') },
      { name: 'beta', matchers: [{ headers: [HeaderMatch.prefix('x-user', 'beta-'), HeaderMatch.present('x-trace')] }], action: to('beta') },
      { name: 'mobile', matchers: [{ headers: [HeaderMatch.regex('user-agent', '.*(iPhone|Android).*')] }], action: to('mobile') },
      {
        name: 'debug',
        matchers: [{ queryParams: [QueryParamMatch.exact('debug', '1')] }, { queryParams: [QueryParamMatch.regex('trace', '[0-9]+')] }],
        action: to('debug'),
      },
      { name: 'flag', matchers: [{ queryParams: [QueryParamMatch.present('flag')] }], action: to('flag') },
      { name: 'writes', matchers: [{ method: HttpMethod.POST }], action: to('writes') },
      { name: 'rest', action: to('rest') },
    ]);
    const objects = objectsOf(b.app);
    const host = 'api.example.com';
    expect(where(b, objects, { host, path: '/', headers: { 'x-canary': 'yes' } })).toBe('canary');
    expect(where(b, objects, { host, path: '/', headers: { 'x-canary': 'no' } })).toBe('rest');
    expect(where(b, objects, { host, path: '/', headers: { 'x-user': 'beta-7', 'x-trace': '' } })).toBe('beta');
    expect(where(b, objects, { host, path: '/', headers: { 'x-user': 'beta-7' } })).toBe('rest');
    expect(where(b, objects, { host, path: '/', headers: { 'User-Agent': 'Mozilla (iPhone)' } })).toBe('mobile');
    expect(where(b, objects, { host, path: '/?debug=1' })).toBe('debug');
    expect(where(b, objects, { host, path: '/?trace=42' })).toBe('debug');
    expect(where(b, objects, { host, path: '/?trace=x' })).toBe('rest');
    expect(where(b, objects, { host, path: '/?flag' })).toBe('flag');
    expect(where(b, objects, { host, path: '/', method: 'POST' })).toBe('writes');
    expect(where(b, objects, { host, path: '/', method: 'GET' })).toBe('rest');
    expectSchemaValid(objects);
  });

  test('regex paths match the whole path', () => {
    const b = base();
    table(b, [{ name: 'items', matchers: [{ path: PathMatch.regex('/items/[0-9]+') }], action: to('items') }]);
    const objects = objectsOf(b.app);
    expect(where(b, objects, { host: 'api.example.com', path: '/items/42' })).toBe('items');
    expect(where(b, objects, { host: 'api.example.com', path: '/items/42/x' })).toBe('404');
  });

  test('the most specific host wins: exact name, then the longest wildcard', () => {
    const b = base();
    new RouteTable(b.ops, 'wild', { hosts: ['*.example.com'], gateways: [b.gw], routes: [{ name: 'r', action: to('wild') }] });
    new RouteTable(b.ops, 'exact', { hosts: ['api.example.com'], gateways: [b.gw], routes: [{ name: 'r', action: to('exact') }] });
    const objects = objectsOf(b.app);
    expect(where(b, objects, { host: 'api.example.com', path: '/' })).toBe('exact');
    expect(where(b, objects, { host: 'www.example.com', path: '/' })).toBe('wild');
    expect(where(b, objects, { host: 'example.com', path: '/' })).toBe('404');
  });
});

describe('actions', () => {
  test('weights, rewrites, timeouts, retries and header changes are rendered', () => {
    const b = base();
    table(b, [{
      name: 'api',
      matchers: [{ path: PathMatch.segmentPrefix('/api') }],
      action: RouteAction.forward({
        to: [{ destination: svc('v1'), weight: 90 }, { destination: svc('v2'), weight: 10 }],
        pathRewrite: PathRewrite.prefix('/'),
        hostRewrite: 'internal.example.com',
        timeout: Duration.seconds(5),
        retries: { attempts: 3, perTryTimeout: Duration.millis(1500), retryOn: ['5xx', 'connect-failure'] },
        requestHeaders: { set: { 'x-team': 'ops' }, remove: ['x-debug'] },
        responseHeaders: { add: { 'x-served-by': 'mesh' } },
      }),
    }]);
    const objects = objectsOf(b.app);
    const http = objects[1].spec.http;
    // Rewriting to "/" needs no split: /api → / and /api/x → /x with the same prefix rewrite.
    expect(http.map((h: any) => [h.match, h.rewrite])).toEqual([
      [[{ uri: { exact: '/api' } }, { uri: { prefix: '/api/' } }], { uri: '/', authority: 'internal.example.com' }],
    ]);
    expect(http[0].route).toEqual([
      { destination: { host: 'v1.ops.svc.cluster.local', port: { number: 8080 } }, weight: 90 },
      { destination: { host: 'v2.ops.svc.cluster.local', port: { number: 8080 } }, weight: 10 },
    ]);
    expect(http[0].timeout).toBe('5s');
    expect(http[0].retries).toEqual({ attempts: 3, perTryTimeout: '1500ms', retryOn: '5xx,connect-failure' });
    expect(http[0].headers).toEqual({ request: { set: { 'x-team': 'ops' }, remove: ['x-debug'] }, response: { add: { 'x-served-by': 'mesh' } } });
    expect(
      b.mesh.evaluate({ host: 'api.example.com', path: '/api/x' }).destinations.map(d => [d.service, d.weight]),
    ).toEqual([['v1', 90], ['v2', 10]]);
    expectSchemaValid(objects);
  });

  test('a prefix rewrite of a segment prefix keeps the slash after the new prefix', () => {
    const b = base();
    table(b, [
      {
        name: 'old',
        matchers: [{ path: PathMatch.segmentPrefix('/old') }],
        action: RouteAction.forward({ to: [{ destination: svc('s') }], pathRewrite: PathRewrite.prefix('/new') }),
      },
    ]);
    const http = objectsOf(b.app)[1].spec.http;
    expect(http.map((h: any) => [h.match[0].uri, h.rewrite.uri])).toEqual([[{ exact: '/old' }, '/new'], [{ prefix: '/old/' }, '/new/']]);
  });

  test('redirects and direct responses', () => {
    const b = base();
    table(b, [
      {
        name: 'moved',
        matchers: [{ path: PathMatch.exact('/old') }],
        action: RouteAction.redirect({ scheme: 'https', path: '/new', statusCode: 308 }),
      },
      { name: 'health', matchers: [{ path: PathMatch.exact('/healthz') }], action: RouteAction.directResponse(200, 'ok') },
    ]);
    const objects = objectsOf(b.app);
    expect(where(b, objects, { host: 'api.example.com', path: '/old' })).toBe('308');
    expect(where(b, objects, { host: 'api.example.com', path: '/healthz' })).toBe('200');
    const moved = b.mesh.evaluate({ host: 'api.example.com', path: '/old' });
    expect([moved.outcome, moved.redirect]).toEqual([RouteOutcome.REDIRECT, 'https://api.example.com/new']);
    const health = b.mesh.evaluate({ host: 'api.example.com', path: '/healthz' });
    expect([health.outcome, health.body]).toEqual([RouteOutcome.DIRECT_RESPONSE, 'ok']);
    expect(objects[1].spec.http[1].directResponse).toEqual({ status: 200, body: { string: 'ok' } });
    expectSchemaValid(objects);
  });

  test('a default destination catches what no route matches', () => {
    const b = base();
    table(b, [{ name: 'a', matchers: [{ path: PathMatch.prefix('/a') }], action: to('a') }], { defaultDestination: svc('fallback') });
    const objects = objectsOf(b.app);
    expect(where(b, objects, { host: 'api.example.com', path: '/zzz' })).toBe('fallback');
    expect(b.mesh.evaluate({ host: 'api.example.com', path: '/zzz' }).route).toBe('default');
  });
});

describe('delegation order', () => {
  function delegated(sortMethod: DelegationSortMethod) {
    const b = base();
    new RouteTable(b.ops, 'light', {
      labels: { api: 'v1' }, weight: 1, routes: [{ name: 'broad', matchers: [{ path: PathMatch.prefix('/x') }], action: to('broad') }],
    });
    new RouteTable(b.ops, 'heavy', {
      labels: { api: 'v1' }, weight: 5, routes: [{ name: 'exact', matchers: [{ path: PathMatch.exact('/x/y') }], action: to('exact') }],
    });
    new RouteTable(b.ops, 'deep', {
      labels: { api: 'v1' }, weight: 0, routes: [{ name: 'longer', matchers: [{ path: PathMatch.prefix('/x/z') }], action: to('longer') }],
    });
    table(b, [{ name: 'api', matchers: [{ path: PathMatch.prefix('/api') }], action: RouteAction.delegate({ labels: { api: 'v1' }, sortMethod }) }]);
    return b;
  }

  test('TABLE_WEIGHT: higher table weight first; a broad route of a heavier table shadows a later one', () => {
    const b = delegated(DelegationSortMethod.TABLE_WEIGHT);
    const shadowed = b.mesh.diagnostics.filter(d => d.code === 'MESH502');
    expect(shadowed.map(d => d.path)).toEqual(['mesh/ops/deep']);
    expect(shadowed[0].message).toContain('covered by route "broad" of route table ops/light');
  });

  test('ROUTE_SPECIFICITY: exact first, then longer prefixes', () => {
    const b = delegated(DelegationSortMethod.ROUTE_SPECIFICITY);
    expect(b.mesh.diagnostics).toEqual([]);
    const objects = objectsOf(b.app);
    expect(objects[1].spec.http.map((h: any) => h.match[0].uri)).toEqual([{ exact: '/api/x/y' }, { prefix: '/api/x/z' }, { prefix: '/api/x' }]);
    expect(where(b, objects, { host: 'api.example.com', path: '/api/x/y' })).toBe('exact');
    expect(where(b, objects, { host: 'api.example.com', path: '/api/x/zz' })).toBe('longer');
    expect(where(b, objects, { host: 'api.example.com', path: '/api/xx' })).toBe('broad');
  });

  test('a child table delegated from two parents is flattened under each', () => {
    const b = base();
    const shared = new RouteTable(b.ops, 'shared', {
      routes: [{ name: 'info', matchers: [{ path: PathMatch.exact('/info') }], action: to('info') }],
    });
    table(b, [
      { name: 'v1', matchers: [{ path: PathMatch.prefix('/v1') }], action: RouteAction.delegate({ routeTables: [shared] }) },
      { name: 'v2', matchers: [{ path: PathMatch.prefix('/v2') }], action: RouteAction.delegate({ routeTables: [shared] }) },
    ]);
    const objects = objectsOf(b.app);
    expect(where(b, objects, { host: 'api.example.com', path: '/v1/info' })).toBe('info');
    expect(where(b, objects, { host: 'api.example.com', path: '/v2/info' })).toBe('info');
    expect(where(b, objects, { host: 'api.example.com', path: '/v3/info' })).toBe('404');
  });
});

describe('destinations', () => {
  test('a cdk8s-plus Service and an ApiObject of kind Service are destinations', () => {
    const b = base();
    const apps = new Chart(b.app, 'apps', { namespace: 'ops' });
    const web = new kplus.Service(apps, 'web', { metadata: { name: 'web' }, ports: [{ port: 9080 }] });
    const raw = new ApiObject(apps, 'raw', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'raw', namespace: 'ops' }, spec: { ports: [{ port: 80 }, { port: 443 }] },
    });
    table(b, [
      { name: 'web', matchers: [{ path: PathMatch.prefix('/web') }], action: RouteAction.forwardTo(Destination.fromService(web)) },
      { name: 'raw', matchers: [{ path: PathMatch.prefix('/raw') }], action: RouteAction.forwardTo(Destination.fromApiObject(raw, 443)) },
    ]);
    expect(b.mesh.evaluate({ host: 'api.example.com', path: '/web' }).destinations).toEqual([
      { service: 'web', namespace: 'ops', port: 9080, weight: 1, host: 'web.ops.svc.cluster.local', subset: undefined, external: false },
    ]);
    expect(b.mesh.evaluate({ host: 'api.example.com', path: '/raw' }).destinations).toEqual([
      { service: 'raw', namespace: 'ops', port: 443, weight: 1, host: 'raw.ops.svc.cluster.local', subset: undefined, external: false },
    ]);
  });

  test('unusable services are reported, not thrown', () => {
    const b = base();
    const apps = new Chart(b.app, 'apps');
    const noNs = new kplus.Service(apps, 'web', { ports: [{ port: 80 }] });
    const two = new ApiObject(apps, 'two', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'two', namespace: 'ops' }, spec: { ports: [{ port: 80 }, { port: 443 }] },
    });
    const cm = new ApiObject(apps, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ops' } });
    table(b, [
      { name: 'a', matchers: [{ path: PathMatch.prefix('/a') }], action: RouteAction.forwardTo(Destination.fromService(noNs)) },
      { name: 'b', matchers: [{ path: PathMatch.prefix('/b') }], action: RouteAction.forwardTo(Destination.fromApiObject(two)) },
      { name: 'c', matchers: [{ path: PathMatch.prefix('/c') }], action: RouteAction.forwardTo(Destination.fromApiObject(two, 8443)) },
      { name: 'd', matchers: [{ path: PathMatch.prefix('/d') }], action: RouteAction.forwardTo(Destination.fromApiObject(cm)) },
    ]);
    expect(b.mesh.diagnostics.map(d => [d.code, d.message.replace(/^.*?: /, '')])).toEqual([
      ['MESH108', 'destination service apps/web has no namespace: set it on the service or on its chart'],
      ['MESH108', 'destination service ops/two exposes 2 ports (80, 443): name the port'],
      ['MESH108', 'destination service ops/two has no port 8443 (it exposes 80, 443)'],
      ['MESH108', 'destination apps/cm is a v1/ConfigMap, not a v1 Service'],
    ]);
  });
});

describe('the Mesh construct', () => {
  test('emitted objects are ApiObjects: escape hatches such as addJsonPatch work', () => {
    const b = base();
    table(b, [{ name: 'r', action: to('s') }]);
    const vs = b.mesh.apiObjects().find(o => o.kind === 'VirtualService')!;
    vs.addJsonPatch(JsonPatch.add('/metadata/annotations/team', 'ops'));
    expect(objectsOf(b.app)[1].metadata.annotations.team).toBe('ops');
  });

  test('declaring after synthesis is refused with a clear error', () => {
    const b = base();
    table(b, [{ name: 'r', action: to('s') }]);
    b.app.synthYaml();
    expect(() => new Workspace(b.mesh, 'late', { namespaces: ['late'] })).toThrow(/mesh mesh was already synthesized/);
  });

  test('mesh constructs outside a Mesh are refused', () => {
    const app = Testing.app();
    expect(() => new Workspace(app, 'ws', { namespaces: ['a'] })).toThrow(/must be declared inside a Mesh/);
  });

  test('an HTTPS listener terminates TLS with the named secret', () => {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
    const gw = new VirtualGateway(ops, 'gw', {
      workloadSelector: { istio: 'ingressgateway' },
      listeners: [{ port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: 'api-cert', hostname: 'api.example.com' }],
    });
    new RouteTable(ops, 'root', {
      hosts: ['api.example.com'],
      gateways: [gw],
      routes: [
        { name: 'moved', matchers: [{ path: PathMatch.exact('/old') }], action: RouteAction.redirect({ path: '/new' }) },
        { name: 'r', action: to('s') },
      ],
    });
    const objects = objectsOf(app);
    expect(mesh.evaluate({ host: 'api.example.com', path: '/old', port: 443 }).redirect).toBe('https://api.example.com/new');
    expect(objects[0].spec.servers).toEqual([
      {
        port: { number: 443, name: 'https-443', protocol: 'HTTPS' },
        hosts: ['ops/api.example.com'],
        tls: { mode: 'SIMPLE', credentialName: 'api-cert' },
      },
    ]);
    expect(mesh.evaluate({ host: 'api.example.com', path: '/', port: 443 }).destinations[0].service).toBe('s');
    expect(mesh.evaluate({ host: 'api.example.com', path: '/', port: 80 }).outcome).toBe(RouteOutcome.NOT_FOUND);
    expectSchemaValid(objects);
  });

  test('one chart per cluster; a workspace limited to some clusters is emitted only there', () => {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    new Cluster(mesh, 'east');
    new Cluster(mesh, 'west');
    const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'], clusters: ['east'] });
    const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
    new RouteTable(ops, 'root', { hosts: ['api.example.com'], gateways: [gw], routes: [{ name: 'r', action: to('s') }] });
    expect(Testing.synth(mesh.clusterChart('east')).map(o => o.kind)).toEqual(['Gateway', 'VirtualService', 'Sidecar']);
    expect(Testing.synth(mesh.clusterChart('west'))).toEqual([]);
  });

  test('a route table of another workspace attaches only when admitted and shared', () => {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'], importFrom: [{ workspaces: [WorkspaceSelector.named('shop')] }] });
    const shop = new Workspace(mesh, 'shop', { namespaces: ['shop'], exportTo: [{ workspaces: [WorkspaceSelector.of(ops)] }] });
    const gw = new VirtualGateway(ops, 'gw', {
      workloadSelector: { istio: 'ingressgateway' },
      listeners: [{ port: 80 }],
      allowedRouteTables: [{ hosts: ['shop.example.com'], workspaces: [WorkspaceSelector.of(shop)] }],
    });
    new RouteTable(shop, 'shop', {
      hosts: ['shop.example.com'], gateways: [gw], routes: [{ name: 'r', action: RouteAction.forwardTo(Destination.service('web', 'shop', 80)) }],
    });
    expect(mesh.diagnostics).toEqual([]);
    expect(mesh.evaluate({ host: 'shop.example.com', path: '/' }).destinations[0].namespace).toBe('shop');
    new RouteTable(shop, 'other', {
      hosts: ['other.example.com'], gateways: [gw], routes: [{ name: 'r', action: RouteAction.forwardTo(Destination.service('web', 'shop', 80)) }],
    });
    expect(mesh.diagnostics.map(d => d.code)).toEqual(['MESH203']);
    expect(() => mesh.evaluate({ host: 'shop.example.com', path: '/' })).toThrow(MeshValidationError);
  });
});
