/**
 * From one VirtualService to Envoy routes, as istiod's `BuildHTTPRoutesForVirtualService` / `TranslateRoute` /
 * `TranslateRouteMatch` do it (networking/core/route/route.go), and `SortVHostRoutes` / `IsCatchAllRoute`.
 */
import { EnvoyMatch, EnvoyRoute, StringMatcher, VirtualServiceCfg } from './model';

/** Where the routes are being built: the server port and gateway, and the proxy. */
export interface RouteContext {
  readonly serverPort: number;
  /** `namespace/name` of the gateway whose server is being built. */
  readonly gateway: string;
  readonly proxyLabels: Record<string, string>;
  readonly proxyNamespace?: string;
}

/** `resolveGatewayName`: short names are relative to the VirtualService's namespace. */
export function resolveGatewayName(name: string, namespace: string): string {
  if (name === 'mesh') return name;
  if (name.startsWith('./')) return `${namespace}/${name.slice(2)}`;
  if (name.includes('/')) return name;
  if (name.includes('.')) {
    const [gw, ns] = name.split('.');
    return `${ns}/${gw}`;
  }
  return `${namespace}/${name}`;
}

function toMatcher(m: any): StringMatcher {
  if (m === undefined || m === null) return { kind: 'present' };
  if (m.exact !== undefined) return { kind: 'exact', value: m.exact };
  if (m.prefix !== undefined) return m.prefix === '' ? { kind: 'present' } : { kind: 'prefix', value: m.prefix };
  if (m.regex !== undefined) return m.regex === '*' ? { kind: 'present' } : { kind: 'regex', value: m.regex };
  return { kind: 'present' };
}

function pathOf(uri: any, ignoreCase: boolean, gatewayApi: boolean): EnvoyMatch['path'] {
  if (!uri) return { kind: 'prefix', value: '/', ignoreCase };
  if (uri.exact !== undefined) return { kind: 'exact', value: uri.exact, ignoreCase };
  if (uri.regex !== undefined) return { kind: 'regex', value: uri.regex, ignoreCase };
  const prefix: string = uri.prefix ?? '/';
  // Gateway semantics: PathPrefix becomes Envoy's path_separated_prefix, matched element by element.
  if (gatewayApi && prefix !== '/') return { kind: 'pathSeparatedPrefix', value: prefix.replace(/\/+$/, ''), ignoreCase };
  return { kind: 'prefix', value: prefix, ignoreCase };
}

/** `TranslateRouteMatch`: method, authority, scheme and withoutHeaders become header matchers. */
export function translateMatch(m: any, gatewayApi: boolean): EnvoyMatch {
  const headers: Array<EnvoyMatch['headers'][number]> = [];
  let claims = 0;
  for (const [name, sm] of Object.entries(m?.headers ?? {})) {
    if (name.startsWith('@request.auth.claims')) claims++;
    else headers.push({ name: name.toLowerCase(), matcher: toMatcher(sm), invert: false });
  }
  for (const [name, sm] of Object.entries(m?.withoutHeaders ?? {})) {
    if (name.startsWith('@request.auth.claims')) claims++;
    else headers.push({ name: name.toLowerCase(), matcher: toMatcher(sm), invert: true });
  }
  for (const [field, pseudo] of [['method', ':method'], ['authority', ':authority'], ['scheme', ':scheme']]) {
    if (m?.[field]) headers.push({ name: pseudo, matcher: toMatcher(m[field]), invert: false });
  }
  const query = Object.entries(m?.queryParams ?? {}).map(([name, sm]) => ({ name, matcher: toMatcher(sm) }));
  return { path: pathOf(m?.uri, m?.ignoreUriCase === true, gatewayApi), headers, query, claims };
}

/** Whether `TranslateRoute` drops this match for the server being built (port, gateways, source). */
function dropped(m: any, vs: VirtualServiceCfg, ctx: RouteContext): boolean {
  if (!m) return false;
  if (m.port && m.port !== ctx.serverPort) return true;
  const gateways: string[] = (m.gateways ?? []).map((g: string) => resolveGatewayName(g, vs.meta.namespace));
  if (gateways.length > 0) return !gateways.includes(ctx.gateway);
  const labels = Object.entries(m.sourceLabels ?? {});
  if (labels.some(([k, v]) => ctx.proxyLabels[k] !== v)) return true;
  return m.sourceNamespace !== undefined && ctx.proxyNamespace !== undefined && m.sourceNamespace !== ctx.proxyNamespace;
}

/** `IsCatchAllRoute`: path `/` (prefix or path-separated) or regex `.*`, and no header, query or claim matcher. */
export function isCatchAll(m: EnvoyMatch): boolean {
  const p = m.path;
  const everyPath = ((p.kind === 'prefix' || p.kind === 'pathSeparatedPrefix') && p.value === '/') || (p.kind === 'regex' && p.value === '.*');
  return everyPath && m.headers.length === 0 && m.query.length === 0 && m.claims === 0;
}

/**
 * `BuildHTTPRoutesForVirtualService`: one route per match, in order; a rule without match is one `/` route; the
 * first catch-all ends the VirtualService (later rules are dropped).
 */
export function buildRoutes(vs: VirtualServiceCfg, ctx: RouteContext): EnvoyRoute[] {
  const out: EnvoyRoute[] = [];
  for (const http of vs.http) {
    const matches: any[] = http.match?.length ? http.match : [undefined];
    for (const m of matches) {
      if (dropped(m, vs, ctx)) continue;
      const match = translateMatch(m, vs.gatewayApi === true);
      out.push({ match, http, vs });
      if (m === undefined || isCatchAll(match)) return out;
    }
  }
  return out;
}

/** `SortVHostRoutes`: a stable partition moving every catch-all route to the end. */
export function sortVirtualHostRoutes(routes: EnvoyRoute[]): EnvoyRoute[] {
  return [...routes.filter(r => !isCatchAll(r.match)), ...routes.filter(r => isCatchAll(r.match))];
}
