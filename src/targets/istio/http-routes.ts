/**
 * Renders flattened routes as Istio VirtualService HTTP routes, exactly: a segment prefix becomes an exact match
 * plus a `/`-terminated string prefix; header and parameter presence becomes the regex `.*`.
 */
import { append } from '../../compiler/algebra/collections';
import { destinationHost } from '../../compiler/algebra/destination-host';
import { EffectiveMatch, effective, isAnyPath, stem } from '../../compiler/algebra/match';
import { FlatRoute } from '../../compiler/compiled';
import {
  VirtualServiceSpecHttp, VirtualServiceSpecHttpHeaders, VirtualServiceSpecHttpMatch, VirtualServiceSpecHttpMatchHeaders,
  VirtualServiceSpecHttpMatchUri, VirtualServiceSpecHttpRetries, VirtualServiceSpecHttpRewrite,
} from '../../imports/networking.istio.io';
import { HeaderChangesModel, MatchModel, PathCondition, RetryModel, ValueCondition } from '../../model';
import { formatDuration } from '../durations';

/** One Istio URI condition, and the prefix rewrite that keeps a prefix rewrite exact for it. */
interface RenderedPath {
  readonly uri?: VirtualServiceSpecHttpMatchUri;
  /** For a prefix rewrite: the replacement to use with this URI condition. */
  readonly rewritePrefix?: string;
}

function renderPath(p: PathCondition, rewrite?: string): RenderedPath[] {
  if (isAnyPath(p)) return [{ uri: { prefix: '/' }, rewritePrefix: rewrite }];
  switch (p.kind) {
    case 'exact': return [{ uri: { exact: p.value }, rewritePrefix: rewrite }];
    case 'prefix': return [{ uri: { prefix: p.value }, rewritePrefix: rewrite }];
    case 'regex': return [{ uri: { regex: p.value }, rewritePrefix: rewrite }];
    case 'segment': {
      const s = stem(p.value);
      const slashed = rewrite === undefined ? undefined : rewrite.endsWith('/') ? rewrite : `${rewrite}/`;
      return [{ uri: { exact: s }, rewritePrefix: rewrite }, { uri: { prefix: `${s}/` }, rewritePrefix: slashed }];
    }
  }
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

function renderMatch(m: EffectiveMatch, uri: VirtualServiceSpecHttpMatchUri | undefined): VirtualServiceSpecHttpMatch {
  return {
    uri,
    method: m.method ? { exact: m.method } : undefined,
    headers: conditions(m.headers),
    queryParams: conditions(m.query),
  };
}

function headerOps(h?: HeaderChangesModel) {
  if (!h) return undefined;
  const map = (r: Readonly<Record<string, string>>) => (Object.keys(r).length ? { ...r } : undefined);
  return { set: map(h.set), add: map(h.add), remove: h.remove.length ? [...h.remove] : undefined };
}

/** The Istio matches of a route's own (root-level) match sets. */
export function renderMatches(matches: readonly MatchModel[]): VirtualServiceSpecHttpMatch[] {
  return istioMatches(matches.length > 0 ? matches.map(effective) : [effective({ headers: [], query: [] })]);
}

/** The Istio matches of effective match sets: one per URI condition (two for a segment prefix). */
function istioMatches(sets: readonly EffectiveMatch[]): VirtualServiceSpecHttpMatch[] {
  return sets.flatMap(m => renderPath(m.path).map(p => renderMatch(m, p.uri)));
}

/** The Istio HTTP routes of one flattened route (several when a prefix rewrite meets a segment prefix). */
export function renderHttpRoutes(route: FlatRoute, clusterDomain: string): VirtualServiceSpecHttp[] {
  const action = route.action;
  const prefixRewrite = action.type === 'forward' && action.pathRewrite?.kind === 'prefix' ? action.pathRewrite.value : undefined;
  if (prefixRewrite === undefined) {
    // Without a prefix rewrite, every URI condition goes in one HTTP route.
    return [{ name: route.name, match: istioMatches(route.matches), ...renderAction(route, undefined, clusterDomain) }];
  }
  const rendered = route.matches.flatMap(m => renderPath(m.path, prefixRewrite).map(p => ({ m, p })));
  // One HTTP route unless the prefix rewrite differs between the rendered URI conditions.
  const groups = new Map<string, typeof rendered>();
  for (const r of rendered) {
    const key = r.p.rewritePrefix ?? '';
    append(groups, key, r);
  }
  return [...groups.entries()].map(([rewritePrefix, members], i) => ({
    name: i === 0 ? route.name : `${route.name}.${i + 1}`,
    match: members.map(({ m, p }) => renderMatch(m, p.uri)),
    ...renderAction(route, prefixRewrite === undefined ? undefined : rewritePrefix, clusterDomain),
  }));
}

/** Istio's form of a retry policy. */
export function renderRetries(r: RetryModel): VirtualServiceSpecHttpRetries {
  return {
    attempts: r.attempts,
    perTryTimeout: r.perTryTimeoutMs === undefined ? undefined : formatDuration(r.perTryTimeoutMs),
    retryOn: r.retryOn.length ? r.retryOn.join(',') : undefined,
  };
}

function renderAction(route: FlatRoute, rewritePrefix: string | undefined, clusterDomain: string): Partial<VirtualServiceSpecHttp> {
  const a = route.action;
  switch (a.type) {
    case 'forward': {
      const single = a.destinations.length === 1;
      const rewrite: VirtualServiceSpecHttpRewrite | undefined =
        rewritePrefix !== undefined || a.pathRewrite || a.hostRewrite ? {
          uri: rewritePrefix,
          uriRegexRewrite: a.pathRewrite?.kind === 'full' ? { match: '^.*$', rewrite: a.pathRewrite.value } : undefined,
          authority: a.hostRewrite,
        } : undefined;
      const headers: VirtualServiceSpecHttpHeaders | undefined = a.requestHeaders || a.responseHeaders
        ? { request: headerOps(a.requestHeaders), response: headerOps(a.responseHeaders) } : undefined;
      return {
        route: a.destinations.map(d => ({
          destination: {
            host: destinationHost(d.service!, clusterDomain),
            subset: d.service!.subset?.name,
            port: { number: d.service!.port },
          },
          weight: single ? undefined : d.weight,
        })),
        rewrite,
        timeout: a.timeoutMs === undefined ? undefined : formatDuration(a.timeoutMs),
        retries: a.retries && renderRetries(a.retries),
        headers,
      };
    }
    case 'redirect':
      return { redirect: { scheme: a.scheme, authority: a.host, port: a.port, uri: a.path, redirectCode: a.statusCode } };
    case 'direct':
      return { directResponse: { status: a.status, body: a.body === undefined ? undefined : { string: a.body } } };
  }
}
