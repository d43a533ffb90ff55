/**
 * An independent reader of multi-cluster output, sharing no code with the library: it follows a workload's call
 * through the YAML of each cluster as Istio would — the ServiceEntry the caller's sidecar sees (exportTo and Sidecar
 * egress), its endpoints, for a remote endpoint the other cluster's east–west Gateway (TLS AUTO_PASSTHROUGH) and the
 * ServiceEntry that gateway sees for the SNI host — and decides authorization from the AuthorizationPolicies.
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

/** Whether a proxy in `namespace` sees `o` for `host`: exported to it and, when it has a Sidecar, within its egress hosts. */
function sees(objects: readonly any[], namespace: string, o: any, host: string): boolean {
  if (!exported(o, namespace)) return false;
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
function entryFor(objects: readonly any[], namespace: string, host: string, port: number): any {
  return objects.find(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(host)
    && o.spec.ports.some((p: any) => p.number === port) && sees(objects, namespace, o, host));
}

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
  const entry = entryFor(objects, gateway.metadata.namespace, call.host, call.port);
  if (!entry) {
    problems.push(`cluster ${cluster}: the east-west gateway sees no ServiceEntry for ${call.host}`);
    return [];
  }
  const name = entry.spec.ports.find((p: any) => p.number === call.port).name;
  return entry.spec.endpoints.flatMap((e: any) => {
    const m = KUBE_HOST.exec(e.address);
    if (!m) {
      problems.push(`cluster ${cluster}: the east-west gateway would send ${call.host} on to ${e.address}`);
      return [];
    }
    return [{ cluster, service: `${m[2]}/${m[1]}`, port: e.ports?.[name] ?? call.port, through: address, throughPort: gatewayPort, priority: 0 }];
  });
}

/**
 * Traces a call. `eastWest` maps each cluster to the address its east–west gateway is reached at (the reader learns
 * which cluster an endpoint address belongs to from it).
 */
export function traceMeshCall(clusters: ClusterObjects, call: MeshCall, eastWest: Readonly<Record<string, string>>): TracedCall {
  const objects = clusters.get(call.cluster) ?? [];
  const entry = entryFor(objects, call.namespace, call.host, call.port);
  if (!entry) return { known: false, endpoints: [], problems: [] };
  const rule = objects.find(o => o.kind === 'DestinationRule' && o.spec.host === call.host && sees(objects, call.namespace, o, call.host));
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

function ruleMatches(rule: any, principal: string, namespace: string): boolean {
  if (!rule.from) return true;
  return rule.from.some((f: any) => (f.source.principals === undefined || f.source.principals.some((p: string) => glob(p, principal)))
    && (f.source.namespaces === undefined || f.source.namespaces.some((n: string) => glob(n, namespace))));
}

/**
 * Whether the callee's sidecar admits a request from `principal` (a workload of `namespace`), as Istio's RBAC filter
 * decides: DENY policies first; then, if any ALLOW policy applies to the workload (root-namespace policies apply to
 * every workload), one of its rules must match — an ALLOW policy without rules matches nothing.
 */
export function admitted(objects: readonly any[], rootNamespace: string, callee: Callee, principal: string, namespace: string): boolean {
  const applies = (o: any) => o.kind === 'AuthorizationPolicy' && [rootNamespace, callee.namespace].includes(o.metadata.namespace)
    && Object.entries(o.spec.selector?.matchLabels ?? {}).every(([k, v]) => callee.labels[k] === v);
  const policies = objects.filter(applies);
  const matches = (o: any) => (o.spec.rules ?? []).some((r: any) => ruleMatches(r, principal, namespace));
  if (policies.some(o => o.spec.action === 'DENY' && matches(o))) return false;
  const allow = policies.filter(o => (o.spec.action ?? 'ALLOW') === 'ALLOW');
  return allow.length === 0 || allow.some(matches);
}
