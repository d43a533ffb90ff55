/**
 * Destinations: forwarding across workspaces needs the service shared with the leaf table's workspace and the root
 * table's; an external service must be part of the mesh and be forwarded to on one of its HTTP ports.
 */
import { tableRef } from '../algebra/names';
import { FlatRoute } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Note, related, Rules, Subject } from '../diagnostics/catalogue';
import { Pass } from '../pass';
import { ByRoutes } from '../route-identity';
import { Tenancy } from '../tenancy';
import { HTTP_FAMILY } from './declarations';
import {
  ExternalProtocol, ExternalServiceModel, MeshModel, RouteTableModel, ServiceRefModel, VirtualDestinationModel, WorkspaceModel,
} from '../../model';

type Leaf = FlatRoute['chain'][number];

/** Checks an external destination against its declaration; false when it is not part of the mesh. */
function checkExternal(s: ServiceRefModel, leaf: Leaf, externals: ReadonlyMap<string, ExternalServiceModel>, d: Diagnostics): boolean {
  const e = externals.get(s.external!.path);
  if (!e) {
    const subject = Subject.route(leaf.route.name, tableRef(leaf.table));
    d.report(Rules.UnresolvedReference, leaf.table, { subject, verb: 'forwards to', target: Subject.externalService(s.external!.path) });
    return false;
  }
  const route = { route: leaf.route.name, table: tableRef(leaf.table) };
  const ref = `${s.namespace}/${s.name}`;
  const p = e.ports.find(x => x.number === s.port);
  if (!p) {
    const declared = e.ports.map(x => x.number);
    d.report(Rules.UndeclaredPort, leaf.table, { ...route, problem: 'forward', port: s.port, service: ref, declared },
      [related(e, Note.externalService)]);
  } else if (!HTTP_FAMILY.includes(p.protocol)) {
    d.report(Rules.ForwardToNonHttpPort, leaf.table, { ...route, port: p.number, protocol: p.protocol, service: ref },
      [related(e, Note.externalService)]);
  }
  return true;
}

/** Checks a virtual destination against its declaration; false when it is not part of the mesh. */
function checkVirtual(s: ServiceRefModel, leaf: Leaf, virtuals: ReadonlyMap<string, VirtualDestinationModel>, d: Diagnostics): boolean {
  const v = virtuals.get(s.virtual!.path);
  const subject = Subject.route(leaf.route.name, tableRef(leaf.table));
  if (!v) {
    d.report(Rules.UnresolvedReference, leaf.table, { subject, verb: 'forwards to', target: Subject.virtualDestination(s.virtual!.path) });
    return false;
  }
  const route = { route: leaf.route.name, table: tableRef(leaf.table) };
  const ref = `${s.namespace}/${s.name}`;
  const p = v.ports.find(x => x.number === s.port);
  if (!p) {
    d.report(Rules.UndeclaredPort, leaf.table, { ...route, problem: 'forward', port: s.port, service: ref, declared: v.ports.map(x => x.number) },
      [related(v, Note.virtualDestination)]);
  } else if (!HTTP_FAMILY.includes(p.protocol as ExternalProtocol)) {
    const args = { ...route, port: p.number, protocol: p.protocol, service: ref };
    d.report(Rules.ForwardToNonHttpPort, leaf.table, args, [related(v, Note.virtualDestination)]);
  }
  return true;
}

/** Checks that every table of the chain forwarding to `s` may use it. */
function checkShared(s: ServiceRefModel, r: FlatRoute, tenancy: Tenancy, d: Diagnostics): void {
  const leaf = r.chain[r.chain.length - 1];
  const ref = `${s.namespace}/${s.name}`;
  const sWs = tenancy.ownerOf(s.namespace);
  if (!sWs) {
    const subject = Subject.part(Subject.route(leaf.route.name, tableRef(leaf.table)), Subject.destination(ref));
    if (!s.external && !s.virtual) d.report(Rules.UnownedNamespace, leaf.table, { subject, namespace: s.namespace });
    return;
  }
  const kind = s.external ? 'EXTERNAL_SERVICE' : s.virtual ? 'VIRTUAL_DESTINATION' : 'SERVICE';
  const rootTable = r.chain[0].table;
  for (const user of rootTable === leaf.table ? [leaf.table] : [leaf.table, rootTable]) {
    const uWs = tenancy.ownerOf(user.namespace);
    if (uWs && !tenancy.canUse(uWs, sWs, kind, s.labels)) {
      const route = { route: leaf.route.name, table: tableRef(leaf.table) };
      const root = user === leaf.table ? undefined : tableRef(user);
      const missing = tenancy.missingShare(uWs, sWs, kind, s.labels);
      const args = { ...route, external: !!s.external, virtual: !!s.virtual, service: ref, workspace: sWs.name, root, missing };
      d.report(Rules.DestinationNotShared, leaf.table, args,
        user === leaf.table ? [] : [related(user, Note.rootTable)]);
    }
  }
}

/** Checks the forwarding destinations of a flattened route (of a gateway or an east–west table). */
export function forwardCheck(model: MeshModel, tenancy: Tenancy, d: Diagnostics): (route: FlatRoute) => void {
  const externals = new Map(model.externalServices.map(e => [e.path, e]));
  const virtuals = new Map(model.virtualDestinations.map(v => [v.path, v]));
  return route => {
    if (route.action.type !== 'forward') return;
    const leaf = route.chain[route.chain.length - 1];
    for (const x of route.action.destinations) {
      const s = x.service;
      if (!s) continue;
      if (s.external && !checkExternal(s, leaf, externals, d)) continue;
      if (s.virtual && !checkVirtual(s, leaf, virtuals, d)) continue;
      checkShared(s, route, tenancy, d);
    }
  };
}

/**
 * A gateway forwards to the Services of its own cluster: a destination pinned to a cluster (`inCluster`) is for traffic
 * shifts and east–west routes, which callers of another cluster send through federated hosts.
 */
function reportPinnedDestinations(route: FlatRoute, d: Diagnostics): void {
  if (route.action.type !== 'forward') return;
  const leaf = route.chain[route.chain.length - 1];
  for (const x of route.action.destinations) {
    const s = x.service;
    if (s?.cluster === undefined) continue;
    d.report(Rules.UnreachableShiftTarget, leaf.table, {
      subject: Subject.route(leaf.route.name, tableRef(leaf.table)),
      target: `service ${s.namespace}/${s.name} in cluster "${s.cluster}"`,
      reason: 'is pinned to a cluster on a gateway route: a gateway forwards to its own cluster\'s Services (use a virtual destination)',
    });
  }
}

/** Checks every forwarding destination of every gateway route. */
export const destinationsPass: Pass = {
  name: 'destinations',
  rules: [
    Rules.UnresolvedReference, Rules.UndeclaredPort, Rules.ForwardToNonHttpPort, Rules.UnownedNamespace, Rules.DestinationNotShared,
    Rules.UnreachableShiftTarget,
  ],
  run(ctx: CompileContext): void {
    const tenancy = ctx.get('tenancy');
    const check = forwardCheck(ctx.model, tenancy, ctx.diagnostics);
    // The findings depend on the action, the leaf link and the root table's workspace: a combination found clean once
    // is clean again (the same child routes placed under every root table delegating to them).
    // (The leaf link decides the action: a flattened route takes the action its leaf route declares.)
    const clean = new Map<WorkspaceModel | undefined, Set<Leaf>>();
    // A host whose root tables share one workspace and whose routes were found clean under it before is clean again.
    const cleanLists = new Map<WorkspaceModel | undefined, ByRoutes<true>>();
    for (const g of ctx.get('gateways')) {
      for (const h of g.hosts) {
        const roots = new Set(h.tables.map(t => tenancy.ownerOf(t.namespace)));
        const [only] = roots;
        const lists = roots.size === 1 ? cleanLists.get(only) ?? cleanLists.set(only, new ByRoutes()).get(only)! : undefined;
        if (lists?.get([h.routes])) continue;
        const before = ctx.diagnostics.reported;
        // Consecutive routes mostly share their root table: its workspace's clean leaves are looked up once per run.
        let root: RouteTableModel | undefined;
        let leaves = new Set<Leaf>();
        for (const route of h.routes) {
          const leaf = route.chain[route.chain.length - 1];
          if (route.chain[0].table !== root) {
            root = route.chain[0].table;
            const ws = tenancy.ownerOf(root.namespace);
            leaves = clean.get(ws) ?? clean.set(ws, new Set()).get(ws)!;
          }
          if (leaves.has(leaf)) continue;
          const reported = ctx.diagnostics.reported;
          check(route);
          reportPinnedDestinations(route, ctx.diagnostics);
          if (ctx.diagnostics.reported === reported) leaves.add(leaf);
        }
        if (ctx.diagnostics.reported === before) lists?.set([h.routes], true);
      }
    }
  },
};
