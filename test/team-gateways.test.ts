/**
 * Scenario S5: team gateways, cross-namespace routing and an external service. Outcomes from
 * shared/scenarios/README.md, through the library's route evaluation and by reading the emitted objects.
 */
import { Testing } from 'cdk8s';
import { declareTeamGateways, TEAM2_HOST } from '../examples/team-gateways/mesh';
import { Destination, MeshErrors, MeshTarget, RouteAction, RouteTable } from '../src';
import { evaluateIstio, evaluateMeshCall } from './support/istio-matcher';
import { expectSchemaValid } from './support/schema-gate';
import { errorOf, objectsOf } from './support/small-mesh';

function synth(options: Parameters<typeof declareTeamGateways>[1] = {}) {
  const app = Testing.app();
  const s5 = declareTeamGateways(app, options);
  return { ...s5, app, objects: objectsOf(app) };
}

const SVC1 = 'svc-1.vamp-test1.svc.cluster.local';
const SVC2 = 'svc-2.vamp-test2.svc.cluster.local';

/** [gateway, host, path, host:port#subset reached]. */
const PROBES: Array<[string, string, string, string]> = [
  ['vamp-test1/gw-1', 'svc-1-v1.vamp-test1.example.com', '/', `${SVC1}:9090#v1`],
  ['vamp-test1/gw-1', 'svc-1-v2.vamp-test1.example.com', '/orders/7', `${SVC1}:9090#v2`],
  ['vamp-test2/gw-2', TEAM2_HOST, '/svc-2', `${SVC2}:9090`],
  ['vamp-test2/gw-2', TEAM2_HOST, '/svc-2/items', `${SVC2}:9090`],
  ['vamp-test2/gw-2', TEAM2_HOST, '/svc-20', `${SVC1}:9090`],
  ['vamp-test2/gw-2', TEAM2_HOST, '/', `${SVC1}:9090`],
  // Both team gateways select the shared ingress workload (istio: ingressgateway) on port 80: Istio merges them into one
  // route configuration, so either gateway's proxy serves the other team's hosts.
  ['vamp-test1/gw-1', TEAM2_HOST, '/', `${SVC1}:9090`],
  ['vamp-test2/gw-2', 'svc-1-v1.vamp-test1.example.com', '/', `${SVC1}:9090#v1`],
  ['vamp-test1/gw-1', 'unknown.example.com', '/', '404'],
];

describe('S5: team gateways, cross-namespace routing and an external service', () => {
  const s5 = synth();
  const byKind = (kind: string, ns?: string) => s5.objects.filter(o => o.kind === kind && (ns === undefined || o.metadata.namespace === ns));

  test.each(PROBES)('library: %s %s%s → %s', (gateway, host, path, expected) => {
    const gw = s5.gateways.find(g => `${g.namespace}/${g.gatewayName}` === gateway)!;
    const d = s5.mesh.evaluate({ gateway: gw, host, path });
    expect(d.status === 404 ? '404' : d.destinations.map(x => `${x.host}:${x.port}${x.subset ? `#${x.subset}` : ''}`).join()).toBe(expected);
  });

  test.each(PROBES)('emitted Istio YAML, as the ingress proxy in istio-system sees it: %s %s%s → %s', (gateway, host, path, expected) => {
    const out = evaluateIstio(s5.objects, { gateway, host, path, proxyNamespace: 'istio-system' });
    expect(out.status === 200 ? out.destinations.map(x => `${x.host}:${x.port}${x.subset ? `#${x.subset}` : ''}`).join() : String(out.status))
      .toBe(expected);
  });

  test('each hostname reaches its version: one DestinationRule defines both subsets by the version label', () => {
    const [rule] = byKind('DestinationRule');
    expect(byKind('DestinationRule')).toHaveLength(1);
    expect(rule.metadata.namespace).toBe('vamp-test1');
    expect(rule.spec.host).toBe(SVC1);
    expect(rule.spec.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }]);
    // Seen by team 1, by team 2 (svc-1 is exported to it) and by the gateway workload — by no one else.
    expect(rule.spec.exportTo).toEqual(['.', 'istio-system', 'vamp-test2']);
  });

  test('team 2\'s prefix is rewritten to "/"; the rest goes to team 1\'s svc-1', () => {
    const vs = byKind('VirtualService', 'vamp-test2')[0];
    expect(evaluateIstio(s5.objects, { gateway: 'vamp-test2/gw-2', host: TEAM2_HOST, path: '/svc-2/items' }).route).toBe('svc-2.svc-2');
    expect(vs.spec.http[0].rewrite).toEqual({ uri: '/' });
    expect(vs.spec.http[0].match).toEqual([{ uri: { exact: '/svc-2' } }, { uri: { prefix: '/svc-2/' } }]);
    expect(vs.spec.http[1].rewrite).toBeUndefined();
  });

  test('the cross-namespace reference to svc-1 exists only because team 1 exports it to team 2: without the export, the build fails', () => {
    const app = Testing.app();
    const { mesh } = declareTeamGateways(app, { exportSvc1: false });
    // Both the route and the access policy granting team 2 access to svc-1 are refused.
    expect(mesh.diagnostics.map(d => [d.code, d.path])).toEqual([['MESH202', 'mesh/team-2/svc-2'], ['MESH207', 'mesh/team-1/team-2']]);
    expect(mesh.diagnostics[0].message).toMatch(/forwards to service vamp-test1\/svc-1 of workspace "team-1", but workspace "team-1" does not export SERVICE to "team-2"/);
    const error = errorOf(() => app.synth());
    expect(MeshErrors.isValidationError(error)).toBe(true);
  });

  test('the export is scoped by labels: team 2 sees svc-1 and nothing else of team 1', () => {
    const app = Testing.app();
    const { teams, gateways } = declareTeamGateways(app);
    new RouteTable(teams[1], 'sneaky', {
      hosts: ['sneaky.example.com'],
      gateways: [gateways[1]],
      routes: [{ name: 'other', action: RouteAction.forwardTo(Destination.service('billing', 'vamp-test1', 80)) }],
    });
    expect(() => app.synth()).toThrow(/MESH202.*forwards to service vamp-test1\/billing of workspace "team-1", but workspace "team-1" does not export SERVICE to "team-2"/);
  });

  test('Sidecars list exactly each team\'s own namespace, what it imports, and istio-system', () => {
    const hosts = Object.fromEntries(byKind('Sidecar').map(o => [o.metadata.namespace, o.spec.egress[0].hosts]));
    expect(hosts).toEqual({
      'vamp-test1': ['istio-system/*', 'vamp-test1/*'],
      'vamp-test2': ['istio-system/*', `vamp-test1/${SVC1}`, 'vamp-test2/*'],
      'vamp-test3': ['istio-system/*', 'vamp-test3/*'],
    });
  });

  test('team 1 admits its own workloads, the ingress gateway by identity, and team 2 on svc-1 only', () => {
    const policies = Object.fromEntries(byKind('AuthorizationPolicy').map(o => [`${o.metadata.namespace}/${o.metadata.name}`, o.spec]));
    expect(policies).toEqual({
      'vamp-test1/workspace-isolation-vamp-test1': {
        action: 'ALLOW',
        rules: [{
          from: [{ source: { namespaces: ['vamp-test1'] } }, { source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway'] } }],
        }],
      },
      'vamp-test1/team-2-svc-1': {
        action: 'ALLOW',
        selector: { matchLabels: { app: 'svc-1' } },
        rules: [{ from: [{ source: { principals: ['cluster.local/ns/vamp-test2/sa/*'] } }] }],
      },
    });
  });

  test('team 3 reaches team 2\'s public hostname as an external service, with retries and a timeout on its calls', () => {
    const [entry] = byKind('ServiceEntry');
    expect(byKind('ServiceEntry')).toHaveLength(1);
    expect(entry.metadata.namespace).toBe('vamp-test3');
    expect(entry.spec).toEqual({
      hosts: [TEAM2_HOST], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 80, name: 'http-80', protocol: 'HTTP' }], exportTo: ['.'],
    });
    const calls = byKind('VirtualService', 'vamp-test3');
    expect(calls).toHaveLength(1);
    expect(calls[0].spec.gateways).toBeUndefined();
    expect(calls[0].spec.hosts).toEqual([TEAM2_HOST]);
    expect(calls[0].spec.exportTo).toEqual(['.']);
    expect(calls[0].spec.http).toEqual([{
      name: 'default',
      route: [{ destination: { host: TEAM2_HOST } }],
      timeout: '10s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' },
    }]);
  });

  test('read as the sidecars see it: team 3\'s calls carry the policy; the other teams do not even see the host', () => {
    expect(evaluateMeshCall(s5.objects, { from: 'vamp-test3', host: TEAM2_HOST })).toEqual({
      known: true,
      route: {
        name: 'default',
        route: [{ destination: { host: TEAM2_HOST } }],
        timeout: '10s',
        retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' },
      },
    });
    expect(evaluateMeshCall(s5.objects, { from: 'vamp-test1', host: TEAM2_HOST })).toEqual({ known: false, route: undefined });
    expect(evaluateMeshCall(s5.objects, { from: 'vamp-test2', host: TEAM2_HOST })).toEqual({ known: false, route: undefined });
    // Team 2 sees team 1's svc-1 (exported to it), and nothing else of team 1; team 3 sees neither.
    expect(evaluateMeshCall(s5.objects, { from: 'vamp-test2', host: SVC1 }).known).toBe(true);
    expect(evaluateMeshCall(s5.objects, { from: 'vamp-test2', host: 'other.vamp-test1.svc.cluster.local' }).known).toBe(false);
    expect(evaluateMeshCall(s5.objects, { from: 'vamp-test3', host: SVC1 }).known).toBe(false);
  });

  test('every emitted object passes the schema gate, and the Gateway API target refuses subsets it cannot express', () => {
    expectSchemaValid(s5.objects.filter(o => o.apiVersion !== 'v1'));
    const app = Testing.app();
    const { mesh } = declareTeamGateways(app, { mesh: { target: MeshTarget.GATEWAY_API } });
    expect(mesh.diagnostics.map(d => [d.code, d.path])).toEqual([['MESH601', 'mesh/team-1/svc-1-v1'], ['MESH601', 'mesh/team-1/svc-1-v2']]);
    expect(mesh.diagnostics[0].message).toMatch(/cannot express the subset "v1" of vamp-test1\/svc-1 \(backendRefs name whole Services; declare a Service per subset\)/);
  });
});
