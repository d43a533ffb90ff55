/**
 * An independent reading of what a workload's sidecar does with a call to a Kubernetes Service of the mesh, from the
 * emitted objects only (no library code), following istiod (istio/istio):
 * - mesh VirtualServices: those exported to the caller's namespace and bound to `mesh` (pilot/pkg/model/push_context.go
 *   `initVirtualServices`), imported by the caller's Sidecar egress hosts (virtualservice.go `SelectVirtualServices`);
 * - GAMMA HTTPRoutes (parent: a Service) become one VirtualService per (route namespace, host), merged and sorted by
 *   Gateway API precedence (config/kube/gateway/route_collections.go `HTTPRouteCollection`, `mergeHTTPRoutes`,
 *   conversion.go `convertHTTPRoute`, `sortHTTPRoutes`), public unless mesh config says otherwise, applied only in the
 *   Service's namespace or the route's (networking/core/route/route.go `buildSidecarVirtualHostsForVirtualService`),
 *   the caller's own namespace first (`SelectVirtualServices` with unified sidecar scoping);
 * - the first VirtualService of the host wins (networking/core/httproute.go drops duplicate domains): `candidates`
 *   counts those ranked first, so that a test can require exactly one;
 * - routes per match, sources checked, the first catch-all ending the VirtualService (route.go
 *   `BuildHTTPRoutesForVirtualService`); a destination without port takes its Service's only port, else the port
 *   called (route.go `GetDestinationCluster`).
 */
import { envoyMatches } from './istio-reader/match';
import { VirtualServiceCfg } from './istio-reader/model';
import { buildRoutes } from './istio-reader/routes';

/** A call from a workload to a Service of the mesh. */
export interface SidecarCall {
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  /** `name.namespace.svc.cluster.local`. */
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
}

/** What the sidecar does with the call; weights as shares of 1, header changes as Istio writes them. */
export interface SidecarOutcome {
  readonly status: number;
  readonly backends: Array<{ host: string; port: number; share: number }>;
  readonly timeout?: string;
  readonly requestHeaders?: unknown;
  readonly responseHeaders?: unknown;
  readonly mirrors: Array<{ host: string; port: number; percentage: number }>;
  /** How many mesh VirtualServices (Istio's or converted HTTPRoutes) rank first for this caller and host. */
  readonly candidates: number;
  readonly from: 'VirtualService' | 'HTTPRoute' | 'Service';
}

const DOMAIN = 'svc.cluster.local';
const fqdn = (name: string, ns: string) => (name.includes('.') ? name : `${name}.${ns}.${DOMAIN}`);

function egressAdmits(objects: any[], caller: string, objectNamespace: string, host: string): boolean {
  const sidecar = objects.find(o => o.kind === 'Sidecar' && o.metadata.namespace === caller && !o.spec.workloadSelector);
  if (!sidecar) return true;
  return sidecar.spec.egress.some((e: any) => e.hosts.some((entry: string) => {
    const [ns, h] = entry.split('/');
    const nsOk = ns === '*' || ns === objectNamespace || (ns === '.' && objectNamespace === caller);
    return nsOk && (h === '*' || h === host || (h.startsWith('*.') && host.endsWith(h.slice(1))));
  }));
}

function exportedTo(vs: any, caller: string): boolean {
  const to: string[] = vs.spec.exportTo ?? ['*'];
  return to.includes('*') || to.includes(caller) || (to.includes('.') && vs.metadata.namespace === caller);
}

/** `convertHTTPRoute` for one rule: the Istio HTTP route fields a probe can observe. */
function convertRule(rule: any, match: any, routeNs: string): any {
  const ref = (b: any) => ({ host: b.kind === 'Hostname' ? b.name : fqdn(b.name, b.namespace ?? routeNs), port: { number: b.port } });
  const kv = (xs: any[] | undefined) => (xs ? Object.fromEntries(xs.map(x => [x.name, x.value])) : undefined);
  const mod = (m: any) => JSON.parse(JSON.stringify({ set: kv(m.set), add: kv(m.add), remove: m.remove }));
  const filters: any[] = rule.filters ?? [];
  const req = filters.find(f => f.type === 'RequestHeaderModifier')?.requestHeaderModifier;
  const res = filters.find(f => f.type === 'ResponseHeaderModifier')?.responseHeaderModifier;
  const mirrors = filters.filter(f => f.type === 'RequestMirror').map(f => f.requestMirror).map((m: any) => ({
    destination: ref(m.backendRef),
    percentage: { value: m.fraction ? (100 * m.fraction.numerator) / (m.fraction.denominator ?? 100) : m.percent ?? 100 },
  }));
  const backends = (rule.backendRefs ?? []).filter((b: any) => (b.weight ?? 1) > 0);
  const headers = req || res ? { ...(req ? { request: mod(req) } : {}), ...(res ? { response: mod(res) } : {}) } : undefined;
  const timeout = rule.timeouts?.request && rule.timeouts.request !== '0s' ? rule.timeouts.request : undefined;
  return {
    match: [gatewayMatch(match)],
    route: backends.map((b: any) => ({ destination: ref(b), weight: backends.length === 1 ? 0 : b.weight ?? 1 })),
    ...(headers ? { headers } : {}),
    ...(mirrors.length ? { mirrors } : {}),
    ...(timeout ? { timeout } : {}),
  };
}

function gatewayMatch(m: any): any {
  const p = m.path ?? { type: 'PathPrefix', value: '/' };
  const value = (x: any) => (x.type === 'RegularExpression' ? { regex: x.value } : { exact: x.value });
  const uri = p.type === 'Exact' ? { exact: p.value } : p.type === 'RegularExpression' ? { regex: p.value } : { prefix: p.value };
  return {
    uri,
    ...(m.method ? { method: { exact: m.method } } : {}),
    ...(m.headers?.length ? { headers: Object.fromEntries(m.headers.map((h: any) => [h.name.toLowerCase(), value(h)])) } : {}),
    ...(m.queryParams?.length ? { queryParams: Object.fromEntries(m.queryParams.map((q: any) => [q.name, value(q)])) } : {}),
  };
}

const rank = (r: any) => (r.match[0].uri.exact !== undefined ? 3 : r.match[0].uri.prefix !== undefined ? 2 : 1);
const length = (r: any) => (r.match[0].uri.exact ?? r.match[0].uri.prefix ?? r.match[0].uri.regex).length;
const keys = (o: any) => Object.keys(o ?? {}).length;

/** `sortHTTPRoutes`: a stable sort by path kind, path length, method, header count, query count. */
function sortGatewayRoutes(routes: any[]): any[] {
  const key = (r: any) => [-rank(r), -length(r), r.match[0].method ? 0 : 1, -keys(r.match[0].headers), -keys(r.match[0].queryParams)];
  return routes.map((r, i) => ({ r, i })).sort((a, b) => {
    const [ka, kb] = [key(a.r), key(b.r)];
    const d = ka.findIndex((x, j) => x !== kb[j]);
    return d >= 0 ? ka[d] - kb[d] : a.i - b.i;
  }).map(x => x.r);
}

/**
 * The mesh VirtualServices converted from the GAMMA HTTPRoutes of `host`, one per (route namespace, parent port), a
 * parent's port added to every match (`augmentPortMatch`); one creation order.
 */
function gammaVirtualServices(objects: any[], host: string): any[] {
  const byKey = new Map<string, { ns: string; http: any[] }>();
  for (const route of objects.filter(o => o.kind === 'HTTPRoute')) {
    const ns = route.metadata.namespace;
    const parents = (route.spec.parentRefs ?? [])
      .filter((p: any) => p.group === '' && p.kind === 'Service' && fqdn(p.name, p.namespace ?? ns) === host);
    for (const parent of parents) {
      const http = (route.spec.rules ?? []).flatMap((rule: any) => (rule.matches?.length ? rule.matches : [{}])
        .map((m: any) => convertRule(rule, m, ns)))
        .map((r: any) => (parent.port ? { ...r, match: r.match.map((m: any) => ({ ...m, port: parent.port })) } : r));
      const key = `${ns}/${parent.port ?? ''}`;
      byKey.set(key, { ns, http: [...(byKey.get(key)?.http ?? []), ...http] });
    }
  }
  return [...byKey.values()].map(({ ns, http }) => ({
    metadata: { namespace: ns }, spec: { hosts: [host], http: sortGatewayRoutes(http) }, gamma: true,
  }));
}

/**
 * The mesh VirtualServices that may serve `host` to the caller: the Gateway API ones of its own namespace when there are
 * any (they come first), else every other one. More than one means the answer rests on an order nobody declared.
 */
function candidatesFor(objects: any[], call: SidecarCall): any[] {
  const serviceNs = call.host.split('.')[1];
  const istio = objects.filter(o => o.kind === 'VirtualService' && (o.spec.gateways ?? ['mesh']).includes('mesh')
    && (o.spec.hosts ?? []).some((h: string) => fqdn(h, o.metadata.namespace) === call.host) && exportedTo(o, call.namespace));
  const gamma = gammaVirtualServices(objects, call.host)
    .filter(vs => vs.metadata.namespace === serviceNs || vs.metadata.namespace === call.namespace);
  const own = (vs: any) => vs.metadata.namespace === call.namespace;
  // A VirtualService whose every match names another port builds no route on the port called: it claims nothing there.
  const onPort = (vs: any) => vs.spec.http.some((h: any) => !h.match?.length || h.match.some((m: any) => !m.port || m.port === call.port));
  const seen = (vs: any) => onPort(vs) && egressAdmits(objects, call.namespace, vs.metadata.namespace, call.host);
  const first = gamma.filter(own).filter(seen);
  return first.length > 0 ? first : [...istio, ...gamma.filter(vs => !own(vs))].filter(seen);
}

function portOf(objects: any[], destination: any, calledPort: number): number {
  if (destination.port?.number) return destination.port.number;
  const [name, ns] = destination.host.split('.');
  const svc = objects.find(o => o.kind === 'Service' && o.metadata.name === name && o.metadata.namespace === ns);
  return svc?.spec.ports?.length === 1 ? svc.spec.ports[0].port : calledPort;
}

/** What the caller's sidecar does with the call. */
export function readSidecarCall(objects: any[], call: SidecarCall): SidecarOutcome {
  const candidates = candidatesFor(objects, call);
  const vs = candidates[0];
  if (!vs) return { status: 200, backends: [{ host: call.host, port: call.port, share: 1 }], mirrors: [], candidates: 0, from: 'Service' };
  const cfg: VirtualServiceCfg = {
    meta: { name: '', namespace: vs.metadata.namespace, creationTimestamp: '' } as any,
    hosts: vs.spec.hosts,
    gateways: ['mesh'],
    http: vs.spec.http,
    gatewayApi: vs.gamma === true,
  };
  const ctx = { serverPort: call.port, gateway: 'mesh', proxyLabels: call.labels ?? {}, proxyNamespace: call.namespace };
  const [path] = call.path.split('?');
  const req = { path, host: call.host, method: call.method ?? 'GET', scheme: 'http' as const, headers: call.headers ?? {}, query: {} };
  const hit = buildRoutes(cfg, ctx).find(r => envoyMatches(r.match, req));
  const from = vs.gamma ? 'HTTPRoute' : 'VirtualService';
  if (!hit) return { status: 404, backends: [], mirrors: [], candidates: candidates.length, from };
  const http = hit.http;
  const total = (http.route ?? []).reduce((s: number, d: any) => s + (d.weight ?? 0), 0);
  const backends = (http.route ?? []).map((d: any) => ({
    host: d.destination.host, port: portOf(objects, d.destination, call.port), share: total === 0 ? 1 : (d.weight ?? 0) / total,
  }));
  const mirrorList = [...(http.mirror ? [{ destination: http.mirror, percentage: http.mirrorPercentage }] : []), ...(http.mirrors ?? [])];
  const mirrors = mirrorList.map((m: any) => ({
    host: m.destination.host, port: portOf(objects, m.destination, call.port), percentage: m.percentage?.value ?? 100,
  }));
  return {
    status: 200,
    backends,
    mirrors,
    candidates: candidates.length,
    from,
    timeout: http.timeout,
    requestHeaders: http.headers?.request,
    responseHeaders: http.headers?.response,
  };
}

/** The parts of an outcome two outputs must agree on: backends by host, header changes without empty parts. */
export function comparable(o: SidecarOutcome) {
  const empty = (v: unknown) => (Array.isArray(v) && v.length === 0)
    || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
  const clean = (h: unknown) => (h === undefined ? undefined : JSON.parse(JSON.stringify(h, (_k, v) => (empty(v) ? undefined : v))));
  const backends = [...o.backends].sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port);
  return { status: o.status, backends, timeout: o.timeout, mirrors: o.mirrors, request: clean(o.requestHeaders), response: clean(o.responseHeaders) };
}
