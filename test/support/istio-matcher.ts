/**
 * An independent reading of emitted Istio objects, sharing no code with the library, following what istiod and Envoy
 * do (docs/upstream/istio-routing.md): the request reaches the proxy running the named Gateway's pods; every Gateway
 * selecting those pods is merged (creation order); plain-text servers on the port share one route configuration,
 * HTTPS servers are chosen by SNI; virtual hosts are the intersections of server hosts and VirtualService hosts; Envoy
 * picks the virtual host (exact, longest wildcard, `*`, never falling back) and the first matching route.
 * Creation order is unknown to a reader of YAML: the request is evaluated under both assumed orders and
 * `orderDependent` says whether the answers differ.
 */
import { mergeDelegates } from './istio-reader/delegates';
import { istioProxyView } from './istio-reader/istio-objects';
import { CREATION_ORDERS, CreationOrder, ReaderOptions } from './istio-reader/order';
import { Routed, routeRequest } from './istio-reader/pipeline';
import { normalizeRequest, ProbeRequest } from './probe-request';

export { mergeDelegates };
export type { CreationOrder, ReaderOptions };

/** A request as it reaches the gateway. */
export type IstioRequest = ProbeRequest;

/** Where the emitted objects send a request. */
export interface IstioOutcome {
  readonly status: number;
  /** `service.namespace:port` of each destination with its weight (forwarded requests). */
  readonly destinations: Array<{ host: string; port: number; weight: number; subset?: string }>;
  /** Name of the HTTP route taken. */
  readonly route?: string;
  readonly redirect?: any;
  /** The virtual host (domain) Envoy chose. */
  readonly virtualHost?: string;
  /** Why nothing was routed (debugging). */
  readonly reason?: string;
  /** The two assumed creation orders give different answers (status, route or destinations). */
  readonly orderDependent: boolean;
}

function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/** Whether `ns` may see an object (its exportTo; default: everyone). */
function visible(o: any, ns: string | undefined): boolean {
  const to: string[] = o.spec.exportTo ?? ['*'];
  return ns === undefined || to.includes('*') || to.includes(ns) || (to.includes('.') && o.metadata.namespace === ns);
}

/** Whether a proxy in `ns` has a cluster for the destination: a Kubernetes service or a visible ServiceEntry host, and a visible subset. */
function knownCluster(objects: any[], d: { host: string; subset?: string }, ns: string | undefined): boolean {
  const kube = /\.svc\.cluster\.local$/.test(d.host);
  if (!kube && !objects.some(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(d.host) && visible(o, ns))) return false;
  if (d.subset === undefined) return true;
  return objects.some(o => o.kind === 'DestinationRule' && o.spec.host === d.host && visible(o, ns)
    && (o.spec.subsets ?? []).some((x: any) => x.name === d.subset));
}

type Answer = Omit<IstioOutcome, 'orderDependent'>;

/** What Envoy answers for the route chosen. */
function answerOf(objects: any[], routed: Routed, proxyNamespace: string | undefined): Answer {
  const virtualHost = routed.virtualHost;
  if (routed.tlsRedirect) return { status: 301, destinations: [], redirect: { scheme: 'https' }, virtualHost };
  const http = routed.route?.http;
  if (!http) return { status: 404, destinations: [], virtualHost, reason: routed.reason };
  const route = http.name;
  if (http.redirect) return { status: http.redirect.redirectCode ?? 301, destinations: [], route, redirect: http.redirect, virtualHost };
  if (http.directResponse) return { status: http.directResponse.status, destinations: [], route, virtualHost };
  const targets: any[] = http.route ?? [];
  if (targets.length === 0) return { status: 404, destinations: [], route, virtualHost, reason: 'route without destination' };
  const destinations = targets.map((d: any) => ({
    host: d.destination.host,
    port: d.destination.port?.number,
    weight: d.weight ?? (targets.length === 1 ? 1 : 0),
    subset: d.destination.subset,
  }));
  // Envoy answers 503 for a cluster the proxy does not know: an undefined subset, or a host no ServiceEntry declares.
  const unknown = destinations.some(d => !knownCluster(objects, d, proxyNamespace));
  return unknown ? { status: 503, destinations: [], route, virtualHost } : { status: 200, route, destinations, virtualHost };
}

/** The proxy views of a list of emitted objects, built once per gateway, proxy namespace and order (objects never change). */
const views = new WeakMap<any[], Map<string, ReturnType<typeof istioProxyView>>>();

function answerUnder(objects: any[], request: IstioRequest, order: CreationOrder): Answer {
  const known = views.get(objects) ?? views.set(objects, new Map()).get(objects)!;
  const key = `${request.gateway}|${request.proxyNamespace ?? ''}|${order}`;
  const view = known.get(key) ?? known.set(key, istioProxyView(objects, request.gateway, request.proxyNamespace, order)).get(key)!;
  return answerOf(objects, routeRequest(view, normalizeRequest(request)), request.proxyNamespace);
}

const essence = (a: Answer) => JSON.stringify([a.status, a.route, a.destinations]);

/**
 * Evaluates a request against emitted objects as the gateway proxy would, under both assumed creation orders (or
 * the one given); the answer is the ascending order's, `orderDependent` when the other order answers differently.
 */
export function evaluateIstio(objects: any[], request: IstioRequest, options: ReaderOptions = {}): IstioOutcome {
  if (options.order) return { ...answerUnder(objects, request, options.order), orderDependent: false };
  const [first, second] = CREATION_ORDERS.map(order => answerUnder(objects, request, order));
  return { ...first, orderDependent: essence(first) !== essence(second) };
}

/** What a workload's sidecar does with a call to `host`: whether it knows the host, and the mesh route it applies. */
export interface MeshCallOutcome {
  /** The host is declared (a Kubernetes service or a ServiceEntry) and within the caller's Sidecar egress and exportTo. */
  readonly known: boolean;
  /** The mesh VirtualService route applied to the call (timeout, retries), if one is visible to the caller. */
  readonly route?: any;
}

/** Whether a Sidecar egress host entry `ns/host` covers an object in `namespace` for `host` (`.` is the caller's namespace). */
function egressCovers(entry: string, caller: string, namespace: string, host: string): boolean {
  const [ns, h] = entry.split('/');
  const nsOk = ns === '*' || ns === namespace || (ns === '.' && namespace === caller);
  return nsOk && hostCovers(h, host);
}

/**
 * Evaluates a call from a workload in namespace `from` to `host` as its sidecar sees it: an object configures the
 * sidecar only if it is exported to the caller's namespace and selected by the caller's Sidecar egress hosts (every
 * object when the namespace has no Sidecar); a mesh-bound VirtualService for the host then decides the route.
 */
export function evaluateMeshCall(objects: any[], call: { from: string; host: string }): MeshCallOutcome {
  const sidecar = objects.find(o => o.kind === 'Sidecar' && o.metadata.namespace === call.from && !o.spec.workloadSelector);
  const sees = (o: any, host: string) => visible(o, call.from)
    && (!sidecar || sidecar.spec.egress.some((e: any) => e.hosts.some((entry: string) =>
      egressCovers(entry, call.from, o.metadata.namespace, host))));
  const kube = /\.svc\.cluster\.local$/.exec(call.host) ? { metadata: { namespace: call.host.split('.')[1] }, spec: {} } : undefined;
  const entry = objects.find(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(call.host) && sees(o, call.host));
  const known = entry !== undefined || (kube !== undefined && sees(kube, call.host));
  const vs = objects.find(o => o.kind === 'VirtualService' && (o.spec.gateways ?? ['mesh']).includes('mesh')
    && (o.spec.hosts ?? []).some((h: string) => hostCovers(h, call.host)) && sees(o, call.host));
  return { known, route: known ? vs?.spec.http?.[0] : undefined };
}
