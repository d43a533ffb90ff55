/**
 * An independent reader of multi-cluster output, sharing no code with the library: it follows a workload's call
 * through the YAML of each cluster as Istio would — the ServiceEntry the caller's sidecar sees (exportTo and Sidecar
 * egress), its endpoints, for a remote endpoint the other cluster's east–west Gateway (TLS AUTO_PASSTHROUGH) and the
 * ServiceEntry that gateway sees for the SNI host — and decides authorization from the AuthorizationPolicies.
 * Istio references are to tag 1.30.3.
 */

/** Each cluster's emitted objects, by cluster name. */
export type ClusterObjects = ReadonlyMap<string, readonly any[]>;

/** A call from a workload. */
export interface MeshCall {
  readonly cluster: string;
  readonly namespace: string;
  readonly host: string;
  readonly port: number;
  /** The caller's locality `region/zone`, as its node's topology labels give it to Envoy. */
  readonly locality?: string;
  /** The caller is a gateway proxy, which no Sidecar resource applies to. @default false */
  readonly fromGateway?: boolean;
}

/** Where one endpoint of the call ends. */
export interface ReachedEndpoint {
  /** Cluster of the Kubernetes Service reached. */
  readonly cluster: string;
  /** `namespace/name` of the Kubernetes Service reached. */
  readonly service: string;
  readonly port: number;
  /** The east–west gateway address the call crossed, if it left the caller's cluster. */
  readonly through?: string;
  /** The port it crossed on. */
  readonly throughPort?: number;
  /** Locality priority for the caller (0 = most preferred), as Envoy's locality load balancing orders it. */
  readonly priority: number;
}

/** What the caller's sidecar does with the call. */
export interface TracedCall {
  /** The host is declared for the caller: a ServiceEntry exported to it and within its Sidecar egress. */
  readonly known: boolean;
  readonly endpoints: ReachedEndpoint[];
  /** Problems found while following the call (a remote gateway that does not pass the host through, a loop…). */
  readonly problems: string[];
}

const hostCovers = (pattern: string, host: string) =>
  pattern === '*' || pattern === host || (pattern.startsWith('*.') && host.endsWith(pattern.slice(1)));

function exported(o: any, namespace: string): boolean {
  const to: string[] = o.spec.exportTo ?? ['*'];
  return to.includes('*') || to.includes(namespace) || (to.includes('.') && o.metadata.namespace === namespace);
}

/** Which kind of proxy looks: a sidecar, or a gateway (gateways never use Sidecar resources). */
type Proxy = 'sidecar' | 'gateway';

/**
 * Whether a proxy in `namespace` sees `o` for `host`: exported to it and, for a sidecar whose namespace has a Sidecar,
 * within its egress hosts. A gateway's scope is what is exported to its namespace, whatever the Sidecars say
 * (`DefaultSidecarScopeForGateway()`, pilot/pkg/model/sidecar.go).
 */
function sees(objects: readonly any[], namespace: string, o: any, host: string, proxy: Proxy): boolean {
  if (!exported(o, namespace)) return false;
  if (proxy === 'gateway') return true;
  const sidecar = objects.find(x => x.kind === 'Sidecar' && x.metadata.namespace === namespace && !x.spec.workloadSelector);
  if (!sidecar) return true;
  return sidecar.spec.egress.some((e: any) => e.hosts.some((entry: string) => {
    const [ns, h] = entry.split('/');
    return (ns === '*' || ns === o.metadata.namespace || (ns === '.' && o.metadata.namespace === namespace)) && hostCovers(h, host);
  }));
}

const KUBE_HOST = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/;

/**
 * The raw locality priority istiod gives an endpoint group (pilot/pkg/networking/util/util.go `LbPriority`, then
 * `applyLocalityFailover`): 0 same region/zone/subzone, 1 same region/zone, 2 same region, 3 another region — 4 when the
 * destination rule has a failover pair from the caller's region to a region other than the endpoint's. Applied only
 * with outlier detection and a caller locality, unless the rule disables locality load balancing (the mesh default
 * enables it).
 */
function rawPriority(caller: string | undefined, endpoint: string | undefined, rule: any): number {
  const policy = rule?.spec.trafficPolicy;
  const setting = policy?.loadBalancer?.localityLbSetting;
  if (!policy?.outlierDetection || setting?.enabled === false || !caller) return 0;
  const [a, b] = [caller.split('/'), (endpoint ?? '').split('/')];
  const region = a[0] === (b[0] ?? '');
  const p = !region ? 3 : a[1] !== (b[1] ?? '') ? 2 : (a[2] ?? '') !== (b[2] ?? '') ? 1 : 0;
  const pair = (setting?.failover ?? []).find((f: any) => f.from === a[0]);
  return p === 3 && pair && pair.to !== b[0] ? 4 : p;
}

/** Priorities renumbered from 0 without gaps, keeping their order (Envoy requires it; istiod does it last). */
function compact(raw: number[]): number[] {
  const levels = [...new Set(raw)].sort((x, y) => x - y);
  return raw.map(p => levels.indexOf(p));
}

/** The ServiceEntry a proxy in `namespace` of `objects` uses for `host:port`. */
function entryFor(objects: readonly any[], namespace: string, host: string, port: number, proxy: Proxy): any {
  return objects.find(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(host)
    && o.spec.ports.some((p: any) => p.number === port) && sees(objects, namespace, o, host, proxy));
}

/** A ServiceEntry without `location` is MESH_EXTERNAL (the enum's zero value). */
const meshExternal = (entry: any) => (entry.spec.location ?? 'MESH_EXTERNAL') === 'MESH_EXTERNAL';

/**
 * An endpoint's mTLS mode: label `security.istio.io/tlsMode` if present, else `istio` when it names a service account,
 * else `disabled` (`getTLSModeFromWorkloadEntry()`, pilot/pkg/serviceregistry/serviceentry/conversion.go). Auto mTLS
 * sends mutual TLS only to `istio` endpoints, and the SNI-DNAT clusters of an AUTO_PASSTHROUGH gateway keep only those
 * (`EndpointsWithMTLSFilter()`, pilot/pkg/xds/endpoints). A DestinationRule forcing ISTIO_MUTUAL is not modelled: an
 * endpoint without the label (or an account) counts as plain text.
 */
const tlsModeOf = (endpoint: any) => endpoint.labels?.['security.istio.io/tlsMode'] ?? (endpoint.serviceAccount ? 'istio' : 'disabled');

/** Follows a call that reached cluster `cluster`'s east–west gateway at `address:port` with SNI host `host`. */
function throughGateway(
  clusters: ClusterObjects, cluster: string, call: MeshCall, address: string, gatewayPort: number, problems: string[],
): ReachedEndpoint[] {
  const objects = clusters.get(cluster) ?? [];
  const gateway = objects.find(o => o.kind === 'Gateway' && o.apiVersion.startsWith('networking.istio.io/')
    && o.spec.servers.some((s: any) => s.port.number === gatewayPort && s.tls?.mode === 'AUTO_PASSTHROUGH'
      && s.hosts.some((h: string) => hostCovers(h.includes('/') ? h.split('/')[1] : h, call.host))));
  if (!gateway) {
    problems.push(`cluster ${cluster}: no AUTO_PASSTHROUGH server on ${gatewayPort} passes ${call.host}`);
    return [];
  }
  const entry = entryFor(objects, gateway.metadata.namespace, call.host, call.port, 'gateway');
  if (!entry) {
    problems.push(`cluster ${cluster}: the east-west gateway sees no ServiceEntry for ${call.host}`);
    return [];
  }
  const port = entry.spec.ports.find((p: any) => p.number === call.port);
  // builtAutoPassthroughFilterChains() (pilot/pkg/networking/core/gateway.go): no chain for MESH_EXTERNAL services, UDP ports.
  if (meshExternal(entry) || port.protocol === 'UDP') {
    problems.push(`cluster ${cluster}: the east-west gateway builds no SNI chain for ${call.host}:${call.port} (MESH_EXTERNAL or UDP)`);
    return [];
  }
  if (entry.spec.workloadSelector) return selectedPods(objects, entry, cluster, call, address, gatewayPort);
  return entry.spec.endpoints.flatMap((e: any) => {
    const m = KUBE_HOST.exec(e.address);
    if (!m) {
      problems.push(`cluster ${cluster}: the east-west gateway would send ${call.host} on to ${e.address}`);
      return [];
    }
    if (tlsModeOf(e) !== 'istio') {
      problems.push(`cluster ${cluster}: the east-west gateway drops endpoint ${e.address} of ${call.host}: not labelled for mutual TLS`);
      return [];
    }
    const service = `${m[2]}/${m[1]}`;
    return [{ cluster, service, port: e.ports?.[port.name] ?? call.port, through: address, throughPort: gatewayPort, priority: 0 }];
  });
}

/**
 * The endpoints of an entry with a `workloadSelector`: the pods of the entry's namespace carrying its labels (Istio
 * selects pods and WorkloadEntries, pilot/pkg/serviceregistry/serviceentry/controller.go), named here by the Services of
 * the cluster whose selector those labels satisfy. A pod's own sidecar speaks mutual TLS.
 */
function selectedPods(objects: readonly any[], entry: any, cluster: string, call: MeshCall, address: string, gatewayPort: number): ReachedEndpoint[] {
  const labels: Record<string, string> = entry.spec.workloadSelector.labels ?? {};
  const services = objects.filter(o => o.kind === 'Service' && o.metadata.namespace === entry.metadata.namespace && o.spec?.selector
    && Object.entries(o.spec.selector).every(([k, v]) => labels[k] === v));
  const service = (s: any) => `${s.metadata.namespace}/${s.metadata.name}`;
  return services.map(s => ({ cluster, service: service(s), port: call.port, through: address, throughPort: gatewayPort, priority: 0 }));
}

/**
 * Why the caller's sidecar could not reach the remote east–west gateway endpoint `e` of `entry`: AUTO_PASSTHROUGH
 * routes on the SNI of Istio mutual TLS, which the sidecar sends only to a `tlsMode: istio` endpoint of a service that
 * is not MESH_EXTERNAL (`buildUpstreamTLSSettings()`, pilot/pkg/networking/core/cluster_tls.go); and without a
 * `network` the endpoint counts as local to every network, so the local east–west gateway (network view
 * `ISTIO_META_REQUESTED_NETWORK_VIEW`, `newProxyView()`, pilot/pkg/model/proxy_view.go) would also forward to it.
 * The reader does not know the clusters' networks: it requires one, whichever.
 */
function remoteEndpointProblems(entry: any, e: any): string[] {
  return [
    ...(meshExternal(entry) ? ['the ServiceEntry is MESH_EXTERNAL: no mutual TLS'] : []),
    ...(tlsModeOf(e) !== 'istio' ? ['not labelled security.istio.io/tlsMode: istio: no mutual TLS'] : []),
    ...(e.network ? [] : ['no network']),
  ];
}

/**
 * Traces a call. `eastWest` maps each cluster to the address its east–west gateway is reached at (the reader learns
 * which cluster an endpoint address belongs to from it).
 */
export function traceMeshCall(clusters: ClusterObjects, call: MeshCall, eastWest: Readonly<Record<string, string>>): TracedCall {
  const objects = clusters.get(call.cluster) ?? [];
  const proxy: Proxy = call.fromGateway ? 'gateway' : 'sidecar';
  const entry = entryFor(objects, call.namespace, call.host, call.port, proxy);
  if (!entry) return { known: false, endpoints: [], problems: [] };
  const rule = objects.find(o => o.kind === 'DestinationRule' && o.spec.host === call.host && sees(objects, call.namespace, o, call.host, proxy));
  const name = entry.spec.ports.find((p: any) => p.number === call.port).name;
  const problems: string[] = [];
  const levels = compact(entry.spec.endpoints.map((e: any) => rawPriority(call.locality, e.locality, rule)));
  const endpoints = entry.spec.endpoints.flatMap((e: any, i: number) => {
    const priority = levels[i];
    const port = e.ports?.[name] ?? call.port;
    const m = KUBE_HOST.exec(e.address);
    if (m) return [{ cluster: call.cluster, service: `${m[2]}/${m[1]}`, port, priority }];
    const remote = Object.keys(eastWest).find(c => eastWest[c] === e.address);
    if (!remote || remote === call.cluster) {
      problems.push(`endpoint ${e.address} is no other cluster's east-west gateway`);
      return [];
    }
    const unfit = remoteEndpointProblems(entry, e);
    if (unfit.length > 0) {
      problems.push(...unfit.map(p => `endpoint ${e.address}: ${p}`));
      return [];
    }
    return throughGateway(clusters, remote, call, e.address, port, problems).map(r => ({ ...r, priority }));
  });
  return { known: true, endpoints: endpoints.sort((a: ReachedEndpoint, b: ReachedEndpoint) => a.priority - b.priority), problems };
}

/** A workload receiving a request. */
export interface Callee {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

const glob = (pattern: string, value: string) => pattern === '*' || pattern === value
  || (pattern.endsWith('*') && value.startsWith(pattern.slice(0, -1))) || (pattern.startsWith('*') && value.endsWith(pattern.slice(1)));

/**
 * Whether a rule matches a request from `principal` of `namespace`, judged on its `from` only. The reader knows nothing
 * of the request's operation or attributes, so a rule with `to` or `when` is undecided: it counts as `undecided`
 * (false for an ALLOW policy, true for a DENY policy: the request is never admitted on a guess).
 */
function ruleMatches(rule: any, principal: string, namespace: string, undecided: boolean): boolean {
  if (rule.to !== undefined || rule.when !== undefined) return undecided;
  if (!rule.from) return true;
  return rule.from.some((f: any) => (f.source.principals === undefined || f.source.principals.some((p: string) => glob(p, principal)))
    && (f.source.namespaces === undefined || f.source.namespaces.some((n: string) => glob(n, namespace))));
}

/**
 * Whether the callee's sidecar admits a request from `principal` (a workload of `namespace`), as Istio's RBAC filter
 * decides: DENY policies first; then, if any ALLOW policy applies to the workload (root-namespace policies apply to
 * every workload), one of its rules must match — an ALLOW policy without rules matches nothing. Rules with `to` or
 * `when` are read conservatively (see ruleMatches()): they never admit, and always deny.
 */
export function admitted(objects: readonly any[], rootNamespace: string, callee: Callee, principal: string, namespace: string): boolean {
  const applies = (o: any) => o.kind === 'AuthorizationPolicy' && [rootNamespace, callee.namespace].includes(o.metadata.namespace)
    && Object.entries(o.spec.selector?.matchLabels ?? {}).every(([k, v]) => callee.labels[k] === v);
  const policies = objects.filter(applies);
  const matches = (o: any, undecided: boolean) => (o.spec.rules ?? []).some((r: any) => ruleMatches(r, principal, namespace, undecided));
  if (policies.some(o => o.spec.action === 'DENY' && matches(o, true))) return false;
  const allow = policies.filter(o => (o.spec.action ?? 'ALLOW') === 'ALLOW');
  return allow.length === 0 || allow.some(o => matches(o, false));
}
