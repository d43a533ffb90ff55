/**
 * What a route does, read from an Istio HTTP route or a Gateway API rule: forward (destinations with their hosts as
 * FQDNs, rewrites), redirect, answer directly, or delegate.
 */
import { RouteAction, RouteDestination } from './model';

/** The DNS domain short service names are completed with. */
export const CLUSTER_DOMAIN = 'cluster.local';

/**
 * `ResolveShortnameToFQDN` (istio/istio pilot/pkg/model/virtualservice.go): a name without a dot is a Service of the
 * VirtualService's namespace; anything with a dot is used as written.
 */
export function resolveHost(host: string, namespace: string): string {
  return host === '*' || host.includes('.') || /^[0-9a-f:]+$/i.test(host) ? host : `${host}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/** The action of an Istio HTTP route of a VirtualService in `namespace`. */
export function istioAction(http: any, namespace: string): RouteAction {
  if (http.delegate) return { type: 'delegate', name: String(http.delegate.name ?? ''), namespace: String(http.delegate.namespace ?? namespace) };
  if (http.redirect) {
    const r = http.redirect;
    return {
      type: 'redirect',
      scheme: r.scheme,
      host: r.authority,
      port: typeof r.port === 'number' ? r.port : undefined,
      path: r.uri,
      status: typeof r.redirectCode === 'number' ? r.redirectCode : 301,
    };
  }
  if (http.directResponse) {
    const body = http.directResponse.body;
    return { type: 'direct', status: Number(http.directResponse.status), body: body?.string ?? body?.bytes };
  }
  const routes: any[] = Array.isArray(http.route) ? http.route : [];
  if (routes.length === 0) return { type: 'direct', status: 500, body: 'the route has no destination' };
  const destinations: RouteDestination[] = routes.map(d => ({
    host: resolveHost(String(d.destination?.host ?? ''), namespace),
    port: typeof d.destination?.port?.number === 'number' ? d.destination.port.number : undefined,
    subset: d.destination?.subset,
    weight: typeof d.weight === 'number' ? d.weight : routes.length === 1 ? 100 : 0,
  }));
  const rw = http.rewrite;
  const regex = rw?.uriRegexRewrite ? `${rw.uriRegexRewrite.match} → ${rw.uriRegexRewrite.rewrite}` : undefined;
  const rewrite = rw ? { uri: rw.uri, regex, authority: rw.authority } : undefined;
  return { type: 'forward', destinations, ...(rewrite && (rewrite.uri ?? rewrite.regex ?? rewrite.authority) !== undefined ? { rewrite } : {}) };
}

/** A Gateway API backendRef as Istio resolves it: a Service FQDN, an Istio `Hostname`, or the kind and name. */
export function backendHost(ref: any, routeNamespace: string): string {
  const group = ref.group ?? '';
  const kind = ref.kind ?? 'Service';
  if (group === '' && kind === 'Service') return `${ref.name}.${ref.namespace ?? routeNamespace}.svc.${CLUSTER_DOMAIN}`;
  if (group === 'networking.istio.io' && kind === 'Hostname') return String(ref.name);
  return `${kind}/${ref.namespace ?? routeNamespace}/${ref.name}`;
}

function redirectOf(f: any): RouteAction {
  const path = f.path;
  return {
    type: 'redirect',
    scheme: f.scheme,
    host: f.hostname,
    port: typeof f.port === 'number' ? f.port : undefined,
    path: path?.type === 'ReplaceFullPath' ? path.replaceFullPath : undefined,
    prefixPath: path?.type === 'ReplacePrefixMatch' ? path.replacePrefixMatch : undefined,
    status: typeof f.statusCode === 'number' ? f.statusCode : 302,
  };
}

/**
 * The action of a Gateway API rule; `permitted` says whether a backendRef may be used (cross-namespace references
 * need a ReferenceGrant). A rule whose backends are all unusable answers 500, as Istio configures it.
 */
export function gatewayApiAction(rule: any, routeNamespace: string, permitted: (ref: any) => boolean): RouteAction {
  const filters: any[] = rule.filters ?? [];
  const redirect = filters.find(f => f.type === 'RequestRedirect');
  if (redirect) return redirectOf(redirect.requestRedirect ?? {});
  const refs: any[] = (rule.backendRefs ?? []).filter(permitted);
  if (refs.length === 0) return { type: 'direct', status: 500, body: 'no usable backend' };
  const destinations = refs.map(r => ({
    host: backendHost(r, routeNamespace), port: typeof r.port === 'number' ? r.port : undefined, weight: typeof r.weight === 'number' ? r.weight : 1,
  }));
  const rw = filters.find(f => f.type === 'URLRewrite')?.urlRewrite;
  const rewrite = rw ? {
    uri: rw.path?.type === 'ReplacePrefixMatch' ? rw.path.replacePrefixMatch : undefined,
    fullPath: rw.path?.type === 'ReplaceFullPath' ? rw.path.replaceFullPath : undefined,
    authority: rw.hostname,
  } : undefined;
  return { type: 'forward', destinations, ...(rewrite ? { rewrite } : {}) };
}
