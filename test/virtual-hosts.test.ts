/**
 * Virtual hosts as the proxy builds them (issue 11 items 1 and 2): a host's routes never join another host's on a
 * listener, listeners whose hostname lies inside several hosts bind each host by listener, and gateways sharing a
 * workload are one proxy — through `mesh.evaluate()`, the emitted objects, and the rules.
 */
import { Testing } from 'cdk8s';
import {
  ListenerProtocol, Mesh, MeshErrors, MeshTarget, PathMatch, RouteTable, VirtualGateway, Workspace,
} from '../src';
import { errorOf, objectsOf, to } from './support/small-mesh';

interface Options {
  readonly target?: MeshTarget;
  readonly listeners?: ConstructorParameters<typeof VirtualGateway>[2]['listeners'];
}

/** Tables `api.example.com` (`/a` → svc-a, catch-all → svc-default) and `wild` (`/b` → svc-b) on gateway ops/gw. */
function issueExample(wild: string, o: Options = {}) {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh', { target: o.target });
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
  const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: o.listeners ?? [{ port: 80 }] });
  new RouteTable(ops, 'api', {
    hosts: ['api.example.com'],
    gateways: [gw],
    routes: [{ name: 'a', matchers: [{ path: PathMatch.segmentPrefix('/a') }], action: to('svc-a') }, { name: 'default', action: to('svc-default') }],
  });
  new RouteTable(ops, 'wild', {
    hosts: [wild], gateways: [gw], routes: [{ name: 'b', matchers: [{ path: PathMatch.segmentPrefix('/b') }], action: to('svc-b') }],
  });
  return { app, mesh, gw };
}

const service = (mesh: Mesh, gw: VirtualGateway, host: string, path: string, port?: number) => {
  const d = mesh.evaluate({ gateway: gw, host, path, port });
  return d.status === 404 ? '404' : d.destinations.map(x => x.service).join();
};

describe('a host\'s routes never join another host\'s', () => {
  test.each(['*.example.com', '*'])('with %s beside api.example.com, api.example.com/b takes api\'s catch-all', wild => {
    const { app, mesh, gw } = issueExample(wild);
    expect(service(mesh, gw, 'api.example.com', '/b')).toBe('svc-default');
    expect(service(mesh, gw, 'api.example.com', '/a/x')).toBe('svc-a');
    expect(service(mesh, gw, 'www.example.com', '/b')).toBe('svc-b');
    expect(service(mesh, gw, 'www.example.com', '/a')).toBe('404');
    // The server lists only the outermost host, so Istio gives each VirtualService its own virtual host.
    const gateway = objectsOf(app).find(o => o.kind === 'Gateway');
    expect(gateway.spec.servers[0].hosts).toEqual([`ops/${wild}`]);
  });

  test('a listener whose hostname lies inside two hosts serves the narrowest: one Istio Gateway per listener', () => {
    const listeners = [
      { name: 'api', port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: 'api-cert', hostname: 'api.example.com' },
      { name: 'wild', port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: 'wild-cert', hostname: '*.example.com' },
    ];
    const { app, mesh, gw } = issueExample('*.example.com', { listeners });
    expect(service(mesh, gw, 'api.example.com', '/b', 443)).toBe('svc-default');
    expect(service(mesh, gw, 'x.example.com', '/b', 443)).toBe('svc-b');
    const objects = objectsOf(app);
    const gateways = objects.filter(o => o.kind === 'Gateway').map(o => [o.metadata.name, o.spec.servers.map((s: any) => s.hosts)]);
    expect(gateways).toEqual([['gw-api', [['ops/api.example.com']]], ['gw-wild', [['ops/*.example.com']]]]);
    const bound = Object.fromEntries(objects.filter(o => o.kind === 'VirtualService').map(o => [o.spec.hosts[0], o.spec.gateways]));
    expect(bound).toEqual({ '*.example.com': ['ops/gw-wild'], 'api.example.com': ['ops/gw-api', 'ops/gw-wild'] });
  });

  test('Gateway API: the wildcard table attaches by sectionName to the listeners it serves only', () => {
    const listeners = [
      { name: 'api', port: 80, hostname: 'api.example.com' },
      { name: 'wild', port: 80, hostname: '*.example.com' },
    ];
    const { app, mesh, gw } = issueExample('*.example.com', { listeners, target: MeshTarget.GATEWAY_API });
    expect(service(mesh, gw, 'api.example.com', '/b')).toBe('svc-default');
    const routes = objectsOf(app).filter(o => o.kind === 'HTTPRoute');
    const sections = Object.fromEntries(routes.map(o => [o.spec.hostnames[0], o.spec.parentRefs.map((p: any) => p.sectionName)]));
    expect(sections).toEqual({ '*.example.com': ['wild'], 'api.example.com': ['api', 'wild'] });
  });

  test('without nested listener hostnames the output binds by gateway, as before', () => {
    const { app } = issueExample('*.example.com', { target: MeshTarget.GATEWAY_API });
    for (const r of objectsOf(app).filter(o => o.kind === 'HTTPRoute')) expect(r.spec.parentRefs[0].sectionName).toBeUndefined();
  });
});

/** Gateways gw0 (api.example.com) and gw1 (`host`, routes given) in workspace ops, with the given selectors. */
function twoGateways(o: { host: string; paths: string[]; labels1?: Record<string, string>; target1?: MeshTarget; ns1?: string }) {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh');
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
  const gw0 = new VirtualGateway(ops, 'gw0', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
  const gw1 = new VirtualGateway(ops, 'gw1', {
    workloadSelector: o.labels1 ?? { istio: 'ingressgateway' }, listeners: [{ port: 80 }], target: o.target1, workloadNamespace: o.ns1,
  });
  const routes0 = [{ name: 'a', matchers: [{ path: PathMatch.prefix('/a') }], action: to('svc-0') }];
  new RouteTable(ops, 't0', { hosts: ['api.example.com'], gateways: [gw0], routes: routes0 });
  new RouteTable(ops, 't1', {
    hosts: [o.host],
    gateways: [gw1],
    routes: o.paths.map((p, i) => ({ name: `r${i}`, matchers: p === '' ? undefined : [{ path: PathMatch.prefix(p) }], action: to('svc-1') })),
  });
  return { app, mesh, gw0, gw1 };
}

const codesOf = (run: () => unknown) => MeshErrors.diagnosticsOf(errorOf(run)).map(d => `${d.code} ${d.path}`);

describe('gateways that share a workload are one proxy', () => {
  test('a request to gw0 for a host only gw1 serves reaches gw1\'s routes (one route configuration per port)', () => {
    const { mesh, gw0, gw1 } = twoGateways({ host: '*.example.com', paths: ['/'] });
    expect(service(mesh, gw0, 'zzz.example.com', '/x')).toBe('svc-1');
    expect(service(mesh, gw1, 'api.example.com', '/a')).toBe('svc-0');
    // api.example.com is gw0's virtual host: gw1's wildcard does not join it.
    expect(service(mesh, gw1, 'api.example.com', '/x')).toBe('404');
  });

  test('routes of both gateways for one host join when disjoint, and a catch-all goes last whatever the Gateway order', () => {
    const { mesh, gw0 } = twoGateways({ host: 'api.example.com', paths: ['/b', ''] });
    expect(service(mesh, gw0, 'api.example.com', '/a')).toBe('svc-0');
    expect(service(mesh, gw0, 'api.example.com', '/b')).toBe('svc-1');
    expect(service(mesh, gw0, 'api.example.com', '/c')).toBe('svc-1');
  });

  test('MESH505 where the Gateway created first would decide', () => {
    const { app } = twoGateways({ host: 'api.example.com', paths: ['/a/x'] });
    expect(codesOf(() => app.synth())).toEqual(['MESH505 mesh/ops/t1']);
  });

  test('different selectors that can meet on one pod are MESH210; disjoint ones are separate proxies', () => {
    expect(codesOf(() => twoGateways({ host: 'api.example.com', paths: ['/a'], labels1: { istio: 'ingressgateway', x: 'y' } }).app.synth()))
      .toEqual(['MESH210 mesh/ops/gw1']);
    const { mesh, gw0 } = twoGateways({ host: 'api.example.com', paths: ['/a'], labels1: { istio: 'other' } });
    expect(service(mesh, gw0, 'api.example.com', '/a')).toBe('svc-0');
  });

  test('one selector declared in two workload namespaces is MESH210', () => {
    expect(codesOf(() => twoGateways({ host: 'www.example.com', paths: ['/'], ns1: 'other-gateways' }).app.synth()))
      .toEqual(['MESH210 mesh/ops/gw1']);
  });

  test('a host the shared proxies serve from tables of two workspaces is MESH205, as on one gateway', () => {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    for (const [name, path] of [['ops', '/a'], ['team', '/b']]) {
      const ws = new Workspace(mesh, name, { namespaces: [name] });
      const gw = new VirtualGateway(ws, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
      const routes = [{ name: 'r', matchers: [{ path: PathMatch.prefix(path) }], action: to('s', name) }];
      new RouteTable(ws, 't', { hosts: ['api.example.com'], gateways: [gw], routes });
    }
    const [finding] = MeshErrors.diagnosticsOf(errorOf(() => app.synth()));
    expect(`${finding.code} ${finding.path}`).toBe('MESH205 mesh/team/t');
    expect(finding.message).toMatch(/host api\.example\.com on gateway ops\/gw and team\/gw \(shared proxies\) is claimed by route tables of several workspaces/);
  });

  test('a Gateway API gateway has its own proxies: no sharing with an Istio gateway of other labels', () => {
    const { mesh, gw0, gw1 } = twoGateways({ host: '*.example.com', paths: ['/'], target1: MeshTarget.GATEWAY_API });
    expect(service(mesh, gw1, 'zzz.example.com', '/x')).toBe('svc-1');
    expect(service(mesh, gw0, 'zzz.example.com', '/x')).toBe('404');
    expect(service(mesh, gw0, 'api.example.com', '/a')).toBe('svc-0');
  });
});

test('on a shared virtual host, routes after a gateway\'s catch-all are dropped as istiod drops them', () => {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh');
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
  const gw0 = new VirtualGateway(ops, 'gw0', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
  const gw1 = new VirtualGateway(ops, 'gw1', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
  new RouteTable(ops, 't0', {
    hosts: ['api.example.com'],
    gateways: [gw0],
    tolerateShadowedRoutes: true,
    routes: [{ name: 'all', action: to('catchall0') }, { name: 'y', matchers: [{ path: PathMatch.exact('/y') }], action: to('y0') }],
  });
  const z = [{ name: 'z', matchers: [{ path: PathMatch.exact('/z') }], action: to('z1') }];
  new RouteTable(ops, 't1', { hosts: ['api.example.com'], gateways: [gw1], routes: z });
  expect(service(mesh, gw0, 'api.example.com', '/y')).toBe('catchall0');
  expect(service(mesh, gw0, 'api.example.com', '/z')).toBe('z1');
});

test('a host that no listener serves (each listener inside it serves a narrower host) is MESH204, not dropped silently', () => {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh');
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
  const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80, hostname: 'api.example.com' }] });
  new RouteTable(ops, 'wild', { hosts: ['*.example.com'], gateways: [gw], routes: [{ name: 'w', action: to('w') }] });
  new RouteTable(ops, 'any', { hosts: ['*'], gateways: [gw], routes: [{ name: 'a', action: to('a') }] });
  const [finding] = MeshErrors.diagnosticsOf(errorOf(() => app.synth()));
  expect(`${finding.code} ${finding.path}`).toBe('MESH204 mesh/ops/any');
  expect(finding.message).toMatch(/no listener for host \* of route table ops\/any .*serves a narrower host/);
});
