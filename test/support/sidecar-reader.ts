/**
 * An independent reading of emitted Istio objects as one workload's sidecar applies them to a call it makes, sharing
 * no code with the library (istio/istio at 86c9f01):
 * - visibility: an object is seen from namespace `ns` when its `exportTo` (default `*`) holds `*`, `ns`, or `.` for its
 *   own namespace, and the caller's Sidecar egress hosts (`ns/host`, `*`, `.`; the workload-selecting Sidecar, else the
 *   namespace's, else the root namespace's) select its namespace and host;
 * - the sidecar serves each host from the FIRST mesh VirtualService (no `gateways`, or one naming `mesh`) that names it:
 *   later ones are dropped as "duplicate domain from virtual service" (pilot/pkg/networking/core/httproute.go);
 *   `ambiguous` says several were visible, the creation order deciding which;
 * - routes are built per proxy (pilot/pkg/networking/core/route/route.go `BuildHTTPRoutesForVirtualService`,
 *   `sourceMatchHTTP`): a match naming `gateways` stays only when they include `mesh` (its source conditions are then
 *   ignored), otherwise when its `sourceLabels` are a subset of the pod's labels and its `sourceNamespace` (if any) is
 *   the caller's; a route left without matches disappears, and a VirtualService left without routes does not serve
 *   the host (the sidecar's default route for the Service applies);
 * - Envoy then takes the first route matching the request (uri exact / string prefix / RE2 full match, headers,
 *   withoutHeaders, query parameters, method), and subsets resolve through the DestinationRule the caller uses for the
 *   destination host (`PushContext.destinationRule`: the caller's namespace, then the host's, then the root namespace).
 */
import { normalizePath, re2FullMatch } from './istio-reader/match';

/** The workload making the call. */
export interface SidecarCaller {
  /** Namespace of the calling pod. */
  readonly namespace: string;
  /** Labels of the calling pod. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A call from the workload. */
export interface SidecarRequest {
  readonly host: string;
  /** Path, optionally with `?query`. */
  readonly path: string;
  readonly method?: string;
  /** Port called. @default - the Service's first port */
  readonly port?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
}

/** One destination of the route taken. */
export interface SidecarDestination {
  readonly host: string;
  readonly port?: number;
  readonly subset?: string;
  /** Labels of the subset, from the DestinationRule the caller uses for the host. */
  readonly subsetLabels?: Readonly<Record<string, string>>;
  /** As written (a lone destination without weight gets 100). */
  readonly weight: number;
}

/** What the caller's sidecar does with the call. */
export interface SidecarAnswer {
  /** 200 forwarded, 404 no route matched, 503 a destination subset the caller's DestinationRule lacks, 0 host unknown. */
  readonly status: number;
  /** More than one mesh VirtualService for the host is visible to the caller (Istio keeps only the first created). */
  readonly ambiguous: boolean;
  /** `namespace/name` of the VirtualService serving the host, if any. */
  readonly virtualService?: string;
  /** Name of the HTTP route taken. */
  readonly route?: string;
  readonly destinations: SidecarDestination[];
  readonly timeout?: string;
  readonly retries?: any;
  readonly fault?: any;
  readonly mirror?: any;
  readonly mirrorPercentage?: number;
  readonly corsPolicy?: any;
  readonly headers?: any;
}

/** Istio's root configuration namespace (meshConfig.rootNamespace default). */
const ROOT_NAMESPACE = 'istio-system';
const CLUSTER_LOCAL = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/;

function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/** Whether the caller in `ns` may see `o` by its exportTo (default: every namespace). */
export function exportedTo(o: any, ns: string): boolean {
  const to: string[] = o.spec?.exportTo ?? ['*'];
  return to.includes('*') || to.includes(ns) || (to.includes('.') && o.metadata.namespace === ns);
}

const subsetOf = (want: Readonly<Record<string, string>> | undefined, have: Readonly<Record<string, string>>) =>
  Object.entries(want ?? {}).every(([k, v]) => have[k] === v);

/** The Sidecar configuring the caller: one selecting its pod, else its namespace's, else the root namespace's. */
export function sidecarOf(objects: any[], caller: SidecarCaller): any | undefined {
  const sidecars = objects.filter(o => o.kind === 'Sidecar');
  const labels = caller.labels ?? {};
  return sidecars.find(o => o.metadata.namespace === caller.namespace && o.spec?.workloadSelector
    && subsetOf(o.spec.workloadSelector.labels, labels))
    ?? sidecars.find(o => o.metadata.namespace === caller.namespace && !o.spec?.workloadSelector)
    ?? sidecars.find(o => o.metadata.namespace === ROOT_NAMESPACE && !o.spec?.workloadSelector);
}

/** Whether the caller's Sidecar egress selects configuration in `namespace` for `host` (no Sidecar: everything). */
function egressSelects(sidecar: any | undefined, namespace: string, host: string): boolean {
  if (!sidecar) return true;
  const own = sidecar.metadata.namespace;
  return (sidecar.spec.egress ?? []).some((e: any) => (e.hosts ?? []).some((entry: string) => {
    const [ns, h] = entry.split('/');
    const nsOk = ns === '*' || ns === namespace || (ns === '.' && namespace === own);
    return nsOk && (hostCovers(h, host) || hostCovers(host, h));
  }));
}

/** A VirtualService host as Istio resolves it: a short name is a Service of the VirtualService's namespace. */
function fullHost(h: string, namespace: string): string {
  const lower = h.toLowerCase();
  return lower.includes('.') || lower.includes('*') ? lower : `${lower}.${namespace}.svc.cluster.local`;
}

const isMeshVirtualService = (o: any) => o.kind === 'VirtualService' && (o.apiVersion ?? '').startsWith('networking.istio.io/')
  && ((o.spec?.gateways ?? []).length === 0 || o.spec.gateways.includes('mesh'));

/** The mesh VirtualServices for `host` the caller sees, in the order of the objects. */
export function visibleMeshVirtualServices(objects: any[], caller: SidecarCaller, host: string): any[] {
  const sidecar = sidecarOf(objects, caller);
  const h = host.toLowerCase();
  return objects.filter(o => isMeshVirtualService(o) && exportedTo(o, caller.namespace)
    && (o.spec.hosts ?? []).some((x: string) => hostCovers(fullHost(x, o.metadata.namespace), h))
    && egressSelects(sidecar, o.metadata.namespace, h));
}

/** The namespace of a host: a cluster-local Service's, or that of the visible ServiceEntry declaring it. */
function hostNamespace(objects: any[], caller: SidecarCaller, host: string): string | undefined {
  const local = CLUSTER_LOCAL.exec(host);
  if (local) {
    return objects.some(o => o.kind === 'Service' && o.metadata.name === local[1] && o.metadata.namespace === local[2]) ? local[2] : undefined;
  }
  const entry = objects.find(o => o.kind === 'ServiceEntry' && (o.spec.hosts ?? []).some((x: string) => hostCovers(x.toLowerCase(), host))
    && exportedTo(o, caller.namespace));
  return entry?.metadata.namespace;
}

/** Whether the caller's sidecar knows `host` at all: a Service or ServiceEntry it may see. */
export function knowsHost(objects: any[], caller: SidecarCaller, host: string): boolean {
  const ns = hostNamespace(objects, caller, host.toLowerCase());
  return ns !== undefined && egressSelects(sidecarOf(objects, caller), ns, host.toLowerCase());
}

/** The DestinationRule the caller uses for `host` (`PushContext.destinationRule`). */
export function destinationRuleFor(objects: any[], caller: SidecarCaller, host: string): any | undefined {
  const rules = objects.filter(o => o.kind === 'DestinationRule' && fullHost(o.spec.host, o.metadata.namespace) === host);
  const hostNs = hostNamespace(objects, caller, host);
  const local = caller.namespace === ROOT_NAMESPACE ? undefined
    : rules.find(o => o.metadata.namespace === caller.namespace && exportedTo(o, caller.namespace));
  return local
    ?? rules.find(o => hostNs !== undefined && o.metadata.namespace === hostNs && exportedTo(o, caller.namespace))
    ?? rules.find(o => o.metadata.namespace === ROOT_NAMESPACE && exportedTo(o, caller.namespace));
}

/** `sourceMatchHTTP`: whether a match survives for the caller's proxy. */
function sourceMatches(m: any, caller: SidecarCaller): boolean {
  if ((m.gateways ?? []).length > 0) return m.gateways.includes('mesh');
  return subsetOf(m.sourceLabels, caller.labels ?? {}) && (m.sourceNamespace === undefined || m.sourceNamespace === caller.namespace);
}

/** The routes of a VirtualService as the caller's proxy gets them: each with its surviving matches (undefined: all). */
function proxyRoutes(vs: any, caller: SidecarCaller): Array<{ http: any; matches?: any[] }> {
  const out: Array<{ http: any; matches?: any[] }> = [];
  for (const http of vs.spec.http ?? []) {
    if ((http.match ?? []).length === 0) {
      out.push({ http });
      continue;
    }
    const kept = http.match.filter((m: any) => sourceMatches(m, caller));
    if (kept.length > 0) out.push({ http, matches: kept });
  }
  return out;
}

interface Call {
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
}

/** An Istio StringMatch on a present value. */
function stringMatch(s: any, value: string): boolean {
  if (s.exact !== undefined) return value === s.exact;
  if (s.prefix !== undefined) return value.startsWith(s.prefix);
  if (s.regex !== undefined) return re2FullMatch(s.regex, value);
  return true;
}

function requestMatches(m: any, call: Call): boolean {
  if (m.uri) {
    const path = m.ignoreUriCase ? call.path.toLowerCase() : call.path;
    const uri = m.ignoreUriCase && m.uri.regex === undefined
      ? Object.fromEntries(Object.entries(m.uri).map(([k, v]) => [k, String(v).toLowerCase()])) : m.uri;
    if (!stringMatch(uri, path)) return false;
  }
  if (m.method && !stringMatch(m.method, call.method)) return false;
  for (const [name, s] of Object.entries<any>(m.headers ?? {})) {
    const v = call.headers[name.toLowerCase()];
    if (v === undefined || !stringMatch(s, v)) return false;
  }
  for (const [name, s] of Object.entries<any>(m.withoutHeaders ?? {})) {
    const v = call.headers[name.toLowerCase()];
    if (v !== undefined && stringMatch(s, v)) return false;
  }
  for (const [name, s] of Object.entries<any>(m.queryParams ?? {})) {
    const v = call.query[name];
    if (v === undefined || !stringMatch(s, v)) return false;
  }
  return true;
}

function callOf(r: SidecarRequest): Call {
  const [path, qs] = r.path.split('?');
  return {
    path: normalizePath(path),
    method: (r.method ?? 'GET').toUpperCase(),
    headers: Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    query: { ...Object.fromEntries(new URLSearchParams(qs ?? '').entries()), ...(r.query ?? {}) },
  };
}

/** The first port of the Service behind a cluster-local host, or of the ServiceEntry declaring the host. */
function servicePort(objects: any[], host: string): number | undefined {
  const local = CLUSTER_LOCAL.exec(host);
  if (local) {
    return objects.find(o => o.kind === 'Service' && o.metadata.name === local[1] && o.metadata.namespace === local[2])?.spec?.ports?.[0]?.port;
  }
  return objects.find(o => o.kind === 'ServiceEntry' && (o.spec.hosts ?? []).includes(host))?.spec.ports?.[0]?.number;
}

function destinationsOf(objects: any[], caller: SidecarCaller, http: any, vsNamespace: string, port?: number): SidecarDestination[] | undefined {
  const targets: any[] = http.route ?? [];
  let unknown = false;
  const out = targets.map((t: any) => {
    const host = fullHost(t.destination.host, vsNamespace);
    const subset: string | undefined = t.destination.subset;
    const rule = subset === undefined ? undefined : destinationRuleFor(objects, caller, host);
    const found = rule?.spec.subsets?.find((s: any) => s.name === subset);
    if (subset !== undefined && !found) unknown = true;
    return {
      host,
      port: t.destination.port?.number ?? port ?? servicePort(objects, host),
      weight: t.weight ?? (targets.length === 1 ? 100 : 0),
      ...(subset === undefined ? {} : { subset, subsetLabels: found?.labels }),
    };
  });
  return unknown ? undefined : out;
}

/** What the caller's sidecar does with the request (see the file comment). */
export function evaluateSidecar(objects: any[], caller: SidecarCaller, request: SidecarRequest): SidecarAnswer {
  const host = request.host.toLowerCase();
  const serving = visibleMeshVirtualServices(objects, caller, host)
    .map(vs => ({ vs, routes: proxyRoutes(vs, caller) }))
    .filter(x => x.routes.length > 0);
  const ambiguous = serving.length > 1;
  const first = serving[0];
  if (!first) {
    if (!knowsHost(objects, caller, host)) return { status: 0, ambiguous, destinations: [] };
    const port = request.port ?? servicePort(objects, host);
    return { status: 200, ambiguous, destinations: [{ host, port, weight: 100 }] };
  }
  const virtualService = `${first.vs.metadata.namespace}/${first.vs.metadata.name}`;
  const call = callOf(request);
  const taken = first.routes.find(r => r.matches === undefined || r.matches.some(m => requestMatches(m, call)));
  if (!taken) return { status: 404, ambiguous, virtualService, destinations: [] };
  const http = taken.http;
  const destinations = destinationsOf(objects, caller, http, first.vs.metadata.namespace, request.port);
  const fields = {
    timeout: http.timeout,
    retries: http.retries,
    fault: http.fault,
    mirror: http.mirror,
    mirrorPercentage: http.mirrorPercentage?.value,
    corsPolicy: http.corsPolicy,
    headers: http.headers,
  };
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { status: destinations ? 200 : 503, ambiguous, virtualService, route: http.name, destinations: destinations ?? [], ...defined };
}

/** Milliseconds of an Istio duration (`1h2m3.5s`, `250ms`). */
export function durationMs(d: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  let total = 0;
  for (const [, n, u] of d.matchAll(/([0-9.]+)(ms|us|µs|ns|h|m|s)/g)) total += Number(n) * units[u];
  return total;
}
