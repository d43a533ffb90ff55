/**
 * GAMMA: the east–west routes of a Kubernetes Service as HTTPRoutes whose parent is the Service itself, wherever they say
 * exactly what the compiled mesh VirtualService says; otherwise the host keeps that Istio VirtualService. A host is never
 * served by both. What istiod does with such HTTPRoutes (istio/istio):
 * - pilot/pkg/config/kube/gateway/route_collections.go `HTTPRouteCollection`: a parent of kind Service is the `mesh`
 *   gateway; the route becomes a VirtualService for `<name>.<namespace>.svc.<domain>` in the route's namespace, keyed by
 *   namespace[/port]/host, and `mergeHTTPRoutes` merges every route of one key into ONE VirtualService (creation order,
 *   then conversion.go `sortHTTPRoutes`, a stable sort by Gateway API precedence).
 * - conversion.go `convertHTTPRoute`: one Istio route per match; header modifiers → `headers`, RequestMirror →
 *   `mirrors` (percent, or 100·numerator/denominator), `timeouts.request` → `timeout`; `buildHTTPDestination` keeps the
 *   weights (dropping zero ones); for a mesh parent ReferenceGrants are not enforced (`enforceRefGrant` is `!mesh`).
 * - pilot/pkg/networking/core/route/route.go `buildSidecarVirtualHostsForVirtualService`: a converted VirtualService
 *   applies to a sidecar only in the Service's namespace (producer route) or the sidecar's own (consumer route).
 * - pilot/pkg/model/virtualservice_controller.go `mergeVirtualServices`: it has no `exportTo`, so mesh config's
 *   `defaultVirtualServiceExportTo` applies (`*` unless changed): every sidecar importing the Service sees it.
 * - pilot/pkg/networking/core/httproute.go `buildSidecarOutboundHTTPRouteConfig` (duplicate domains dropped): the first
 *   VirtualService of a host wins on a sidecar, hence HTTPRoutes or the Istio VirtualService for a host, never both.
 * - route.go `GetDestinationCluster`: a destination without a port takes the destination's only port, else the port called.
 */
import { RenderedRule, renderRoute, toRule } from './http-rules';
import { PlacedMatch, precedenceConflicts } from './precedence';
import { splitRules } from './route-parts';
import { serviceFqdn } from '../../compiler/algebra/destination-host';
import { describeMatch } from '../../compiler/algebra/match';
import { CompiledMesh, CompiledMeshRoute, CompiledMeshVirtualService, CompiledMirror, FlatRoute, SAME_PORT } from '../../compiler/compiled';
import { sidecarSees } from '../../compiler/evaluation/east-west';
import {
  HttpRoute, HttpRouteSpec, HttpRouteSpecRulesFilters, HttpRouteSpecRulesFiltersRequestMirror, HttpRouteSpecRulesFiltersType,
} from '../../imports/gateway.networking.k8s.io';
import { KnownServiceModel, ServiceRefModel, WeightedDestinationModel } from '../../model';
import { EmittedObject, perCluster } from '../emitted';
import { dnsName } from '../names';

/** The HTTPRoutes of a host, or why its mesh VirtualService must stay an Istio VirtualService. */
export type MeshRouting = { readonly objects: EmittedObject[] } | { readonly reasons: string[] };

/** What rendering the routes of one host needs. */
interface HostContext {
  readonly mesh: CompiledMesh;
  readonly vs: CompiledMeshVirtualService;
  /** The Service the host names. */
  readonly service: KnownServiceModel;
  /** The port called, when the HTTPRoute is for one (its parentRef's) or the Service has one; undefined: unknown. */
  readonly called?: number;
  /** The namespace of the HTTPRoute: the Service's (producer), or the callers' (consumer). */
  readonly routeNamespace: string;
}

const uniq = (xs: readonly string[]) => [...new Set(xs)];

/**
 * The GAMMA HTTPRoutes of a mesh VirtualService, or the reasons it cannot have any: a producer HTTPRoute in the Service's
 * namespace for every caller, a consumer HTTPRoute in each namespace some routes are for (see `audiences`), each for
 * every port of the Service or — where a destination takes the port called and the Service has several — one per port,
 * its parentRef naming the port (Istio keys those apart and adds the port to every match: `augmentPortMatch`).
 */
export function gammaRouting(mesh: CompiledMesh, vs: CompiledMeshVirtualService): MeshRouting {
  const service = mesh.model.services.find(s => serviceFqdn(s, mesh.model.clusterDomain) === vs.host);
  if (!service) return { reasons: ['the host is not a Kubernetes Service (a GAMMA parent is a Service)'] };
  const reasons = visibilityReasons({ mesh, vs, service, routeNamespace: vs.namespace });
  const groups = audiences(vs, reasons);
  if (reasons.length > 0) return { reasons };
  // Only TCP ports carry HTTP; a Service's protocol defaults to TCP.
  const ports = service.ports.filter(p => p.protocol === 'TCP').map(p => p.port);
  const perPort = ports.length > 1 && takesCalledPort(vs, mesh);
  const objects: EmittedObject[] = [];
  for (const { namespace, routes } of groups) {
    for (const parentPort of perPort ? ports : [undefined]) {
      const called = parentPort ?? (ports.length === 1 ? ports[0] : undefined);
      const routing = portRouting({ mesh, vs, service, called, routeNamespace: namespace }, routes, parentPort);
      if ('reasons' in routing) return routing;
      objects.push(...routing.objects);
    }
  }
  return { objects };
}

/** The routes one HTTPRoute (set) holds: those of the callers in its namespace, or of every caller (the producer's). */
interface Audience {
  readonly namespace: string;
  readonly routes: readonly CompiledMeshRoute[];
}

/**
 * Who takes which routes. A producer route (the Service's namespace) applies to every caller; a consumer route (the
 * caller's namespace) applies to that namespace's callers only and comes first for them, so it overrides the producer's
 * (route.go `buildSidecarVirtualHostsForVirtualService`; pilot/pkg/model/virtualservice.go `SelectVirtualServices`
 * takes same-namespace Gateway API routes first — `PILOT_UNIFIED_SIDECAR_SCOPE`, on by default). So routes for callers
 * of some namespaces go to a consumer route in each of them, with every route for all callers; routes for callers by
 * labels, or for the Service's own namespace only, have no HTTPRoute form (reasons into `reasons`).
 */
function audiences(vs: CompiledMeshVirtualService, reasons: string[]): Audience[] {
  const consumers = new Set<string>();
  for (const r of vs.routes) {
    const { namespaces, labels } = r.callers;
    if (Object.keys(labels).length > 0) {
      reasons.push(`route ${r.name} applies to callers by pod labels (an HTTPRoute applies to whole namespaces)`);
    } else if (namespaces?.includes(vs.namespace)) {
      reasons.push(`route ${r.name} applies to callers in ${vs.namespace} only (an HTTPRoute there is the producer's: every caller)`);
    } else if (namespaces?.some(ns => !vs.exportTo.includes(ns))) {
      reasons.push(`route ${r.name} applies to namespaces outside the VirtualService's exportTo`);
    }
    namespaces?.forEach(ns => consumers.add(ns));
  }
  const everyone = (r: CompiledMeshRoute) => r.callers.namespaces === undefined;
  return [
    { namespace: vs.namespace, routes: vs.routes.filter(everyone) },
    ...[...consumers].sort().map(ns => ({ namespace: ns, routes: vs.routes.filter(r => everyone(r) || r.callers.namespaces!.includes(ns)) })),
  ];
}

/** Whether a destination (or mirror) of the routes names no port and has several: Istio sends it to the port called. */
function takesCalledPort(vs: CompiledMeshVirtualService, mesh: CompiledMesh): boolean {
  const targets = vs.routes.flatMap(r => [
    ...(r.action.type === 'forward' ? r.action.destinations.map(d => d.service!) : []), ...(r.mirror ? [r.mirror.destination] : []),
  ]);
  return targets.some(s => s.port === SAME_PORT && declaredPorts(s, mesh).length !== 1);
}

/** The HTTPRoutes of some routes for the port of their parentRef (undefined: every port), or why there can be none. */
function portRouting(ctx: HostContext, routes: readonly CompiledMeshRoute[], parentPort: number | undefined): MeshRouting {
  const { vs, service, routeNamespace } = ctx;
  const reasons: string[] = [];
  const rules: RenderedRule[] = [];
  for (const r of routes) {
    const rendered = routeRules(r, ctx);
    if (Array.isArray(rendered)) rules.push(...rendered);
    else reasons.push(...rendered.reasons);
  }
  if (reasons.length > 0) return { reasons: uniq(reasons) };
  const parts = splitRules(rules);
  const consumer = routeNamespace === vs.namespace ? [] : [vs.namespace];
  const suffix = parentPort === undefined ? [] : [String(parentPort)];
  const names = parts.map((_, i) => dnsName([vs.name, ...consumer, 'mesh', ...suffix, ...(parts.length > 1 ? [String(i + 1)] : [])]));
  const order = precedenceReasons(routeNamespace, parts, names);
  if (order.length > 0) return { reasons: order };
  const parent = { name: service.name, namespace: consumer[0], port: parentPort };
  return { objects: parts.flatMap((rulesOfPart, i) => httpRouteObjects(ctx, parent, rulesOfPart, names[i])) };
}

/**
 * A producer HTTPRoute reaches every namespace whose sidecar imports the Service; the Istio VirtualService only its
 * `exportTo`. They agree unless a declared namespace outside `exportTo` sees the Service (no Sidecar keeps it out).
 */
function visibilityReasons({ mesh, vs, service }: HostContext): string[] {
  const cluster = vs.clusters[0];
  const outside = [...mesh.namespaceOwners.keys()]
    .filter(ns => ns !== vs.namespace && !vs.exportTo.includes(ns) && sidecarSees(mesh, ns, cluster, service.namespace, vs.host));
  return outside.length === 0 ? [] : [`namespaces ${outside.sort().join(', ')} see the Service but not its routes (an HTTPRoute has no exportTo)`];
}

/** The rules of one route with its policies' filters, or why Gateway API cannot say it exactly. */
function routeRules(r: CompiledMeshRoute, ctx: HostContext): RenderedRule[] | { reasons: string[] } {
  const reasons: string[] = [];
  if (r.fault) reasons.push(`route ${r.name} injects faults (the standard channel has no fault filter)`);
  // conversion.go `createCorsFilter` sets unmatchedPreflights IGNORE, and the CRD defaults maxAge to 5 s: not the policy.
  if (r.cors) reasons.push(`route ${r.name} sets CORS (Istio's CORS filter conversion ignores unmatched preflights)`);
  const route = withPorts(r, ctx, reasons);
  const mirror = r.mirror && mirrorFilter(r.name, r.mirror, ctx, reasons);
  const rendered = renderRoute(route);
  reasons.push(...rendered.problems.map(p => `route ${r.name} has ${p}`));
  if (reasons.length > 0) return { reasons };
  return rendered.rules.map(rule => ({ ...rule, filters: [...rule.filters, ...(mirror ? [mirror] : [])] }));
}

/** The ports of a destination as declared (a Service's, a virtual destination's, an external service's). */
function declaredPorts(s: ServiceRefModel, mesh: CompiledMesh): number[] {
  const m = mesh.model;
  if (s.virtual) return (m.virtualDestinations.find(v => v.path === s.virtual!.path)?.ports ?? []).map(p => p.number);
  if (s.external) return (m.externalServices.find(e => e.path === s.external!.path)?.ports ?? []).map(p => p.number);
  return (m.services.find(x => x.name === s.name && x.namespace === s.namespace)?.ports ?? []).map(p => p.port);
}

/**
 * The port Istio takes for a destination naming none (`GetDestinationCluster`): the destination's only port, else the
 * port called (known for a per-port HTTPRoute, or a Service with one port). Undefined when a backendRef cannot name it.
 */
function portOf(s: ServiceRefModel, { mesh, called }: HostContext): number | undefined {
  if (s.port !== SAME_PORT) return s.port;
  const own = declaredPorts(s, mesh);
  return own.length === 1 ? own[0] : called;
}

/** Why a destination cannot be a backendRef, if it cannot. */
function backendProblem(s: ServiceRefModel, port: number | undefined): string | undefined {
  if (s.federated) return `${s.namespace}/${s.name} in cluster "${s.federated.cluster}" (a federated host, not a Service of this cluster)`;
  if (s.subset) return `the subset "${s.subset.name}" of ${s.namespace}/${s.name} (backendRefs name whole Services)`;
  if (port === undefined) return `${s.namespace}/${s.name} on the port called, which it does not declare (a backendRef names a port)`;
  return undefined;
}

/** The route with every destination's port made explicit; problems into `reasons`. */
function withPorts(r: CompiledMeshRoute, ctx: HostContext, reasons: string[]): FlatRoute {
  if (r.action.type !== 'forward') return r;
  const destinations: WeightedDestinationModel[] = r.action.destinations.map(d => {
    const port = portOf(d.service!, ctx);
    const problem = backendProblem(d.service!, port);
    if (problem) reasons.push(`route ${r.name} forwards to ${problem}`);
    return { ...d, service: { ...d.service!, port: port ?? d.service!.port } };
  });
  return { ...r, action: { ...r.action, destinations } };
}

/** The share of a mirror: whole percentages as `percent`, others as an exact decimal `fraction`; undefined if none is exact. */
export function mirrorShare(percentage: number): Pick<HttpRouteSpecRulesFiltersRequestMirror, 'percent' | 'fraction'> | undefined {
  if (Number.isInteger(percentage)) return { percent: percentage };
  for (let digits = 1; digits <= 6; digits++) {
    const scale = 10 ** digits;
    const numerator = Math.round(percentage * scale);
    // Istio computes 100 * numerator / denominator in float64, as here.
    if ((100 * numerator) / (100 * scale) === percentage) return { fraction: { numerator, denominator: 100 * scale } };
  }
  return undefined;
}

/** The RequestMirror filter of a route's mirror; problems into `reasons`. */
function mirrorFilter(route: string, m: CompiledMirror, ctx: HostContext, reasons: string[]): HttpRouteSpecRulesFilters | undefined {
  const s = m.destination;
  const port = portOf(s, ctx);
  const problem = backendProblem(s, port);
  const share = mirrorShare(m.percentage);
  if (problem) reasons.push(`route ${route} mirrors to ${problem}`);
  if (!share) reasons.push(`route ${route} mirrors ${m.percentage}% (a Gateway API fraction cannot say it exactly)`);
  if (problem || !share) return undefined;
  const target = s.external ?? s.virtual;
  const backendRef = target
    ? { group: 'networking.istio.io', kind: 'Hostname', name: target.host, port }
    : { name: s.name, namespace: s.namespace === ctx.routeNamespace ? undefined : s.namespace, port };
  return { type: HttpRouteSpecRulesFiltersType.REQUEST_MIRROR, requestMirror: { backendRef, ...share } };
}

/** Where Gateway API precedence (Istio's `sortHTTPRoutes`) would not keep the compiled order, why. */
function precedenceReasons(namespace: string, parts: readonly RenderedRule[][], names: readonly string[]): string[] {
  const placed: PlacedMatch[] = [];
  parts.forEach((rules, i) => rules.forEach(rule => rule.matches.forEach(m => placed.push({
    match: m.source, order: placed.length, route: rule.route, rendered: m.match, object: `${namespace}/${names[i]}`,
  }))));
  return precedenceConflicts(placed).map(({ earlier, later, tie }) => `route ${later.route.name} (${describeMatch(later.match)}) `
    + `would be ${tie ? 'ranked equal to' : 'taken before'} route ${earlier.route.name} (${describeMatch(earlier.match)}) by Gateway API precedence`);
}

/**
 * One GAMMA HTTPRoute, in its namespace (its workspace's), its parent the Service (one port, or every port), in the
 * VirtualService's cluster. A consumer route's backends in the Service's namespace need no ReferenceGrant: Istio does
 * not enforce them for mesh parents (conversion.go `convertHTTPRoute`, `enforceRefGrant` is `!mesh`).
 */
function httpRouteObjects(
  ctx: HostContext, parent: { name: string; namespace?: string; port?: number }, rules: RenderedRule[], name: string,
): EmittedObject[] {
  const { mesh, vs, routeNamespace } = ctx;
  const spec: HttpRouteSpec = {
    parentRefs: [{ group: '', kind: 'Service', ...parent }],
    rules: rules.map(r => toRule(r, routeNamespace)),
  };
  const placement = { ...vs, namespace: routeNamespace, workspace: mesh.namespaceOwners.get(routeNamespace) ?? vs.workspace };
  return perCluster(placement, HttpRoute.GVK, name, JSON.parse(JSON.stringify(spec)));
}
