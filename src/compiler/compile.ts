/**
 * The compiler: model → resolution → rules → diagnostics. Pure: reads the model, returns the compiled mesh.
 */
import { compileAccess } from './passes/access';
import { checkDeclarations, HTTP_FAMILY } from './passes/declarations';
import { cmp, Diagnostics, Note, related, Rules, Subject, Where } from './diagnostics/catalogue';
import { append } from './algebra/collections';
import { CompiledGateway, CompiledHost, CompiledMesh, FlatRoute } from './compiled';
import { Flattener, tableRef } from './passes/delegation';
import { Isolation } from './passes/isolation';
import { isAnyPath } from './algebra/match';
import { ExternalServiceModel, GatewayModel, MeshModel, RouteTableModel, WorkspaceModel } from '../model';
import { checkOverlaps } from './passes/overlaps';
import { hostMatches, hostProblem, hostsIntersect } from './algebra/syntax';
import { selects, Tenancy } from './tenancy';

const byPath = <T extends { path: string }>(items: readonly T[]) => [...items].sort((a, b) => cmp(a.path, b.path));

/** Compiles a mesh declaration. Declaration order never changes the result (everything is sorted by stable keys). */
export function compileMesh(declared: MeshModel): CompiledMesh {
  const model: MeshModel = {
    ...declared,
    clusters: byPath(declared.clusters),
    workspaces: byPath(declared.workspaces),
    gateways: byPath(declared.gateways),
    routeTables: byPath(declared.routeTables),
    services: [...declared.services].sort((a, b) => cmp(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`) || cmp(a.path, b.path)),
    externalServices: byPath(declared.externalServices),
    accessPolicies: byPath(declared.accessPolicies),
  };
  const d = new Diagnostics();
  checkDeclarations(model, d);
  const tenancy = new Tenancy(model.workspaces, d);
  const owner = (at: Where, what: string, namespace: string, scope?: string): WorkspaceModel | undefined => {
    if (namespace === '') return undefined;
    const ws = tenancy.ownerOf(namespace);
    if (!ws) {
      d.report(Rules.UnownedNamespace, at, { subject: what, namespace });
    } else if (scope !== undefined && ws.name !== scope) {
      d.report(Rules.NamespaceOutsideWorkspace, at, { subject: what, scope, namespace, owner: ws.name }, [related(ws, Note.namespaceOwner)]);
    }
    return ws;
  };
  for (const t of model.routeTables) owner(t, Subject.table(tableRef(t)), t.namespace, t.scopeWorkspace);
  for (const e of model.externalServices) owner(e, Subject.externalService(`${e.namespace}/${e.name}`), e.namespace, e.scopeWorkspace);
  const externals = new Map(model.externalServices.map(e => [e.path, e]));
  const gatewayOwners = new Map<string, WorkspaceModel>();
  for (const g of model.gateways) {
    const ws = owner(g, Subject.gateway(`${g.namespace}/${g.name}`), g.namespace, g.scopeWorkspace);
    if (ws) gatewayOwners.set(g.path, ws);
  }

  const clusterNames = model.clusters.map(c => c.name).sort(cmp);
  const gatewaysByPath = new Map(model.gateways.map(g => [g.path, g]));
  const attached = new Map<string, Map<string, RouteTableModel[]>>();
  for (const t of model.routeTables) {
    if (t.hosts.length > 0 && t.gateways.length === 0) {
      d.report(Rules.RootTableWithoutGateway, t, { table: tableRef(t) });
    }
    for (const gwPath of t.gateways) {
      const g = gatewaysByPath.get(gwPath);
      if (!g) {
        d.report(Rules.UnresolvedReference, t, { subject: Subject.table(tableRef(t)), verb: 'attaches to', target: Subject.gatewayAt(gwPath) });
        continue;
      }
      for (const host of t.hosts) {
        if (hostProblem(host)) continue;
        if (!admits(g, gatewayOwners.get(g.path), t, host, tenancy, d)) continue;
        const hosts = attached.get(g.path) ?? new Map<string, RouteTableModel[]>();
        attached.set(g.path, hosts);
        append(hosts, host, t);
      }
    }
  }

  const flattener = new Flattener(model.routeTables, tenancy, d, model.maxDelegationDepth);
  const gateways: CompiledGateway[] = [];
  for (const g of [...model.gateways].sort((a, b) => cmp(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))) {
    const ws = gatewayOwners.get(g.path);
    if (!ws) continue;
    const hosts: CompiledHost[] = [];
    for (const [host, tables] of [...(attached.get(g.path) ?? new Map()).entries()].sort((a, b) => cmp(a[0], b[0]))) {
      const ordered = [...tables].sort((a, b) => b.weight - a.weight || cmp(tableRef(a), tableRef(b)));
      const owners = new Set(ordered.map(t => tenancy.ownerOf(t.namespace)?.name));
      if (owners.size > 1) {
        // Blame the tables of workspaces other than the gateway's (all but the first when the gateway's has none).
        const foreign = ordered.filter(t => tenancy.ownerOf(t.namespace) !== ws);
        const claims = ordered.map(t => ({ table: tableRef(t), workspace: tenancy.ownerOf(t.namespace)?.name }));
        for (const t of foreign.length < ordered.length ? foreign : ordered.slice(1)) {
          const others = ordered.filter(o => tenancy.ownerOf(o.namespace) !== tenancy.ownerOf(t.namespace))
            .map(o => related(o, Note.otherClaimOfHost));
          d.report(Rules.HostClaimedByWorkspaces, t, { host, gateway: `${g.namespace}/${g.name}`, claims }, others);
        }
      }
      const routes = uniqueNames(ordered.flatMap(t => flattener.flattenRoot(t)));
      checkOverlaps(`${g.namespace}/${g.name}`, host, routes, d);
      checkDestinations(routes, tenancy, externals, d);
      checkRewrites(routes, d);
      const sources = new Map(routes.flatMap(r => r.chain.map(l => [l.table.path, l.table] as const)));
      for (const t of ordered) sources.set(t.path, t);
      hosts.push({ host, tables: ordered, sources: byPath([...sources.values()]), routes });
    }
    const clusters = ws.clusters.includes('*') ? clusterNames : clusterNames.filter(c => ws.clusters.includes(c));
    gateways.push({ model: g, workspace: ws, clusters, hosts });
  }

  for (const t of model.routeTables) {
    if (t.hosts.length === 0 && t.gateways.length === 0 && !flattener.used.has(t.path)) {
      d.report(Rules.UnusedRouteTable, t, { table: tableRef(t) });
    }
  }
  const namespaceOwners = new Map(model.workspaces.flatMap(w => w.namespaces.map(ns => [ns, tenancy.ownerOf(ns)?.name ?? w.name] as const)));
  const isolation = new Isolation(model, tenancy, gateways, clusterNames, d);
  const compiledIsolation = {
    sidecars: isolation.sidecars(),
    isolationPolicies: isolation.isolationPolicies(),
    destinationRules: isolation.destinationRules(),
    externalServices: isolation.externalServices(),
    accessGrants: compileAccess(model, tenancy, isolation, d),
  };
  return { model, diagnostics: d.sorted(), clusters: clusterNames, gateways, namespaceOwners, isolation: compiledIsolation };
}

/** Whether gateway `g` admits table `t` for `host`; reports why not. */
function admits(g: GatewayModel, gwWs: WorkspaceModel | undefined, t: RouteTableModel, host: string, tenancy: Tenancy, d: Diagnostics): boolean {
  const tWs = tenancy.ownerOf(t.namespace);
  if (!gwWs || !tWs) return false;
  const about = { gateway: `${g.namespace}/${g.name}`, gatewayWorkspace: gwWs.name, table: tableRef(t), workspace: tWs.name, host };
  const gateway = [related(g, Note.gateway)];
  const rule = g.admission.find(a =>
    (a.hosts.length === 0 || a.hosts.some(h => hostMatches(h, host) || h === host))
    && (a.workspaces.length === 0 ? tWs === gwWs : a.workspaces.some(s => selects(s, tWs))));
  if (!rule) {
    d.report(Rules.GatewayDoesNotAdmit, t, about, gateway);
    return false;
  }
  if (!tenancy.canUse(gwWs, tWs, 'ROUTE_TABLE', t.labels)) {
    d.report(Rules.GatewayDoesNotAdmit, t, { ...about, missing: tenancy.missingShare(gwWs, tWs, 'ROUTE_TABLE', t.labels) }, gateway);
    return false;
  }
  if (!g.listeners.some(l => l.hostname === undefined || hostsIntersect(l.hostname, host))) {
    d.report(Rules.NoListenerForHost, t, { ...about, listeners: g.listeners.map(l => String(l.hostname)) }, gateway);
    return false;
  }
  return true;
}

/**
 * Forwarding across workspaces needs the service shared with the leaf table's workspace and the root table's; an
 * external service must be part of the mesh and forwarded to on one of its HTTP ports.
 */
function checkDestinations(
  routes: readonly FlatRoute[], tenancy: Tenancy, externals: ReadonlyMap<string, ExternalServiceModel>, d: Diagnostics,
): void {
  for (const r of routes) {
    if (r.action.type !== 'forward') continue;
    const leaf = r.chain[r.chain.length - 1];
    const users = [...new Set([leaf.table, r.chain[0].table])];
    for (const dest of r.action.destinations) {
      const s = dest.service;
      if (!s) continue;
      const ref = `${s.namespace}/${s.name}`;
      const kind = s.external ? 'EXTERNAL_SERVICE' : 'SERVICE';
      const route = { route: leaf.route.name, table: tableRef(leaf.table) };
      if (s.external) {
        const e = externals.get(s.external.path);
        const p = e?.ports.find(x => x.number === s.port);
        if (!e) {
          const subject = Subject.route(leaf.route.name, tableRef(leaf.table));
          d.report(Rules.UnresolvedReference, leaf.table, { subject, verb: 'forwards to', target: Subject.externalService(s.external.path) });
          continue;
        } else if (!p) {
          const declared = e.ports.map(x => x.number);
          d.report(Rules.UndeclaredPort, leaf.table, { ...route, problem: 'forward', port: s.port, service: ref, declared },
            [related(e, Note.externalService)]);
        } else if (!HTTP_FAMILY.includes(p.protocol)) {
          d.report(Rules.ForwardToNonHttpPort, leaf.table, { ...route, port: p.number, protocol: p.protocol, service: ref },
            [related(e, Note.externalService)]);
        }
      }
      const sWs = tenancy.ownerOf(s.namespace);
      if (!sWs) {
        const subject = Subject.part(Subject.route(leaf.route.name, tableRef(leaf.table)), Subject.destination(ref));
        if (!s.external) d.report(Rules.UnownedNamespace, leaf.table, { subject, namespace: s.namespace });
        continue;
      }
      for (const user of users) {
        const uWs = tenancy.ownerOf(user.namespace);
        if (uWs && !tenancy.canUse(uWs, sWs, kind, s.labels)) {
          const root = user === leaf.table ? undefined : tableRef(user);
          d.report(Rules.DestinationNotShared, leaf.table, {
            ...route, external: !!s.external, service: ref, workspace: sWs.name, root, missing: tenancy.missingShare(uWs, sWs, kind, s.labels),
          }, user === leaf.table ? [] : [related(user, Note.rootTable)]);
        }
      }
    }
  }
}

/** A prefix rewrite replaces the matched prefix: it needs prefix or exact matches (a regex has no prefix). */
function checkRewrites(routes: readonly FlatRoute[], d: Diagnostics): void {
  for (const r of routes) {
    if (r.action.type !== 'forward' || r.action.pathRewrite?.kind !== 'prefix') continue;
    const leaf = r.chain[r.chain.length - 1];
    const route = { route: leaf.route.name, table: tableRef(leaf.table) };
    const regex = r.matches.find(m => m.path.kind === 'regex' && !isAnyPath(m.path));
    if (regex) d.report(Rules.InvalidPrefixRewrite, leaf.table, { ...route, problem: 'regex', regex: regex.path.value });
    const rewrite = r.action.pathRewrite.value;
    if (r.matches.some(m => isAnyPath(m.path)) && !rewrite.endsWith('/')) {
      d.report(Rules.InvalidPrefixRewrite, leaf.table, { ...route, problem: 'every-path', rewrite });
    }
  }
}

/** Route names stay unique within a host: a second occurrence (the same child under two parents) gets a suffix. */
function uniqueNames(routes: FlatRoute[]): FlatRoute[] {
  const seen = new Map<string, number>();
  return routes.map(r => {
    const n = (seen.get(r.name) ?? 0) + 1;
    seen.set(r.name, n);
    return n === 1 ? r : { ...r, name: `${r.name}-${n}` };
  });
}
