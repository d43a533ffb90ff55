/**
 * Scenario S2: a gateway per workspace on one cluster. Outcomes from shared/scenarios/README.md, checked through the
 * library's route evaluation and by reading the emitted objects with the independent matchers.
 */
import { Testing } from 'cdk8s';
import { declareGatewayPerWorkspace } from '../examples/gateway-per-workspace/mesh';
import { Destination, MeshErrors, MeshTarget, ResourceKind, RouteAction, RouteTable, VirtualGateway, WorkspaceSelector } from '../src';
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { evaluateIstio, evaluateMeshCall } from './support/istio-matcher';
import { expectSchemaValid } from './support/schema-gate';
import { errorOf, objectsOf } from './support/small-mesh';

function synth(options: Parameters<typeof declareGatewayPerWorkspace>[1] = {}) {
  const app = Testing.app();
  const s2 = declareGatewayPerWorkspace(app, options);
  return { ...s2, app, objects: objectsOf(app) };
}

const PROBES: Array<[number, string, string, string]> = [
  [1, 'bookinfo.example.com', '/productpage', 'workspace-1'],
  [2, 'bookinfo.example.com', '/productpage', 'workspace-2'],
  [1, 'other.example.org', '/static/app.css', 'workspace-1'],
  [2, '10.0.0.7', '/api/v1/products/0', 'workspace-2'],
  [1, 'bookinfo.example.com', '/reviews', '404'],
  [2, 'bookinfo.example.com', '/productpage/x', '404'],
];

describe('S2: a gateway per workspace', () => {
  const istio = synth();
  const gatewayApi = synth({ mesh: { target: MeshTarget.GATEWAY_API } });

  test.each(PROBES)('library: gateway %i, %s%s → %s', (n, host, path, expected) => {
    const d = istio.mesh.evaluate({ gateway: istio.gateways[n - 1], host, path });
    expect(d.status === 404 ? '404' : d.destinations.map(x => `${x.namespace}/${x.service}`).join())
      .toBe(expected === '404' ? '404' : `${expected}/productpage`);
  });

  test.each(PROBES)('emitted Istio YAML: gateway %i, %s%s → %s', (n, host, path, expected) => {
    const out = evaluateIstio(istio.objects, { gateway: `workspace-${n}/bookinfo-gateway`, host, path, proxyNamespace: `workspace-${n}` });
    expect(out.status === 200 ? out.destinations.map(x => x.host).join() : String(out.status))
      .toBe(expected === '404' ? '404' : `productpage.${expected}.svc.cluster.local`);
  });

  test.each(PROBES)('emitted Gateway API YAML: gateway %i, %s%s → %s', (n, host, path, expected) => {
    const out = evaluateGatewayApi(gatewayApi.objects, { gateway: `workspace-${n}/bookinfo-gateway`, host, path });
    expect(out.status === 200 ? out.backends.map(b => `${b.namespace}/${b.name}`).join() : String(out.status))
      .toBe(expected === '404' ? '404' : `${expected}/productpage`);
  });

  test('the same host on two gateway workloads is not a conflict, and the output does not depend on declaration order', () => {
    expect(istio.mesh.diagnostics).toEqual([]);
    expect(gatewayApi.mesh.diagnostics).toEqual([]);
    const reversed = synth({ reversed: true });
    expect(reversed.app.synthYaml()).toBe(istio.app.synthYaml());
  });

  test('isolation: each namespace sees only itself, and only its own workspace and gateway may call it', () => {
    for (const flavour of [istio, gatewayApi]) {
      for (const n of [1, 2]) {
        const ns = `workspace-${n}`;
        const inNs = flavour.objects.filter(o => o.metadata.namespace === ns);
        expect(inNs.filter(o => o.kind === 'Sidecar').map(o => o.spec.egress[0].hosts)).toEqual([[`${ns}/*`]]);
        const policy = inNs.find(o => o.kind === 'AuthorizationPolicy');
        expect(policy.spec).toEqual({ action: 'ALLOW', rules: [{ from: [{ source: { namespaces: [ns] } }] }] });
        for (const vs of inNs.filter(o => o.kind === 'VirtualService')) expect(vs.spec.exportTo).toEqual(['.']);
        expect(flavour.objects.filter(o => o.metadata.namespace !== ns && JSON.stringify(o).includes(`productpage.${ns}`))).toEqual([]);
      }
      expectSchemaValid(flavour.objects);
    }
    // Read as the sidecars see it: each workspace's workloads know their own productpage only.
    for (const [from, other] of [['workspace-1', 'workspace-2'], ['workspace-2', 'workspace-1']]) {
      expect(evaluateMeshCall(istio.objects, { from, host: `productpage.${from}.svc.cluster.local` }).known).toBe(true);
      expect(evaluateMeshCall(istio.objects, { from, host: `productpage.${other}.svc.cluster.local` }).known).toBe(false);
    }
    const gw1 = gatewayApi.objects.find(o => o.kind === 'Gateway' && o.metadata.namespace === 'workspace-1');
    expect(gw1.spec.listeners[0].allowedRoutes.namespaces).toEqual({ from: 'Same' });
  });

  test('a route table of workspace-1 attaching to workspace-2\'s gateway is rejected', () => {
    const app = Testing.app();
    const s2 = { ...declareGatewayPerWorkspace(app), app };
    new RouteTable(s2.workspaces[0], 'intruder', {
      hosts: ['*'],
      gateways: [s2.gateways[1]],
      routes: [{ name: 'all', action: RouteAction.forwardTo(Destination.service('productpage', 'workspace-1', 9080)) }],
    });
    expect(s2.mesh.diagnostics.map(d => [d.code, d.path])).toEqual([['MESH203', 'mesh/workspace-1/intruder']]);
    expect(() => s2.app.synth()).toThrow(/MESH203.*does not admit route table workspace-1\/intruder of workspace "workspace-1"/);
    expect(MeshErrors.diagnosticsOf(errorOf(() => s2.app.synth()))).toHaveLength(1);
  });

  test('… unless workspace-2\'s gateway admits it and workspace-1 shares the table with workspace-2', () => {
    const app = Testing.app();
    const s2 = declareGatewayPerWorkspace(app);
    const [ws1, ws2] = s2.workspaces;
    const mesh = s2.mesh;
    ws1.exportTo({ workspaces: [WorkspaceSelector.of(ws2)], kinds: [ResourceKind.ROUTE_TABLE] });
    ws2.importFrom({ workspaces: [WorkspaceSelector.of(ws1)], kinds: [ResourceKind.ROUTE_TABLE] });
    const shared = new VirtualGateway(ws2, 'shared', {
      workloadSelector: { istio: 'ingressgateway-2' },
      workloadNamespace: 'workspace-2',
      listeners: [{ port: 8080 }],
      allowedRouteTables: [{ workspaces: [WorkspaceSelector.of(ws1)] }],
    });
    new RouteTable(ws1, 'guest', {
      hosts: ['guest.example.com'],
      gateways: [shared],
      routes: [{ name: 'all', action: RouteAction.forwardTo(Destination.service('productpage', 'workspace-1', 9080)) }],
    });
    expect(mesh.diagnostics).toEqual([]);
    const objects = objectsOf(app);
    const out = evaluateIstio(objects, { gateway: 'workspace-2/shared', host: 'guest.example.com', path: '/', port: 8080 });
    expect(out.destinations.map(d => d.host)).toEqual(['productpage.workspace-1.svc.cluster.local']);
    // Workspace-1 now admits the gateway workload of workspace-2 that routes to it; route tables are shared, services
    // are not, so workspace-2's own proxies still see only workspace-2.
    const policy = objects.find(o => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === 'workspace-1');
    expect(policy.spec.rules[0].from[0].source.namespaces).toEqual(['workspace-1', 'workspace-2']);
    expect(objects.find(o => o.kind === 'Sidecar' && o.metadata.namespace === 'workspace-2').spec.egress[0].hosts).toEqual(['workspace-2/*']);
    expectSchemaValid(objects);
  });
});
