/**
 * Generated tenancy graphs for the isolation property: workspaces with random export/import rules (by name, label or
 * all; some kinds; some resource labels), the app's Services, external services, gateways, route tables forwarding
 * across workspaces and access policies — with an oracle of what export+import allows, written from the design
 * (owner exports AND user imports) and sharing no code with the library.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AccessDestination, AccessPolicy, AccessSource, Cluster, Destination, ExternalService, Mesh, MeshProps, ResourceKind, RouteAction,
  RouteTable, VirtualGateway, VirtualMesh, Workspace, WorkspaceSelector, WorkspaceShare,
} from '../../src';

type Kind = 'ROUTE_TABLE' | 'SERVICE' | 'EXTERNAL_SERVICE';

export interface ShareSpec {
  /** A workspace index, a tier label, or every workspace. */
  readonly to: { index: number } | { tier: string } | 'all';
  /** Empty = every kind. */
  readonly kinds: Kind[];
  /** Only resources labelled team=<value>. */
  readonly team?: string;
}

export interface TenancySpec {
  readonly workspaces: Array<{ namespaces: number; tier: string; sidecar: boolean; isolation: boolean; exports: ShareSpec[]; imports: ShareSpec[] }>;
  readonly services: Array<{ ws: number; ns: number; team?: string }>;
  readonly externals: Array<{ ws: number; team?: string }>;
  readonly gateways: Array<{ ws: number; ownWorkload: boolean; serviceAccount: boolean }>;
  /** Route tables; most live in their gateway's workspace and forward to a service of their own workspace. */
  readonly tables: Array<{ ws: number; gateway: number; dest: { service: number } | { external: number }; atHome: boolean; ownService: boolean }>;
  /** Access policies: a workspace (the service's own when `sameWorkspace`) may call a service. */
  readonly access: Array<{ sourceWs: number; service: number; sameWorkspace: boolean }>;
}

const share = (n: number): fc.Arbitrary<ShareSpec> => fc.record({
  to: fc.oneof(fc.record({ index: fc.nat(n - 1) }), fc.record({ tier: fc.constantFrom('a', 'b') }), fc.constant('all' as const)),
  kinds: fc.subarray(['ROUTE_TABLE', 'SERVICE', 'EXTERNAL_SERVICE'] as Kind[]),
  team: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
}, { requiredKeys: ['to', 'kinds'] });

/** True four times out of five. */
const likely = fc.integer({ min: 0, max: 4 }).map(x => x > 0);

/** Tenancy specs of 2–5 workspaces. */
export const tenancySpecs: fc.Arbitrary<TenancySpec> = fc.integer({ min: 2, max: 5 }).chain(n => fc.record({
  workspaces: fc.array(fc.record({
    namespaces: fc.integer({ min: 1, max: 2 }),
    tier: fc.constantFrom('a', 'b'),
    sidecar: fc.boolean(),
    isolation: fc.boolean(),
    exports: fc.array(share(n), { maxLength: 3 }),
    imports: fc.array(share(n), { maxLength: 3 }),
  }), { minLength: n, maxLength: n }),
  services: fc.array(
    fc.record({ ws: fc.nat(n - 1), ns: fc.nat(1), team: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }) }),
    { maxLength: 8 },
  ),
  externals: fc.array(fc.record({ ws: fc.nat(n - 1), team: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }) }), { maxLength: 3 }),
  gateways: fc.array(fc.record({ ws: fc.nat(n - 1), ownWorkload: fc.boolean(), serviceAccount: fc.boolean() }), { minLength: 1, maxLength: 2 }),
  tables: fc.array(fc.record({
    ws: fc.nat(n - 1),
    gateway: fc.nat(1),
    dest: fc.oneof({ weight: 4, arbitrary: fc.record({ service: fc.nat(7) }) }, { weight: 1, arbitrary: fc.record({ external: fc.nat(2) }) }),
    atHome: likely,
    ownService: likely,
  }), { maxLength: 5 }),
  access: fc.array(fc.record({ sourceWs: fc.nat(n - 1), service: fc.nat(7), sameWorkspace: fc.boolean() }), { maxLength: 2 }),
}));

/** Clusters federated into one virtual mesh, the clusters each workspace spans, and where each service of the spec runs. */
export interface FederationSpec {
  readonly clusters: number;
  /** Per workspace: the clusters it spans (indexes, at least one); all of them are declared as the default `*`. */
  readonly spans: number[][];
  /** Per service: the clusters it runs in (indexes, at least one, among those its workspace spans). */
  readonly placement: number[][];
}

/** A non-empty subset of `items`. */
const someOf = (items: number[]) => fc.subarray(items, { minLength: 1 });

/**
 * A tenancy spec with 2–3 federated clusters, each workspace spanning a non-empty subset of them (so a cluster may
 * hold no user of a service) and each service in a non-empty subset of its workspace's clusters.
 */
export const federatedTenancySpecs: fc.Arbitrary<{ spec: TenancySpec; federation: FederationSpec }> = tenancySpecs.chain(spec =>
  fc.integer({ min: 2, max: 3 }).chain(clusters =>
    fc.tuple(...spec.workspaces.map(() => someOf([...Array(clusters).keys()]))).chain(spans => fc.record({
      spec: fc.constant(spec),
      federation: fc.record({
        clusters: fc.constant(clusters),
        spans: fc.constant(spans as number[][]),
        placement: fc.tuple(...spec.services.map(s => someOf(spans[s.ws]))).map(p => p as number[][]),
      }),
    }))));

/** Names in a generated mesh. */
export const names = {
  workspace: (w: number) => `w${w}`,
  namespace: (w: number, i: number) => `w${w}-ns${i}`,
  service: (s: number) => `s${s}`,
  external: (e: number) => `ext${e}.example.org`,
  cluster: (c: number) => `c${c}`,
  /** The address of cluster `c`'s east–west gateway. */
  eastWest: (c: number) => `192.0.2.${c + 1}`,
};

/** The oracle: the design's rule, export AND import, read from the spec. */
export class Oracle {
  constructor(private readonly spec: TenancySpec) {}

  /** Whether workspace `user` may use a resource of `owner` of `kind` labelled team=`team`. */
  public allows(user: number, owner: number, kind: Kind, team: string | undefined): boolean {
    if (user === owner) return true;
    const admits = (s: ShareSpec, other: number, whole = false) =>
      (s.to === 'all' || ('index' in s.to ? s.to.index === other : this.spec.workspaces[other].tier === s.to.tier))
      && (s.kinds.length === 0 || s.kinds.includes(kind))
      && (whole ? s.team === undefined : s.team === undefined || s.team === team);
    return this.spec.workspaces[owner].exports.some(s => admits(s, user)) && this.spec.workspaces[user].imports.some(s => admits(s, owner));
  }

  /** Whether `user` may use every resource of `owner` of `kind`, whatever its labels. */
  public allowsAll(user: number, owner: number, kind: Kind): boolean {
    if (user === owner) return true;
    const admits = (s: ShareSpec, other: number) =>
      (s.to === 'all' || ('index' in s.to ? s.to.index === other : this.spec.workspaces[other].tier === s.to.tier))
      && (s.kinds.length === 0 || s.kinds.includes(kind)) && s.team === undefined;
    return this.spec.workspaces[owner].exports.some(s => admits(s, user)) && this.spec.workspaces[user].imports.some(s => admits(s, owner));
  }

  /** The workspace owning a namespace, or undefined. */
  public ownerOf(namespace: string): number | undefined {
    const m = /^w(\d+)-ns(\d+)$/.exec(namespace);
    return m && Number(m[2]) < this.spec.workspaces[Number(m[1])].namespaces ? Number(m[1]) : undefined;
  }

  /** Namespaces of workspace `w`. */
  public namespaces(w: number): string[] {
    return [...Array(this.spec.workspaces[w].namespaces).keys()].map(i => names.namespace(w, i));
  }
}

/** A route table as declared: its workspace, gateway and destination after the spec's biases are applied. */
export interface ResolvedTable {
  readonly index: number;
  readonly ws: number;
  readonly gateway: number;
  readonly dest: { service: number } | { external: number };
}

/** The route tables a spec declares (a table whose destination does not exist is left out). */
export function resolveTables(spec: TenancySpec): ResolvedTable[] {
  return spec.tables.flatMap((t, index) => {
    const gateway = Math.min(t.gateway, spec.gateways.length - 1);
    const ws = t.atHome ? spec.gateways[gateway].ws : t.ws;
    const own = spec.services.findIndex(s => s.ws === ws);
    const dest = t.ownService && own >= 0 ? { service: own } : t.dest;
    const exists = 'service' in dest ? dest.service < spec.services.length : dest.external < spec.externals.length;
    return exists ? [{ index, ws, gateway, dest }] : [];
  });
}

/** Declares the clusters of `federation` in `m`, each running the Services of `services` it places there, federated. */
function declareFederation(m: Mesh, federation: FederationSpec, services: ApiObject[]): void {
  const clusters = [...Array(federation.clusters).keys()].map(c => new Cluster(m, names.cluster(c), {
    network: `${names.cluster(c)}-net`,
    trustDomain: names.cluster(c),
    eastWestGateway: { address: names.eastWest(c) },
    charts: services.filter((_, i) => federation.placement[i].includes(c)).map(s => Chart.of(s)),
  }));
  new VirtualMesh(m, 'vm', { clusters, federation: {} });
}

/** Declares the spec in `app` (in federated clusters when `federation` is given). */
export function declareTenancy(app: App, spec: TenancySpec, mesh: MeshProps = {}, federation?: FederationSpec): Mesh {
  const m = new Mesh(app, 'mesh', mesh);
  const shareOf = (s: ShareSpec): WorkspaceShare => ({
    workspaces: [s.to === 'all' ? WorkspaceSelector.all()
      : 'index' in s.to ? WorkspaceSelector.named(names.workspace(s.to.index)) : WorkspaceSelector.withLabels({ tier: s.to.tier })],
    kinds: s.kinds.map(k => ResourceKind[k]),
    resourceLabels: s.team === undefined ? undefined : { team: s.team },
  });
  const workspaces = spec.workspaces.map((w, i) => new Workspace(m, names.workspace(i), {
    namespaces: [...Array(w.namespaces).keys()].map(k => names.namespace(i, k)),
    clusters: federation && federation.spans[i].length < federation.clusters ? federation.spans[i].map(names.cluster) : undefined,
    labels: { tier: w.tier },
    sidecar: w.sidecar,
    serviceIsolation: w.isolation,
    exportTo: w.exports.map(shareOf),
    importFrom: w.imports.map(shareOf),
  }));
  const nsOf = (w: number, i: number) => names.namespace(w, Math.min(i, spec.workspaces[w].namespaces - 1));
  const services = spec.services.map((s, i) => new ApiObject(new Chart(app, `svc-${i}`), 'svc', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: names.service(i), namespace: nsOf(s.ws, s.ns), labels: s.team === undefined ? {} : { team: s.team } },
    spec: { selector: { app: names.service(i) }, ports: [{ port: 8080 }] },
  }));
  if (federation) declareFederation(m, federation, services);
  const externals = spec.externals.map((e, i) => new ExternalService(workspaces[e.ws], `ext-${i}`, {
    host: names.external(i), ports: [{ number: 80 }], labels: e.team === undefined ? undefined : { team: e.team },
  }));
  const gateways = spec.gateways.map((g, i) => new VirtualGateway(workspaces[g.ws], `gw-${i}`, {
    workloadSelector: { istio: `gw-${i}` },
    workloadServiceAccount: g.serviceAccount ? `gw-${i}` : undefined,
    workloadNamespace: g.ownWorkload ? names.namespace(g.ws, 0) : 'istio-system',
    listeners: [{ port: 80 }],
    allowedRouteTables: [{ workspaces: [WorkspaceSelector.all()] }],
  }));
  for (const t of resolveTables(spec)) {
    const dest = 'service' in t.dest ? Destination.fromApiObject(services[t.dest.service]) : Destination.external(externals[t.dest.external]);
    new RouteTable(workspaces[t.ws], `rt-${t.index}`, {
      hosts: [`h${t.index}.example.com`], gateways: [gateways[t.gateway]], routes: [{ name: 'all', action: RouteAction.forwardTo(dest) }],
    });
  }
  spec.access.forEach((a, i) => {
    if (!services[a.service]) return;
    const source = workspaces[a.sameWorkspace ? spec.services[a.service].ws : a.sourceWs];
    new AccessPolicy(m, `access-${i}`, {
      sources: [AccessSource.workspace(source)],
      destinations: [AccessDestination.fromApiObject(services[a.service])],
    });
  });
  return m;
}
