/**
 * Invalid declarations, one or more per validation rule, each with the nearest valid declaration: shared by the
 * rule tests and the bad-input corpus.
 */
import { ApiObject, Chart, Duration, Testing, YamlOutputType } from 'cdk8s';
import {
  AccessDestination, AccessPolicy, AccessSource, Cluster, DelegationPathMode, Destination, ExternalProtocol, ExternalResolution, ExternalService,
  HeaderMatch, HttpMethod, IstioDelegation, ListenerProtocol, Mesh, MeshProps, MeshTarget, PathMatch, PathRewrite,
  RootOfTrust, Route, RouteAction, RouteTable, RouteTableProps, ServiceInventory, VirtualDestination, VirtualDestinationProps, VirtualGateway,
  TrafficPolicy, TrafficPolicyProps, VirtualMesh, Workspace, WorkspaceProps, WorkspaceSelector,
} from '../../src';

/** A small mesh: workspace ops (namespace ops, gateway gw) and two teams (namespaces a and b). */
export interface Fixture {
  readonly mesh: Mesh;
  readonly ops: Workspace;
  readonly a: Workspace;
  readonly b: Workspace;
  readonly gw: VirtualGateway;
}

export interface FixtureOptions {
  /** Teams export everything to ops and ops imports from them. */
  readonly shared?: boolean;
  readonly mesh?: MeshProps;
  readonly ops?: Partial<WorkspaceProps>;
  readonly gateway?: Partial<ConstructorParameters<typeof VirtualGateway>[2]>;
  /** Output folder of the app. @default - a fresh temporary folder */
  readonly outdir?: string;
  /** How the app writes its YAML. @default YamlOutputType.FILE_PER_CHART */
  readonly yamlOutputType?: YamlOutputType;
}

export function fixture(o: FixtureOptions = {}): Fixture {
  const mesh = new Mesh(Testing.app({ ...(o.outdir ? { outdir: o.outdir } : {}), yamlOutputType: o.yamlOutputType }), 'mesh', o.mesh);
  const share = o.shared ? [{ workspaces: [WorkspaceSelector.named('ops')] }] : [];
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'], importFrom: o.shared ? [{ workspaces: [WorkspaceSelector.all()] }] : [], ...o.ops });
  const a = new Workspace(mesh, 'team-a', { namespaces: ['a'], exportTo: share });
  const b = new Workspace(mesh, 'team-b', { namespaces: ['b'], exportTo: share });
  const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }], ...o.gateway });
  return { mesh, ops, a, b, gw };
}

export const to = (svc: string, ns = 'ops') => RouteAction.forwardTo(Destination.service(svc, ns, 8080));
const svc = (name: string) => Destination.service(name, 'ops', 8080);
export const prefix = (p: string) => [{ path: PathMatch.prefix(p) }];

export function root(f: Fixture, routes: Route[], props: RouteTableProps = {}, id = 'root'): RouteTable {
  return new RouteTable(f.ops, id, { hosts: ['api.example.com'], gateways: [f.gw], routes, ...props });
}

export function child(scope: Workspace, id: string, routes: Route[], props: RouteTableProps = {}): RouteTable {
  return new RouteTable(scope, id, { routes, ...props });
}

/** Declares the Service `namespace/name` (port 8080, pods labelled app=name) in the app of the fixture. */
export function appService(f: Fixture, name: string, namespace: string, labels: Record<string, string> = {}): ApiObject {
  const chart = new Chart(f.mesh.node.root, `services-${namespace}-${name}`);
  return new ApiObject(chart, 'svc', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { app: name, ...labels } },
    spec: { selector: { app: name }, ports: [{ port: 8080 }] },
  });
}

const subset = (name: string, version: string) => RouteAction.forwardTo(Destination.service('s', 'ops', 8080).withSubset(name, { version }));
const fwd = (opts: Partial<Parameters<typeof RouteAction.forward>[0]>) =>
  RouteAction.forward({ to: [{ destination: Destination.service('s', 'ops', 80) }], ...opts });

/** A member cluster `name` on network `<name>-net`, trust domain `name`, with an east–west gateway. */
export function memberCluster(f: Fixture, name: string, over: Partial<ConstructorParameters<typeof Cluster>[2]> = {}): Cluster {
  return new Cluster(f.mesh, name, { network: `${name}-net`, trustDomain: name, eastWestGateway: { address: `ew.${name}.example.com` }, ...over });
}

/** A virtual destination `vd` in ops for `reviews.global` on port 8080, backed by Services labelled app=reviews. */
export function virtualDestination(f: Fixture, over: Partial<VirtualDestinationProps> = {}, id = 'vd'): VirtualDestination {
  const services = [{ labels: { app: 'reviews' } }];
  return new VirtualDestination(f.ops, id, { hostname: 'reviews.global', ports: [{ number: 8080 }], services, ...over });
}

/** A root table routing everything to `vd`. */
const toVirtual = (f: Fixture, vd: VirtualDestination) => root(f, [{ name: 'r', action: RouteAction.forwardTo(Destination.virtualDestination(vd)) }]);

/** A Service of the app in chart `chart` (pods app=name, port `port`). */
function serviceIn(chart: Chart, name: string, namespace: string, port = 8080): ApiObject {
  return new ApiObject(chart, `svc-${name}`, {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels: { app: name } }, spec: { selector: { app: name }, ports: [{ port }] },
  });
}

/** Two routes with direct responses of `size` characters whose matches overlap (a request with the header matches both). */
function overlappingBodies(size: number): Route[] {
  const tagged = [{ path: PathMatch.prefix('/a'), headers: [HeaderMatch.exact('x-tag', '1')] }];
  return [
    { name: 'tagged', matchers: tagged, action: RouteAction.directResponse(200, 'x'.repeat(size)) },
    { name: 'plain', matchers: prefix('/a'), action: RouteAction.directResponse(200, 'y'.repeat(size)) },
  ];
}

/** The Service ops/reviews (pods app=reviews, port 8080) and a traffic policy `p` on it in ops. */
function policy(f: Fixture, props: Partial<TrafficPolicyProps>, id = 'p', scope: Workspace = f.ops): TrafficPolicy {
  if (!f.mesh.node.root.node.tryFindChild('services-ops-reviews')) appService(f, 'reviews', 'ops');
  return new TrafficPolicy(scope, id, { destinations: [Destination.service('reviews', 'ops', 8080)], ...props });
}

const REVIEWS = 'reviews.ops.svc.cluster.local';

/** An east–west table `ew` in ops for ops/reviews. */
function eastWest(f: Fixture, routes: Route[], props: RouteTableProps = {}): RouteTable {
  if (!f.mesh.node.root.node.tryFindChild('services-ops-reviews')) appService(f, 'reviews', 'ops');
  return new RouteTable(f.ops, 'ew', { eastWest: true, hosts: [REVIEWS], routes, ...props });
}

/** A Deployment in ops whose pods carry `labels`. */
function deployment(f: Fixture, labels: Record<string, string>): void {
  const chart = new Chart(f.mesh.node.root, 'workloads');
  new ApiObject(chart, 'deploy', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'reviews', namespace: 'ops' },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  });
}

const reviews = (version?: string) => (version
  ? Destination.service('reviews', 'ops', 8080).withSubset(version, { version }) : Destination.service('reviews', 'ops', 8080));

export function findings(f: Fixture, code: string) {
  return f.mesh.diagnostics.filter(d => d.code === code);
}

/** Each rule: a declaration that triggers it (at `path`), and the nearest declaration that does not. */
export interface RuleCase {
  readonly code: string;
  readonly path: string;
  readonly message: RegExp;
  readonly bad: (f: Fixture) => void;
  readonly good: (f: Fixture) => void;
  readonly options?: FixtureOptions;
  /** Other codes the invalid declaration raises as a consequence (e.g. the warning that a refused target table is unused). */
  readonly also?: string[];
}

export const RULES: RuleCase[] = [
  {
    code: 'MESH001',
    path: 'mesh/ops/Bad_Name',
    message: /route table name "Bad_Name" is not a DNS-1123 label/,
    bad: f => root(f, [{ name: 'r', action: to('s') }], {}, 'Bad_Name'),
    good: f => root(f, [{ name: 'r', action: to('s') }], {}, 'good-name'),
  },
  {
    code: 'MESH002',
    path: 'mesh/ops/root',
    message: /host "a\.\*\.example\.com" has a wildcard that is not the whole first label/,
    bad: f => root(f, [{ name: 'r', action: to('s') }], { hosts: ['a.*.example.com'] }),
    good: f => root(f, [{ name: 'r', action: to('s') }], { hosts: ['*.example.com'] }),
  },
  {
    code: 'MESH003',
    path: 'mesh/ops/root',
    message: /path regex "\/\(\?=a\)\.\*" uses look-around, which RE2 does not support/,
    bad: f => root(f, [{ name: 'r', matchers: [{ path: PathMatch.regex('/(?=a).*') }], action: to('s') }]),
    good: f => root(f, [{ name: 'r', matchers: [{ path: PathMatch.regex('/a.*') }], action: to('s') }]),
  },
  {
    code: 'MESH004',
    path: 'mesh/ops/gw',
    message: /port 70000 is not in 1–65535/,
    bad: f => new VirtualGateway(f.ops, 'gw2', { name: 'gw', namespace: 'ops2', workloadSelector: { a: 'b' }, listeners: [{ port: 70000 }] }),
    good: () => undefined,
    options: { gateway: { listeners: [{ port: 70000 }] } },
  },
  {
    code: 'MESH005',
    path: 'mesh/ops/root',
    message: /destination ops\/s has weight -1/,
    bad: f => root(f, [{ name: 'r', action: RouteAction.forward({ to: [{ destination: Destination.service('s', 'ops', 80), weight: -1 }] }) }]),
    good: f => root(f, [
      {
        name: 'r',
        action: RouteAction.forward({
          to: [{ destination: Destination.service('s', 'ops', 80), weight: 0 }, { destination: Destination.service('t', 'ops', 80) }],
        }),
      },
    ]),
  },
  {
    code: 'MESH006',
    path: 'mesh/ops/root',
    message: /every destination has weight 0/,
    bad: f => root(f, [
      {
        name: 'r',
        action: RouteAction.forward({
          to: [{ destination: Destination.service('s', 'ops', 80), weight: 0 }, { destination: Destination.service('t', 'ops', 80), weight: 0 }],
        }),
      },
    ]),
    good: f => root(f, [
      {
        name: 'r',
        action: RouteAction.forward({
          to: [{ destination: Destination.service('s', 'ops', 80), weight: 0 }, { destination: Destination.service('t', 'ops', 80), weight: 5 }],
        }),
      },
    ]),
  },
  {
    code: 'MESH007',
    path: 'mesh/ops/root',
    message: /two routes named "r"/,
    bad: f => root(f, [{ name: 'r', matchers: prefix('/a'), action: to('s') }, { name: 'r', matchers: prefix('/b'), action: to('s') }]),
    good: f => root(f, [{ name: 'r', matchers: prefix('/a'), action: to('s') }, { name: 'q', matchers: prefix('/b'), action: to('s') }]),
  },
  {
    code: 'MESH008',
    path: 'mesh/team-c',
    message: /namespace "a" is claimed by workspace "team-c" and by workspace "team-a"/,
    bad: f => new Workspace(f.mesh, 'team-c', { namespaces: ['a', 'c'] }),
    good: f => new Workspace(f.mesh, 'team-c', { namespaces: ['c'] }),
  },
  {
    code: 'MESH009',
    also: ['MESH502'],
    path: 'mesh/ops/root',
    message: /lists host "api\.example\.com" twice/,
    bad: f => root(f, [{ name: 'r', action: to('s') }], { hosts: ['api.example.com', 'api.example.com'] }),
    good: f => root(f, [{ name: 'r', action: to('s') }], { hosts: ['api.example.com', 'www.example.com'] }),
  },
  {
    code: 'MESH010',
    path: 'mesh/ops/second',
    message: /route table ops\/shared is also declared by mesh\/ops\/first/,
    bad: f => {
      child(f.ops, 'first', [{ name: 'r', action: to('s') }], { name: 'shared' });
      child(f.ops, 'second', [{ name: 'r', action: to('s') }], { name: 'shared' });
    },
    good: f => { child(f.ops, 'first', [{ name: 'r', action: to('s') }]); child(f.ops, 'second', [{ name: 'r', action: to('s') }]); },
  },
  {
    code: 'MESH011',
    path: 'mesh/ops/root',
    message: /prefix path "team1" does not start with "\/"/,
    bad: f => root(f, [{ name: 'r', matchers: prefix('team1'), action: to('s') }]),
    good: f => root(f, [{ name: 'r', matchers: prefix('/team1'), action: to('s') }]),
  },
  {
    code: 'MESH012',
    path: 'mesh/ops/root',
    message: /header name "bad header" is not an HTTP token/,
    bad: f => root(f, [{ name: 'r', matchers: [{ headers: [HeaderMatch.exact('bad header', 'x')] }], action: to('s') }]),
    good: f => root(f, [{ name: 'r', matchers: [{ headers: [HeaderMatch.exact('x-good', 'x')] }], action: to('s') }]),
  },
  {
    code: 'MESH014',
    path: 'mesh/ops/root',
    message: /timeout of 0ms is not a whole number of milliseconds/,
    bad: f => root(f, [
      { name: 'r', action: RouteAction.forward({ to: [{ destination: Destination.service('s', 'ops', 80) }], timeout: Duration.millis(0) }) },
    ]),
    good: f => root(f, [
      { name: 'r', action: RouteAction.forward({ to: [{ destination: Destination.service('s', 'ops', 80) }], timeout: Duration.seconds(5) }) },
    ]),
  },
  {
    code: 'MESH015',
    path: 'mesh/ops/root',
    message: /route table ops\/root has no routes/,
    bad: f => root(f, []),
    good: f => root(f, [{ name: 'r', action: to('s') }]),
  },
  {
    code: 'MESH016',
    path: 'mesh/ops/gw2',
    message: /workload service account "ns\/sa" of virtual gateway ops\/gw2 is not a DNS-1123 subdomain/,
    bad: f => new VirtualGateway(f.ops, 'gw2', { workloadSelector: { app: 'gw2' }, workloadServiceAccount: 'ns/sa', listeners: [{ port: 8080 }] }),
    good: f => new VirtualGateway(f.ops, 'gw2', { workloadSelector: { app: 'gw2' }, workloadServiceAccount: 'gw2.sa', listeners: [{ port: 8080 }] }),
  },
  {
    code: 'MESH017',
    path: 'mesh/team-c',
    message: /workspace "team-c" lists namespace "c" twice/,
    bad: f => new Workspace(f.mesh, 'team-c', { namespaces: ['c', 'c'] }),
    good: f => new Workspace(f.mesh, 'team-c', { namespaces: ['c', 'd'] }),
  },
  {
    code: 'MESH018',
    path: 'mesh/ops/root',
    message: /route "r" of route table ops\/root: header "x-a" has two conditions in one match set/,
    bad: f => root(f, [{ name: 'r', matchers: [{ headers: [HeaderMatch.exact('x-a', '1'), HeaderMatch.prefix('x-a', '2')] }], action: to('s') }]),
    good: f => root(f, [
      { name: 'r', matchers: [{ headers: [HeaderMatch.exact('x-a', '1')] }, { headers: [HeaderMatch.prefix('x-a', '2')] }], action: to('s') },
    ]),
  },
  {
    code: 'MESH019',
    path: 'mesh/ops/root',
    message: /header "x-a" has an empty prefix/,
    bad: f => root(f, [{ name: 'r', matchers: [{ headers: [HeaderMatch.prefix('x-a', '')] }], action: to('s') }]),
    good: f => root(f, [{ name: 'r', matchers: [{ headers: [HeaderMatch.present('x-a')] }], action: to('s') }]),
  },
  {
    code: 'MESH020',
    path: 'mesh/ops/root',
    message: /redirect status 200 is not one of 301/,
    bad: f => root(f, [{ name: 'r', action: RouteAction.redirect({ host: 'www.example.com', statusCode: 200 }) }]),
    good: f => root(f, [{ name: 'r', action: RouteAction.redirect({ host: 'www.example.com', statusCode: 308 }) }]),
  },
  {
    code: 'MESH021',
    path: 'mesh/ops/root',
    message: /direct response status 99 is not in 200–599/,
    bad: f => root(f, [{ name: 'r', action: RouteAction.directResponse(99) }]),
    good: f => root(f, [{ name: 'r', action: RouteAction.directResponse(204) }]),
  },
  {
    code: 'MESH022',
    path: 'mesh/ops/root',
    message: /retryOn "sometimes" is not a retry condition/,
    bad: f => root(f, [{ name: 'r', action: fwd({ retries: { attempts: 2, retryOn: ['sometimes'] } }) }]),
    good: f => root(f, [{ name: 'r', action: fwd({ retries: { attempts: 2, retryOn: ['5xx'] } }) }]),
  },
  {
    code: 'MESH023',
    path: 'mesh/ops/root',
    message: /label value "v 1" of "version" is not a valid label value/,
    bad: f => root(f, [{ name: 'r', action: subset('v1', 'v 1') }]),
    good: f => root(f, [{ name: 'r', action: subset('v1', 'v-1') }]),
  },
  {
    code: 'MESH024',
    path: 'mesh/ops/tls',
    message: /HTTPS listener "https-443" of virtual gateway ops\/tls has no tlsSecret/,
    bad: f => new VirtualGateway(f.ops, 'tls', { workloadSelector: { app: 'tls' }, listeners: [{ port: 443, protocol: ListenerProtocol.HTTPS }] }),
    good: f => new VirtualGateway(f.ops, 'tls', {
      workloadSelector: { app: 'tls' }, listeners: [{ port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: 'api-cert' }],
    }),
  },
  {
    code: 'MESH025',
    path: 'mesh/ops/ext',
    message: /external service ops\/ext has resolution STATIC but no endpoints/,
    bad: f => new ExternalService(f.ops, 'ext', { host: 'api.example.org', ports: [{ number: 80 }], resolution: ExternalResolution.STATIC }),
    good: f => new ExternalService(f.ops, 'ext', {
      host: 'api.example.org', ports: [{ number: 80 }], resolution: ExternalResolution.STATIC, endpoints: [{ address: '10.0.0.1' }],
    }),
  },
  {
    code: 'MESH026',
    path: 'mesh/ops/ext',
    message: /external service ops\/ext sets retries or a timeout, which apply to HTTP calls, but has no HTTP, HTTP2 or GRPC port/,
    bad: f => new ExternalService(f.ops, 'ext', {
      host: 'db.example.org', ports: [{ number: 5432, protocol: ExternalProtocol.TCP }], timeout: Duration.seconds(1),
    }),
    good: f => new ExternalService(f.ops, 'ext', { host: 'db.example.org', ports: [{ number: 5432, protocol: ExternalProtocol.TCP }] }),
  },
  {
    code: 'MESH027',
    path: 'mesh/p',
    message: /access policy "p": method "GE T" is not an HTTP token/,
    bad: f => new AccessPolicy(f.mesh, 'p', {
      sources: [AccessSource.namespace('ops')], destinations: [AccessDestination.withLabels({ app: 'x' })], methods: ['GE T' as HttpMethod],
    }),
    good: f => new AccessPolicy(f.mesh, 'p', {
      sources: [AccessSource.namespace('ops')], destinations: [AccessDestination.withLabels({ app: 'x' })], methods: [HttpMethod.GET],
    }),
  },
  {
    code: 'MESH028',
    path: 'mesh/loose',
    message: /route table \/loose has no namespace/,
    bad: f => new RouteTable(f.mesh, 'loose', { hosts: ['api.example.com'], gateways: [f.gw], routes: [{ name: 'r', action: to('s') }] }),
    good: f => new RouteTable(f.mesh, 'loose', {
      namespace: 'ops', hosts: ['api.example.com'], gateways: [f.gw], routes: [{ name: 'r', action: to('s') }],
    }),
  },
  {
    code: 'MESH029',
    path: 'mesh/ops/root',
    message: /route table ops\/root attaches to gateways but has no hosts/,
    bad: f => root(f, [{ name: 'r', action: to('s') }], { hosts: [] }),
    good: f => root(f, [{ name: 'r', action: to('s') }]),
  },
  {
    code: 'MESH030',
    also: ['MESH504'],
    path: 'mesh/ops/root',
    message: /route "d" of route table ops\/root delegates without naming route tables, labels or workspaces/,
    bad: f => {
      child(f.ops, 'kid', [{ name: 'r', action: to('s') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({}) }]);
    },
    good: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', action: to('s') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [k] }) }]);
    },
  },
  {
    code: 'MESH031',
    path: 'mesh/ops/root',
    message: /rewrites the path prefix, but matches the regex \/a\/\[0-9\]\+, which has no prefix to replace/,
    bad: f => root(f, [{ name: 'r', matchers: [{ path: PathMatch.regex('/a/[0-9]+') }], action: fwd({ pathRewrite: PathRewrite.prefix('/b') }) }]),
    good: f => root(f, [{ name: 'r', matchers: [{ path: PathMatch.regex('/a/[0-9]+') }], action: fwd({ pathRewrite: PathRewrite.fullPath('/b') }) }]),
  },
  {
    code: 'MESH032',
    path: 'mesh/ops/gw2',
    message: /virtual gateway ops\/gw2 has an empty workloadSelector/,
    bad: f => new VirtualGateway(f.ops, 'gw2', { workloadSelector: {}, listeners: [{ port: 8080 }] }),
    good: f => new VirtualGateway(f.ops, 'gw2', { workloadSelector: { app: 'gw2' }, listeners: [{ port: 8080 }] }),
  },
  {
    code: 'MESH034',
    path: 'mesh/ops/root',
    message: /route "r" of route table ops\/root: request header "x-team" has a control character/,
    bad: f => root(f, [{ name: 'r', action: RouteAction.forward({ to: [{ destination: svc('s') }], requestHeaders: { set: { 'x-team': '\n' } } }) }]),
    good: f => root(f, [{ name: 'r', action: RouteAction.forward({ to: [{ destination: svc('s') }], requestHeaders: { set: { 'x-team': 'a' } } }) }]),
  },
  {
    code: 'MESH101',
    path: 'mesh/far',
    message: /workspace "far" names cluster "nowhere", which is not part of this mesh/,
    bad: f => new Workspace(f.mesh, 'far', { namespaces: ['far'], clusters: ['nowhere'] }),
    good: f => new Workspace(f.mesh, 'far', { namespaces: ['far'], clusters: ['default'] }),
  },
  {
    code: 'MESH104',
    path: 'mesh/loose',
    message: /route table nowhere\/loose: namespace "nowhere" belongs to no workspace/,
    bad: f => new RouteTable(f.mesh, 'loose', {
      namespace: 'nowhere', hosts: ['api.example.com'], gateways: [f.gw], routes: [{ name: 'r', action: to('s') }],
    }),
    good: f => new RouteTable(f.mesh, 'loose', {
      namespace: 'ops', hosts: ['api.example.com'], gateways: [f.gw], routes: [{ name: 'r', action: to('s') }],
    }),
  },
  {
    code: 'MESH102',
    path: 'mesh/team-a/misplaced',
    message: /declared in workspace "team-a" but its namespace "b" belongs to workspace "team-b"/,
    bad: f => child(f.a, 'misplaced', [{ name: 'r', action: to('s', 'a') }], { namespace: 'b' }),
    good: f => child(f.a, 'misplaced', [{ name: 'r', action: to('s', 'a') }], { namespace: 'a' }),
  },
  {
    code: 'MESH103',
    path: 'mesh/ops/root',
    message: /defines subset "v1" of ops\/s as \{version=v2\}, but another route defines it as \{version=v1\}/,
    bad: f => root(f, [
      { name: 'one', matchers: prefix('/1'), action: subset('v1', 'v1') },
      { name: 'two', matchers: prefix('/2'), action: subset('v1', 'v2') },
    ]),
    good: f => root(f, [
      { name: 'one', matchers: prefix('/1'), action: subset('v1', 'v1') },
      { name: 'two', matchers: prefix('/2'), action: subset('v2', 'v2') },
    ]),
  },
  {
    code: 'MESH105',
    path: 'mesh/ops/root',
    message: /route "r" of route table ops\/root forwards HTTP requests to port 443 \(TLS\) of external service ops\/ext/,
    bad: f => {
      const ext = new ExternalService(f.ops, 'ext', { host: 'api.example.org', ports: [{ number: 443, protocol: ExternalProtocol.TLS }] });
      root(f, [{ name: 'r', action: RouteAction.forwardTo(Destination.external(ext)) }]);
    },
    good: f => {
      const ext = new ExternalService(f.ops, 'ext', { host: 'api.example.org', ports: [{ number: 80, protocol: ExternalProtocol.HTTP }] });
      root(f, [{ name: 'r', action: RouteAction.forwardTo(Destination.external(ext)) }]);
    },
  },
  {
    code: 'MESH106',
    path: 'mesh/p',
    message: /access policy "p" protects service a\/s, which has no pod selector to apply the policy to/,
    bad: f => {
      new ApiObject(new Chart(f.mesh.node.root, 'services'), 's', {
        apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'a' }, spec: { ports: [{ port: 80 }] },
      });
      new AccessPolicy(f.mesh, 'p', { sources: [AccessSource.namespace('a')], destinations: [AccessDestination.service('s', 'a')] });
    },
    good: f => {
      appService(f, 's', 'a');
      new AccessPolicy(f.mesh, 'p', { sources: [AccessSource.namespace('a')], destinations: [AccessDestination.service('s', 'a')] });
    },
  },
  {
    code: 'MESH107',
    path: 'mesh/ops/root',
    message: /route "r" of route table ops\/root forwards to port 8080 of external service ops\/ext, which declares 80/,
    bad: f => {
      const ext = new ExternalService(f.ops, 'ext', { host: 'api.example.org', ports: [{ number: 80 }] });
      root(f, [{ name: 'r', action: RouteAction.forwardTo(Destination.external(ext, 8080)) }]);
    },
    good: f => {
      const ext = new ExternalService(f.ops, 'ext', { host: 'api.example.org', ports: [{ number: 80 }] });
      root(f, [{ name: 'r', action: RouteAction.forwardTo(Destination.external(ext, 80)) }]);
    },
  },
  {
    code: 'MESH108',
    path: 'mesh/ops/root',
    message: /route "r" of route table ops\/root: destination services\/cm is a v1\/ConfigMap, not a v1 Service/,
    bad: f => {
      const cm = new ApiObject(new Chart(f.mesh.node.root, 'services'), 'cm', {
        apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ops' },
      });
      root(f, [{ name: 'r', action: RouteAction.forwardTo(Destination.fromApiObject(cm, 80)) }]);
    },
    good: f => root(f, [{ name: 'r', action: RouteAction.forwardTo(Destination.fromApiObject(appService(f, 'cm', 'ops'), 8080)) }]),
  },
  {
    code: 'MESH201',
    also: ['MESH504'],
    path: 'mesh/ops/root',
    message: new RegExp('delegates to a/kid of workspace "team-a", but workspace "team-a" does not export ROUTE_TABLE to "ops" '
      + 'and workspace "ops" does not import ROUTE_TABLE from "team-a"'),
    bad: f => {
      const k = child(f.a, 'kid', [{ name: 'r', action: to('s', 'a') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [k] }) }]);
    },
    good: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', action: to('s') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [k] }) }]);
    },
  },
  {
    code: 'MESH202',
    path: 'mesh/ops/root',
    message: /forwards to service a\/s of workspace "team-a", but workspace "team-a" does not export SERVICE to "ops"/,
    bad: f => root(f, [{ name: 'r', action: to('s', 'a') }]),
    good: f => root(f, [{ name: 'r', action: to('s', 'ops') }]),
  },
  {
    code: 'MESH203',
    path: 'mesh/team-a/own',
    message: /gateway ops\/gw \(workspace "ops"\) does not admit route table a\/own of workspace "team-a"/,
    bad: f => new RouteTable(f.a, 'own', { hosts: ['a.example.com'], gateways: [f.gw], routes: [{ name: 'r', action: to('s', 'a') }] }),
    good: f => new RouteTable(f.ops, 'own', { hosts: ['a.example.com'], gateways: [f.gw], routes: [{ name: 'r', action: to('s', 'ops') }] }),
  },
  {
    code: 'MESH204',
    path: 'mesh/ops/root',
    message: /has no listener for host api\.example\.com/,
    options: { gateway: { listeners: [{ port: 80, hostname: 'www.example.com' }] } },
    bad: f => root(f, [{ name: 'r', action: to('s') }]),
    good: f => root(f, [{ name: 'r', action: to('s') }], { hosts: ['www.example.com'] }),
  },
  {
    code: 'MESH205',
    path: 'mesh/team-a/own',
    message: /host api\.example\.com on gateway ops\/gw is claimed by route tables of several workspaces/,
    options: { shared: true, gateway: { allowedRouteTables: [{ workspaces: [WorkspaceSelector.all()] }] } },
    bad: f => {
      root(f, [{ name: 'r', matchers: prefix('/x'), action: to('s') }]);
      new RouteTable(f.a, 'own', {
        hosts: ['api.example.com'], gateways: [f.gw], routes: [{ name: 'r', matchers: prefix('/a'), action: to('s', 'a') }],
      });
    },
    good: f => {
      root(f, [{ name: 'r', matchers: prefix('/x'), action: to('s') }]);
      new RouteTable(f.a, 'own', { hosts: ['a.example.com'], gateways: [f.gw], routes: [{ name: 'r', action: to('s', 'a') }] });
    },
  },
  {
    code: 'MESH206',
    path: 'mesh/ops/root',
    message: /has hosts but is attached to no gateway/,
    bad: f => root(f, [{ name: 'r', action: to('s') }], { gateways: [] }),
    good: f => root(f, [{ name: 'r', action: to('s') }]),
  },
  {
    code: 'MESH207',
    path: 'mesh/p',
    message: new RegExp('access policy "p" lets namespace b call service a/s of workspace "team-a", but workspace "team-a" does not export '
      + 'SERVICE to "team-b" and workspace "team-b" does not import SERVICE from "team-a"'),
    bad: f => {
      appService(f, 's', 'a');
      new AccessPolicy(f.mesh, 'p', { sources: [AccessSource.namespace('b')], destinations: [AccessDestination.service('s', 'a')] });
    },
    good: f => {
      appService(f, 's', 'a');
      new AccessPolicy(f.mesh, 'p', { sources: [AccessSource.namespace('a')], destinations: [AccessDestination.service('s', 'a')] });
    },
  },
  {
    code: 'MESH208',
    path: 'mesh/p',
    message: /access policy "p" selects no service of the app with labels \{"tier":"db"\}/,
    bad: f => {
      appService(f, 's', 'a', { tier: 'web' });
      new AccessPolicy(f.mesh, 'p', { sources: [AccessSource.workspace(f.a)], destinations: [AccessDestination.withLabels({ tier: 'db' })] });
    },
    good: f => {
      appService(f, 's', 'a', { tier: 'db' });
      new AccessPolicy(f.mesh, 'p', { sources: [AccessSource.workspace(f.a)], destinations: [AccessDestination.withLabels({ tier: 'db' })] });
    },
  },
  {
    code: 'MESH209',
    path: 'mesh/p',
    message: /access policy "p" restricts service a\/s, which gateway ops\/gw routes to: the gateway's requests would be denied/,
    options: { shared: true },
    bad: f => {
      appService(f, 's', 'a');
      root(f, [{ name: 'r', action: to('s', 'a') }]);
      new AccessPolicy(f.mesh, 'p', { sources: [AccessSource.namespace('a')], destinations: [AccessDestination.service('s', 'a')] });
    },
    good: f => {
      appService(f, 's', 'a');
      root(f, [{ name: 'r', action: to('t', 'a') }]);
      new AccessPolicy(f.mesh, 'p', { sources: [AccessSource.namespace('a')], destinations: [AccessDestination.service('s', 'a')] });
    },
  },
  {
    code: 'MESH210',
    path: 'mesh/ops/gw',
    message: /virtual gateway ops\/gw and virtual gateway ops\/edge may configure the same gateway proxies but select them with different labels/,
    bad: f => {
      root(f, [{ name: 'r', action: to('s') }]);
      new VirtualGateway(f.ops, 'edge', { workloadSelector: { istio: 'ingressgateway', tier: 'edge' }, listeners: [{ port: 80 }] });
    },
    good: f => {
      root(f, [{ name: 'r', action: to('s') }]);
      new VirtualGateway(f.ops, 'edge', { workloadSelector: { istio: 'edge-gateway' }, listeners: [{ port: 80 }] });
    },
  },
  {
    code: 'MESH211',
    path: 'mesh/ops/secure',
    message: /port 80 of the proxies of virtual gateway ops\/secure is both HTTP and HTTPS \(with virtual gateway ops\/gw\)/,
    bad: f => {
      root(f, [{ name: 'r', action: to('s') }]);
      new VirtualGateway(f.ops, 'secure', {
        workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80, protocol: ListenerProtocol.HTTPS, tlsSecret: 'cert' }],
      });
    },
    good: f => {
      root(f, [{ name: 'r', action: to('s') }]);
      new VirtualGateway(f.ops, 'secure', {
        workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: 'cert' }],
      });
    },
  },
  {
    code: 'MESH212',
    path: 'mesh/ops/secure',
    message: /HTTPS port 443 of the proxies of virtual gateway ops\/secure names api\.example\.com in two servers \(with virtual gateway ops\/gw\)/,
    options: { gateway: { listeners: [{ port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: 'cert', hostname: 'api.example.com' }] } },
    bad: f => {
      root(f, [{ name: 'r', action: to('s') }]);
      new VirtualGateway(f.ops, 'secure', {
        workloadSelector: { istio: 'ingressgateway' },
        listeners: [{ port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: 'other', hostname: 'api.example.com' }],
      });
    },
    good: f => {
      root(f, [{ name: 'r', action: to('s') }]);
      new VirtualGateway(f.ops, 'secure', {
        workloadSelector: { istio: 'ingressgateway' },
        listeners: [{ port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: 'other', hostname: 'www.example.com' }],
      });
    },
  },
  {
    code: 'MESH301',
    path: 'mesh/ops/two',
    message: /delegation cycle: ops\/one → ops\/two → ops\/one/,
    bad: f => {
      const one: RouteTable = child(f.ops, 'one', []);
      const two = child(f.ops, 'two', [{ name: 'back', action: RouteAction.delegate({ routeTables: [one] }) }]);
      one.addRoute({ name: 'on', matchers: prefix('/x'), action: RouteAction.delegate({ routeTables: [two] }) });
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [one] }) }]);
    },
    good: f => {
      const two = child(f.ops, 'two', [{ name: 'leaf', action: to('s') }]);
      const one = child(f.ops, 'one', [{ name: 'on', matchers: prefix('/x'), action: RouteAction.delegate({ routeTables: [two] }) }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [one] }) }]);
    },
  },
  {
    code: 'MESH302',
    also: ['MESH504'],
    path: 'mesh/ops/two',
    message: /is 3 levels deep \(limit 2\)/,
    options: { mesh: { maxDelegationDepth: 2 } },
    bad: f => {
      const three = child(f.ops, 'three', [{ name: 'leaf', action: to('s') }]);
      const two = child(f.ops, 'two', [{ name: 'on', action: RouteAction.delegate({ routeTables: [three] }) }]);
      const one = child(f.ops, 'one', [{ name: 'on', action: RouteAction.delegate({ routeTables: [two] }) }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [one] }) }]);
    },
    good: f => {
      const two = child(f.ops, 'two', [{ name: 'leaf', action: to('s') }]);
      const one = child(f.ops, 'one', [{ name: 'on', action: RouteAction.delegate({ routeTables: [two] }) }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [one] }) }]);
    },
  },
  {
    code: 'MESH303',
    also: ['MESH504'],
    path: 'mesh/ops/root',
    message: /selects no route table: the requests it matches would get 404/,
    bad: f => {
      child(f.ops, 'kid', [{ name: 'r', action: to('s') }], { labels: { team: 'x' } });
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ labels: { team: 'y' } }) }]);
    },
    good: f => {
      child(f.ops, 'kid', [{ name: 'r', action: to('s') }], { labels: { team: 'x' } });
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ labels: { team: 'x' } }) }]);
    },
  },
  {
    code: 'MESH304',
    path: 'mesh/ops/root',
    message: /delegates to ops\/other, which has hosts or gateways of its own/,
    bad: f => {
      const o = root(f, [{ name: 'r', matchers: prefix('/o'), action: to('s') }], {}, 'other');
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [o] }) }]);
    },
    good: f => {
      const o = child(f.ops, 'other', [{ name: 'r', action: to('s') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [o] }) }]);
    },
  },
  {
    code: 'MESH305',
    also: ['MESH504'],
    path: 'mesh/ops/root',
    message: /matches the path with exact \/a; a delegating route matches a prefix/,
    bad: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', action: to('s') }]);
      root(f, [{ name: 'd', matchers: [{ path: PathMatch.exact('/a') }], action: RouteAction.delegate({ routeTables: [k] }) }]);
    },
    good: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', action: to('s') }]);
      root(f, [{ name: 'd', matchers: [{ path: PathMatch.segmentPrefix('/a') }], action: RouteAction.delegate({ routeTables: [k] }) }]);
    },
  },
  {
    code: 'MESH401',
    path: 'mesh/ops/kid',
    message: /exact path \/b lies outside the parent's prefix \/a/,
    bad: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', matchers: [{ path: PathMatch.exact('/b') }], action: to('s') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [k], pathMode: DelegationPathMode.ABSOLUTE }) }]);
    },
    good: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', matchers: [{ path: PathMatch.exact('/a/b') }], action: to('s') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [k], pathMode: DelegationPathMode.ABSOLUTE }) }]);
    },
  },
  {
    code: 'MESH402',
    path: 'mesh/ops/kid',
    message: /header x-env exact "b" contradicts the parent's exact "a"/,
    bad: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', matchers: [{ headers: [HeaderMatch.exact('x-env', 'b')] }], action: to('s') }]);
      root(f, [
        {
          name: 'd',
          matchers: [{ path: PathMatch.prefix('/a'), headers: [HeaderMatch.exact('x-env', 'a')] }],
          action: RouteAction.delegate({ routeTables: [k] }),
        },
      ]);
    },
    good: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', matchers: [{ headers: [HeaderMatch.exact('x-env', 'a')] }], action: to('s') }]);
      root(f, [
        {
          name: 'd',
          matchers: [{ path: PathMatch.prefix('/a'), headers: [HeaderMatch.prefix('x-env', 'a')] }],
          action: RouteAction.delegate({ routeTables: [k] }),
        },
      ]);
    },
  },
  {
    code: 'MESH403',
    path: 'mesh/ops/kid',
    message: /path \/a\/x already starts with the parent prefix \/a, so it becomes \/a\/a\/x/,
    bad: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', matchers: prefix('/a/x'), action: to('s') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [k] }) }]);
    },
    good: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', matchers: prefix('/x'), action: to('s') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [k] }) }]);
    },
  },
  {
    code: 'MESH404',
    path: 'mesh/ops/kid',
    message: /header x-env has conditions on both sides \(prefix "a" and regex "a\.\+"\)/,
    bad: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', matchers: [{ headers: [HeaderMatch.regex('x-env', 'a.+')] }], action: to('s') }]);
      root(f, [
        {
          name: 'd',
          matchers: [{ path: PathMatch.prefix('/a'), headers: [HeaderMatch.prefix('x-env', 'a')] }],
          action: RouteAction.delegate({ routeTables: [k] }),
        },
      ]);
    },
    good: f => {
      const k = child(f.ops, 'kid', [{ name: 'r', matchers: [{ headers: [HeaderMatch.regex('x-env', 'a.+')] }], action: to('s') }]);
      root(f, [
        {
          name: 'd',
          matchers: [{ path: PathMatch.prefix('/a'), headers: [HeaderMatch.present('x-env')] }],
          action: RouteAction.delegate({ routeTables: [k] }),
        },
      ]);
    },
  },
  {
    code: 'MESH501',
    path: 'mesh/ops/second',
    message: /route "y" of route table ops\/second and route "x" of route table ops\/first both match prefix \/a/,
    bad: f => {
      root(f, [{ name: 'x', matchers: prefix('/a'), action: to('s') }], {}, 'first');
      root(f, [{ name: 'y', matchers: prefix('/a'), action: to('t') }], {}, 'second');
    },
    good: f => {
      root(f, [{ name: 'x', matchers: prefix('/a/'), action: to('s') }], {}, 'first');
      root(f, [{ name: 'y', matchers: prefix('/b'), action: to('t') }], {}, 'second');
    },
  },
  {
    code: 'MESH502',
    path: 'mesh/ops/root',
    message: new RegExp('route "team10" of route table ops/root can never match: prefix /team10 is covered by route "team1" '
      + 'of route table ops/root \\(prefix /team1\\)'),
    bad: f => root(f, [
      { name: 'team1', matchers: prefix('/team1'), action: to('s') },
      { name: 'team10', matchers: prefix('/team10'), action: to('t') },
    ]),
    good: f => root(f, [
      { name: 'team1', matchers: [{ path: PathMatch.segmentPrefix('/team1') }], action: to('s') },
      { name: 'team10', matchers: prefix('/team10'), action: to('t') },
    ]),
  },
  {
    code: 'MESH503',
    path: 'mesh/ops/root',
    message: /one match set of route "b" of route table ops\/root can never match: prefix \/a\/x is covered by route "a"/,
    bad: f => root(f, [
      { name: 'a', matchers: prefix('/a'), action: to('s') },
      { name: 'b', matchers: [...prefix('/a/x'), ...prefix('/b')], action: to('t') },
    ]),
    good: f => root(f, [
      { name: 'a', matchers: prefix('/a'), action: to('s') },
      { name: 'b', matchers: [...prefix('/c/x'), ...prefix('/b')], action: to('t') },
    ]),
  },
  {
    code: 'MESH601',
    path: 'mesh/ops/root',
    message: /route "health" of route table ops\/root: the Gateway API target cannot express a direct response/,
    options: { mesh: { target: MeshTarget.GATEWAY_API } },
    bad: f => root(f, [{ name: 'health', matchers: [{ path: PathMatch.exact('/healthz') }], action: RouteAction.directResponse(200, 'ok') }]),
    good: f => root(f, [{ name: 'health', matchers: [{ path: PathMatch.exact('/healthz') }], action: to('health') }]),
  },
  {
    code: 'MESH602',
    path: 'mesh/ops/root',
    message: /Gateway API ranks the second one first/,
    options: { mesh: { target: MeshTarget.GATEWAY_API } },
    bad: f => root(f, [
      { name: 'a', matchers: [{ path: PathMatch.segmentPrefix('/a'), method: HttpMethod.GET }], action: to('s') },
      { name: 'b', matchers: [{ path: PathMatch.segmentPrefix('/a/b') }], action: to('t') },
    ]),
    good: f => root(f, [
      { name: 'b', matchers: [{ path: PathMatch.segmentPrefix('/a/b') }], action: to('t') },
      { name: 'a', matchers: [{ path: PathMatch.segmentPrefix('/a'), method: HttpMethod.GET }], action: to('s') },
    ]),
  },
  {
    code: 'MESH603',
    path: 'mesh/ops/root',
    message: /delegating route "d" of route table ops\/root .* is emitted flattened: it delegates more than one level deep/,
    options: { mesh: { istioDelegation: IstioDelegation.NATIVE } },
    bad: f => {
      const two = child(f.ops, 'two', [{ name: 'leaf', action: to('s') }]);
      const one = child(f.ops, 'one', [{ name: 'on', matchers: prefix('/x'), action: RouteAction.delegate({ routeTables: [two] }) }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [one] }) }]);
    },
    good: f => {
      const one = child(f.ops, 'one', [{ name: 'leaf', matchers: prefix('/x'), action: to('s') }]);
      root(f, [{ name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [one] }) }]);
    },
  },
  {
    code: 'MESH033',
    path: 'mesh/east',
    message: /trustDomain "\*" of cluster "east" is not valid: it must be a SPIFFE trust domain/,
    bad: f => new Cluster(f.mesh, 'east', { trustDomain: '*' }),
    good: f => new Cluster(f.mesh, 'east', { trustDomain: 'example.com' }),
  },
  {
    code: 'MESH605',
    options: { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE },
    path: 'mesh/ops/gw',
    message: /Gateway ops\/gw and a\/gw would be written to the same file Gateway.gw.k8s.yaml by the App's FOLDER_PER_CHART_FILE_PER_RESOURCE/,
    bad: f => new VirtualGateway(f.a, 'gw', { workloadSelector: { istio: 'a' }, listeners: [{ port: 80 }] }),
    good: f => new VirtualGateway(f.a, 'gw-a', { workloadSelector: { istio: 'a' }, listeners: [{ port: 80 }] }),
  },
  {
    code: 'MESH604',
    path: 'mesh/ops/clash',
    message: /this declaration would emit VirtualService ops\/gw-api-example-com, which mesh\/ops\/root emits too/,
    bad: f => {
      new ExternalService(f.ops, 'clash', {
        name: 'gw-api-example-com', host: 'api.example.org', ports: [{ number: 80 }], timeout: Duration.seconds(1),
      });
      root(f, [{ name: 'r', action: to('s') }]);
    },
    good: f => {
      new ExternalService(f.ops, 'clash', {
        name: 'api-example-org', host: 'api.example.org', ports: [{ number: 80 }], timeout: Duration.seconds(1),
      });
      root(f, [{ name: 'r', action: to('s') }]);
    },
  },
  {
    code: 'MESH606',
    path: 'mesh/ops/root',
    message: /VirtualService ops\/gw-api-example-com of cluster "default" would be 1,6\d\d,\d{3} bytes of JSON, over the 1,572,864 bytes/,
    bad: f => root(f, overlappingBodies(800_000)),
    good: f => root(f, overlappingBodies(1_000)),
  },
  {
    code: 'MESH607',
    path: 'mesh/ops/root',
    message: new RegExp('VirtualService ops/gw-api-example-com of cluster "default" would be 300,\\d{3} bytes of JSON: client-side kubectl '
      + 'apply copies the whole object into its last-applied-configuration annotation, making 300,\\d{3} bytes of annotations, '
      + 'over the 262,144 bytes Kubernetes allows'),
    bad: f => root(f, [{ name: 'big', matchers: prefix('/a'), action: RouteAction.directResponse(200, 'x'.repeat(300_000)) }]),
    good: f => root(f, [{ name: 'big', matchers: prefix('/a'), action: RouteAction.directResponse(200, 'x'.repeat(250_000)) }]),
  },
  {
    code: 'MESH505',
    path: 'mesh/ops/root',
    message: /route "r" of route table ops\/root \(prefix \/a, gateway ops\/gw\) and route "r" of route table ops\/second \(prefix \/a\/b, gateway ops\/edge\) match some/,
    bad: f => {
      root(f, [{ name: 'r', matchers: prefix('/a'), action: to('s') }]);
      const edge = new VirtualGateway(f.ops, 'edge', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
      const routes = [{ name: 'r', matchers: prefix('/a/b'), action: to('s') }];
      new RouteTable(f.ops, 'second', { hosts: ['api.example.com'], gateways: [edge], routes });
    },
    good: f => {
      root(f, [{ name: 'r', matchers: prefix('/a'), action: to('s') }]);
      const edge = new VirtualGateway(f.ops, 'edge', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
      const routes = [{ name: 'r', matchers: prefix('/b'), action: to('s') }];
      new RouteTable(f.ops, 'second', { hosts: ['api.example.com'], gateways: [edge], routes });
    },
  },
  {
    code: 'MESH504',
    path: 'mesh/ops/orphan',
    message: /route table ops\/orphan has no hosts and no route delegates to it/,
    bad: f => { root(f, [{ name: 'r', action: to('s') }]); child(f.ops, 'orphan', [{ name: 'r', action: to('s') }]); },
    good: f => root(f, [{ name: 'r', action: to('s') }]),
  },
  {
    code: 'MESH701',
    path: 'mesh/east',
    message: /service inventory .*missing-services\.yaml of cluster "east" cannot be read: no such file/,
    bad: f => new Cluster(f.mesh, 'east', { inventories: [ServiceInventory.fromFile('/nonexistent/missing-services.yaml')] }),
    good: f => new Cluster(f.mesh, 'east', {
      inventories: [ServiceInventory.fromManifests([{
        apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'a' }, spec: { ports: [{ port: 80 }] },
      }])],
    }),
  },
  {
    code: 'MESH702',
    path: 'mesh/west',
    message: /cluster "west" is a member of virtual mesh "vm" but declares no east-west gateway/,
    bad: f => new VirtualMesh(f.mesh, 'vm', { clusters: [memberCluster(f, 'east'), memberCluster(f, 'west', { eastWestGateway: undefined })] }),
    good: f => new VirtualMesh(f.mesh, 'vm', { clusters: [memberCluster(f, 'east'), memberCluster(f, 'west')] }),
  },
  {
    code: 'MESH703',
    path: 'mesh/ops/vd',
    message: /virtual destination ops\/vd is routed to, but no known Service matches its backing selector \(Services labelled \{app=reviews\}\)/,
    bad: f => toVirtual(f, virtualDestination(f)),
    good: f => { appService(f, 'reviews', 'ops'); toVirtual(f, virtualDestination(f)); },
  },
  {
    code: 'MESH704',
    path: 'mesh/ops/vd',
    message: /no known Service matches the backing selector of virtual destination ops\/vd \(Services labelled \{app=reviews\} in namespace a\)/,
    bad: f => virtualDestination(f, { services: [{ labels: { app: 'reviews' }, namespace: 'a' }] }),
    good: f => { appService(f, 'reviews', 'a'); virtualDestination(f, { services: [{ labels: { app: 'reviews' }, namespace: 'a' }] }); },
  },
  {
    code: 'MESH705',
    path: 'mesh/ops/vd',
    message: /virtual destination ops\/vd sends port 9080 to backing service ops\/reviews, which exposes 8080/,
    bad: f => { appService(f, 'reviews', 'ops'); virtualDestination(f, { ports: [{ number: 9080 }] }); },
    good: f => { appService(f, 'reviews', 'ops'); virtualDestination(f, { ports: [{ number: 9080, targetPort: 8080 }] }); },
  },
  {
    code: 'MESH706',
    path: 'mesh/ops/vd2',
    message: /virtual destination ops\/vd2 claims host reviews\.global, which virtual destination ops\/vd claims too/,
    bad: f => { appService(f, 'reviews', 'ops'); virtualDestination(f); virtualDestination(f, {}, 'vd2'); },
    good: f => { appService(f, 'reviews', 'ops'); virtualDestination(f); virtualDestination(f, { hostname: 'reviews2.global' }, 'vd2'); },
  },
  {
    code: 'MESH707',
    path: 'mesh/vm',
    message: /federating service a\/reviews of cluster "east" would create host reviews\.a\.svc\.east\.global, which external service a\/clash already uses/,
    bad: f => {
      appService(f, 'reviews', 'a');
      new VirtualMesh(f.mesh, 'vm', { clusters: [memberCluster(f, 'east'), memberCluster(f, 'west')], federation: {} });
      new ExternalService(f.a, 'clash', { host: 'reviews.a.svc.east.global', ports: [{ number: 443, protocol: ExternalProtocol.HTTPS }] });
    },
    good: f => {
      appService(f, 'reviews', 'a');
      new VirtualMesh(f.mesh, 'vm', { clusters: [memberCluster(f, 'east'), memberCluster(f, 'west')], federation: {} });
      new ExternalService(f.a, 'clash', { host: 'reviews.a.svc.east.example.org', ports: [{ number: 443, protocol: ExternalProtocol.HTTPS }] });
    },
  },
  {
    code: 'MESH708',
    path: 'mesh/west',
    message: /clusters "west" and "east" of virtual mesh "vm" share trust domain shared\.example/,
    bad: f => new VirtualMesh(f.mesh, 'vm', {
      clusters: [memberCluster(f, 'east', { trustDomain: 'shared.example' }), memberCluster(f, 'west', { trustDomain: 'shared.example' })],
    }),
    good: f => new VirtualMesh(f.mesh, 'vm', { clusters: [memberCluster(f, 'east'), memberCluster(f, 'west')] }),
  },
  {
    code: 'MESH709',
    path: 'secrets/root-ca',
    message: /object secrets\/root-ca holds a PEM private key, which would be written into the manifests/,
    bad: f => new ApiObject(new Chart(f.mesh.node.root, 'secrets'), 'root-ca', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'root-ca', namespace: 'istio-system' },
      stringData: { 'tls.key': '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----\n' },
    }),
    good: f => new ApiObject(new Chart(f.mesh.node.root, 'secrets'), 'root-ca', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'root-ca', namespace: 'istio-system' },
      data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
    }),
  },
  {
    code: 'MESH710',
    path: 'mesh/ops/vd',
    message: /virtual destination ops\/vd asks for locality failover without outlier detection/,
    bad: f => { appService(f, 'reviews', 'ops'); virtualDestination(f, { localityFailover: true }); },
    good: f => { appService(f, 'reviews', 'ops'); virtualDestination(f, { localityFailover: true, outlierDetection: { consecutiveErrors: 1 } }); },
  },
  {
    code: 'MESH711',
    path: 'mesh/vm2',
    message: /cluster "east" is a member of virtual meshes "vm2" and "vm"/,
    bad: f => {
      const east = memberCluster(f, 'east');
      new VirtualMesh(f.mesh, 'vm', { clusters: [east, memberCluster(f, 'west')] });
      new VirtualMesh(f.mesh, 'vm2', { clusters: [east, memberCluster(f, 'north')] });
    },
    good: f => {
      new VirtualMesh(f.mesh, 'vm', { clusters: [memberCluster(f, 'east'), memberCluster(f, 'west')] });
      new VirtualMesh(f.mesh, 'vm2', { clusters: [memberCluster(f, 'north')] });
    },
  },
  {
    code: 'MESH712',
    path: 'mesh/ops/vd',
    message: /virtual destination ops\/vd is used in cluster "west" and backed by Services in cluster "east", but no virtual mesh holds both clusters/,
    bad: f => {
      const charts = new Chart(f.mesh.node.root, 'east-apps');
      serviceIn(charts, 'reviews', 'ops');
      memberCluster(f, 'east', { charts: [charts] });
      memberCluster(f, 'west');
      toVirtual(f, virtualDestination(f));
    },
    good: f => {
      const charts = new Chart(f.mesh.node.root, 'east-apps');
      serviceIn(charts, 'reviews', 'ops');
      new VirtualMesh(f.mesh, 'vm', { clusters: [memberCluster(f, 'east', { charts: [charts] }), memberCluster(f, 'west')] });
      toVirtual(f, virtualDestination(f));
    },
  },
  {
    code: 'MESH713',
    path: 'mesh/vm',
    message: /the root of trust of virtual mesh "vm" asks for a ECDSA key of 1000 bits/,
    bad: f => new VirtualMesh(f.mesh, 'vm', { clusters: [memberCluster(f, 'east')], rootOfTrust: RootOfTrust.certManager({ keySize: 1000 }) }),
    good: f => new VirtualMesh(f.mesh, 'vm', { clusters: [memberCluster(f, 'east')], rootOfTrust: RootOfTrust.certManager({ keySize: 384 }) }),
  },
  {
    code: 'MESH714',
    path: 'mesh/ops/root',
    message: /route "r" of route table ops\/root forwards to service ops\/reviews, which runs in cluster "east" but not in cluster "west"/,
    bad: f => {
      const apps = new Chart(f.mesh.node.root, 'east-apps');
      serviceIn(apps, 'reviews', 'ops');
      memberCluster(f, 'east', { charts: [apps] });
      memberCluster(f, 'west');
      root(f, [{ name: 'r', action: to('reviews') }]);
    },
    good: f => {
      const apps = new Chart(f.mesh.node.root, 'east-apps');
      serviceIn(apps, 'reviews', 'ops');
      const east = memberCluster(f, 'east', { charts: [apps] });
      new VirtualMesh(f.mesh, 'vm', { clusters: [east, memberCluster(f, 'west')] });
      root(f, [{ name: 'r', action: RouteAction.forwardTo(Destination.virtualDestination(virtualDestination(f))) }]);
    },
  },
  {
    code: 'MESH715',
    path: 'mesh/team-c/kid',
    message: new RegExp('route table c/kid of workspace "team-c" \\(clusters "east"\\) is served by gateway ops/gw in cluster "west", '
      + 'where the workspace and its namespaces do not exist'),
    options: { shared: true },
    bad: f => {
      const exportTo = [{ workspaces: [WorkspaceSelector.named('ops')] }];
      const c = new Workspace(f.mesh, 'team-c', { namespaces: ['c'], clusters: ['east'], exportTo });
      memberCluster(f, 'east');
      memberCluster(f, 'west');
      const k = child(c, 'kid', [{ name: 'r', action: to('s', 'c') }]);
      root(f, [{ name: 'd', matchers: prefix('/c'), action: RouteAction.delegate({ routeTables: [k] }) }]);
    },
    good: f => {
      const exportTo = [{ workspaces: [WorkspaceSelector.named('ops')] }];
      const c = new Workspace(f.mesh, 'team-c', { namespaces: ['c'], clusters: ['east', 'west'], exportTo });
      memberCluster(f, 'east');
      memberCluster(f, 'west');
      const k = child(c, 'kid', [{ name: 'r', action: to('s', 'c') }]);
      root(f, [{ name: 'd', matchers: prefix('/c'), action: RouteAction.delegate({ routeTables: [k] }) }]);
    },
  },
  {
    code: 'MESH901',
    path: 'mesh/ops/q',
    message: /traffic policy ops\/p and traffic policy ops\/q both set timeout for the same requests to reviews\.ops\.svc\.cluster\.local/,
    bad: f => {
      policy(f, { timeout: Duration.seconds(1) });
      policy(f, { timeout: Duration.seconds(2) }, 'q');
    },
    good: f => {
      policy(f, { timeout: Duration.seconds(1) });
      policy(f, { retries: { attempts: 2 } }, 'q');
    },
  },
  {
    code: 'MESH902',
    path: 'mesh/ops/q',
    message: /traffic policy ops\/p and traffic policy ops\/q apply to overlapping requests to reviews\.ops\.svc\.cluster\.local, but neither contains/,
    bad: f => {
      policy(f, { sources: { labels: { tier: 'web' } }, timeout: Duration.seconds(1) });
      policy(f, { matchers: prefix('/a'), retries: { attempts: 2 } }, 'q');
    },
    good: f => {
      policy(f, { sources: { labels: { tier: 'web' } }, timeout: Duration.seconds(1) });
      policy(f, { sources: { labels: { tier: 'web' } }, matchers: prefix('/a'), retries: { attempts: 2 } }, 'q');
    },
  },
  {
    code: 'MESH903',
    path: 'hatch/vs',
    message: /the app's hatch\/vs \(a VirtualService, or an HTTPRoute whose parent is the Service\) also serves reviews\.ops\.svc\.cluster\.local to sidecars/,
    bad: f => {
      policy(f, { timeout: Duration.seconds(1) });
      new ApiObject(new Chart(f.mesh.node.root, 'hatch'), 'vs', {
        apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'extra', namespace: 'ops' }, spec: { hosts: ['reviews'] },
      });
    },
    good: f => {
      policy(f, { timeout: Duration.seconds(1) });
      new ApiObject(new Chart(f.mesh.node.root, 'hatch'), 'vs', {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'extra', namespace: 'ops' },
        spec: { hosts: ['reviews'], gateways: ['ops/gw'] },
      });
    },
  },
  {
    code: 'MESH904',
    path: 'mesh/ops/p',
    message: /sends traffic to subset "v2" of ops\/reviews, but no workload the app declares behind that service carries \{version=v2\}/,
    bad: f => {
      deployment(f, { app: 'reviews', version: 'v1' });
      policy(f, { trafficShift: [{ destination: reviews('v1'), weight: 50 }, { destination: reviews('v2'), weight: 50 }] });
    },
    good: f => {
      deployment(f, { app: 'reviews', version: 'v1' });
      policy(f, { trafficShift: [{ destination: reviews('v1'), weight: 50 }, { destination: reviews(), weight: 50 }] });
    },
  },
  {
    code: 'MESH905',
    path: 'mesh/ops/p',
    message: /traffic policy ops\/p: faultInjection\.abort\.percentage is 150, not a percentage between 0 and 100/,
    bad: f => policy(f, { faultInjection: { abort: { httpStatus: 503, percentage: 150 } } }),
    good: f => policy(f, { faultInjection: { abort: { httpStatus: 503, percentage: 15 } } }),
  },
  {
    code: 'MESH906',
    path: 'mesh/ops/p',
    message: /traffic policy ops\/p sets outlierDetection with sources or matchers, but Istio applies these per destination/,
    bad: f => policy(f, { sources: { namespaces: ['ops'] }, outlierDetection: { consecutiveErrors: 1 } }),
    good: f => policy(f, { outlierDetection: { consecutiveErrors: 1 } }),
  },
  {
    code: 'MESH907',
    path: 'mesh/ops/ew',
    message: /east–west route table ops\/ew names host nothing\.ops\.svc\.cluster\.local, which is no known Service/,
    bad: f => eastWest(f, [{ name: 'r', action: RouteAction.forwardTo(reviews()) }], { hosts: ['nothing.ops.svc.cluster.local'] }),
    good: f => eastWest(f, [{ name: 'r', action: RouteAction.forwardTo(reviews()) }]),
  },
  {
    code: 'MESH908',
    path: 'mesh/ops/p',
    message: /traffic policy ops\/p would change how b call a destination of another workspace/,
    options: { shared: true },
    bad: f => {
      appService(f, 'reviews', 'a');
      const destinations = [Destination.service('reviews', 'a', 8080)];
      new TrafficPolicy(f.ops, 'p', { destinations, sources: { namespaces: ['b'] }, timeout: Duration.seconds(1) });
    },
    good: f => {
      appService(f, 'reviews', 'a');
      const destinations = [Destination.service('reviews', 'a', 8080)];
      new TrafficPolicy(f.ops, 'p', { destinations, sources: { namespaces: ['ops'] }, timeout: Duration.seconds(1) });
    },
  },
  {
    code: 'MESH909',
    path: 'mesh/ops/p',
    message: /traffic policy ops\/p applies to no destination/,
    bad: f => policy(f, { destinations: [], destinationLabels: { app: 'nothing' }, timeout: Duration.seconds(1) }),
    good: f => policy(f, { destinations: [], destinationLabels: { app: 'reviews' }, timeout: Duration.seconds(1) }),
  },
  {
    code: 'MESH910',
    path: 'mesh/ops/p',
    message: /sends traffic to service ops\/reviews in cluster "east", which is not federated to cluster "default"/,
    bad: f => policy(f, { trafficShift: [{ destination: reviews().inCluster('east') }] }),
    good: f => policy(f, { trafficShift: [{ destination: reviews().inCluster('default') }] }),
  },
  {
    code: 'MESH911',
    path: 'mesh/ops/p',
    message: /traffic policy ops\/p: faultInjection\.abort\.httpStatus is 700, not an HTTP status from 200 to 599/,
    bad: f => policy(f, { faultInjection: { abort: { httpStatus: 700 } } }),
    good: f => policy(f, { faultInjection: { abort: { httpStatus: 503 } } }),
  },
  {
    code: 'MESH912',
    path: 'mesh/ops/p',
    message: /traffic policy ops\/p cannot be combined with the routes of reviews\.ops\.svc\.cluster\.local/,
    bad: f => {
      eastWest(f, [{ name: 'r', matchers: [{ path: PathMatch.regex('/v[0-9]+') }], action: RouteAction.forwardTo(reviews()) }]);
      policy(f, { matchers: prefix('/v1'), timeout: Duration.seconds(1) });
    },
    good: f => {
      eastWest(f, [{ name: 'r', matchers: prefix('/v'), action: RouteAction.forwardTo(reviews()) }]);
      policy(f, { matchers: prefix('/v1'), timeout: Duration.seconds(1) });
    },
  },
  {
    code: 'MESH913',
    path: 'mesh/ops/ew',
    message: /route table ops\/ew is bound to the mesh \(eastWest\) and attached to gateways/,
    bad: f => eastWest(f, [{ name: 'r', action: RouteAction.forwardTo(reviews()) }], { gateways: [f.gw] }),
    good: f => eastWest(f, [{ name: 'r', action: RouteAction.forwardTo(reviews()) }]),
  },
  {
    code: 'MESH914',
    path: 'mesh/team-a/p',
    message: /traffic policy a\/p names service ops\/reviews of workspace "ops", but workspace "ops" does not export SERVICE to "team-a"/,
    bad: f => policy(f, { timeout: Duration.seconds(1) }, 'p', f.a),
    good: f => policy(f, { timeout: Duration.seconds(1) }, 'p', f.ops),
  },
  {
    code: 'MESH915',
    path: 'mesh/ops/p',
    message: new RegExp('traffic policy ops/p applies to reviews\\.ops\\.svc\\.cluster\\.local, which runs in cluster "west", where '
      + 'workspace "ops" owning its namespace does not exist'),
    options: { ops: { clusters: ['east'] } },
    bad: f => {
      const apps = new Chart(f.mesh.node.root, 'west-apps');
      serviceIn(apps, 'reviews', 'ops');
      memberCluster(f, 'east');
      memberCluster(f, 'west', { charts: [apps] });
      new TrafficPolicy(f.ops, 'p', { destinations: [Destination.service('reviews', 'ops', 8080)], timeout: Duration.seconds(1) });
    },
    good: f => {
      const apps = new Chart(f.mesh.node.root, 'east-apps');
      serviceIn(apps, 'reviews', 'ops');
      memberCluster(f, 'east', { charts: [apps] });
      memberCluster(f, 'west');
      new TrafficPolicy(f.ops, 'p', { destinations: [Destination.service('reviews', 'ops', 8080)], timeout: Duration.seconds(1) });
    },
  },
];
