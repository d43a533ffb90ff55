/**
 * Match conditions as the proxy applies them, in the library's match algebra: Istio `HTTPMatchRequest`s
 * (istio/istio pilot/pkg/networking/core/route/route.go, TranslateRouteMatch: method, authority and scheme become
 * pseudo-header matchers, `ignoreUriCase` a case-insensitive path) and Gateway API `HTTPRouteMatch`es as istiod
 * converts them (pilot/pkg/config/kube/gateway/conversion.go: a PathPrefix is a path-separated prefix).
 */
import { Origin, RouteMatch } from './model';
import { effective } from '../../compiler/algebra/match';
import { escapeRegex } from '../../compiler/algebra/regex';
import { PathCondition, ValueCondition } from '../../model';

/** `resolveGatewayName`: `mesh`, `ns/name`, `./name`, legacy `name.ns`, or a name in the VirtualService's namespace. */
export function resolveGatewayName(name: string, namespace: string): string {
  if (name === 'mesh') return name;
  if (name.startsWith('./')) return `${namespace}/${name.slice(2)}`;
  if (name.includes('/')) return name;
  if (name.includes('.')) {
    const [gateway, ns] = name.split('.');
    return `${ns}/${gateway}`;
  }
  return `${namespace}/${name}`;
}

/** An Istio `StringMatch` on a header or parameter: an empty prefix or an empty match means "present". */
function condition(name: string, m: any): ValueCondition {
  if (m?.exact !== undefined) return { name, kind: 'exact', value: String(m.exact) };
  if (m?.prefix !== undefined && m.prefix !== '') return { name, kind: 'prefix', value: String(m.prefix) };
  if (m?.regex !== undefined && m.regex !== '*') return { name, kind: 'regex', value: String(m.regex) };
  return { name, kind: 'present', value: '' };
}

function uriCondition(uri: any, ignoreCase: boolean): PathCondition | undefined {
  if (!uri) return undefined;
  if (uri.regex !== undefined) return { kind: 'regex', value: ignoreCase ? `(?i)${uri.regex}` : String(uri.regex) };
  const exact = uri.exact !== undefined;
  const value = String(exact ? uri.exact : uri.prefix ?? '/');
  if (ignoreCase) return { kind: 'regex', value: `(?i)${escapeRegex(value)}${exact ? '' : '.*'}` };
  return { kind: exact ? 'exact' : 'prefix', value };
}

const entries = (o: any): Array<[string, any]> => (o && typeof o === 'object' ? Object.entries(o) : []);

/** One Istio `HTTPMatchRequest` of a VirtualService in `namespace`. */
export function istioMatch(m: any, namespace: string, origin: Origin): RouteMatch {
  const headers = entries(m?.headers).map(([k, v]) => condition(k.toLowerCase(), v));
  const pseudo: Array<[string, string]> = [['authority', ':authority'], ['scheme', ':scheme']];
  for (const [field, name] of pseudo) if (m?.[field]) headers.push(condition(name, m[field]));
  const methodExact = m?.method?.exact !== undefined ? String(m.method.exact) : undefined;
  if (m?.method && methodExact === undefined) headers.push(condition(':method', m.method));
  return {
    match: effective({
      path: uriCondition(m?.uri, m?.ignoreUriCase === true),
      headers,
      query: entries(m?.queryParams).map(([k, v]) => condition(k, v)),
      method: methodExact,
    }),
    without: entries(m?.withoutHeaders).map(([k, v]) => condition(k.toLowerCase(), v)),
    gateways: (m?.gateways ?? []).map((g: string) => resolveGatewayName(String(g), namespace)),
    port: typeof m?.port === 'number' && m.port !== 0 ? m.port : undefined,
    sourceNamespace: m?.sourceNamespace ? String(m.sourceNamespace) : undefined,
    sourceLabels: m?.sourceLabels && Object.keys(m.sourceLabels).length ? m.sourceLabels : undefined,
    origin,
  };
}

function gatewayApiValue(name: string, m: any): ValueCondition {
  return { name, kind: m?.type === 'RegularExpression' ? 'regex' : 'exact', value: String(m?.value ?? '') };
}

/** The path of a Gateway API match: Exact, path-separated prefix (default `/`), or RE2 regular expression. */
export function gatewayApiPath(path: any): PathCondition {
  const value = String(path?.value ?? '/');
  switch (path?.type ?? 'PathPrefix') {
    case 'Exact': return { kind: 'exact', value };
    case 'RegularExpression': return { kind: 'regex', value };
    default: return { kind: 'segment', value: value === '/' ? '/' : value.replace(/\/+$/, '') };
  }
}

/** One Gateway API `HTTPRouteMatch`. */
export function gatewayApiMatch(m: any, origin: Origin): RouteMatch {
  return {
    match: effective({
      path: gatewayApiPath(m?.path),
      headers: (m?.headers ?? []).map((h: any) => gatewayApiValue(String(h.name).toLowerCase(), h)),
      query: (m?.queryParams ?? []).map((q: any) => gatewayApiValue(String(q.name), q)),
      method: m?.method ? String(m.method) : undefined,
    }),
    without: [],
    gateways: [],
    origin,
  };
}
