/**
 * An independent reading of emitted Istio objects, written from Istio's documented semantics and sharing no code
 * with the library: which VirtualService a gateway uses for a host, and which HTTP route (first match wins; a match
 * is the AND of its conditions; `prefix` is a string prefix; `regex`, RE2 as Envoy, matches the whole value) takes a request.
 * Delegate VirtualServices are merged as istiod merges them (root route replaced in place by the child's routes).
 */
import { RE2JS } from 're2js';
import { NormalizedRequest, normalizeRequest, ProbeRequest } from './probe-request';

const compiled = new Map<string, RE2JS>();

/** Whether the whole of `value` matches the RE2 expression `re`, as Envoy's `RE2::FullMatch`. */
function fullMatch(re: string, value: string): boolean {
  let r = compiled.get(re);
  if (!r) compiled.set(re, (r = RE2JS.compile(re)));
  return r.matches(value);
}

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
}

function stringMatch(m: any, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  if (m.regex !== undefined) return fullMatch(m.regex, value);
  return true;
}

function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

function matchRequest(match: any, req: NormalizedRequest): boolean {
  if (match.uri && !stringMatch(match.uri, req.path)) return false;
  if (match.method && !stringMatch(match.method, req.method)) return false;
  for (const [name, m] of Object.entries(match.headers ?? {})) if (!stringMatch(m, req.headers[name.toLowerCase()])) return false;
  for (const [name, m] of Object.entries(match.queryParams ?? {})) if (!stringMatch(m, req.query[name])) return false;
  if (match.port !== undefined && match.port !== req.port) return false;
  return true;
}

/** Istio's delegation merge of a root VirtualService with its delegates (one level), as istiod performs it. */
export function mergeDelegates(root: any, all: any[]): any[] {
  const out: any[] = [];
  for (const r of root.spec.http ?? []) {
    if (!r.delegate) {
      out.push(r);
      continue;
    }
    const ns = r.delegate.namespace ?? root.metadata.namespace;
    const child = all.find(o => o.kind === 'VirtualService' && o.metadata.name === r.delegate.name && o.metadata.namespace === ns
      && !(o.spec.hosts?.length));
    const exported = child && (!child.spec.exportTo || child.spec.exportTo.includes('*') || child.spec.exportTo.includes(root.metadata.namespace)
      || (child.spec.exportTo.includes('.') && ns === root.metadata.namespace));
    if (!exported) continue; // istiod drops the route silently
    for (const c of child.spec.http ?? []) {
      const merged = mergeMatches(r.match ?? [], c.match ?? []);
      if (merged === 'conflict') continue;
      out.push({ ...r, ...c, delegate: undefined, match: merged, name: [r.name, c.name].filter(Boolean).join('-') });
    }
  }
  return out;
}

function mergeMatches(rootMatches: any[], childMatches: any[]): any[] | 'conflict' {
  if (rootMatches.length === 0) return childMatches;
  if (childMatches.length === 0) return rootMatches;
  const out: any[] = [];
  for (const c of childMatches) {
    let ok = false;
    for (const r of rootMatches) {
      if (conflicts(r, c)) continue;
      ok = true;
      out.push({
        ...r,
        ...c,
        uri: c.uri ?? r.uri,
        method: c.method ?? r.method,
        headers: { ...r.headers, ...c.headers },
        queryParams: { ...r.queryParams, ...c.queryParams },
      });
    }
    if (!ok) return 'conflict';
  }
  return out;
}

function stringConflict(r: any, c: any): boolean {
  if (!r || !c) return false;
  if (r.regex !== undefined || c.regex !== undefined) return true;
  if (r.exact !== undefined) return c.prefix !== undefined || c.exact !== r.exact;
  if (r.prefix !== undefined) return !(c.prefix ?? c.exact).startsWith(r.prefix);
  return true;
}

function conflicts(r: any, c: any): boolean {
  if (stringConflict(r.uri, c.uri) || stringConflict(r.method, c.method)) return true;
  for (const k of Object.keys(c.headers ?? {})) if (stringConflict(r.headers?.[k], c.headers[k])) return true;
  for (const k of Object.keys(c.queryParams ?? {})) if (stringConflict(r.queryParams?.[k], c.queryParams[k])) return true;
  return false;
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

/**
 * Evaluates a request against emitted objects: the Gateway's server for the port must admit the host; among the
 * VirtualServices bound to that Gateway (exported to it, allowed by the server's `namespace/host`), the one whose host
 * is most specific serves the request; its first matching HTTP route decides.
 */
export function evaluateIstio(objects: any[], request: IstioRequest): IstioOutcome {
  const req = normalizeRequest(request);
  const [gwNs, gwName] = request.gateway.split('/');
  const gateway = objects.find(o => o.apiVersion === 'networking.istio.io/v1' && o.kind === 'Gateway'
    && o.metadata.namespace === gwNs && o.metadata.name === gwName);
  if (!gateway) throw new Error(`no Gateway ${request.gateway} in the emitted objects`);
  const server = gateway.spec.servers.find((s: any) => s.port.number === req.port
    && s.hosts.some((h: string) => hostCovers(h.split('/')[1], req.host)));
  if (!server) return { status: 404, destinations: [] };
  const admitted = (vs: any) => server.hosts.some((h: string) => {
    const [ns, host] = h.split('/');
    return (ns === '*' || ns === vs.metadata.namespace || (ns === '.' && vs.metadata.namespace === gwNs))
      && vs.spec.hosts.some((vh: string) => hostCovers(host, vh) || hostCovers(vh, host));
  });
  const bound = objects.filter(o => o.kind === 'VirtualService' && o.spec.hosts?.length
    && (o.spec.gateways ?? []).some((g: string) => g === request.gateway || (g === gwName && o.metadata.namespace === gwNs))
    && admitted(o));
  const candidates = bound.filter(vs => vs.spec.hosts.some((h: string) => hostCovers(h, req.host)));
  if (candidates.length === 0) return { status: 404, destinations: [] };
  const specificity = (vs: any) => Math.max(...vs.spec.hosts
    .filter((h: string) => hostCovers(h, req.host))
    .map((h: string) => (h === req.host ? 1e9 : h.length)));
  const vs = candidates.sort((a, b) => specificity(b) - specificity(a))[0];
  for (const route of mergeDelegates(vs, objects)) {
    const matches = route.match ?? [{}];
    if (!matches.some((m: any) => matchRequest(m, req))) continue;
    if (route.redirect) return { status: route.redirect.redirectCode ?? 301, destinations: [], route: route.name, redirect: route.redirect };
    if (route.directResponse) return { status: route.directResponse.status, destinations: [], route: route.name };
    const destinations = route.route.map((d: any) => ({
      host: d.destination.host,
      port: d.destination.port?.number,
      weight: d.weight ?? (route.route.length === 1 ? 1 : 0),
      subset: d.destination.subset,
    }));
    // Envoy answers 503 for a cluster the proxy does not know: an undefined subset, or a host no ServiceEntry declares.
    const unknown = destinations.some((d: any) => !knownCluster(objects, d, request.proxyNamespace));
    return unknown ? { status: 503, destinations: [], route: route.name } : { status: 200, route: route.name, destinations };
  }
  return { status: 404, destinations: [] };
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
