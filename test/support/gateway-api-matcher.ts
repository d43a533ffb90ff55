/**
 * An independent reading of emitted Gateway API objects, sharing no code with the library, following what istiod
 * and Envoy do with them (docs/upstream/istio-routing.md §2, §3): the request reaches the named Gateway's own
 * deployment; its listeners become internal Istio Gateways (ordered by listener name), its HTTPRoutes one
 * VirtualService per (listener, route hostname), merged and sorted by Istio's precedence; Envoy then picks the
 * virtual host and the first matching route. Creation order is unknown to a reader of YAML: the request is evaluated
 * under both assumed orders and `orderDependent` says whether the answers differ.
 */
import { gatewayApiProxyView } from './istio-reader/conversion';
import { CREATION_ORDERS, CreationOrder, ReaderOptions } from './istio-reader/order';
import { Routed, routeRequest } from './istio-reader/pipeline';
import { normalizeRequest, ProbeRequest } from './probe-request';

/** A request as it reaches the gateway. */
export type GatewayApiRequest = ProbeRequest;

/** Where the emitted objects send a request. */
export interface GatewayApiOutcome {
  /** 200 forwarded, 404 no match, 500 backend not permitted, 503 backend unknown, or a redirect code. */
  readonly status: number;
  /** `namespace/name:port` of each backend with its weight. */
  readonly backends: Array<{ namespace: string; name: string; port: number; weight: number; kind: string }>;
  /** Name of the Istio route taken (`rule.name` or `<ns>.<route>.<rule index>`). */
  readonly route?: string;
  /** The virtual host (domain) Envoy chose. */
  readonly virtualHost?: string;
  /** Why nothing was routed (debugging). */
  readonly reason?: string;
  /** The two assumed creation orders give different answers (status, route or backends). */
  readonly orderDependent: boolean;
}

type Answer = Omit<GatewayApiOutcome, 'orderDependent'>;

function granted(objects: any[], fromNs: string, toNs: string, service: string): boolean {
  return objects.some(o => o.kind === 'ReferenceGrant' && o.metadata.namespace === toNs
    && o.spec.from.some((f: any) => f.group === 'gateway.networking.k8s.io' && f.kind === 'HTTPRoute' && f.namespace === fromNs)
    && o.spec.to.some((t: any) => (t.group ?? '') === '' && t.kind === 'Service' && (t.name === undefined || t.name === service)));
}

/** What the rule the route came from answers: a redirect, its backends, or 500/503 for unusable backends. */
function answerOf(objects: any[], routed: Routed): Answer {
  const virtualHost = routed.virtualHost;
  const origin = routed.route?.http.origin;
  if (!origin) return { status: 404, backends: [], virtualHost, reason: routed.reason };
  const route = routed.route!.http.name;
  const redirect = (origin.rule.filters ?? []).find((f: any) => f.type === 'RequestRedirect');
  if (redirect) return { status: redirect.requestRedirect.statusCode ?? 302, backends: [], route, virtualHost };
  const routeNs = origin.route.metadata.namespace;
  // Istio's Hostname backends name a ServiceEntry host (no namespace); Services need a ReferenceGrant across namespaces.
  const backends = (origin.rule.backendRefs ?? []).map((b: any) => ({
    namespace: b.kind === 'Hostname' ? '' : b.namespace ?? routeNs, name: b.name, port: b.port, weight: b.weight ?? 1, kind: b.kind ?? 'Service',
  }));
  if (backends.length === 0) return { status: 404, backends: [], route, virtualHost, reason: 'rule without backendRefs' };
  const ungranted = (b: any) => b.kind === 'Service' && b.namespace !== routeNs && !granted(objects, routeNs, b.namespace, b.name);
  if (backends.some(ungranted) || backends.every((b: any) => b.weight === 0)) return { status: 500, backends: [], route, virtualHost };
  const declared = (b: any) => b.kind === 'Service' || objects.some(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(b.name));
  if (!backends.every(declared)) return { status: 503, backends: [], route, virtualHost };
  return { status: 200, backends, route, virtualHost };
}

/** The proxy views of a list of emitted objects, built once per gateway and order (objects never change). */
const views = new WeakMap<any[], Map<string, ReturnType<typeof gatewayApiProxyView>>>();

function answerUnder(objects: any[], request: GatewayApiRequest, order: CreationOrder): Answer {
  const known = views.get(objects) ?? views.set(objects, new Map()).get(objects)!;
  const key = `${request.gateway}|${order}`;
  const view = known.get(key) ?? known.set(key, gatewayApiProxyView(objects, request.gateway, order)).get(key)!;
  return answerOf(objects, routeRequest(view, normalizeRequest(request)));
}

const essence = (a: Answer) => JSON.stringify([a.status, a.route, a.backends]);

/** Evaluates a request against emitted Gateway API objects, under both assumed creation orders (or the one given). */
export function evaluateGatewayApi(objects: any[], request: GatewayApiRequest, options: ReaderOptions = {}): GatewayApiOutcome {
  if (options.order) return { ...answerUnder(objects, request, options.order), orderDependent: false };
  const [first, second] = CREATION_ORDERS.map(order => answerUnder(objects, request, order));
  return { ...first, orderDependent: essence(first) !== essence(second) };
}
