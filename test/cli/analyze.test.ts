/**
 * `cdk8s-mesh analyze` on existing YAML: the plain-Istio S1 (one VirtualService per team, both with a catch-all on
 * api.example.com) is order-dependent with a lost route; every example's own output is clean; each rule is raised by
 * the mistake it names and not by the nearest correct YAML.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeJson, cli, folder, istioGateway, lineOf, virtualService } from './cli-harness';
import { EXAMPLES, synthesizeExample } from '../support/example-apps';

const S1 = path.join(__dirname, '..', 'fixtures', 's1-plain-istio');
const read = (f: string) => fs.readFileSync(path.join(S1, f), 'utf-8');
const to = (host: string) => `route: [{ destination: { host: ${host}, port: { number: 8080 } } }]`;
const codes = (findings: any[]) => findings.map(f => f.code);

describe('analyze: the plain-Istio S1', () => {
  test('reports the order dependence and the lost catch-all with file, line and column of both routes', () => {
    const r = cli(['analyze', S1]);
    expect(r.code).toBe(1);
    const line2 = lineOf(read('03-app2-vs.yaml'), 'app-2-catchall-route');
    const line1 = lineOf(read('02-app1-vs.yaml'), 'app-1-catchall-route');
    expect(r.stdout).toContain(`${path.join(S1, '03-app2-vs.yaml')}:${line2}:7: error MESH501 RouteConflict: route "app-2-catchall-route" `
      + 'of VirtualService app-2/app-vs-2 and route "app-1-catchall-route" of VirtualService app-1/app-vs-1 both match prefix / on host '
      + 'api.example.com of gateway ops-team/app-gateway: only one of them is ever taken, and which one is decided by creation time');
    expect(r.stdout).toContain(`    ${path.join(S1, '02-app1-vs.yaml')}:${line1}:7: note: the other route`);
    expect(r.stdout).toMatch(/1 error, 0 warnings in 3 objects\n$/);
  });

  test('with creation times (a cluster export), the older VirtualService wins: the other catch-all is lost in that order', () => {
    const stamp = (text: string, time: string) => text.replace(/^metadata:\n/m, `metadata:\n  creationTimestamp: "${time}"\n`);
    const dir = folder({
      'gw.yaml': read('01-app-gw.yaml'),
      'vs1.yaml': stamp(read('02-app1-vs.yaml'), '2023-06-20T18:40:00Z'),
      'vs2.yaml': stamp(read('03-app2-vs.yaml'), '2023-06-20T18:50:00Z'),
    });
    const { findings } = analyzeJson(dir);
    expect(findings.map(f => [f.code, path.basename(f.location.file), f.message.split(':')[0]])).toEqual([
      ['MESH502', 'vs2.yaml', 'route "app-2-catchall-route" of VirtualService app-2/app-vs-2 can never match'],
    ]);
    expect(findings[0].istioCode).toBeUndefined();
  });

  test('JSON and SARIF carry the same finding', () => {
    const json = analyzeJson(S1).findings[0];
    const line = lineOf(read('03-app2-vs.yaml'), 'app-2-catchall');
    expect(json).toMatchObject({ code: 'MESH501', rule: 'RouteConflict', severity: 'error', location: { line, column: 7 } });
    const sarif = JSON.parse(cli(['analyze', '--format', 'sarif', S1]).stdout);
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results[0];
    expect(result).toMatchObject({ ruleId: 'MESH501', level: 'error' });
    expect(sarif.runs[0].tool.driver.rules[result.ruleIndex].id).toBe('MESH501');
    expect(result.locations[0].physicalLocation.region).toEqual({ startLine: json.location.line, startColumn: 7 });
    expect(result.relatedLocations[0].message.text).toBe('the other route');
  });
});

describe('analyze: the examples\' own output', () => {
  test.each(EXAMPLES)('every output folder cdk8s-mesh writes for %s is clean', name => {
    const files = synthesizeExample(name);
    // Each folder is the output of one app (multitenant writes one per flavour: istio/, istio-delegate/, gateway-api/).
    const apps = new Set([...files.keys()].map(f => path.posix.dirname(f)));
    expect(files.size).toBeGreaterThan(0);
    for (const app of apps) {
      const r = cli(['analyze', path.join(folder(Object.fromEntries(files)), app)]);
      expect(`${app}: ${r.stdout}`).toMatch(/^.*: 0 errors, 0 warnings in \d+ objects\n$/);
      expect(r.code).toBe(0);
    }
  });
});

describe('analyze: routes on one gateway host', () => {
  const gw = istioGateway('gw', 'ops', ['api.example.com']);
  const vs = (name: string, ns: string, http: string[]) => virtualService(name, ns, { hosts: ['api.example.com'], gateways: ['ops/gw'], http });

  test('overlapping prefixes in two VirtualServices depend on creation order (MESH505), disjoint ones do not', () => {
    const overlapping = analyzeJson(folder({
      'gw.yaml': gw,
      'a.yaml': vs('a', 'team-a', [`{ name: api, match: [{ uri: { prefix: /api } }], ${to('a')} }`]),
      'b.yaml': vs('b', 'team-b', [`{ name: v2, match: [{ uri: { prefix: /api/v2 } }], ${to('b')} }`]),
    })).findings;
    expect(codes(overlapping)).toEqual(['MESH505']);
    expect(overlapping[0].message)
      .toContain('when route "api" of VirtualService team-a/a comes first, route "v2" of VirtualService team-b/b is never taken');
    const disjoint = analyzeJson(folder({
      'gw.yaml': gw,
      'a.yaml': vs('a', 'team-a', [`{ name: api, match: [{ uri: { prefix: /api/ } }], ${to('a')} }`]),
      'b.yaml': vs('b', 'team-b', [`{ name: web, match: [{ uri: { prefix: /web/ } }], ${to('b')} }`]),
    }));
    expect(disjoint).toEqual({ code: 0, findings: [] });
  });

  test('two routes with the same outcome are not order-dependent', () => {
    const same = `{ name: api, match: [{ uri: { prefix: /api } }], ${to('a.team-a.svc.cluster.local')} }`;
    expect(analyzeJson(folder({ 'gw.yaml': gw, 'a.yaml': vs('a', 'team-a', [same]), 'b.yaml': vs('b', 'team-b', [same]) })).findings).toEqual([]);
  });

  test('inside one VirtualService: a duplicate match (IST0130), a covered match (IST0131), a route after a catch-all', () => {
    const { findings } = analyzeJson(folder({
      'gw.yaml': gw,
      'a.yaml': vs('a', 'team-a', [
        `{ name: api, match: [{ uri: { prefix: /api } }], ${to('a')} }`,
        `{ name: again, match: [{ uri: { prefix: /api } }], ${to('b')} }`,
        `{ name: some, match: [{ uri: { prefix: /api/x } }, { uri: { prefix: /web } }], ${to('b')} }`,
        `{ name: all, ${to('c')} }`,
        `{ name: late, match: [{ uri: { prefix: /late } }], ${to('d')} }`,
      ]),
    }));
    expect(findings.map(f => [f.code, f.istioCode, f.message.split(':')[0]])).toEqual([
      ['MESH502', 'IST0130', 'route "again" of VirtualService team-a/a can never match'],
      ['MESH502', 'IST0130', 'route "late" of VirtualService team-a/a can never match'],
      ['MESH503', 'IST0131', 'one match of route "some" of VirtualService team-a/a can never match'],
    ]);
    expect(findings[1].message).toContain('a route without conditions ends its VirtualService');
  });

  test('a host no server of the gateway serves (IST0132), a missing gateway (IST0101), an exportTo hiding the routes', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ingress, namespace: istio-system }\n'
      + 'spec: { template: { metadata: { labels: { istio: ingressgateway } } } }\n';
    const { findings } = analyzeJson(folder({
      'gw.yaml': gw,
      'deploy.yaml': deployment,
      'a.yaml': virtualService('a', 'team-a', { hosts: ['www.example.com'], gateways: ['ops/gw'], http: [`{ ${to('a')} }`] }),
      'b.yaml': virtualService('b', 'team-b', { hosts: ['api.example.com'], gateways: ['ops/gw', 'ops/gone'], http: [`{ ${to('b')} }`] }),
      'c.yaml': virtualService('c', 'team-c', { hosts: ['api.example.com'], gateways: ['ops/gw'], exportTo: ['.'], http: [`{ ${to('c')} }`] }),
    }));
    expect(findings.map(f => [f.code, f.istioCode, path.basename(f.location.file)])).toEqual([
      ['MESH204', 'IST0132', 'a.yaml'], ['MESH101', 'IST0101', 'b.yaml'], ['MESH803', undefined, 'c.yaml'],
    ]);
    expect(findings[2].message).toContain('whose proxies run in namespace istio-system, but its exportTo (.) hides it');
  });

  test('two Gateways selecting the same proxies merge: their routes for one host are ordered by Gateway creation', () => {
    const { findings } = analyzeJson(folder({
      'gw1.yaml': istioGateway('gw1', 'team-a', ['api.example.com']),
      'gw2.yaml': istioGateway('gw2', 'team-b', ['api.example.com']),
      'a.yaml': virtualService('a', 'team-a', { hosts: ['api.example.com'], gateways: ['gw1'], http: [`{ name: all, ${to('a')} }`] }),
      'b.yaml': virtualService('b', 'team-b', { hosts: ['api.example.com'], gateways: ['gw2'], http: [`{ name: all, ${to('b')} }`] }),
    }));
    expect(codes(findings)).toEqual(['MESH501']);
    expect(findings[0].message).toContain('the proxies merge both Gateways and the one created first decides');
  });

  test('a server host limited to a namespace does not serve the VirtualServices of others', () => {
    const scoped = istioGateway('gw', 'ops', ['ops/api.example.com']);
    const { findings } = analyzeJson(folder({ 'gw.yaml': scoped, 'a.yaml': vs('a', 'team-a', [`{ ${to('a')} }`]) }));
    expect(codes(findings)).toEqual(['MESH204']);
  });
});

describe('analyze: delegation', () => {
  const gw = istioGateway('gw', 'ops', ['api.example.com']);
  const root = (delegate: string) => virtualService('root', 'ops', {
    hosts: ['api.example.com'],
    gateways: ['ops/gw'],
    http: [`{ name: team1, match: [{ uri: { prefix: /team1 } }], delegate: ${delegate} }`, `{ name: rest, ${to('web')} }`],
  });
  const child = (exportTo: string[] | undefined, http: string[]) => virtualService('child', 'app-1', { exportTo, http });

  test('a delegate inside its root and exported to it is clean', () => {
    expect(analyzeJson(folder({
      'gw.yaml': gw,
      'root.yaml': root('{ name: child, namespace: app-1 }'),
      'child.yaml': child(['ops'], [`{ name: foo, match: [{ uri: { prefix: /team1/foo } }], ${to('foo')} }`, `{ name: rest, ${to('app')} }`]),
    }))).toEqual({ code: 0, findings: [] });
  });

  test('a missing delegate (MESH303), an unexported one (MESH201), one with hosts (MESH304) are routes istiod drops', () => {
    const missing = analyzeJson(folder({ 'gw.yaml': gw, 'root.yaml': root('{ name: nothere, namespace: app-1 }') })).findings;
    expect(codes(missing)).toEqual(['MESH303']);
    expect(missing[0].message).toBe('route "team1" of VirtualService ops/root delegates to VirtualService app-1/nothere, which is not in the input: '
      + 'istiod drops the route silently');
    const unexported = child(['.'], [`{ ${to('app')} }`]);
    const hidden = analyzeJson(folder({ 'gw.yaml': gw, 'root.yaml': root('{ name: child, namespace: app-1 }'), 'c.yaml': unexported }));
    expect(codes(hidden.findings)).toEqual(['MESH201']);
    const hosted = virtualService('child', 'app-1', { hosts: ['other.example.com'], gateways: ['ops/gw'], http: [`{ ${to('app')} }`] });
    expect(codes(analyzeJson(folder({ 'gw.yaml': gw, 'root.yaml': root('{ name: child, namespace: app-1 }'), 'c.yaml': hosted })).findings))
      .toEqual(['MESH204', 'MESH304']);
  });

  test('a child route outside the root prefix is dropped by istiod (MESH401), the others kept', () => {
    const { findings } = analyzeJson(folder({
      'gw.yaml': gw,
      'root.yaml': root('{ name: child, namespace: app-1 }'),
      'child.yaml': child(undefined, [`{ name: foo, match: [{ uri: { prefix: /foo } }], ${to('foo')} }`, `{ name: rest, ${to('app')} }`]),
    }));
    expect(codes(findings)).toEqual(['MESH401']);
    expect(findings[0].message).toBe('route "foo" of VirtualService app-1/child (prefix /foo) conflicts with every match of route "team1" of '
      + 'VirtualService ops/root (prefix /team1): istiod drops the child route silently');
  });
});

describe('analyze: mesh VirtualServices and Gateway API', () => {
  test('two mesh VirtualServices for one host in overlapping scopes (IST0109); disjoint exportTo is fine', () => {
    const mesh = (name: string, ns: string, exportTo?: string[]) =>
      virtualService(name, ns, { hosts: ['reviews.prod.svc.cluster.local'], exportTo, http: [`{ ${to('reviews')} }`] });
    const both = analyzeJson(folder({ 'a.yaml': mesh('a', 'team-a'), 'b.yaml': mesh('b', 'team-b') })).findings;
    expect(both.map(f => [f.code, f.istioCode])).toEqual([['MESH801', 'IST0109']]);
    expect(analyzeJson(folder({ 'a.yaml': mesh('a', 'team-a', ['.']), 'b.yaml': mesh('b', 'team-b', ['.']) })).findings).toEqual([]);
  });

  const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web, namespace: infra }
spec:
  gatewayClassName: istio
  listeners:
    - { name: http, port: 80, protocol: HTTP, hostname: "*.example.com", allowedRoutes: { namespaces: { from: All } } }
`;
  const route = (name: string, ns: string, hostnames: string[], backend: string, extra = '') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: ${ns} }
spec:
  parentRefs: [{ name: web, namespace: infra }]
  hostnames: [${hostnames.join(', ')}]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /shop } }]
      backendRefs: [{ name: ${backend}, port: 80${extra} }]
`;
  const grant = 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: { name: shop, namespace: shop }\n'
    + 'spec:\n  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web }]\n  to: [{ group: "", kind: Service }]\n';

  test('a cross-namespace backend needs a ReferenceGrant (MESH802)', () => {
    const crossing = route('r', 'web', ['shop.example.com'], 'cart', ', namespace: shop');
    const without = analyzeJson(folder({ 'gw.yaml': gateway, 'r.yaml': crossing })).findings;
    expect(codes(without)).toEqual(['MESH802']);
    expect(without[0].message).toContain('forwards to Service cart in namespace shop, and no ReferenceGrant there admits it');
    expect(analyzeJson(folder({ 'gw.yaml': gateway, 'g.yaml': grant, 'r.yaml': crossing })))
      .toEqual({ code: 0, findings: [] });
  });

  test('a RequestMirror backend in another namespace needs a ReferenceGrant too: istiod drops the mirror (MESH802)', () => {
    const mirroring = route('r', 'web', ['shop.example.com'], 'cart', '')
      + '      filters: [{ type: RequestMirror, requestMirror: { backendRef: { name: audit, namespace: shop, port: 80 } } }]\n';
    const without = analyzeJson(folder({ 'gw.yaml': gateway, 'r.yaml': mirroring })).findings;
    expect(codes(without)).toEqual(['MESH802']);
    expect(without[0].message).toContain('mirrors to Service audit in namespace shop, and no ReferenceGrant there admits it: '
      + 'istiod drops the mirror and keeps the route');
    expect(without[0].location).toMatchObject({ file: expect.stringContaining('r.yaml'), line: 10 });
    expect(analyzeJson(folder({ 'gw.yaml': gateway, 'g.yaml': grant, 'r.yaml': mirroring }))).toEqual({ code: 0, findings: [] });
  });

  test('a hostname the listener does not serve (MESH204); two HTTPRoutes ranked equal: the older one wins (MESH501)', () => {
    const elsewhere = route('r', 'web', ['shop.example.org'], 'cart');
    expect(codes(analyzeJson(folder({ 'gw.yaml': gateway, 'r.yaml': elsewhere })).findings)).toEqual(['MESH204']);
    const twice = analyzeJson(folder({
      'gw.yaml': gateway, 'a.yaml': route('a', 'web', ['shop.example.com'], 'cart'), 'b.yaml': route('b', 'web', ['shop.example.com'], 'basket'),
    })).findings;
    expect(codes(twice)).toEqual(['MESH501']);
    expect(twice[0].message).toContain('the HTTPRoute created first (then the lower namespace/name) wins, Gateway API ranking them equal');
  });

  test('a listener whose allowedRoutes do not admit the route\'s namespace (MESH203)', () => {
    const same = gateway.replace('allowedRoutes: { namespaces: { from: All } }', 'allowedRoutes: { namespaces: { from: Same } }');
    expect(codes(analyzeJson(folder({ 'gw.yaml': same, 'r.yaml': route('r', 'web', ['shop.example.com'], 'cart') })).findings)).toEqual(['MESH203']);
  });
});

describe('analyze: input', () => {
  test('a `kind: List` export and multi-document files are read object by object, with their own lines', () => {
    const objects = [
      istioGateway('gw', 'ops', ['api.example.com']),
      virtualService('a', 'x', { hosts: ['www.example.com'], gateways: ['ops/gw'], http: [`{ ${to('a')} }`] }),
    ];
    const items = objects.map(o => o.trimEnd().split('\n').map((l, i) => `${i === 0 ? '  - ' : '    '}${l}`).join('\n'));
    const list = `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
    const { findings } = analyzeJson(folder({ 'export.yaml': list }));
    expect(findings.map(f => [f.code, f.location.line])).toEqual([['MESH204', lineOf(list, 'www.example.com')]]);
  });

  test('standard input is "-"', () => {
    const r = cli(['analyze', '-'], ['01-app-gw.yaml', '02-app1-vs.yaml', '03-app2-vs.yaml'].map(read).join('---\n'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:\d+:7: error MESH501 RouteConflict/);
  });

  test('usage and input errors exit with 2', () => {
    expect(cli(['analyze']).code).toBe(2);
    expect(cli(['analyze', '--format', 'xml', S1]))
      .toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of text, json, sarif') });
    expect(cli(['analyze', '/no/such/folder']))
      .toMatchObject({ code: 2, stderr: expect.stringContaining('/no/such/folder: no such file or folder') });
    const broken = folder({ 'bad.yaml': 'kind: [\n' });
    expect(cli(['analyze', broken])).toMatchObject({ code: 2, stderr: expect.stringMatching(/bad\.yaml:\d+:\d+: /) });
    // kubectl refuses a mapping with a key twice ("mapping key already defined"): so does analyze, where it is.
    expect(cli(['analyze', folder({ 'dup.yaml': 'apiVersion: v1\nkind: A\nkind: B\n' })]))
      .toMatchObject({ code: 2, stderr: expect.stringMatching(/dup\.yaml:3:1: Map keys must be unique/) });
    // Nothing to read is most likely a wrong path: an empty folder, a folder without YAML, empty standard input.
    const empty = folder({});
    expect(cli(['analyze', empty])).toMatchObject({ code: 2, stderr: expect.stringContaining(`${empty}: no Kubernetes object to read`) });
    expect(cli(['graph', empty]).code).toBe(2);
    expect(cli(['analyze', '-'], '')).toMatchObject({ code: 2, stderr: expect.stringContaining('<stdin>: no Kubernetes object to read') });
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['analyze', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: cdk8s-mesh analyze') });
  });
});
