/**
 * An independent reading of emitted Gateway API objects, written from the Gateway API specification (v1.6) and
 * Istio's implementation of its precedence, sharing no code with the library: which HTTPRoutes a listener accepts
 * (allowedRoutes, hostnames), which match wins (Exact, then longer PathPrefix — matched path element by path element —
 * then RegularExpression, longer value, method, header count, query count), and whether a cross-namespace backend is
 * allowed by a ReferenceGrant. Ties that creation time would decide are reported, not guessed.
 */
import { RE2JS } from 're2js';
import { normalizeRequest, ProbeRequest } from './probe-request';

const compiled = new Map<string, RE2JS>();

/** Whether the whole of `value` matches the RE2 expression `re`, as Envoy's `RE2::FullMatch`. */
function fullMatch(re: string, value: string): boolean {
  let r = compiled.get(re);
  if (!r) compiled.set(re, (r = RE2JS.compile(re)));
  return r.matches(value);
}

/** A request as it reaches the gateway. */
export type GatewayApiRequest = ProbeRequest;

/** Where the emitted objects send a request. */
export interface GatewayApiOutcome {
  /** 200 forwarded, 404 no match, 500 backend not permitted, a redirect code, or -1 when creation time would decide. */
  readonly status: number;
  /** `namespace/name:port` of each backend with its weight. */
  readonly backends: Array<{ namespace: string; name: string; port: number; weight: number; kind: string }>;
}

const RANK: Record<string, number> = { Exact: 3, PathPrefix: 2, RegularExpression: 1 };

function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}

function pathMatches(p: any, path: string): boolean {
  const type = p?.type ?? 'PathPrefix';
  const value = p?.value ?? '/';
  if (type === 'Exact') return path === value;
  if (type === 'RegularExpression') return fullMatch(value, path);
  const prefix = value.replace(/\/+$/, '');
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

function valueMatches(m: any, value: string | undefined): boolean {
  if (value === undefined) return false;
  return (m.type ?? 'Exact') === 'Exact' ? value === m.value : fullMatch(m.value, value);
}

function admits(listener: any, gatewayNs: string, routeNs: string): boolean {
  const ns = listener.allowedRoutes?.namespaces;
  const from = ns?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNs === gatewayNs;
  if (from === 'Selector') {
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': routeNs };
    return (ns.selector.matchExpressions ?? []).every((e: any) => e.operator === 'In' && e.values.includes(labels[e.key]))
      && Object.entries(ns.selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  }
  return false;
}

function granted(objects: any[], fromNs: string, toNs: string, service: string): boolean {
  return objects.some(o => o.kind === 'ReferenceGrant' && o.metadata.namespace === toNs
    && o.spec.from.some((f: any) => f.group === 'gateway.networking.k8s.io' && f.kind === 'HTTPRoute' && f.namespace === fromNs)
    && o.spec.to.some((t: any) => (t.group ?? '') === '' && t.kind === 'Service' && (t.name === undefined || t.name === service)));
}

/** Evaluates a request against emitted Gateway API objects. */
export function evaluateGatewayApi(objects: any[], request: GatewayApiRequest): GatewayApiOutcome {
  const [gwNs, gwName] = request.gateway.split('/');
  const req = normalizeRequest(request);
  const gateway = objects.find(o => o.apiVersion === 'gateway.networking.k8s.io/v1' && o.kind === 'Gateway'
    && o.metadata.namespace === gwNs && o.metadata.name === gwName);
  if (!gateway) throw new Error(`no Gateway ${request.gateway}`);
  const listener = gateway.spec.listeners.find((l: any) => l.port === req.port && (!l.hostname || hostMatches(l.hostname, req.host)));
  if (!listener) return { status: 404, backends: [] };
  const attached = objects.filter(o => o.kind === 'HTTPRoute'
    && o.spec.parentRefs.some((p: any) => (p.kind ?? 'Gateway') === 'Gateway' && p.name === gwName && (p.namespace ?? o.metadata.namespace) === gwNs)
    && admits(listener, gwNs, o.metadata.namespace));
  // Hostname precedence: the routes whose matching hostname is most specific.
  const specificity = (o: any) => {
    const names: string[] = o.spec.hostnames ?? [];
    if (names.length === 0) return 0;
    const hit = names.filter(h => hostMatches(h, req.host));
    return hit.length === 0 ? -1 : Math.max(...hit.map(h => (h === req.host ? 1e6 : h.length)));
  };
  const eligible = attached.filter(o => specificity(o) >= 0);
  if (eligible.length === 0) return { status: 404, backends: [] };
  const best = Math.max(...eligible.map(specificity));
  const candidates = eligible.filter(o => specificity(o) === best).flatMap(o => (o.spec.rules ?? []).flatMap((rule: any, ri: number) =>
    (rule.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }])
      .map((m: any, mi: number) => ({ route: o, rule, match: m, position: [ri, mi] }))));
  const matching = candidates.filter(c => pathMatches(c.match.path, req.path)
    && (!c.match.method || c.match.method === req.method)
    && (c.match.headers ?? []).every((h: any) => valueMatches(h, req.headers[h.name.toLowerCase()]))
    && (c.match.queryParams ?? []).every((q: any) => valueMatches(q, req.query[q.name])));
  if (matching.length === 0) return { status: 404, backends: [] };
  const key = (c: any) => [
    -(RANK[c.match.path?.type ?? 'PathPrefix']), -((c.match.path?.value ?? '/').replace(/(.)\/+$/, '$1')).length,
    c.match.method ? 0 : 1, -(c.match.headers?.length ?? 0), -(c.match.queryParams?.length ?? 0),
  ];
  const compare = (a: any, b: any) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return 0;
  };
  matching.sort(compare);
  const [winner, next] = matching;
  if (next && compare(winner, next) === 0 && winner.route !== next.route) return { status: -1, backends: [] };
  const redirect = (winner.rule.filters ?? []).find((f: any) => f.type === 'RequestRedirect');
  if (redirect) return { status: redirect.requestRedirect.statusCode ?? 302, backends: [] };
  const routeNs = winner.route.metadata.namespace;
  // Istio's Hostname backends name a ServiceEntry host (no namespace); Services need a ReferenceGrant across namespaces.
  const backends = (winner.rule.backendRefs ?? []).map((b: any) => ({
    namespace: b.kind === 'Hostname' ? '' : b.namespace ?? routeNs, name: b.name, port: b.port, weight: b.weight ?? 1, kind: b.kind ?? 'Service',
  }));
  const ungranted = (b: any) => b.kind === 'Service' && b.namespace !== routeNs && !granted(objects, routeNs, b.namespace, b.name);
  if (backends.some(ungranted)) return { status: 500, backends: [] };
  const declared = (b: any) => b.kind === 'Service' || objects.some(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(b.name));
  if (!backends.every(declared)) return { status: 503, backends: [] };
  return { status: 200, backends };
}
