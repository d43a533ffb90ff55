import { Duration, Testing } from 'cdk8s';
import {
  HeaderMatch, HttpMethod, Mesh, MeshTarget, PathMatch, PathRewrite, Route, RouteAction, RouteOutcome,
  RouteTable, VirtualGateway, Workspace, WorkspaceSelector,
} from '../src';
import { evaluateGatewayApi, GatewayApiRequest } from './support/gateway-api-matcher';
import { expectSchemaValid } from './support/schema-gate';
import { base, Built, objectsOf, svc, table, to } from './support/small-mesh';

/** Asks the library and the emitted Gateway API objects where a request goes, and checks they agree. */
function where(b: Built, objects: any[], req: Omit<GatewayApiRequest, 'gateway'>): string {
  const lib = b.mesh.evaluate(req);
  const yaml = evaluateGatewayApi(objects, { ...req, gateway: 'ops/gw' });
  const libAnswer = lib.outcome === RouteOutcome.FORWARD ? lib.destinations.map(d => `${d.namespace}/${d.service}`).join() : String(lib.status);
  const yamlAnswer = yaml.status === 200 ? yaml.backends.map(d => `${d.namespace}/${d.name}`).join() : String(yaml.status);
  expect(yamlAnswer).toBe(libAnswer);
  return libAnswer;
}

describe('Gateway API target', () => {
  test('paths, headers, query parameters and methods render exactly', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    table(b, [
      { name: 'exact', matchers: [{ path: PathMatch.exact('/a/b') }], action: to('exact') },
      { name: 'seg', matchers: [{ path: PathMatch.segmentPrefix('/a') }], action: to('seg') },
      {
        name: 'beta',
        matchers: [{ path: PathMatch.exact('/h'), headers: [HeaderMatch.prefix('x-user', 'beta.'), HeaderMatch.present('x-trace')] }],
        action: to('beta'),
      },
      { name: 'post', matchers: [{ path: PathMatch.exact('/m'), method: HttpMethod.POST }], action: to('post') },
      { name: 'str', matchers: [{ path: PathMatch.prefix('/team1') }], action: to('str') },
    ]);
    const objects = objectsOf(b.app);
    expectSchemaValid(objects);
    const host = 'api.example.com';
    expect(where(b, objects, { host, path: '/a/b' })).toBe('ops/exact');
    expect(where(b, objects, { host, path: '/a' })).toBe('ops/seg');
    expect(where(b, objects, { host, path: '/a/c' })).toBe('ops/seg');
    expect(where(b, objects, { host, path: '/ab' })).toBe('404');
    expect(where(b, objects, { host, path: '/h', headers: { 'x-user': 'beta.7', 'x-trace': '1' } })).toBe('ops/beta');
    expect(where(b, objects, { host, path: '/h', headers: { 'x-user': 'betaX7', 'x-trace': '1' } })).toBe('404');
    expect(where(b, objects, { host, path: '/m', method: 'POST' })).toBe('ops/post');
    expect(where(b, objects, { host, path: '/m' })).toBe('404');
    expect(where(b, objects, { host, path: '/team10' })).toBe('ops/str');
    const rules = objects.find(o => o.kind === 'HTTPRoute').spec.rules;
    expect(rules.map((r: any) => r.matches[0].path)).toEqual([
      { type: 'Exact', value: '/a/b' }, { type: 'PathPrefix', value: '/a' }, { type: 'Exact', value: '/h' },
      { type: 'Exact', value: '/m' }, { type: 'RegularExpression', value: '/team1.*' },
    ]);
    expect(rules[2].matches[0].headers).toEqual([
      { name: 'x-trace', type: 'RegularExpression', value: '.*' }, { name: 'x-user', type: 'RegularExpression', value: 'beta\\..*' },
    ]);
  });

  test('rewrites, header changes, timeouts, weights and redirects map to the standard filters', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    table(b, [
      {
        name: 'api',
        matchers: [{ path: PathMatch.segmentPrefix('/api') }, { path: PathMatch.exact('/v1') }],
        action: RouteAction.forward({
          to: [{ destination: svc('v1'), weight: 90 }, { destination: svc('v2'), weight: 10 }],
          pathRewrite: PathRewrite.prefix('/'),
          hostRewrite: 'internal.example.com',
          timeout: Duration.seconds(5),
          requestHeaders: { set: { 'x-team': 'ops' }, remove: ['x-debug'] },
        }),
      },
      {
        name: 'moved',
        matchers: [{ path: PathMatch.exact('/old') }],
        action: RouteAction.redirect({ scheme: 'https', path: '/new', statusCode: 308 }),
      },
    ]);
    const objects = objectsOf(b.app);
    expectSchemaValid(objects);
    const rules = objects.find(o => o.kind === 'HTTPRoute').spec.rules;
    expect(rules).toHaveLength(3);
    expect(rules[0].filters).toEqual([
      { type: 'URLRewrite', urlRewrite: { hostname: 'internal.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-team', value: 'ops' }], remove: ['x-debug'] } },
    ]);
    expect(rules[1].filters[0].urlRewrite.path).toEqual({ type: 'ReplaceFullPath', replaceFullPath: '/' });
    expect(rules[0].timeouts).toEqual({ request: '5s' });
    expect(rules[0].backendRefs).toEqual([{ name: 'v1', port: 8080, weight: 90 }, { name: 'v2', port: 8080, weight: 10 }]);
    expect(rules[2].filters).toEqual([
      { type: 'RequestRedirect', requestRedirect: { scheme: 'https', path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 308 } },
    ]);
    expect(where(b, objects, { host: 'api.example.com', path: '/old' })).toBe('308');
  });

  test('what the standard channel cannot express is reported, not dropped', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    table(b, [
      { name: 'health', matchers: [{ path: PathMatch.exact('/healthz') }], action: RouteAction.directResponse(200, 'ok') },
      {
        name: 'retry',
        matchers: [{ path: PathMatch.exact('/r') }],
        action: RouteAction.forward({ to: [{ destination: svc('s') }], retries: { attempts: 3 } }),
      },
      {
        name: 'rw',
        matchers: [{ path: PathMatch.prefix('/str') }],
        action: RouteAction.forward({ to: [{ destination: svc('s') }], pathRewrite: PathRewrite.prefix('/x') }),
      },
      {
        name: 'wide',
        matchers: [{ path: PathMatch.exact('/w') }],
        action: RouteAction.forward({ to: Array.from({ length: 17 }, (_, i) => ({ destination: svc(`s${i}`) })) }),
      },
    ]);
    const found = b.mesh.diagnostics.map(d => [d.code, d.message.replace(/^.*the Gateway API target cannot express /, '')]);
    expect(found).toEqual([
      ['MESH601', 'a direct response (the standard channel has no such filter)'],
      ['MESH601', 'retries (the standard channel has no retry field)'],
      ['MESH601', 'a prefix rewrite of the string prefix /str (Gateway API rewrites path elements only); use a segment prefix'],
      ['MESH601', '17 destinations in one route (at most 16 backendRefs per rule)'],
    ]);
    expect(() => b.app.synthYaml()).toThrow(/MESH601/);
  });

  test('precedence: an intended order that Gateway API would reverse is an error naming both routes', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    table(b, [
      { name: 'admins', matchers: [{ path: PathMatch.segmentPrefix('/api'), headers: [HeaderMatch.exact('x-role', 'admin')] }], action: to('admin') },
      { name: 'v2', matchers: [{ path: PathMatch.segmentPrefix('/api/v2') }], action: to('v2') },
    ]);
    const mismatch = b.mesh.diagnostics.filter(d => d.code === 'MESH602');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0].message).toContain('route "admins" of route table ops/root');
    expect(mismatch[0].message).toContain('route "v2" of route table ops/root');
    expect(mismatch[0].message).toContain('Gateway API ranks the second one first');
    expect(mismatch[0].fix).toMatch(/more specific/);
  });

  test('precedence: the same intent stated the way Gateway API ranks it is accepted', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    table(b, [
      {
        name: 'v2-admins',
        matchers: [{ path: PathMatch.segmentPrefix('/api/v2'), headers: [HeaderMatch.exact('x-role', 'admin')] }],
        action: to('admin'),
      },
      { name: 'v2', matchers: [{ path: PathMatch.segmentPrefix('/api/v2') }], action: to('v2') },
      { name: 'admins', matchers: [{ path: PathMatch.segmentPrefix('/api'), headers: [HeaderMatch.exact('x-role', 'admin')] }], action: to('admin') },
    ]);
    expect(b.mesh.diagnostics).toEqual([]);
    const objects = objectsOf(b.app);
    expect(where(b, objects, { host: 'api.example.com', path: '/api/v2/x', headers: { 'x-role': 'admin' } })).toBe('ops/admin');
    expect(where(b, objects, { host: 'api.example.com', path: '/api/v2/x' })).toBe('ops/v2');
    expect(where(b, objects, { host: 'api.example.com', path: '/api/v1', headers: { 'x-role': 'admin' } })).toBe('ops/admin');
  });

  test('precedence: equal ranks in different HTTPRoutes would be decided by creation time, so they are an error', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    const ws = new Workspace(b.mesh, 'shop', { namespaces: ['shop'], exportTo: [{ workspaces: [WorkspaceSelector.named('ops')] }] });
    b.ops.importFrom({ workspaces: [WorkspaceSelector.of(ws)] });
    const kid = new RouteTable(ws, 'kid', {
      routes: [{ name: 'beta', matchers: [{ headers: [HeaderMatch.exact('x-beta', '1')] }], action: to('beta', 'shop') }],
    });
    table(b, [
      { name: 'canary', matchers: [{ path: PathMatch.segmentPrefix('/shop'), headers: [HeaderMatch.exact('x-canary', '1')] }], action: to('canary') },
      { name: 'shop', matchers: [{ path: PathMatch.segmentPrefix('/shop') }], action: RouteAction.delegate({ routeTables: [kid] }) },
    ]);
    const tie = b.mesh.diagnostics.filter(d => d.code === 'MESH602');
    expect(tie.map(d => d.path)).toEqual(['mesh/shop/kid']);
    expect(tie[0].message).toMatch(/ranks them equal and they are in different HTTPRoutes \(ops\/root-gw-api-example-com, shop\/kid-gw-api-example-com\), so their creation time would decide/);
  });

  test('a 40-route table splits into valid HTTPRoutes that route like the library', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    const routes: Route[] = [];
    for (let i = 0; i < 40; i++) {
      routes.push({
        name: `r${i}`,
        matchers: [{ path: PathMatch.exact(`/items/${i}`) }, { path: PathMatch.segmentPrefix(`/items/${i}/sub`) }],
        action: to(`svc-${i % 7}`),
      });
    }
    table(b, routes);
    const objects = objectsOf(b.app);
    const httpRoutes = objects.filter(o => o.kind === 'HTTPRoute');
    expect(httpRoutes.map(o => [o.metadata.name, o.spec.rules.length])).toEqual([
      ['root-gw-api-example-com-1', 16], ['root-gw-api-example-com-2', 16], ['root-gw-api-example-com-3', 8],
    ]);
    expectSchemaValid(objects);
    for (const i of [0, 15, 16, 31, 32, 39]) {
      expect(where(b, objects, { host: 'api.example.com', path: `/items/${i}` })).toBe(`ops/svc-${i % 7}`);
      expect(where(b, objects, { host: 'api.example.com', path: `/items/${i}/sub/x` })).toBe(`ops/svc-${i % 7}`);
    }
    expect(where(b, objects, { host: 'api.example.com', path: '/items/40' })).toBe('404');
  });

  test('a rule with more than 64 matches and a route with more than 128 are split within the limits', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    const many = Array.from({ length: 150 }, (_, i) => ({ path: PathMatch.exact(`/m/${i}`) }));
    table(b, [{ name: 'many', matchers: many, action: to('many') }]);
    const objects = objectsOf(b.app);
    const httpRoutes = objects.filter(o => o.kind === 'HTTPRoute');
    expect(httpRoutes.map(o => o.spec.rules.map((r: any) => r.matches.length))).toEqual([[64, 64], [22]]);
    expectSchemaValid(objects);
    expect(where(b, objects, { host: 'api.example.com', path: '/m/149' })).toBe('ops/many');
  });

  test('cross-namespace backends get a ReferenceGrant naming exactly the referencing namespace and the service', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    const shop = new Workspace(b.mesh, 'shop', { namespaces: ['shop'], exportTo: [{ workspaces: [WorkspaceSelector.named('ops')] }] });
    b.ops.importFrom({ workspaces: [WorkspaceSelector.of(shop)] });
    table(b, [{ name: 'shop', matchers: [{ path: PathMatch.segmentPrefix('/shop') }], action: to('web', 'shop') }]);
    const objects = objectsOf(b.app);
    expectSchemaValid(objects);
    const grants = objects.filter(o => o.kind === 'ReferenceGrant');
    expect(grants.map(g => [g.metadata.namespace, g.metadata.name, g.spec])).toEqual([[
      'shop', 'httproutes-from-ops',
      { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'ops' }], to: [{ group: '', kind: 'Service', name: 'web' }] },
    ]]);
    expect(grants[0].metadata.labels['mesh.cdk8s.io/workspace']).toBe('shop');
    expect(where(b, objects, { host: 'api.example.com', path: '/shop/cart' })).toBe('shop/web');
  });

  test('a missing export is an error instead of a ReferenceGrant', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    new Workspace(b.mesh, 'shop', { namespaces: ['shop'] });
    table(b, [{ name: 'shop', matchers: [{ path: PathMatch.segmentPrefix('/shop') }], action: to('web', 'shop') }]);
    expect(b.mesh.diagnostics.map(d => d.code)).toEqual(['MESH202']);
    expect(() => b.app.synthYaml()).toThrow(/MESH202 DestinationNotShared/);
  });

  test('listeners admit routes only from the namespaces that own them', () => {
    const b = base({ target: MeshTarget.GATEWAY_API });
    table(b, [{ name: 'r', action: to('s') }]);
    const gateway = objectsOf(b.app).find(o => o.kind === 'Gateway');
    expect(gateway.spec).toEqual({
      gatewayClassName: 'istio',
      listeners: [{
        name: 'http-80',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], namespaces: { from: 'Same' } },
      }],
    });
  });

  test('a gateway can choose its own target inside an Istio mesh', () => {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
    const classic = new VirtualGateway(ops, 'classic', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
    const modern = new VirtualGateway(ops, 'modern', {
      workloadSelector: { istio: 'modern' },
      listeners: [{ port: 80 }],
      target: MeshTarget.GATEWAY_API,
      gatewayClassName: 'istio-east',
    });
    new RouteTable(ops, 'a', { hosts: ['a.example.com'], gateways: [classic], routes: [{ name: 'r', action: to('a') }] });
    new RouteTable(ops, 'b', { hosts: ['b.example.com'], gateways: [modern], routes: [{ name: 'r', action: to('b') }] });
    const objects = objectsOf(app);
    expect(objects.map(o => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'networking.istio.io/v1 Gateway classic', 'gateway.networking.k8s.io/v1 Gateway modern',
      'networking.istio.io/v1 VirtualService classic-a-example-com', 'gateway.networking.k8s.io/v1 HTTPRoute b-modern-b-example-com',
      'networking.istio.io/v1 Sidecar workspace-sidecar-ops',
    ]);
    expect(objects[1].spec.gatewayClassName).toBe('istio-east');
    expectSchemaValid(objects);
  });

  test('workloadSelector is the Istio flavour\'s: an empty one is MESH032 there, and nothing with the Gateway API flavour', () => {
    const declare = (target: MeshTarget) => {
      const mesh = new Mesh(Testing.app(), 'mesh', { target });
      const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
      new VirtualGateway(ops, 'gw', { workloadSelector: {}, listeners: [{ port: 80 }] });
      return mesh.diagnostics.map(d => `${d.code} ${d.path}`);
    };
    expect(declare(MeshTarget.ISTIO)).toEqual(['MESH032 mesh/ops/gw']);
    expect(declare(MeshTarget.GATEWAY_API)).toEqual([]);
  });
});
