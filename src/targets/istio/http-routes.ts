/**
 * Renders flattened routes as Istio VirtualService HTTP routes, exactly: a segment prefix becomes an exact match
 * plus a `/`-terminated string prefix; header and parameter presence becomes the regex `.*`. The routes are finished
 * JSON (see finished-json.ts): an optional field the model leaves out is left out, never set to `undefined`.
 */
import { append } from '../../compiler/algebra/collections';
import { destinationHost } from '../../compiler/algebra/destination-host';
import { EffectiveMatch, effective, isAnyPath, stem } from '../../compiler/algebra/match';
import { FlatRoute } from '../../compiler/compiled';
import {
  VirtualServiceSpecHttp, VirtualServiceSpecHttpHeaders, VirtualServiceSpecHttpHeadersRequest, VirtualServiceSpecHttpMatch,
  VirtualServiceSpecHttpMatchHeaders, VirtualServiceSpecHttpMatchUri, VirtualServiceSpecHttpRedirect, VirtualServiceSpecHttpRetries,
  VirtualServiceSpecHttpRewrite, VirtualServiceSpecHttpRouteDestination,
} from '../../imports/networking.istio.io';
import { HeaderChangesModel, MatchModel, PathCondition, RetryModel, ValueCondition } from '../../model';
import { formatDuration } from '../durations';

/** One Istio URI condition, and the prefix rewrite that keeps a prefix rewrite exact for it. */
interface RenderedPath {
  readonly uri?: VirtualServiceSpecHttpMatchUri;
  /** For a prefix rewrite: the replacement to use with this URI condition. */
  readonly rewritePrefix?: string;
}

/** The one URI condition of a path that needs one (every path but a segment prefix of more than `/`), or undefined. */
function singleUri(p: PathCondition): VirtualServiceSpecHttpMatchUri | undefined {
  if (isAnyPath(p)) return { prefix: '/' };
  switch (p.kind) {
    case 'exact': return { exact: p.value };
    case 'prefix': return { prefix: p.value };
    case 'regex': return { regex: p.value };
    case 'segment': return undefined;
  }
}

function renderPath(p: PathCondition, rewrite?: string): RenderedPath[] {
  const uri = singleUri(p);
  if (uri) return [{ uri, rewritePrefix: rewrite }];
  // Any other kind fails the build first (MESH011, declarations.ts checkMatch).
  if (p.kind !== 'segment') throw new Error(`unknown path kind ${String((p as PathCondition).kind)}`);
  const s = stem(p.value);
  const slashed = rewrite === undefined ? undefined : rewrite.endsWith('/') ? rewrite : `${rewrite}/`;
  return [{ uri: { exact: s }, rewritePrefix: rewrite }, { uri: { prefix: `${s}/` }, rewritePrefix: slashed }];
}

function stringMatch(c: ValueCondition): VirtualServiceSpecHttpMatchHeaders {
  switch (c.kind) {
    case 'exact': return { exact: c.value };
    case 'prefix': return { prefix: c.value };
    case 'regex': return { regex: c.value };
    case 'present': return { regex: '.*' };
  }
}

function conditions(list: readonly ValueCondition[]): Record<string, VirtualServiceSpecHttpMatchHeaders> | undefined {
  return list.length === 0 ? undefined : Object.fromEntries(list.map(c => [c.name, stringMatch(c)]));
}

/** An object being built field by field (only fields with a value are set). */
type Building<T> = { -readonly [K in keyof T]: T[K] };

function renderMatch(m: EffectiveMatch, uri: VirtualServiceSpecHttpMatchUri | undefined): VirtualServiceSpecHttpMatch {
  const out: Building<VirtualServiceSpecHttpMatch> = {};
  if (uri) out.uri = uri;
  if (m.method) out.method = { exact: m.method };
  if (m.headers.length > 0) out.headers = conditions(m.headers);
  if (m.query.length > 0) out.queryParams = conditions(m.query);
  return out;
}

function headerOps(h: HeaderChangesModel): VirtualServiceSpecHttpHeadersRequest {
  const out: Building<VirtualServiceSpecHttpHeadersRequest> = {};
  if (Object.keys(h.set).length) out.set = { ...h.set };
  if (Object.keys(h.add).length) out.add = { ...h.add };
  if (h.remove.length) out.remove = [...h.remove];
  return out;
}

/** The Istio matches of a route's own (root-level) match sets. */
export function renderMatches(matches: readonly MatchModel[]): VirtualServiceSpecHttpMatch[] {
  return istioMatches(matches.length > 0 ? matches.map(effective) : [effective({ headers: [], query: [] })]);
}

/** The Istio matches of effective match sets: one per URI condition (two for a segment prefix). */
function istioMatches(sets: readonly EffectiveMatch[]): VirtualServiceSpecHttpMatch[] {
  const out: VirtualServiceSpecHttpMatch[] = [];
  for (const m of sets) {
    const uri = singleUri(m.path);
    if (uri) {
      out.push(renderMatch(m, uri));
    } else {
      const paths = renderPath(m.path);
      for (let i = 0; i < paths.length; i++) out.push(renderMatch(m, paths[i].uri));
    }
  }
  return out;
}

/**
 * The Istio HTTP routes of one flattened route (several when a prefix rewrite meets a segment prefix), named `name`
 * (the route's own by default; `name.2`… after the first).
 */
export function renderHttpRoutes(route: FlatRoute, clusterDomain: string, name = route.name): VirtualServiceSpecHttp[] {
  const action = route.action;
  const prefixRewrite = action.type === 'forward' && action.pathRewrite?.kind === 'prefix' ? action.pathRewrite.value : undefined;
  if (prefixRewrite === undefined) {
    // Without a prefix rewrite, every URI condition goes in one HTTP route.
    const http: Building<VirtualServiceSpecHttp> = { name, match: istioMatches(route.matches) };
    renderAction(http, route, undefined, clusterDomain);
    return [http];
  }
  const rendered = route.matches.flatMap(m => renderPath(m.path, prefixRewrite).map(p => ({ m, p })));
  // One HTTP route unless the prefix rewrite differs between the rendered URI conditions.
  const groups = new Map<string, typeof rendered>();
  for (const r of rendered) {
    const key = r.p.rewritePrefix ?? '';
    append(groups, key, r);
  }
  return [...groups.entries()].map(([rewritePrefix, members], i) => {
    const http: Building<VirtualServiceSpecHttp> = {
      name: i === 0 ? name : `${name}.${i + 1}`,
      match: members.map(({ m, p }) => renderMatch(m, p.uri)),
    };
    renderAction(http, route, rewritePrefix, clusterDomain);
    return http;
  });
}

/** Istio's form of a retry policy. */
export function renderRetries(r: RetryModel): VirtualServiceSpecHttpRetries {
  const out: Building<VirtualServiceSpecHttpRetries> = { attempts: r.attempts };
  if (r.perTryTimeoutMs !== undefined) out.perTryTimeout = formatDuration(r.perTryTimeoutMs);
  if (r.retryOn.length) out.retryOn = r.retryOn.join(',');
  return out;
}

/** Sets the fields of a route's action on `out` (an HTTP route holding its name and matches), in Istio's order. */
function renderAction(out: Building<VirtualServiceSpecHttp>, route: FlatRoute, rewritePrefix: string | undefined, clusterDomain: string): void {
  const a = route.action;
  switch (a.type) {
    case 'forward': {
      const single = a.destinations.length === 1;
      out.route = a.destinations.map(d => {
        const destination: Building<VirtualServiceSpecHttpRouteDestination> = { host: destinationHost(d.service!, clusterDomain) };
        if (d.service!.subset) destination.subset = d.service!.subset.name;
        destination.port = { number: d.service!.port };
        return single ? { destination } : { destination, weight: d.weight };
      });
      if (rewritePrefix !== undefined || a.pathRewrite || a.hostRewrite) {
        const rewrite: Building<VirtualServiceSpecHttpRewrite> = {};
        if (rewritePrefix !== undefined) rewrite.uri = rewritePrefix;
        if (a.pathRewrite?.kind === 'full') rewrite.uriRegexRewrite = { match: '^.*$', rewrite: a.pathRewrite.value };
        if (a.hostRewrite !== undefined) rewrite.authority = a.hostRewrite;
        out.rewrite = rewrite;
      }
      if (a.timeoutMs !== undefined) out.timeout = formatDuration(a.timeoutMs);
      if (a.retries !== undefined) out.retries = a.retries && renderRetries(a.retries);
      if (a.requestHeaders || a.responseHeaders) {
        const headers: Building<VirtualServiceSpecHttpHeaders> = {};
        if (a.requestHeaders) headers.request = headerOps(a.requestHeaders);
        if (a.responseHeaders) headers.response = headerOps(a.responseHeaders);
        out.headers = headers;
      }
      return;
    }
    case 'redirect': {
      const redirect: Building<VirtualServiceSpecHttpRedirect> = {};
      if (a.scheme !== undefined) redirect.scheme = a.scheme;
      if (a.host !== undefined) redirect.authority = a.host;
      if (a.port !== undefined) redirect.port = a.port;
      if (a.path !== undefined) redirect.uri = a.path;
      if (a.statusCode !== undefined) redirect.redirectCode = a.statusCode;
      out.redirect = redirect;
      return;
    }
    case 'direct':
      out.directResponse = a.body === undefined ? { status: a.status } : { status: a.status, body: { string: a.body } };
  }
}
