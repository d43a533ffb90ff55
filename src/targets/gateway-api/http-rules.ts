/**
 * Renders flattened routes as Gateway API HTTPRoute rules, exactly or not at all: a segment prefix is a `PathPrefix`,
 * a string prefix a `RegularExpression`, a header prefix or presence a `RegularExpression`; what the standard channel
 * cannot say (retries, direct responses, a prefix rewrite of a string prefix) is reported as a problem.
 */
import { EffectiveMatch, isAnyPath, stem } from '../../compiler/algebra/match';
import { escapeRegex } from '../../compiler/algebra/regex';
import { FlatRoute } from '../../compiler/compiled';
import {
  HttpRouteSpecRules, HttpRouteSpecRulesFilters, HttpRouteSpecRulesFiltersRequestRedirectPathType, HttpRouteSpecRulesFiltersRequestRedirectScheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode, HttpRouteSpecRulesFiltersType, HttpRouteSpecRulesFiltersUrlRewritePathType,
  HttpRouteSpecRulesMatches, HttpRouteSpecRulesMatchesHeadersType, HttpRouteSpecRulesMatchesMethod,
  HttpRouteSpecRulesMatchesPathType, HttpRouteSpecRulesMatchesQueryParamsType,
} from '../../imports/gateway.networking.k8s.io';
import { HeaderChangesModel, ValueCondition } from '../../model';
import { formatDuration, isGatewayApiDuration } from '../durations';

/** One rendered match and the effective match it renders. */
export interface RenderedMatch {
  readonly match: HttpRouteSpecRulesMatches;
  readonly source: EffectiveMatch;
}

/** One HTTPRoute rule of a flattened route (before backendRefs are placed in a namespace). */
export interface RenderedRule {
  readonly route: FlatRoute;
  readonly matches: RenderedMatch[];
  readonly filters: HttpRouteSpecRulesFilters[];
  readonly timeoutMs?: number;
}

/** The rules of one flattened route, or why the Gateway API cannot express it exactly. */
export interface RenderedRoute {
  readonly rules: RenderedRule[];
  readonly problems: string[];
}

const PATH = HttpRouteSpecRulesMatchesPathType;

/** The Gateway API path match equivalent to a path condition. */
export function renderPath(m: EffectiveMatch): HttpRouteSpecRulesMatches['path'] {
  const p = m.path;
  if (isAnyPath(p)) return { type: PATH.PATH_PREFIX, value: '/' };
  switch (p.kind) {
    case 'exact': return { type: PATH.EXACT, value: p.value };
    case 'segment': return { type: PATH.PATH_PREFIX, value: stem(p.value) };
    case 'prefix': return { type: PATH.REGULAR_EXPRESSION, value: `${escapeRegex(p.value)}.*` };
    case 'regex': return { type: PATH.REGULAR_EXPRESSION, value: p.value };
  }
}

function valueMatch(c: ValueCondition): { type: 'Exact' | 'RegularExpression'; value: string } {
  switch (c.kind) {
    case 'exact': return { type: 'Exact', value: c.value };
    case 'prefix': return { type: 'RegularExpression', value: `${escapeRegex(c.value)}.*` };
    case 'regex': return { type: 'RegularExpression', value: c.value };
    case 'present': return { type: 'RegularExpression', value: '.*' };
  }
}

function renderMatch(m: EffectiveMatch): HttpRouteSpecRulesMatches {
  return {
    path: renderPath(m),
    method: m.method as HttpRouteSpecRulesMatchesMethod | undefined,
    headers: m.headers.length === 0 ? undefined : m.headers.map(h => {
      const v = valueMatch(h);
      return { name: h.name, type: v.type as HttpRouteSpecRulesMatchesHeadersType, value: v.value };
    }),
    queryParams: m.query.length === 0 ? undefined : m.query.map(q => {
      const v = valueMatch(q);
      return { name: q.name, type: v.type as HttpRouteSpecRulesMatchesQueryParamsType, value: v.value };
    }),
  };
}

function headerFilter(type: 'RequestHeaderModifier' | 'ResponseHeaderModifier', h?: HeaderChangesModel): HttpRouteSpecRulesFilters[] {
  if (!h) return [];
  const list = (r: Readonly<Record<string, string>>) => {
    const entries = Object.entries(r).map(([name, value]) => ({ name, value }));
    return entries.length ? entries : undefined;
  };
  const modifier = { set: list(h.set), add: list(h.add), remove: h.remove.length ? [...h.remove] : undefined };
  return type === 'RequestHeaderModifier'
    ? [{ type: HttpRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER, requestHeaderModifier: modifier }]
    : [{ type: HttpRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER, responseHeaderModifier: modifier }];
}

/** The rewrite filter of one match, or why it cannot be exact. */
function rewriteFilter(route: FlatRoute, m: EffectiveMatch): HttpRouteSpecRulesFilters | string | undefined {
  const a = route.action;
  if (a.type !== 'forward' || (!a.pathRewrite && !a.hostRewrite)) return undefined;
  const REWRITE = HttpRouteSpecRulesFiltersUrlRewritePathType;
  let path: NonNullable<HttpRouteSpecRulesFilters['urlRewrite']>['path'];
  if (a.pathRewrite?.kind === 'full') {
    path = { type: REWRITE.REPLACE_FULL_PATH, replaceFullPath: a.pathRewrite.value };
  } else if (a.pathRewrite) {
    const kind = isAnyPath(m.path) && m.path.kind === 'prefix' ? 'any' : m.path.kind;
    if (kind === 'exact') {
      path = { type: REWRITE.REPLACE_FULL_PATH, replaceFullPath: a.pathRewrite.value };
    } else if (kind === 'segment' || (kind === 'any' && a.pathRewrite.value.endsWith('/'))) {
      path = { type: REWRITE.REPLACE_PREFIX_MATCH, replacePrefixMatch: a.pathRewrite.value };
    } else {
      return `a prefix rewrite of the string prefix ${m.path.value} (Gateway API rewrites path elements only); use a segment prefix`;
    }
  }
  return { type: HttpRouteSpecRulesFiltersType.URL_REWRITE, urlRewrite: { hostname: a.hostRewrite, path } };
}

/** HTTPRoute CRD limits on values (gateway-api standard channel: HTTPPathMatch, HTTPHeaderMatch, HTTPQueryParamMatch). */
const VALUE_LIMITS = { path: 1024, header: 4096, query: 1024 };

/** What the CRD would reject in a rendered match: values past their length limits (escaping can double a prefix). */
function valueProblems(m: HttpRouteSpecRulesMatches): string[] {
  const over = (what: string, value: string | undefined, limit: number) =>
    (value !== undefined && value.length > limit ? [`${what} rendered as ${value.length} characters (at most ${limit})`] : []);
  return [
    ...over('the path', m.path?.value, VALUE_LIMITS.path),
    ...(m.headers ?? []).flatMap(h => over(`header ${h.name}`, h.value, VALUE_LIMITS.header)),
    ...(m.queryParams ?? []).flatMap(q => over(`query parameter ${q.name}`, q.value, VALUE_LIMITS.query)),
  ];
}

/** Renders one flattened route as HTTPRoute rules (several when a prefix rewrite needs one match per rule). */
export function renderRoute(route: FlatRoute): RenderedRoute {
  const a = route.action;
  const rendered = route.matches.map(m => ({ match: renderMatch(m), source: m }));
  const problems: string[] = rendered.flatMap(r => valueProblems(r.match));
  if (a.type === 'direct') {
    return { rules: [], problems: ['a direct response (the standard channel has no such filter)'] };
  }
  if (a.type === 'redirect') {
    const filter: HttpRouteSpecRulesFilters = {
      type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
      requestRedirect: {
        scheme: a.scheme as HttpRouteSpecRulesFiltersRequestRedirectScheme | undefined,
        hostname: a.host,
        port: a.port,
        path: a.path === undefined ? undefined
          : { type: HttpRouteSpecRulesFiltersRequestRedirectPathType.REPLACE_FULL_PATH, replaceFullPath: a.path },
        statusCode: a.statusCode as HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
      },
    };
    return { rules: [{ route, matches: rendered, filters: [filter] }], problems };
  }
  if (a.retries) problems.push('retries (the standard channel has no retry field)');
  if (a.timeoutMs !== undefined && !isGatewayApiDuration(formatDuration(a.timeoutMs))) {
    problems.push(`a timeout of ${formatDuration(a.timeoutMs)} (Gateway API durations stop below 100,000 hours)`);
  }
  const subset = a.destinations.find(d => d.service?.subset);
  if (subset) {
    const s = subset.service!;
    problems.push(`the subset "${s.subset!.name}" of ${s.namespace}/${s.name} (backendRefs name whole Services; declare a Service per subset)`);
  }
  if (a.destinations.length > 16) problems.push(`${a.destinations.length} destinations in one route (at most 16 backendRefs per rule)`);
  const crowded = route.matches.find(m => m.headers.length > 16 || m.query.length > 16);
  if (crowded) problems.push('more than 16 header or query parameter conditions in one match set');
  const common = [...headerFilter('RequestHeaderModifier', a.requestHeaders), ...headerFilter('ResponseHeaderModifier', a.responseHeaders)];
  if (!a.pathRewrite && !a.hostRewrite) {
    return { rules: [{ route, matches: rendered, filters: common, timeoutMs: a.timeoutMs }], problems };
  }
  // A rewrite applies per match (ReplacePrefixMatch needs exactly one PathPrefix match in its rule).
  const rules: RenderedRule[] = [];
  for (const r of rendered) {
    const rewrite = rewriteFilter(route, r.source);
    if (typeof rewrite === 'string') problems.push(rewrite);
    else rules.push({ route, matches: [r], filters: [...(rewrite ? [rewrite] : []), ...common], timeoutMs: a.timeoutMs });
  }
  return { rules, problems };
}

/** A `backendRef` of Istio's kind `Hostname` (group `networking.istio.io`): a ServiceEntry host. */
function hostnameBackend(name: string, port: number, weight: number) {
  return { group: 'networking.istio.io', kind: 'Hostname', name, port, weight };
}

/** The HTTPRoute rule of a rendered rule, with its backends placed relative to the route's namespace. */
export function toRule(r: RenderedRule, routeNamespace: string): HttpRouteSpecRules {
  const a = r.route.action;
  return {
    matches: r.matches.map(m => m.match),
    filters: r.filters.length ? r.filters : undefined,
    timeouts: r.timeoutMs === undefined ? undefined : { request: formatDuration(r.timeoutMs) },
    backendRefs: a.type !== 'forward' ? undefined : a.destinations.map(d => (d.service!.external || d.service!.virtual
      // Istio's Hostname backend: the ServiceEntry host, visible through its exportTo (no namespace, no ReferenceGrant).
      ? hostnameBackend((d.service!.external ?? d.service!.virtual)!.host, d.service!.port, d.weight)
      : {
        name: d.service!.name,
        namespace: d.service!.namespace === routeNamespace ? undefined : d.service!.namespace,
        port: d.service!.port,
        weight: d.weight,
      })),
  };
}
