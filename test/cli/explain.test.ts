/**
 * `cdk8s-mesh explain` routes a request through the YAML as the proxies would: on every scenario example, in every
 * output flavour, it agrees with `mesh.evaluate()` on every request at the boundaries of the emitted matches.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { cli, folder, lineOf } from './cli-harness';
import { declareGatewayPerWorkspace } from '../../examples/gateway-per-workspace/mesh';
import { declareMultitenant } from '../../examples/multitenant/mesh';
import { declareTeamGateways } from '../../examples/team-gateways/mesh';
import { IstioDelegation, Mesh, MeshProps, MeshTarget, RouteDecision, RouteOutcome, VirtualGateway } from '../../src';
import { analyze } from '../../src/cli/analyze/analyze';
import { probesOf } from '../../src/cli/diff/probes';
import { parseObjects } from '../../src/cli/input/documents';
import { Outcome, routeRequest } from '../../src/cli/routing/route-request';

const FLAVOURS: Array<[string, MeshProps]> = [
  ['istio', { target: MeshTarget.ISTIO }],
  ['istio-delegate', { target: MeshTarget.ISTIO, istioDelegation: IstioDelegation.NATIVE }],
  ['gateway-api', { target: MeshTarget.GATEWAY_API }],
];
/** The scenarios with their flavours (S5 routes to subsets, which only the Istio target expresses). */
const SCENARIOS: Array<[string, (app: App, mesh: MeshProps) => Mesh, number]> = [
  ['S1 multitenant', (app, mesh) => declareMultitenant(app, { mesh }).mesh, 3],
  ['S2 gateway-per-workspace', (app, mesh) => declareGatewayPerWorkspace(app, { mesh }).mesh, 3],
  ['S5 team-gateways', (app, mesh) => declareTeamGateways(app, { mesh }).mesh, 2],
];

/** The library's decision as the CLI's outcome words it, for comparison. */
function decisionKey(d: RouteDecision): string {
  switch (d.outcome) {
    case RouteOutcome.FORWARD: {
      const total = d.destinations.reduce((s, x) => s + x.weight, 0);
      return JSON.stringify(['forward', d.destinations.map(x => [x.host, x.port, x.subset ?? '', x.weight / total]).sort()]);
    }
    case RouteOutcome.REDIRECT: return JSON.stringify(['redirect', d.status, d.redirect]);
    case RouteOutcome.DIRECT_RESPONSE: return JSON.stringify(['direct', d.status]);
    default: return JSON.stringify(['not-found']);
  }
}

function outcomeKey(o: Outcome): string {
  switch (o.type) {
    case 'forward': {
      const total = o.destinations.reduce((s, x) => s + x.weight, 0);
      return JSON.stringify(['forward', o.destinations.map(x => [x.host, x.port, x.subset ?? '', x.weight / total]).sort()]);
    }
    case 'redirect': return JSON.stringify(['redirect', o.status, o.location]);
    case 'direct': return JSON.stringify(['direct', o.status]);
    default: return JSON.stringify(['not-found']);
  }
}

describe.each(SCENARIOS)('explain agrees with mesh.evaluate(): %s', (_, declare, flavours) => {
  test.each(FLAVOURS.slice(0, flavours))('%s output', (_flavour, props) => {
    const app = Testing.app();
    const mesh = declare(app, props);
    const { proxies } = analyze(parseObjects(app.synthYaml(), 'out.yaml'));
    const gateways = mesh.node.findAll().filter((c): c is VirtualGateway => c instanceof VirtualGateway);
    const probes = probesOf(proxies);
    expect(probes.length).toBeGreaterThan(10);
    const disagreements = probes.flatMap(p => {
      const gateway = gateways.find(g => `${g.namespace}/${g.gatewayName}` === p.gateway);
      const cliKey = outcomeKey(routeRequest(proxies, p).outcome);
      const libKey = decisionKey(mesh.evaluate({ gateway, host: p.host, path: p.path, method: p.method, headers: p.headers, port: p.port }));
      const request = `${p.gateway} ${p.method} ${p.host}${p.path} ${JSON.stringify(p.headers)}`;
      return cliKey === libKey ? [] : [`${request}: cli ${cliKey}, library ${libKey}`];
    });
    expect(disagreements).toEqual([]);
  });
});

describe('explain on the command line', () => {
  const S1 = path.join(__dirname, '..', 'fixtures', 's1-plain-istio');

  test('the plain-Istio S1: the routes passed and why, the catch-all taken, and the other team\'s as order-dependent (exit 1)', () => {
    const r = cli(['explain', '--host', 'api.example.com', '--path', '/goto/app2', S1]);
    expect(r.code).toBe(1);
    const vs1 = path.join(S1, '02-app1-vs.yaml');
    expect(r.stdout).toContain('request: GET http://api.example.com/goto/app2\ngateway: ops-team/app-gateway, port 80, virtual host api.example.com\n');
    expect(r.stdout).toContain(`  1. route "app-1-foo-route" of VirtualService app-1/app-vs-1 (prefix /foo) at ${vs1}:15:11\n`
      + '     no match: path /goto/app2 is not matched by prefix /foo\n');
    expect(r.stdout).toContain('taken:\n  route "app-1-catchall-route" of VirtualService app-1/app-vs-1 (prefix /) at '
      + `${vs1}:${lineOf(fs.readFileSync(vs1, 'utf-8'), 'app-1-catchall-route')}:7\n`);
    expect(r.stdout).toContain('result: forward to app-1-default.app-1.svc.cluster.local:8080\n');
    expect(r.stdout)
      .toMatch(/order-dependent: route "app-2-catchall-route" of VirtualService app-2\/app-vs-2 \(prefix \/\) at .*03-app2-vs\.yaml:\d+:7 matches too/);
  });

  test('JSON names the route taken with its location; a request no route takes is a 404 with exit 0', () => {
    const json = JSON.parse(cli(['explain', '--format', 'json', '--host', 'api.example.com', '--path', '/foo/x', S1]).stdout);
    expect(json.taken.route).toBe('route "app-1-foo-route" of VirtualService app-1/app-vs-1');
    expect(json.outcome).toEqual({ type: 'forward', destinations: [{ host: 'app-1.app-1.svc.cluster.local', port: 8080, weight: 100 }] });
    expect(json.orderDependent).toEqual([]);
    const other = cli(['explain', '--host', 'www.example.com', S1]);
    expect(other).toMatchObject({ code: 0, stdout: expect.stringContaining('result: 404 (no virtual host of port 80 serves www.example.com)') });
  });

  test('mesh traffic with --source-namespace: the sidecar routes with the mesh VirtualService for the host', () => {
    const app = Testing.app();
    declareTeamGateways(app, {});
    const dir = folder({ 'out.yaml': app.synthYaml() });
    const r = cli(['explain', '--host', 'vamp-test2.example.com', '--source-namespace', 'vamp-test3', dir]);
    expect(r.stdout).toContain('gateway: sidecars of namespace vamp-test3');
    expect(r.stdout).toContain('result: forward to vamp-test2.example.com');
  });

  test('usage errors: no host, an unknown gateway', () => {
    expect(cli(['explain', S1])).toMatchObject({ code: 2, stderr: expect.stringContaining('--host is required') });
    expect(cli(['explain', '--host', 'a', '--gateway', 'nope', S1]))
      .toMatchObject({ code: 2, stderr: expect.stringContaining('no gateway nope in the input') });
  });

  test('a cdk8s app folder is synthesized and its output read (examples/multitenant, flavour istio)', () => {
    const app = path.join(__dirname, '..', '..', 'examples', 'multitenant');
    const r = cli(['explain', '--subfolder', 'istio', '--host', 'api.example.com', '--path', '/team2/bar/x', app]);
    expect(r.stdout).toContain('result: forward to app-2.app-2.svc.cluster.local:8080');
    expect(r.stdout).toContain(`${path.join(app, 'dist', 'istio', 'default.k8s.yaml')}:`);
    expect(r.code).toBe(0);
  });
});

describe('explain: servers, TLS and conditions', () => {
  const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: ops }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 80, name: http, protocol: HTTP }
      hosts: ["*.example.com"]
      tls: { httpsRedirect: true }
    - port: { number: 443, name: https-a, protocol: HTTPS }
      hosts: ["a.example.com"]
      tls: { mode: SIMPLE, credentialName: a }
    - port: { number: 443, name: https-any, protocol: HTTPS }
      hosts: ["*.example.com"]
      tls: { mode: SIMPLE, credentialName: any }
`;
  const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: ops }
spec:
  hosts: ["*.example.com"]
  gateways: [gw]
  http:
    - name: admin
      match: [{ uri: { prefix: /admin }, headers: { x-role: { exact: admin } }, method: { exact: POST } }]
      route: [{ destination: { host: admin } }]
    - name: rest
      route: [{ destination: { host: web, port: { number: 8080 } } }]
`;
  const dir = folder({ 'gw.yaml': gateway, 'vs.yaml': vs });
  const explain = (...args: string[]) => JSON.parse(cli(['explain', '--format', 'json', ...args, dir]).stdout);

  test('plain text on a port whose server redirects to HTTPS gets a 301', () => {
    expect(explain('--host', 'b.example.com', '--path', '/x').outcome).toEqual({ type: 'redirect', status: 301, location: 'https://b.example.com/x' });
  });

  test('on the TLS port, the server is chosen by SNI and the routes say which condition failed', () => {
    const r = explain('--host', 'b.example.com', '--port', '443', '--path', '/admin/x', '--method', 'POST', '--header', 'x-role: guest');
    expect(r.passed.map((p: { reason: string }) => p.reason)).toEqual(['header x-role "guest" is not exact "admin"']);
    expect(r.outcome.destinations).toEqual([{ host: 'web.ops.svc.cluster.local', port: 8080, weight: 100 }]);
    const admin = explain('--host', 'a.example.com', '--port', '443', '--path', '/admin', '--method', 'POST', '--header', 'X-Role=admin');
    expect(admin.taken.route).toBe('route "admin" of VirtualService ops/web');
    expect(explain('--host', 'a.example.com', '--port', '443', '--path', '/admin').passed[0].reason).toBe('method GET is not POST');
  });
});
