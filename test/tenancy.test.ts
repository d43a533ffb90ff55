/**
 * Tenancy in the data plane, feature by feature: what each workspace setting, access policy and external service
 * emits, read from the emitted objects.
 */
import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AccessDestination, AccessPolicy, AccessSource, Cluster, Destination, ExternalProtocol, ExternalResolution, ExternalService, HttpMethod,
  MeshErrors, MeshTarget, PathMatch, RouteAction, RouteTable, VirtualGateway, Workspace, WorkspaceSelector,
} from '../src';
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { evaluateIstio } from './support/istio-matcher';
import { expectSchemaValid } from './support/schema-gate';
import { base, errorOf, objectsOf, table, to } from './support/small-mesh';

/** A Service of the app in `namespace`, selecting pods labelled app=<name>. */
function service(app: any, name: string, namespace: string, labels: Record<string, string> = {}): ApiObject {
  return new ApiObject(new Chart(app, `svc-${namespace}-${name}`), 'svc', {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: { selector: { app: name }, ports: [{ port: 8080 }] },
  });
}

const of = (objects: any[], kind: string, namespace?: string) =>
  objects.filter(o => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace));

describe('workspace isolation settings', () => {
  test('sidecar: false leaves a workspace without Sidecar; egressHosts are added to every namespace\'s Sidecar; registryOnly closes it', () => {
    const b = base();
    new Workspace(b.mesh, 'quiet', { namespaces: ['q1'], sidecar: false });
    new Workspace(b.mesh, 'tools', { namespaces: ['t1', 't2'], egressHosts: ['istio-system/*', '*/metrics.example.com'], registryOnly: true });
    table(b, [{ name: 'r', action: to('s') }]);
    const objects = objectsOf(b.app);
    expect(of(objects, 'Sidecar').map(o => [o.metadata.namespace, o.spec.egress[0].hosts])).toEqual([
      ['ops', ['ops/*']],
      ['t1', ['*/metrics.example.com', 'istio-system/*', 't1/*', 't2/*']],
      ['t2', ['*/metrics.example.com', 'istio-system/*', 't1/*', 't2/*']],
    ]);
    expect(of(objects, 'Sidecar').map(o => o.spec.outboundTrafficPolicy?.mode)).toEqual([undefined, 'REGISTRY_ONLY', 'REGISTRY_ONLY']);
    expectSchemaValid(objects);
  });

  test('an egress host must be namespace/host (MESH002)', () => {
    const b = base();
    new Workspace(b.mesh, 'tools', { namespaces: ['t1'], egressHosts: ['istio-system', 'Bad_NS/*', 'x/a.*.com'] });
    expect(b.mesh.diagnostics.map(d => d.message)).toEqual([
      'workspace "tools": egress host "Bad_NS/*" has namespace "Bad_NS" that is not a DNS-1123 label',
      'workspace "tools": egress host "istio-system" is not of the form namespace/host',
      'workspace "tools": egress host "x/a.*.com" has host "a.*.com" that has a wildcard that is not the whole first label',
    ]);
  });

  test('service isolation admits the workspace, the importers of all its services and the routing gateways — not label-scoped importers', () => {
    const b = base();
    new Workspace(b.mesh, 'shop', {
      namespaces: ['shop', 'shop-db'],
      serviceIsolation: true,
      exportTo: [
        { workspaces: [WorkspaceSelector.named('ops')] },
        { workspaces: [WorkspaceSelector.named('partner')], resourceLabels: { public: 'true' } },
        { workspaces: [WorkspaceSelector.named('stranger')] },
      ],
    });
    new Workspace(b.mesh, 'partner', { namespaces: ['partner'], importFrom: [{ workspaces: [WorkspaceSelector.named('shop')] }] });
    new Workspace(b.mesh, 'stranger', { namespaces: ['stranger'] });
    b.ops.importFrom({ workspaces: [WorkspaceSelector.named('shop')] });
    table(b, [{ name: 'r', action: to('cart', 'shop') }]);
    const objects = objectsOf(b.app);
    const policies = of(objects, 'AuthorizationPolicy');
    expect(policies.map(o => [o.metadata.namespace, o.metadata.name, o.spec.rules[0].from[0].source.namespaces])).toEqual([
      ['shop', 'workspace-isolation-shop', ['istio-system', 'ops', 'shop', 'shop-db']],
      ['shop-db', 'workspace-isolation-shop-db', ['ops', 'shop', 'shop-db']],
    ]);
    expect(policies[0].spec.action).toBe('ALLOW');
    // Stranger is exported to but does not import: it sees nothing of shop, and shop does not admit it.
    expect(of(objects, 'Sidecar', 'stranger')[0].spec.egress[0].hosts).toEqual(['stranger/*']);
    expect(of(objects, 'Sidecar', 'ops')[0].spec.egress[0].hosts).toEqual(['ops/*', 'shop-db/*', 'shop/*']);
    expectSchemaValid(objects);
  });

  test('a label-scoped export lists the matching services of the app, one by one, in the importer\'s Sidecar', () => {
    const b = base();
    service(b.app, 'api', 'shop', { public: 'true' });
    service(b.app, 'db', 'shop');
    new Workspace(b.mesh, 'shop', {
      namespaces: ['shop'], exportTo: [{ workspaces: [WorkspaceSelector.named('ops')], resourceLabels: { public: 'true' } }],
    });
    b.ops.importFrom({ workspaces: [WorkspaceSelector.named('shop')] });
    table(b, [{ name: 'r', action: to('s') }]);
    expect(of(objectsOf(b.app), 'Sidecar', 'ops')[0].spec.egress[0].hosts).toEqual(['ops/*', 'shop/api.shop.svc.cluster.local']);
  });
});

describe('access policies', () => {
  function mesh() {
    const b = base();
    const east = new Cluster(b.mesh, 'east', { trustDomain: 'east.example.com' });
    new Cluster(b.mesh, 'west', { trustDomain: 'west.example.com' });
    const shop = new Workspace(b.mesh, 'shop', {
      namespaces: ['shop'],
      serviceIsolation: true,
      exportTo: [{ workspaces: [WorkspaceSelector.named('web')], resourceLabels: { tier: 'api' } }],
    });
    const web = new Workspace(b.mesh, 'web', { namespaces: ['web', 'web-jobs'], importFrom: [{ workspaces: [WorkspaceSelector.of(shop)] }] });
    return { ...b, east, shop, web };
  }

  test('an ALLOW AuthorizationPolicy per protected service, selecting its pods, with the sources\' SPIFFE principals, methods and paths', () => {
    const m = mesh();
    const orders = service(m.app, 'orders', 'shop', { tier: 'api' });
    service(m.app, 'catalog', 'shop', { tier: 'api' });
    new AccessPolicy(m.mesh, 'web-reads', {
      sources: [
        AccessSource.serviceAccount('frontend', 'web', { cluster: m.east }), AccessSource.namespace('web-jobs'), AccessSource.workspace(m.shop),
      ],
      destinations: [AccessDestination.fromApiObject(orders), AccessDestination.withLabels({ tier: 'api' }, 'shop')],
      methods: [HttpMethod.GET, HttpMethod.HEAD],
      paths: ['/orders*', '/health'],
    });
    const objects = objectsOf(m.app);
    const grants = of(objects, 'AuthorizationPolicy').filter(o => !o.metadata.name.startsWith('workspace-isolation'));
    expect(grants.map(o => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'shop/web-reads-catalog', 'shop/web-reads-orders', 'shop/web-reads-catalog', 'shop/web-reads-orders',
    ]);
    expect(grants[1].spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { app: 'orders' } },
      rules: [{
        from: [{
          source: {
            principals: [
              'east.example.com/ns/shop/sa/*', 'east.example.com/ns/web-jobs/sa/*', 'east.example.com/ns/web/sa/frontend',
              'west.example.com/ns/shop/sa/*', 'west.example.com/ns/web-jobs/sa/*',
            ],
          },
        }],
        to: [{ operation: { methods: ['GET', 'HEAD'], paths: ['/orders*', '/health'] } }],
      }],
    });
    expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1'));
  });

  test('grant names stay unique in a namespace, and never take the isolation policy\'s name', () => {
    const m = mesh();
    const bc = service(m.app, 'b-c', 'shop', { tier: 'api' });
    const c = service(m.app, 'c', 'shop', { tier: 'api' });
    const isolation = service(m.app, 'isolation-shop', 'shop', { tier: 'api' });
    new AccessPolicy(m.mesh, 'a', { sources: [AccessSource.workspace(m.web)], destinations: [AccessDestination.fromApiObject(bc)] });
    new AccessPolicy(m.mesh, 'a-b', { sources: [AccessSource.workspace(m.web)], destinations: [AccessDestination.fromApiObject(c)] });
    new AccessPolicy(m.mesh, 'workspace', { sources: [AccessSource.workspace(m.web)], destinations: [AccessDestination.fromApiObject(isolation)] });
    const names = of(objectsOf(m.app), 'AuthorizationPolicy').filter(
      o => o.metadata.labels['mesh.cdk8s.io/construct'] !== 'mesh.shop',
    ).map(o => o.metadata.name);
    expect(new Set(names).size).toBe(3);
    expect(names.filter(n => n === 'workspace-isolation-shop')).toEqual([]);
    expect(names.every(n => /^(a-b-c|workspace-isolation-shop)-[0-9a-f]{6}$/.test(n))).toBe(true);
  });

  test('granting what the workspaces do not share is an error naming the missing half (MESH207)', () => {
    const m = mesh();
    service(m.app, 'ledger', 'shop', { tier: 'internal' });
    const stranger = new Workspace(m.mesh, 'stranger', { namespaces: ['stranger'] });
    new AccessPolicy(m.mesh, 'leak', {
      sources: [AccessSource.workspace(m.web), AccessSource.workspace(stranger), AccessSource.cluster(m.east)],
      destinations: [AccessDestination.service('ledger', 'shop')],
    });
    const east = 'access policy "leak" lets every workload of cluster "east" call service shop/ledger of workspace "shop",';
    expect(m.mesh.diagnostics.filter(d => d.code === 'MESH207').map(d => d.message)).toEqual([
      `${east} but workspace "shop" does not export SERVICE to "ops" and workspace "ops" does not import SERVICE from "shop"`,
      `${east} but workspace "shop" does not export SERVICE to "stranger" and workspace "stranger" does not import SERVICE from "shop"`,
      `${east} but workspace "shop" does not export SERVICE to "web"`,
      'access policy "leak" lets workspace "stranger" call service shop/ledger of workspace "shop", '
        + 'but workspace "shop" does not export SERVICE to "stranger" and workspace "stranger" does not import SERVICE from "shop"',
      'access policy "leak" lets workspace "web" call service shop/ledger of workspace "shop", but workspace "shop" does not export SERVICE to "web"',
    ]);
    expect(() => m.app.synth()).toThrow(/MESH207/);
  });

  test('unknown services and sources and pod-less services are reported (MESH104, MESH106, MESH108), never thrown', () => {
    const m = mesh();
    const headless = new ApiObject(new Chart(m.app, 'ext'), 'svc', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'legacy', namespace: 'shop' },
      spec: { type: 'ExternalName', externalName: 'legacy.example.com' },
    });
    const kube = new kplus.Service(new Chart(m.app, 'kp', { namespace: 'shop' }), 'kp', {
      metadata: { name: 'kp' }, ports: [{ port: 80 }], selector: kplus.Pods.select(new Chart(m.app, 'pods'), 'p', { labels: { app: 'kp' } }),
    });
    new AccessPolicy(m.mesh, 'odd', {
      sources: [AccessSource.namespace('nowhere'), AccessSource.workspace(m.shop)],
      destinations: [AccessDestination.service('ghost', 'shop'), AccessDestination.fromApiObject(headless), AccessDestination.fromService(kube)],
    });
    expect(m.mesh.diagnostics.map(d => `${d.code} ${d.message}`)).toEqual([
      'MESH104 access policy "odd": source namespace "nowhere" belongs to no workspace',
      'MESH106 access policy "odd" protects service shop/legacy, which has no pod selector to apply the policy to',
      'MESH108 access policy "odd": service shop/ghost is not declared in this cdk8s app, so its pods are unknown',
    ]);
  });
});

describe('external services', () => {
  function mesh(target?: MeshTarget) {
    const b = base({ target });
    const partners = new Workspace(b.mesh, 'partners', {
      namespaces: ['partners'], exportTo: [{ workspaces: [WorkspaceSelector.named('ops')], kinds: [] }],
    });
    b.ops.importFrom({ workspaces: [WorkspaceSelector.of(partners)] });
    const payments = new ExternalService(partners, 'payments', {
      host: 'api.payments.example.net',
      ports: [{ number: 80 }, { number: 443, protocol: ExternalProtocol.HTTPS }],
      resolution: ExternalResolution.DNS,
      endpoints: [{ address: 'eu.payments.example.net', ports: { 'http-80': 8080 } }],
      timeout: Duration.seconds(5),
    });
    table(b, [{ name: 'pay', action: RouteAction.forwardTo(Destination.external(payments)) }]);
    return { ...b, payments };
  }

  test('a ServiceEntry (MESH_EXTERNAL) seen by its workspace, the importers and the routing gateway; a route destination on both targets', () => {
    const m = mesh();
    const objects = objectsOf(m.app);
    const [entry] = of(objects, 'ServiceEntry');
    expect(entry.metadata.namespace).toBe('partners');
    expect(entry.spec).toEqual({
      hosts: ['api.payments.example.net'],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: 80, name: 'http-80', protocol: 'HTTP' }, { number: 443, name: 'https-443', protocol: 'HTTPS' }],
      endpoints: [{ address: 'eu.payments.example.net', ports: { 'http-80': 8080 } }],
      exportTo: ['.', 'istio-system', 'ops'],
    });
    const [calls] = of(objects, 'VirtualService', 'partners');
    expect(calls.spec).toEqual({
      hosts: ['api.payments.example.net'],
      exportTo: ['.', 'ops'],
      http: [{ name: 'default', route: [{ destination: { host: 'api.payments.example.net' } }], timeout: '5s' }],
    });
    expect(m.mesh.evaluate({ host: 'api.example.com', path: '/x' }).destinations).toEqual([{
      service: 'payments', namespace: 'partners', port: 80, weight: 1, host: 'api.payments.example.net', subset: undefined, external: true,
    }]);
    const viaIstio = evaluateIstio(objects, { gateway: 'ops/gw', host: 'api.example.com', path: '/x', proxyNamespace: 'istio-system' });
    expect(viaIstio).toMatchObject({ status: 200, destinations: [{ host: 'api.payments.example.net', port: 80 }] });
    expect(of(objects, 'Sidecar', 'ops')[0].spec.egress[0].hosts).toEqual(['ops/*', 'partners/*']);
    expectSchemaValid(objects);

    const gatewayApi = mesh(MeshTarget.GATEWAY_API);
    const gObjects = objectsOf(gatewayApi.app);
    // Istio deploys a Gateway API gateway's proxies in the Gateway's namespace: that is who must see the entry.
    expect(of(gObjects, 'ServiceEntry')[0].spec.exportTo).toEqual(['.', 'ops']);
    const [route] = of(gObjects, 'HTTPRoute');
    expect(route.spec.rules[0].backendRefs).toEqual([
      { group: 'networking.istio.io', kind: 'Hostname', name: 'api.payments.example.net', port: 80, weight: 1 },
    ]);
    expect(of(gObjects, 'ReferenceGrant')).toEqual([]);
    expect(evaluateGatewayApi(gObjects, { gateway: 'ops/gw', host: 'api.example.com', path: '/x' }).backends).toEqual([
      { namespace: '', name: 'api.payments.example.net', port: 80, weight: 1, kind: 'Hostname' },
    ]);
    expectSchemaValid(gObjects);
  });

  test('forwarding to an external service needs it shared, on an HTTP port that exists', () => {
    const b = base();
    const vendor = new Workspace(b.mesh, 'vendor', { namespaces: ['vendor'] });
    const api = new ExternalService(vendor, 'api', { host: 'api.vendor.example.com', ports: [{ number: 443, protocol: ExternalProtocol.TLS }] });
    table(b, [
      { name: 'tls', matchers: [{ path: PathMatch.prefix('/a') }], action: RouteAction.forwardTo(Destination.external(api)) },
      { name: 'wrong-port', action: RouteAction.forwardTo(Destination.external(api, 8443)) },
    ]);
    const missing = 'but workspace "vendor" does not export EXTERNAL_SERVICE to "ops" '
      + 'and workspace "ops" does not import EXTERNAL_SERVICE from "vendor"';
    expect(b.mesh.diagnostics.map(d => `${d.code} ${d.message}`)).toEqual([
      'MESH105 route "tls" of route table ops/root forwards HTTP requests to port 443 (TLS) of external service vendor/api',
      'MESH107 route "wrong-port" of route table ops/root forwards to port 8443 of external service vendor/api, which declares 443',
      `MESH202 route "tls" of route table ops/root forwards to external service vendor/api of workspace "vendor", ${missing}`,
      `MESH202 route "wrong-port" of route table ops/root forwards to external service vendor/api of workspace "vendor", ${missing}`,
    ]);
  });

  test('an external service named like a gateway\'s VirtualService is a clear error, not a crash (MESH604)', () => {
    const b = base();
    new ExternalService(b.ops, 'clash', {
      name: 'gw-api-example-com', host: 'api.example.org', ports: [{ number: 80 }], timeout: Duration.seconds(1),
    });
    table(b, [{ name: 'r', action: to('s') }]);
    expect(b.mesh.diagnostics.map(d => `${d.code} ${d.path} ${d.message}`)).toEqual([
      'MESH604 mesh/ops/clash this declaration would emit VirtualService ops/gw-api-example-com, which mesh/ops/root emits too',
    ]);
    expect(MeshErrors.isValidationError(errorOf(() => b.app.synth()))).toBe(true);
  });

  test('malformed external services are reported together', () => {
    const b = base();
    new ExternalService(b.ops, 'bad', {
      host: '*.example.com',
      ports: [{ number: 80 }, { number: 80, name: 'again' }],
      resolution: ExternalResolution.STATIC,
      endpoints: [{ address: 'db.example.com', ports: { nope: 1 } }],
      retries: { attempts: -1 },
    });
    new ExternalService(b.ops, 'tcp', {
      host: 'tcp.example.com', ports: [{ number: 5432, protocol: ExternalProtocol.TCP }], timeout: Duration.seconds(1),
    });
    new ExternalService(b.ops, 'none', {
      host: 'none.example.com', ports: [], resolution: ExternalResolution.NONE, endpoints: [{ address: '10.0.0.1' }],
    });
    table(b, [{ name: 'r', action: to('s') }]);
    expect(b.mesh.diagnostics.map(d => `${d.code} ${d.path} ${d.message}`)).toEqual([
      'MESH002 mesh/ops/bad external service ops/bad: host "*.example.com" is a wildcard',
      'MESH015 mesh/ops/none external service ops/none has no ports',
      'MESH017 mesh/ops/bad external service ops/bad lists port 80 twice',
      'MESH022 mesh/ops/bad external service ops/bad: retry attempts -1 is not a whole number from 0 to 2,147,483,647 (int32)',
      'MESH025 mesh/ops/bad external service ops/bad: endpoint "db.example.com" is not an IP address (STATIC resolution)',
      'MESH025 mesh/ops/none external service ops/none has resolution NONE, which takes no endpoints',
      'MESH026 mesh/ops/tcp external service ops/tcp sets retries or a timeout, which apply to HTTP calls, but has no HTTP, HTTP2 or GRPC port',
      'MESH107 mesh/ops/bad external service ops/bad: endpoint "db.example.com" maps port "nope", which the service does not declare',
    ]);
    const error = errorOf(() => b.app.synth());
    expect(MeshErrors.diagnosticsOf(error)).toHaveLength(8);
  });
});

describe('subsets', () => {
  test('routes to subsets of one service share one DestinationRule in the service\'s namespace', () => {
    const b = base();
    new Workspace(b.mesh, 'shop', { namespaces: ['shop'], exportTo: [{ workspaces: [WorkspaceSelector.named('ops')] }] });
    b.ops.importFrom({ workspaces: [WorkspaceSelector.named('shop')] });
    const cart = Destination.service('cart', 'shop', 8080);
    table(b, [{
      name: 'split',
      action: RouteAction.forward({
        to: [
          { destination: cart.withSubset('stable', { version: 'v1' }), weight: 90 },
          { destination: cart.withSubset('canary', { version: 'v2' }), weight: 10 },
        ],
      }),
    }]);
    const objects = objectsOf(b.app);
    const [rule] = of(objects, 'DestinationRule');
    expect(rule.metadata.namespace).toBe('shop');
    expect(rule.spec).toEqual({
      host: 'cart.shop.svc.cluster.local',
      exportTo: ['.', 'istio-system', 'ops'],
      subsets: [{ name: 'canary', labels: { version: 'v2' } }, { name: 'stable', labels: { version: 'v1' } }],
    });
    const out = evaluateIstio(objects, { gateway: 'ops/gw', host: 'api.example.com', path: '/', proxyNamespace: 'istio-system' });
    expect(out.destinations.map(d => `${d.subset}:${d.weight}`)).toEqual(['stable:90', 'canary:10']);
    expectSchemaValid(objects);
  });

  test('the matcher answers 503 when the gateway proxy cannot see the subset (the DestinationRule is not exported to it)', () => {
    const b = base();
    table(b, [{ name: 'r', action: RouteAction.forwardTo(Destination.service('s', 'ops', 80).withSubset('v1', { version: 'v1' })) }]);
    const objects = objectsOf(b.app);
    expect(evaluateIstio(objects, { gateway: 'ops/gw', host: 'api.example.com', path: '/', proxyNamespace: 'istio-system' }).status).toBe(200);
    const hidden = structuredClone(objects);
    hidden.find((o: any) => o.kind === 'DestinationRule').spec.exportTo = ['.'];
    expect(evaluateIstio(hidden, { gateway: 'ops/gw', host: 'api.example.com', path: '/', proxyNamespace: 'istio-system' }).status).toBe(503);
  });
});

describe('gateway workloads', () => {
  test('a gateway of another workspace routing to an isolated namespace is admitted by its workload namespace, and sees the route\'s subsets', () => {
    const b = base();
    const shop = new Workspace(b.mesh, 'shop', {
      namespaces: ['shop'], serviceIsolation: true, exportTo: [{ workspaces: [WorkspaceSelector.named('edge')] }],
    });
    const edge = new Workspace(b.mesh, 'edge', { namespaces: ['edge'], importFrom: [{ workspaces: [WorkspaceSelector.of(shop)] }] });
    const gw = new VirtualGateway(edge, 'edge-gw', {
      workloadSelector: { istio: 'edge' }, workloadNamespace: 'edge-gateways', listeners: [{ port: 80 }],
    });
    new RouteTable(edge, 'root', {
      hosts: ['edge.example.com'],
      gateways: [gw],
      routes: [{ name: 'r', action: RouteAction.forwardTo(Destination.service('cart', 'shop', 8080).withSubset('v1', { version: 'v1' })) }],
    });
    table(b, [{ name: 'r', action: to('s') }]);
    const objects = objectsOf(b.app);
    expect(of(objects, 'AuthorizationPolicy', 'shop')[0].spec.rules[0].from[0].source.namespaces).toEqual(['edge', 'edge-gateways', 'shop']);
    expect(of(objects, 'DestinationRule')[0].spec.exportTo).toEqual(['.', 'edge', 'edge-gateways']);
    expect(of(objects, 'VirtualService', 'edge')[0].spec.exportTo).toEqual(['.', 'edge-gateways']);
    const out = evaluateIstio(objects, { gateway: 'edge/edge-gw', host: 'edge.example.com', path: '/', proxyNamespace: 'edge-gateways' });
    expect(out).toMatchObject({ status: 200, destinations: [{ host: 'cart.shop.svc.cluster.local', subset: 'v1' }] });
    expectSchemaValid(objects);
  });
});
