/**
 * Traffic: east–west tables and traffic policies compiled into exactly one mesh VirtualService per host and cluster
 * (Istio uses only the first VirtualService of a host for sidecars, so nothing else may serve one), and one
 * DestinationRule per host with the subsets and destination settings. Produces `traffic`.
 */
import { WorkspaceModel } from '../../model';
import { sortedSet } from '../algebra/collections';
import { serviceFqdn } from '../algebra/destination-host';
import { tableRef } from '../algebra/names';
import { cmp } from '../algebra/order';
import { CompiledMeshVirtualService, CompiledTraffic, RemoteSubset } from '../compiled';
import { CompileContext } from '../context';
import { Locatable, Rules, Subject } from '../diagnostics/catalogue';
import { Pass } from '../pass';
import { destinationPolicies, destinationRules, SubsetUse } from '../traffic/destination-rules';
import { orderLayers } from '../traffic/layers';
import { MeshHost, meshHosts } from '../traffic/mesh-hosts';
import { meshRoutes, ScopedTable } from '../traffic/mesh-routes';
import {
  callersFor, checkPolicyFields, sendsTo, checkShared, PolicyLayer, policyMatches, refKind, requestFields, resolvePolicy, ResolvedPolicy,
  REQUEST_FIELDS,
} from '../traffic/policies';
import { checkSubsetWorkloads, shiftReach } from '../traffic/reach';
import { uniqueRemoteSubsets } from '../traffic/remote-subsets';
import { CallerScope } from '../traffic/scope';
import { virtualDestinationPolicies } from '../traffic/virtual-destination-policies';


/** The policy layers of a host: each policy with request fields, and an external service's client policy. */
function layersOf(h: MeshHost, policies: readonly ResolvedPolicy[], ctx: CompileContext): PolicyLayer[] {
  const tenancy = ctx.get('tenancy');
  const owner = tenancy.ownerOf(h.namespace)!;
  const layers: PolicyLayer[] = [];
  for (const p of policies.filter(x => x.hosts.includes(h) && REQUEST_FIELDS.some(([k]) => x.model[k] !== undefined))) {
    const callers = callersFor(p.subject, p.model, p.model.sources, p.workspace, owner, tenancy, ctx.diagnostics);
    if (callers) {
      layers.push({
        subject: p.subject,
        at: p.model,
        callers,
        clusters: p.model.sources?.clusters,
        matches: policyMatches(p.model),
        fields: requestFields(p.model),
      });
    }
  }
  const e = h.external;
  if (e && (e.retries || e.timeoutMs !== undefined)) {
    layers.push({
      subject: Subject.externalService(`${e.namespace}/${e.name}`),
      at: e,
      callers: { labels: {} },
      matches: [],
      fields: { retries: e.retries, timeoutMs: e.timeoutMs },
    });
  }
  return layers;
}

/** The east–west tables of a host with the callers each applies to. */
function tablesOf(h: MeshHost, ctx: CompileContext): Array<ScopedTable & { clusters?: readonly string[] }> {
  const tenancy = ctx.get('tenancy');
  const owner = tenancy.ownerOf(h.namespace)!;
  return (ctx.get('eastWest').get(h.host) ?? []).flatMap(t => {
    const subject = Subject.table(tableRef(t.table));
    const callers = callersFor(subject, t.table, t.table.sources, tenancy.ownerOf(t.table.namespace), owner, tenancy, ctx.diagnostics);
    return callers ? [{ ...t, callers, clusters: t.table.sources?.clusters }] : [];
  });
}

/**
 * Where the host's mesh VirtualService goes: per cluster, and the namespaces that see it there. Only in clusters the
 * owning workspace spans — where its DestinationRule (with the subsets the routes name) also goes; elsewhere the
 * namespace is not the workspace's, and a route to a subset no DestinationRule defines there would answer 503.
 */
function placementsOf(h: MeshHost, ctx: CompileContext): Array<{ cluster: string; exportTo: string[] }> {
  const isolation = ctx.get('isolation');
  const owner = ctx.get('tenancy').ownerOf(h.namespace)!;
  if (h.virtual) {
    return ctx.get('multicluster').serviceEntries
      .filter(e => e.role === 'virtual-destination' && e.namespace === h.namespace && e.name === h.name)
      .map(e => ({ cluster: e.clusters[0], exportTo: [...e.exportTo] }));
  }
  const spanned = isolation.clustersOf(owner);
  const clusters = h.service?.clusters ? h.service.clusters.filter(c => spanned.includes(c)) : spanned;
  const exportTo = isolation.visibleTo(owner, h.external ? 'EXTERNAL_SERVICE' : 'SERVICE', h.labels);
  return clusters.map(cluster => ({ cluster, exportTo }));
}

/**
 * The callers of a scope in one cluster: of its namespaces, those whose workspace spans the cluster (nowhere else do
 * they exist — a GAMMA consumer HTTPRoute for one would have no namespace to live in); undefined when none is left.
 */
function callersIn(scope: CallerScope, cluster: string, ctx: CompileContext): CallerScope | undefined {
  if (scope.namespaces === undefined) return scope;
  const [tenancy, isolation] = [ctx.get('tenancy'), ctx.get('isolation')];
  const namespaces = scope.namespaces.filter(ns => {
    const w = tenancy.ownerOf(ns);
    return w !== undefined && isolation.clustersOf(w).includes(cluster);
  });
  return namespaces.length === 0 ? undefined : { ...scope, namespaces };
}

/** A policy or table of a host: where it is declared, and the callers and clusters it applies to (undefined: all). */
interface HostUser {
  readonly subject: string;
  readonly at: Locatable;
  readonly callers?: CallerScope;
  readonly clusters?: readonly string[];
}

/**
 * Reports each policy and table of a host that would apply in a cluster where the Service runs but its owning
 * workspace does not: the host's mesh VirtualService and DestinationRule go only where the workspace is (see
 * placementsOf), so there it would not apply. A user limited to other clusters, or with no caller there, loses nothing.
 */
function reportUnspannedClusters(h: MeshHost, owner: WorkspaceModel, users: readonly HostUser[], ctx: CompileContext): void {
  const spanned = ctx.get('isolation').clustersOf(owner);
  const unspanned = (h.service?.clusters ?? []).filter(c => !spanned.includes(c));
  for (const u of users) {
    const clusters = unspanned.filter(c => (u.clusters === undefined || u.clusters.includes(c))
      && (u.callers === undefined || callersIn(u.callers, c, ctx) !== undefined));
    if (clusters.length === 0) continue;
    ctx.diagnostics.report(Rules.HostOutsideWorkspaceClusters, u.at, { subject: u.subject, host: h.host, workspace: owner.name, clusters });
  }
}

/** The policies of a host that set only per-destination fields (its DestinationRule): every caller, every cluster. */
function destinationOnly(h: MeshHost, policies: readonly ResolvedPolicy[]): HostUser[] {
  return policies.filter(p => p.hosts.includes(h) && !REQUEST_FIELDS.some(([k]) => p.model[k] !== undefined))
    .map(p => ({ subject: p.subject, at: p.model }));
}

function hostVirtualServices(
  h: MeshHost, policies: readonly ResolvedPolicy[], ctx: CompileContext, remote: RemoteSubset[],
): CompiledMeshVirtualService[] {
  const owner = ctx.get('tenancy').ownerOf(h.namespace);
  if (!owner) return [];
  const layers = layersOf(h, policies, ctx);
  const tables = tablesOf(h, ctx);
  reportUnspannedClusters(h, owner, [...layers, ...tables.map(t => ({ ...t, subject: Subject.table(tableRef(t.table)), at: t.table })),
    ...destinationOnly(h, policies)], ctx);
  const inCluster = (c: string) => <T extends { clusters?: readonly string[]; callers: CallerScope }>(x: T): T[] => {
    const callers = x.clusters === undefined || x.clusters.includes(c) ? callersIn(x.callers, c, ctx) : undefined;
    return callers ? [{ ...x, callers }] : [];
  };
  return placementsOf(h, ctx).flatMap(({ cluster, exportTo }) => {
    const tablesHere = tables.flatMap(inCluster(cluster));
    const layersHere = orderLayers(h.host, layers.flatMap(inCluster(cluster)), ctx.diagnostics);
    if (tablesHere.length === 0 && layersHere.length === 0) return [];
    const reach = shiftReach(cluster, ctx, remote);
    const routes = meshRoutes({ host: h, tables: tablesHere, layers: layersHere, reach }, ctx.diagnostics);
    return [{
      name: h.name,
      namespace: h.namespace,
      workspace: owner.name,
      clusters: [cluster],
      host: h.host,
      exportTo,
      sources: [...sortedSet([...tablesHere.map(t => t.table.path), ...layersHere.map(l => l.at.path)]), h.declaration.path],
      routes,
    }];
  });
}

/** Every subset east–west routes and policies use, for the DestinationRules. */
function subsetUses(ctx: CompileContext, policies: readonly ResolvedPolicy[]): SubsetUse[] {
  const uses: SubsetUse[] = [];
  for (const tables of ctx.get('eastWest').values()) {
    for (const t of tables) {
      for (const r of t.routes) {
        if (r.action.type !== 'forward') continue;
        const leaf = r.chain[r.chain.length - 1];
        const by = { path: leaf.table.path, subject: Subject.route(leaf.route.name, tableRef(leaf.table)) };
        r.action.destinations.forEach(x => x.service && uses.push({ service: x.service, by }));
      }
    }
  }
  for (const p of policies) {
    const by = { path: p.model.path, subject: p.subject };
    sendsTo(p.model).forEach(w => w.service && uses.push({ service: w.service, by }));
  }
  return uses;
}

/** Reports the app's own VirtualServices serving a host the mesh gives a mesh VirtualService (MESH903). */
function reportSecondVirtualServices(ctx: CompileContext, served: ReadonlySet<string>): void {
  for (const vs of ctx.model.appVirtualServices ?? []) {
    if (vs.gateways.length > 0 && !vs.gateways.includes('mesh')) continue;
    for (const raw of vs.hosts) {
      const host = raw.includes('.') ? raw.toLowerCase() : serviceFqdn({ name: raw.toLowerCase(), namespace: vs.namespace }, ctx.model.clusterDomain);
      const full = served.has(host) ? host : [...served].find(s => s.startsWith(`${host}.`));
      if (full) ctx.diagnostics.report(Rules.SecondMeshVirtualService, vs.path, { object: vs.path, host: full });
    }
  }
}

/** Compiles east–west routing and traffic policies. */
export function compileTraffic(ctx: CompileContext): CompiledTraffic {
  const { model, diagnostics: d } = ctx;
  const tenancy = ctx.get('tenancy');
  const hosts = meshHosts(model);
  const policies = (model.trafficPolicies ?? []).map(p => {
    checkPolicyFields(p, d);
    return resolvePolicy(p, model, hosts, tenancy, d);
  });
  for (const p of policies) {
    for (const w of sendsTo(p.model)) {
      if (!w.service) d.report(Rules.UnresolvedDestination, p.model, { subject: p.subject, reason: w.error ?? 'unresolved destination' });
      else checkShared(p.subject, p.model, p.workspace, { ...w.service, kind: refKind(w.service) }, tenancy, d);
    }
  }
  const candidates = [...hosts.values()].filter(h => ctx.get('eastWest').has(h.host) || h.external || policies.some(p => p.hosts.includes(h)));
  const remote: RemoteSubset[] = [];
  const virtualServices = candidates.flatMap(h => hostVirtualServices(h, policies, ctx, remote))
    .sort((a, b) => cmp(a.clusters[0], b.clusters[0]) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  reportSecondVirtualServices(ctx, new Set(virtualServices.map(v => v.host)));
  const perHost = destinationPolicies(policies, hosts, tenancy, d);
  const base = ctx.get('dataPlane').destinationRules;
  const subsets = subsetUses(ctx, policies);
  checkSubsetWorkloads(model, subsets, d);
  const input = { model, tenancy, isolation: ctx.get('isolation'), base, policies, subsets };
  return {
    virtualServices,
    destinationRules: destinationRules(input, perHost, hosts, d),
    virtualDestinationPolicies: virtualDestinationPolicies(policies, perHost, hosts, d),
    remoteSubsets: uniqueRemoteSubsets(remote),
  };
}

/** Compiles east–west routing and traffic policies; produces `traffic`. */
export const trafficPass: Pass = {
  name: 'traffic',
  rules: [
    Rules.PolicyFieldConflict, Rules.PolicyScopesCross, Rules.SecondMeshVirtualService, Rules.ShiftTargetMatchesNoWorkload, Rules.InvalidPercentage,
    Rules.HostOutsideWorkspaceClusters,
    Rules.DestinationPolicyScoped, Rules.CallersBeyondWorkspace, Rules.PolicySelectsNothing, Rules.UnreachableShiftTarget, Rules.InvalidPolicyValue,
    Rules.UncombinablePolicyMatch, Rules.PolicyDestinationNotShared, Rules.SubsetConflict, Rules.UnresolvedDestination, Rules.UnresolvedReference,
    Rules.MissingNamespace, Rules.UnownedNamespace, Rules.InvalidDuration, Rules.InvalidWeight, Rules.AllZeroWeights, Rules.InvalidLabel,
    Rules.InvalidPath, Rules.InvalidRegex, Rules.InvalidHeaderName, Rules.InvalidMethod, Rules.DuplicateCondition, Rules.EmptyConditionValue,
    Rules.InvalidRetryPolicy, Rules.InvalidHeaderValue,
  ],
  run(ctx: CompileContext): void {
    ctx.put('traffic', compileTraffic(ctx));
  },
};
