/**
 * The independent readers themselves (test/support/istio-matcher.ts, gateway-api-matcher.ts), on hand-written objects
 * reproducing the worked examples of docs/upstream/istio-routing.md.
 */
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { evaluateIstio } from './support/istio-matcher';
import { normalizePath } from './support/istio-reader/match';

const NS = 'ops';
const SELECTOR = { istio: 'ingressgateway' };

const gateway = (name: string, servers: any[], ns = NS, selector: any = SELECTOR) =>
  ({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: ns }, spec: { selector, servers } });
const http = (hosts: string[], port = 80) => ({ port: { number: port, name: `http-${port}`, protocol: 'HTTP' }, hosts });
const https = (name: string, hosts: string[]) =>
  ({ port: { number: 443, name, protocol: 'HTTPS' }, hosts, tls: { mode: 'SIMPLE', credentialName: name } });
const vs = (name: string, hosts: string[], gateways: string[], routes: any[], ns = NS) =>
  ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: ns }, spec: { hosts, gateways, http: routes } });
/** An HTTP route named `name` forwarding to service `name`; `match` undefined: a match-less rule. */
const route = (name: string, match?: any[]) =>
  ({ name, match, route: [{ destination: { host: `${name}.${NS}.svc.cluster.local`, port: { number: 80 } } }] });
const prefix = (p: string, extra: any = {}) => [{ uri: { prefix: p }, ...extra }];

/** The route an Istio request takes (`404` when none), and whether creation order matters. */
function istio(objects: any[], host: string, path: string, extra: any = {}) {
  const out = evaluateIstio(objects, { gateway: `${NS}/gw`, host, path, ...extra });
  return { route: out.status === 200 ? out.route : String(out.status), orderDependent: out.orderDependent };
}

describe('Istio reader: virtual hosts are server ∩ VirtualService host intersections (§1.8)', () => {
  const A = (extra: any[] = []) => vs('a', ['api.example.com'], ['gw'], [route('a', prefix('/a')), route('a-all'), ...extra]);
  const W = (catchAll: boolean) => vs('w', ['*.example.com'], ['gw'], [route('b', prefix('/b')), ...(catchAll ? [route('w-all')] : [])]);
  const rows: Array<[string, string[], Record<string, string>]> = [
    ['*.example.com', ['*.example.com'], { 'api.example.com': 'a-all', 'x.example.com': 'b', 'a.b.example.com': 'b', 'example.com': '404' }],
    ['*', ['*'], { 'api.example.com': 'a-all', 'x.example.com': 'b', 'a.b.example.com': 'b', 'example.com': '404' }],
    ['api + *.example.com', ['api.example.com', '*.example.com'], { 'api.example.com': 'b', 'x.example.com': 'b', 'example.com': '404' }],
    ['api.example.com only', ['api.example.com'], { 'api.example.com': 'b', 'x.example.com': '404', 'example.com': '404' }],
  ];
  test.each(rows)('server hosts %s: /b goes where §1.8 says', (_, hosts, expected) => {
    const objects = [gateway('gw', [http(hosts.map(h => `${NS}/${h}`))]), A(), W(false)];
    for (const [host, want] of Object.entries(expected)) {
      expect({ host, ...istio(objects, host, '/b') }).toEqual({ host, route: want, orderDependent: false });
    }
  });

  test('A only on a wildcard server: api.example.com never falls back to W', () => {
    const objects = [gateway('gw', [http([`${NS}/*.example.com`])]), vs('a', ['api.example.com'], ['gw'], [route('a', prefix('/a'))]), W(false)];
    expect(evaluateIstio(objects, { gateway: `${NS}/gw`, host: 'api.example.com', path: '/b' }))
      .toMatchObject({ status: 404, virtualHost: 'api.example.com', orderDependent: false });
    expect(evaluateIstio(objects, { gateway: `${NS}/gw`, host: 'x.example.com', path: '/b' }))
      .toMatchObject({ route: 'b', virtualHost: '*.example.com' });
  });

  test('row 3 with two catch-alls: which one answers depends on creation order', () => {
    const objects = [gateway('gw', [http([`${NS}/api.example.com`, `${NS}/*.example.com`])]), A(), W(true)];
    expect(istio(objects, 'api.example.com', '/c')).toEqual({ route: 'a-all', orderDependent: true });
    expect(istio(objects, 'api.example.com', '/c', {})).toEqual({ route: 'a-all', orderDependent: true });
    const descending = evaluateIstio(objects, { gateway: `${NS}/gw`, host: 'api.example.com', path: '/c' }, { order: 'descending' });
    expect(descending.route).toBe('w-all');
    // Non-catch-all routes keep their place before every catch-all, whatever the order.
    expect(istio(objects, 'api.example.com', '/b')).toEqual({ route: 'b', orderDependent: false });
  });

  test('the server namespace admits only VirtualServices of that namespace', () => {
    const objects = [gateway('gw', [http(['team/api.example.com'])]), A()];
    expect(istio(objects, 'api.example.com', '/a').route).toBe('404');
  });
});

describe('Istio reader: the proxy merges every Gateway selecting its pods', () => {
  const objects = [
    gateway('gw', [http([`${NS}/one.example.com`])]),
    gateway('gw-2', [http(['team/two.example.com'])], 'team'),
    gateway('other', [http(['edge/three.example.com'])], 'edge', { istio: 'edge' }),
    vs('one', ['one.example.com'], ['gw'], [route('one')]),
    vs('two', ['two.example.com'], ['gw-2'], [route('two')], 'team'),
    vs('three', ['three.example.com'], ['other'], [route('three')], 'edge'),
  ];

  test('a host served only by the second Gateway answers a request naming the first (one route configuration on port 80)', () => {
    expect(istio(objects, 'two.example.com', '/')).toEqual({ route: 'two', orderDependent: false });
    expect(istio(objects, 'one.example.com', '/')).toEqual({ route: 'one', orderDependent: false });
  });

  test('a Gateway selecting other pods is not merged', () => {
    expect(istio(objects, 'three.example.com', '/').route).toBe('404');
    expect(evaluateIstio(objects, { gateway: 'edge/other', host: 'three.example.com', path: '/' }).route).toBe('three');
  });

  test('exportTo is read against the proxy namespace', () => {
    const hidden = [gateway('gw', [http([`${NS}/one.example.com`])]), {
      ...vs('one', ['one.example.com'], ['gw'], [route('one')]),
      spec: {
        ...vs('one', ['one.example.com'], ['gw'], [route('one')]).spec, exportTo: ['.'],
      },
    }];
    expect(istio(hidden, 'one.example.com', '/', { proxyNamespace: 'istio-system' }).route).toBe('404');
    expect(istio(hidden, 'one.example.com', '/', { proxyNamespace: NS }).route).toBe('one');
    expect(istio(hidden, 'one.example.com', '/').route).toBe('one');
  });
});

describe('Istio reader: HTTPS servers have one route configuration each, chosen by SNI', () => {
  const objects = [
    gateway('gw', [https('api', [`${NS}/api.example.com`]), https('wild', [`${NS}/*.example.com`])]),
    gateway('gw-b', [http([`${NS}/*.example.com`]), https('b', [`${NS}/*.b.example.com`])]),
    gateway('gw-c', [http([`${NS}/api.example.com`])]),
    vs('a', ['api.example.com'], ['gw'], [route('a', prefix('/a'))]),
    vs('z', ['api.example.com'], ['gw-b', 'gw-c'], [route('z', prefix('/z'))]),
    vs('w', ['*.example.com'], ['gw', 'gw-b'], [route('w', prefix('/w'))]),
  ];
  const at443 = { port: 443 };

  test('exact server name first, then the most specific wildcard', () => {
    expect(istio(objects, 'api.example.com', '/a', at443).route).toBe('a');
    // W intersects the api server too (W ∩ api.example.com), so it joins that route configuration.
    expect(istio(objects, 'api.example.com', '/w', at443).route).toBe('w');
    expect(istio(objects, 'x.example.com', '/w', at443).route).toBe('w');
    expect(istio(objects, 'x.b.example.com', '/w', at443).route).toBe('w');
  });

  test('VirtualServices bound to another HTTPS server never share the virtual host', () => {
    expect(istio(objects, 'api.example.com', '/z', at443).route).toBe('404');
    // On the plain-text port every server shares one route configuration.
    expect(istio(objects, 'api.example.com', '/z').route).toBe('z');
  });

  test('a name no server covers finds no filter chain', () => {
    expect(evaluateIstio(objects, { gateway: `${NS}/gw`, host: 'other.org', path: '/', port: 443 }))
      .toMatchObject({ status: 404, reason: 'no filter chain for SNI other.org' });
  });

  test('a duplicate TLS host on the port: the later server is dropped, so the answer depends on creation order', () => {
    const dup = [
      gateway('gw', [https('one', [`${NS}/api.example.com`])]),
      gateway('gw-2', [https('two', [`${NS}/api.example.com`])]),
      vs('one', ['api.example.com'], ['gw'], [route('one')]),
      vs('two', ['api.example.com'], ['gw-2'], [route('two')]),
    ];
    expect(istio(dup, 'api.example.com', '/', at443)).toEqual({ route: 'one', orderDependent: true });
  });

  test('HTTP then HTTPS on one port: the HTTPS server is rejected', () => {
    const mixed = [gateway('gw', [http([`${NS}/api.example.com`], 443), https('s', [`${NS}/secure.example.com`])]),
      vs('a', ['api.example.com', 'secure.example.com'], ['gw'], [route('a')])];
    expect(istio(mixed, 'secure.example.com', '/', at443).route).toBe('404');
    expect(istio(mixed, 'api.example.com', '/', at443).route).toBe('a');
  });
});

describe('Istio reader: route order inside a virtual host (§1.5)', () => {
  const gw = gateway('gw', [http([`${NS}/api.example.com`])]);

  test('a catch-all is moved after the routes of later VirtualServices', () => {
    const objects = [gw, vs('a-first', ['api.example.com'], ['gw'], [route('all', prefix('/'))]),
      vs('b-second', ['api.example.com'], ['gw'], [route('x', prefix('/x'))])];
    expect(istio(objects, 'api.example.com', '/x')).toEqual({ route: 'x', orderDependent: false });
    expect(istio(objects, 'api.example.com', '/y')).toEqual({ route: 'all', orderDependent: false });
  });

  test('a catch-all ends its own VirtualService: later rules are dropped', () => {
    const objects = [gw, vs('a', ['api.example.com'], ['gw'], [route('all', prefix('/', { port: 80 })), route('x', prefix('/x'))])];
    expect(istio(objects, 'api.example.com', '/x').route).toBe('all');
  });

  test('`prefix: /` with a method is not a catch-all: it stays in place and does not truncate', () => {
    const getAll = route('get-all', prefix('/', { method: { exact: 'GET' } }));
    const objects = [gw, vs('a', ['api.example.com'], ['gw'], [getAll, route('p', [{ uri: { exact: '/p' } }])]),
      vs('b', ['api.example.com'], ['gw'], [route('x', prefix('/x'))])];
    expect(istio(objects, 'api.example.com', '/x')).toEqual({ route: 'get-all', orderDependent: true });
    expect(istio(objects, 'api.example.com', '/p', { method: 'POST' }).route).toBe('p');
  });

  test('regex `.*` is a catch-all, `/.*` is not', () => {
    const any = (regex: string) => [gw, vs('a', ['api.example.com'], ['gw'], [route('any', [{ uri: { regex } }])]),
      vs('b', ['api.example.com'], ['gw'], [route('x', prefix('/x'))])];
    expect(istio(any('.*'), 'api.example.com', '/x')).toEqual({ route: 'x', orderDependent: false });
    expect(istio(any('/.*'), 'api.example.com', '/x')).toEqual({ route: 'any', orderDependent: true });
  });
});

describe('Istio reader: matching', () => {
  const gw = gateway('gw', [http([`${NS}/api.example.com`])]);

  test('regexes are RE2 full matches on the path without query; `prefix` is a string prefix', () => {
    const objects = [gw, vs('a', ['api.example.com'], ['gw'], [route('re', [{ uri: { regex: '/r/[0-9]+' } }]), route('p', prefix('/api'))])];
    expect(istio(objects, 'api.example.com', '/r/12?x=1').route).toBe('re');
    expect(istio(objects, 'api.example.com', '/r/12/x').route).toBe('404');
    expect(istio(objects, 'api.example.com', '/apiv2').route).toBe('p');
  });

  test('header names are case-insensitive, values are not; the path is normalised like Envoy', () => {
    const objects = [gw, vs('a', ['api.example.com'], ['gw'], [route('h', [{ uri: { prefix: '/h' }, headers: { 'X-User': { exact: 'Ann' } } }]),
      route('t2', prefix('/team2/'))])];
    expect(istio(objects, 'api.example.com', '/h', { headers: { 'x-user': 'Ann' } }).route).toBe('h');
    expect(istio(objects, 'api.example.com', '/h', { headers: { 'x-user': 'ann' } }).route).toBe('404');
    expect(istio(objects, 'api.example.com', '/team1/%2E%2e/team2/x').route).toBe('t2');
    expect(normalizePath('/a//b/./c/..')).toBe('/a//b/');
    expect(normalizePath('/..')).toBe('/');
  });
});

const K8S = 'gateway.networking.k8s.io/v1';
const k8sGateway = (listeners: any[]) =>
  ({ apiVersion: K8S, kind: 'Gateway', metadata: { name: 'gw', namespace: NS }, spec: { gatewayClassName: 'istio', listeners } });
const listener = (name: string, hostname?: string, port = 80) => ({ name, port, protocol: 'HTTP', hostname });
const rule = (name: string, path: any, extra: any = {}) => ({ name, matches: [{ path, ...extra }], backendRefs: [{ name, port: 80 }] });
const pathPrefix = (value: string) => ({ type: 'PathPrefix', value });
const httpRoute = (name: string, hostnames: string[] | undefined, rules: any[], sectionName?: string) => ({
  apiVersion: K8S,
  kind: 'HTTPRoute',
  metadata: { name, namespace: NS },
  spec: { parentRefs: [{ name: 'gw', sectionName }], hostnames, rules },
});

/** The rule a Gateway API request reaches (`404` when none), and whether creation order matters. */
function gapi(objects: any[], host: string, path: string, extra: any = {}) {
  const out = evaluateGatewayApi(objects, { gateway: `${NS}/gw`, host, path, ...extra });
  return { route: out.status === 200 ? out.route : String(out.status), orderDependent: out.orderDependent };
}

describe('Gateway API reader: conversion to Istio (§3)', () => {
  test('a listener without hostname: one virtual host per route hostname, no fallback from api.example.com to *.example.com (§3.9)', () => {
    const objects = [k8sGateway([listener('http')]),
      httpRoute('r1', ['*.example.com'], [rule('r1', pathPrefix('/r1'))]),
      httpRoute('r2', ['api.example.com'], [rule('r2', pathPrefix('/r2'))]),
      httpRoute('r3', undefined, [rule('r3', pathPrefix('/'))])];
    expect(gapi(objects, 'api.example.com', '/r2').route).toBe('r2');
    expect(gapi(objects, 'api.example.com', '/r1').route).toBe('404');
    expect(gapi(objects, 'foo.example.com', '/r1').route).toBe('r1');
    expect(gapi(objects, 'other.org', '/x').route).toBe('r3');
    expect(gapi(objects, 'api.example.com', '/x').route).toBe('404');
    expect(evaluateGatewayApi(objects, { gateway: `${NS}/gw`, host: 'api.example.com', path: '/r2' }).virtualHost).toBe('api.example.com');
  });

  test('a wildcard route attached without sectionName joins the exact listener\'s virtual host (§3.9 exception)', () => {
    const objects = [k8sGateway([listener('api', 'api.example.com'), listener('wild', '*.example.com')]),
      httpRoute('r1', ['*.example.com'], [rule('r1', pathPrefix('/r1'))]),
      httpRoute('r2', ['api.example.com'], [rule('r2', pathPrefix('/r2'))], 'api')];
    expect(gapi(objects, 'api.example.com', '/r1')).toEqual({ route: 'r1', orderDependent: false });
    expect(gapi(objects, 'api.example.com', '/r2')).toEqual({ route: 'r2', orderDependent: false });
    expect(gapi(objects, 'x.example.com', '/r1').route).toBe('r1');
    expect(gapi(objects, 'x.example.com', '/r2').route).toBe('404');
  });

  test('hostname isolation: a less specific listener drops a route host that a more specific listener owns', () => {
    const listeners = [listener('any'), listener('api', 'api.example.com')];
    const onAny = [k8sGateway(listeners), httpRoute('r', ['api.example.com'], [rule('r', pathPrefix('/'))], 'any')];
    expect(gapi(onAny, 'api.example.com', '/x').route).toBe('404');
    const onBoth = [k8sGateway(listeners), httpRoute('r', ['api.example.com'], [rule('r', pathPrefix('/'))])];
    expect(gapi(onBoth, 'api.example.com', '/x').route).toBe('r');
  });

  test('hostname isolation never drops a route host from a listener with an exact hostname (its short circuit)', () => {
    const tls = (name: string, hostname: string) => ({
      name, port: 443, protocol: 'HTTPS', hostname, tls: { mode: 'Terminate', certificateRefs: [{ name: `${name}-cert` }] },
    });
    const objects = [k8sGateway([tls('wild', '*.b.example.com'), tls('exact', 'a.b.example.com')]),
      httpRoute('r', ['*.b.example.com'], [rule('r', pathPrefix('/'))])];
    // SNI a.b.example.com selects the exact listener's own route configuration, which keeps the wildcard route.
    expect(gapi(objects, 'a.b.example.com', '/x', { port: 443 }).route).toBe('r');
    expect(gapi(objects, 'c.b.example.com', '/x', { port: 443 }).route).toBe('r');
  });

  test('sortHTTPRoutes precedence inside one (listener, hostname) key, across routes and rules', () => {
    const objects = [k8sGateway([listener('http')]),
      httpRoute('a-route', ['api.example.com'], [rule('pfx', pathPrefix('/a/')), rule('regex', { type: 'RegularExpression', value: '/a/.*' })]),
      httpRoute('z-route', ['api.example.com'], [rule('exact', { type: 'Exact', value: '/a/b' }),
        rule('hdr', pathPrefix('/a/b'), { headers: [{ name: 'x-beta', value: '1' }] })])];
    expect(gapi(objects, 'api.example.com', '/a/b')).toEqual({ route: 'exact', orderDependent: false });
    expect(gapi(objects, 'api.example.com', '/a/b/c', { headers: { 'x-beta': '1' } })).toEqual({ route: 'hdr', orderDependent: false });
    expect(gapi(objects, 'api.example.com', '/a/b/c')).toEqual({ route: 'pfx', orderDependent: false });
    // PathPrefix matches path elements: /a does not cover /ab.
    expect(gapi(objects, 'api.example.com', '/ab').route).toBe('404');
  });

  test('regex rules after a header-less PathPrefix / in the same key are dropped, not merely shadowed (§3.7)', () => {
    const listeners = [listener('api', 'api.example.com')];
    const regex = { type: 'RegularExpression', value: '/x.*' };
    // The other VirtualService of the virtual host (R1, joined through *.example.com) shows whether R2's regex survived.
    const r1 = httpRoute('r1', ['*.example.com'], [rule('r1x', regex)]);
    const dropped = [k8sGateway(listeners), r1, httpRoute('r2', ['api.example.com'], [rule('root', pathPrefix('/')), rule('rx', regex)])];
    expect(gapi(dropped, 'api.example.com', '/xyz')).toEqual({ route: 'r1x', orderDependent: false });
    const kept = [k8sGateway(listeners), r1, httpRoute('r2', ['api.example.com'], [
      rule('hroot', pathPrefix('/'), { headers: [{ name: 'x-h', value: '1' }] }), rule('rx', regex),
    ])];
    // R2's routes come first when R2 is older (descending order): its regex answers.
    expect(gapi(kept, 'api.example.com', '/xyz')).toEqual({ route: 'r1x', orderDependent: true });
    expect(evaluateGatewayApi(kept, { gateway: `${NS}/gw`, host: 'api.example.com', path: '/xyz' }, { order: 'descending' }).route).toBe('rx');
  });
});
