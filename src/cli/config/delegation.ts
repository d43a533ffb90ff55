/**
 * Istio's delegation merge (istio/istio pilot/pkg/model/virtualservice.go: mergeHTTPRoute, mergeHTTPMatchRequests,
 * hasConflict, stringMatchConflict; virtualservice_controller.go: mergeVirtualServices), one level deep: each root
 * route with `delegate` is replaced in place by the delegate's routes, their matches merged with the root's. A missing,
 * hosted or unexported delegate drops the root route; a child route whose every match conflicts with the root's is
 * dropped. istiod does all of this silently; here each drop is a finding.
 */
import { istioMatch, resolveGatewayName } from './matches';
import { Origin } from './model';
import { describeMatch } from '../../compiler/algebra/match';
import { Findings, locateOrigin, objectName } from '../findings/finding';
import { AnalyzerRules } from '../findings/rules';
import { SourceObject } from '../input/documents';

/** A match of a route before conversion: the YAML object and where it was written. */
export interface RawMatch {
  readonly m: any;
  readonly origin: Origin;
}

/** An HTTP route after the merge, before conversion. */
export interface RawRoute {
  readonly http: any;
  readonly matches: readonly RawMatch[];
  /** The namespace short names of the route are resolved in (the delegate's, for a merged route). */
  readonly namespace: string;
  readonly origin: Origin;
  readonly via?: Origin;
}

/** Fields a child route takes from the root when it leaves them unset (mergeHTTPRoute). */
const INHERITED = ['rewrite', 'directResponse', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercent', 'mirrorPercentage',
  'corsPolicy', 'mirrors', 'headers'];

const field = (object: SourceObject, ...path: Array<string | number>): Origin => ({ object, field: ['spec', 'http', ...path] });

/** A route's matches with gateway names resolved in `namespace`, each with its origin (no match: none). */
function rawMatches(http: any, namespace: string, route: Origin): RawMatch[] {
  return (Array.isArray(http.match) ? http.match : []).map((m: any, i: number) => ({
    m: m?.gateways ? { ...m, gateways: m.gateways.map((g: string) => resolveGatewayName(String(g), namespace)) } : m ?? {},
    origin: { object: route.object, field: [...route.field, 'match', i] },
  }));
}

/** `stringMatchConflict`: may the child's condition stand inside the root's? */
function stringConflict(r: any, c: any): boolean {
  if (r === undefined || r === null || c === undefined || c === null) return false;
  const set = (s: any) => s.regex !== undefined || s.prefix !== undefined || s.exact !== undefined;
  if (r.regex !== undefined) return set(c);
  if (c.regex !== undefined) return set(r);
  if (r.exact !== undefined) return c.prefix !== undefined || c.exact !== r.exact;
  if (r.prefix !== undefined) {
    const v = c.prefix ?? c.exact;
    return v === undefined || !String(v).startsWith(String(r.prefix));
  }
  return true;
}

function mapConflict(r: any, c: any): boolean {
  return Object.keys(c ?? {}).some(k => stringConflict(r?.[k], c[k]));
}

/** `hasConflict(root, child)`: the child match does not lie inside the root match. */
function hasConflict(r: any, c: any): boolean {
  if (['uri', 'scheme', 'method', 'authority'].some(f => stringConflict(r[f], c[f]))) return true;
  if (['headers', 'withoutHeaders', 'queryParams'].some(f => mapConflict(r[f], c[f]))) return true;
  if (!!r.ignoreUriCase !== !!c.ignoreUriCase) return true;
  if (r.port && c.port && r.port !== c.port) return true;
  if (r.sourceNamespace && c.sourceNamespace !== r.sourceNamespace) return true;
  if (Object.keys(c.sourceLabels ?? {}).some(k => r.sourceLabels?.[k] !== undefined && r.sourceLabels[k] !== c.sourceLabels[k])) return true;
  const [rg, cg]: string[][] = [r.gateways ?? [], c.gateways ?? []];
  return rg.length > 0 && cg.length > 0 && (rg.length < cg.length || cg.some(g => !rg.includes(g)));
}

/** `mergeHTTPMatchRequest`: the child's conditions, the root's where the child sets none. */
function mergeMatch(r: any, c: any): any {
  const out: any = { ...c };
  for (const f of ['uri', 'scheme', 'method', 'authority', 'sourceNamespace', 'statPrefix']) out[f] = c[f] ?? r[f];
  for (const f of ['headers', 'withoutHeaders', 'queryParams', 'sourceLabels']) out[f] = { ...r[f], ...c[f] };
  out.port = c.port || r.port;
  out.gateways = c.gateways?.length ? c.gateways : r.gateways;
  return out;
}

/** `mergeHTTPMatchRequests`: compatible pairs in child order; undefined when some child match fits no root match. */
function mergeMatches(root: readonly RawMatch[], child: readonly RawMatch[]): RawMatch[] | undefined {
  if (root.length === 0) return [...child];
  if (child.length === 0) return [...root];
  const out: RawMatch[] = [];
  for (const c of child) {
    const fitting = root.filter(r => !hasConflict(r.m, c.m));
    if (fitting.length === 0) return undefined;
    out.push(...fitting.map(r => ({ m: mergeMatch(r.m, c.m), origin: c.origin })));
  }
  return out;
}

/** Whether the delegate's exportTo lets the root's namespace see it (meshConfig default: every namespace). */
function exportedTo(child: SourceObject, namespace: string): boolean {
  const to: string[] | undefined = child.body.spec?.exportTo;
  if (!to || to.length === 0) return true;
  return to.includes('*') || to.includes(namespace) || (to.includes('.') && child.namespace === namespace);
}

/** A delegate route as a subject of messages. */
export function routeSubject(http: any, origin: Origin): string {
  const index = origin.field[origin.field.length - 1];
  return `route ${http?.name ? `"${http.name}"` : `http[${index}]`} of ${objectName(origin)}`;
}

/** The routes of a delegate merged under one root route; findings for those istiod drops. */
function mergeChild(root: RawRoute, child: SourceObject, findings: Findings): RawRoute[] {
  const out: RawRoute[] = [];
  (child.body.spec?.http ?? []).forEach((c: any, j: number) => {
    const origin = field(child, j);
    if (!c || c.delegate) return; // a nested delegate is rejected by istiod's webhook
    const matches = mergeMatches(root.matches, rawMatches(c, child.namespace, origin));
    if (!matches) {
      const describe = (ms: readonly RawMatch[]) => ms.map(m => describeMatch(istioMatch(m.m, child.namespace, m.origin).match)).join(' | ');
      findings.report(AnalyzerRules.ChildOutsideParent, origin, {
        subject: routeSubject(c, origin),
        parent: routeSubject(root.http, root.origin),
        match: describe(rawMatches(c, child.namespace, origin)),
        parentMatch: describe(root.matches),
      }, [locateOrigin(root.origin, 'the delegating route')]);
      return;
    }
    const http: any = { ...c, match: matches.map(m => m.m), name: [root.http.name, c.name].filter(Boolean).join('-') || undefined };
    for (const f of INHERITED) if (http[f] === undefined || http[f] === null) http[f] = root.http[f];
    out.push({ http, matches, namespace: child.namespace, origin, via: root.origin });
  });
  return out;
}

/** The HTTP routes of a VirtualService with its delegates merged in; `all` finds a delegate by `namespace/name`. */
export function mergedRoutes(vs: SourceObject, all: ReadonlyMap<string, SourceObject>, findings: Findings): RawRoute[] {
  const out: RawRoute[] = [];
  (vs.body.spec?.http ?? []).forEach((http: any, i: number) => {
    if (!http) return;
    const origin = field(vs, i);
    const route: RawRoute = { http, matches: rawMatches(http, vs.namespace, origin), namespace: vs.namespace, origin };
    if (!http.delegate) {
      out.push(route);
      return;
    }
    const key = `${http.delegate.namespace ?? vs.namespace}/${http.delegate.name}`;
    const child = all.get(key);
    const subject = routeSubject(http, origin);
    const delegate = `VirtualService ${key}`;
    const at: Origin = { object: vs, field: [...origin.field, 'delegate'] };
    if (!child) {
      findings.report(AnalyzerRules.DelegationSelectsNothing, at, { subject, delegate });
    } else if ((child.body.spec?.hosts ?? []).length > 0) {
      findings.report(AnalyzerRules.DelegationTargetIsRoot, at, { subject, delegate });
    } else if (!exportedTo(child, vs.namespace)) {
      findings.report(AnalyzerRules.DelegationNotShared, at, {
        subject, delegate, exportTo: child.body.spec.exportTo, namespace: vs.namespace,
      }, [locateOrigin({ object: child, field: ['spec', 'exportTo'] }, 'the delegate\'s exportTo')]);
    } else {out.push(...mergeChild(route, child, findings));}
  });
  return out;
}
