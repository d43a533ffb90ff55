/**
 * East–west requests: a workload calling a host. Its sidecar uses the one mesh VirtualService of the host exported to
 * its namespace in its cluster — with the routes whose callers include the workload (istiod drops the others when it
 * builds the proxy's routes: pilot/pkg/networking/core/route/route.go `sourceMatchHTTP`), first match wins. Without
 * one, a virtual destination or federated host resolves as before, and a Service the sidecar may see is called as is.
 */
import { destinations } from './decision';
import { describeChain, removeDotSegments } from './evaluate';
import { decideMeshRequest, MeshRequest } from './mesh-request';
import { DecisionRetries, RouteDecision, RouteOutcome } from './route-decision';
import { serviceFqdn } from '../algebra/destination-host';
import { formatDuration as formatDurationText } from '../algebra/durations';
import { matchesRequest, MatchRequest } from '../algebra/match';
import { tableRef } from '../algebra/names';
import { CompiledMesh, CompiledMeshRoute, SAME_PORT } from '../compiled';
import { inScope } from '../traffic/scope';

/** A request from a workload of the mesh. */
export interface EastWestRequest extends MeshRequest {
  readonly path: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** Labels of the calling pod. */
  readonly labels?: Readonly<Record<string, string>>;
}

const visible = (exportTo: readonly string[], own: string,
  ns: string) => exportTo.includes('*') || exportTo.includes(ns) || (exportTo.includes('.') && own === ns);

function matchRequest(req: EastWestRequest): MatchRequest {
  const [path, qs] = req.path.split('?');
  const query = Object.fromEntries(new URLSearchParams(qs ?? '').entries());
  return {
    path: removeDotSegments(path),
    method: (req.method ?? 'GET').toUpperCase(),
    headers: Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    query: { ...query, ...req.query },
  };
}

function policyFields(r: CompiledMeshRoute): Partial<RouteDecision> {
  const a = r.action.type === 'forward' ? r.action : undefined;
  const retries: DecisionRetries | undefined = a?.retries && {
    attempts: a.retries.attempts,
    perTryTimeout: a.retries.perTryTimeoutMs === undefined ? undefined : formatDurationText(a.retries.perTryTimeoutMs),
    retryOn: a.retries.retryOn.length > 0 ? a.retries.retryOn.join(',') : undefined,
  };
  const f = r.fault;
  return {
    ...(a?.timeoutMs === undefined ? {} : { timeout: formatDurationText(a.timeoutMs) }),
    ...(retries ? { retries } : {}),
    ...(f ? {
      fault: {
        delay: f.delay && formatDurationText(f.delay.fixedDelayMs),
        delayPercentage: f.delay?.percentage,
        abortStatus: f.abort?.httpStatus,
        abortPercentage: f.abort?.percentage,
      },
    } : {}),
    ...(r.mirror ? { mirror: `${r.mirror.destination.federated?.host ?? r.mirror.destination.name} (${r.mirror.percentage}%)` } : {}),
    policies: [...r.policies],
  };
}

/** Whether the Sidecar of the caller's namespace (if any) lets it see an object of `namespace` for `host`. */
export function sidecarSees(mesh: CompiledMesh, caller: string, cluster: string, namespace: string, host: string): boolean {
  const sidecar = mesh.isolation.sidecars.find(x => x.namespace === caller && x.clusters.includes(cluster));
  const own = namespace === caller ? ['./*', `./${host}`] : [];
  const accepted = [`${namespace}/*`, `${namespace}/${host}`, `*/${host}`, '*/*', ...own];
  return !sidecar || sidecar.egressHosts.some(x => accepted.includes(x));
}

/**
 * Without a mesh VirtualService: a Service of the caller's cluster, or an external service whose ServiceEntry is
 * exported to the caller, that the caller's Sidecar lets it see is called as is (Istio's default route); otherwise what
 * a virtual destination or federated host gives.
 */
function withoutVirtualService(mesh: CompiledMesh, req: EastWestRequest, cluster: string): RouteDecision {
  const found = decideMeshRequest(mesh, req);
  if (found.outcome !== RouteOutcome.NOT_FOUND) return found;
  const host = req.host.toLowerCase();
  const s = mesh.model.services.find(x => serviceFqdn(x,
    mesh.model.clusterDomain) === host && (x.clusters === undefined || x.clusters.includes(cluster)));
  const e = s ? undefined : mesh.isolation.externalServices.find(x => x.model.host.toLowerCase() === host && x.clusters.includes(cluster)
    && visible(x.exportTo, x.namespace, req.namespace));
  const namespace = s?.namespace ?? e?.namespace;
  if (namespace === undefined || !sidecarSees(mesh, req.namespace, cluster, namespace, host)) return found;
  const ports = s ? s.ports.map(p => p.port) : e!.model.ports.map(p => p.number);
  const port = req.port ?? ports[0];
  if (port === undefined || !ports.includes(port)) return found;
  const destination = { service: s?.name ?? e!.model.name, namespace, port, weight: 1, host, external: e !== undefined };
  return { outcome: RouteOutcome.FORWARD, chain: [], destinations: [destination] };
}

/** Where a request from a workload goes. Throws when the request names no cluster of a multi-cluster mesh. */
export function decideEastWest(mesh: CompiledMesh, req: EastWestRequest): RouteDecision {
  const cluster = req.cluster ?? mesh.clusters[0];
  const fallback = withoutVirtualService(mesh, req, cluster);
  const host = req.host.toLowerCase();
  const vs = mesh.traffic.virtualServices.find(v => v.clusters.includes(cluster) && v.host === host
    && visible(v.exportTo, v.namespace, req.namespace) && sidecarSees(mesh, req.namespace, cluster, v.namespace, host));
  if (!vs) return fallback;
  const request = matchRequest(req);
  const route = vs.routes.find(r => inScope(r.callers, req.namespace, req.labels ?? {})
    && (r.matches.length === 0 || r.matches.some(m => matchesRequest(m, request))));
  if (!route) return { outcome: RouteOutcome.NOT_FOUND, status: 404, chain: [], destinations: [] };
  const leaf = route.chain[route.chain.length - 1];
  const base = { chain: describeChain(route), ...(leaf ? { routeTable: tableRef(leaf.table), route: leaf.route.name } : { route: route.name }) };
  const a = route.action;
  if (a.type === 'redirect') return { ...base, outcome: RouteOutcome.REDIRECT, status: a.statusCode, destinations: [] };
  if (a.type === 'direct') return { ...base, outcome: RouteOutcome.DIRECT_RESPONSE, status: a.status, body: a.body, destinations: [] };
  const port = req.port ?? fallback.destinations[0]?.port;
  const dests = destinations(a, mesh.model.clusterDomain).map(d => (d.port === SAME_PORT && port !== undefined ? { ...d, port } : d));
  return {
    ...base,
    outcome: RouteOutcome.FORWARD,
    destinations: dests,
    ...policyFields(route),
    ...(fallback.endpoints && dests.length === 1 && dests[0].host === host ? { endpoints: fallback.endpoints } : {}),
  };
}
