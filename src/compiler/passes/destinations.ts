/**
 * Destinations: forwarding across workspaces needs the service shared with the leaf table's workspace and the root
 * table's; an external service must be part of the mesh and be forwarded to on one of its HTTP ports.
 */
import { FlatRoute } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Rules } from '../diagnostics/catalogue';
import { tableRef } from '../flattener';
import { Pass } from '../pass';
import { Tenancy } from '../tenancy';
import { HTTP_FAMILY } from './declarations';
import { ExternalServiceModel, ServiceRefModel } from '../../model';

type Leaf = FlatRoute['chain'][number];

/** Checks an external destination against its declaration; false when it is not part of the mesh. */
function checkExternal(s: ServiceRefModel, leaf: Leaf, externals: ReadonlyMap<string, ExternalServiceModel>, d: Diagnostics): boolean {
  const where = `route "${leaf.route.name}" of route table ${tableRef(leaf.table)}`;
  const e = externals.get(s.external!.path);
  const p = e?.ports.find(x => x.number === s.port);
  if (!e) {
    d.report(Rules.UnresolvedReference, leaf.table.path, `${where} forwards to external service ${s.external!.path}, which is not part of this mesh`);
    return false;
  }
  const ref = `${s.namespace}/${s.name}`;
  if (!p) {
    d.report(Rules.UnresolvedReference, leaf.table.path,
      `${where} forwards to port ${s.port} of external service ${ref}, which declares ${e.ports.map(x => x.number).join(', ')}`);
  } else if (!HTTP_FAMILY.includes(p.protocol)) {
    d.report(Rules.InvalidValue, leaf.table.path,
      `${where} forwards HTTP requests to port ${p.number} (${p.protocol}) of external service ${ref}; use one of its HTTP, HTTP2 or GRPC ports`);
  }
  return true;
}

/** Checks that every table of the chain forwarding to `s` may use it. */
function checkShared(s: ServiceRefModel, route: FlatRoute, tenancy: Tenancy, d: Diagnostics): void {
  const leaf = route.chain[route.chain.length - 1];
  const ref = `${s.namespace}/${s.name}`;
  const sWs = tenancy.ownerOf(s.namespace);
  if (!sWs) {
    if (!s.external) {
      d.report(Rules.UnresolvedReference, leaf.table.path,
        `route "${leaf.route.name}" of route table ${tableRef(leaf.table)} forwards to service ${ref}, whose namespace belongs to no workspace`);
    }
    return;
  }
  const kind = s.external ? 'EXTERNAL_SERVICE' : 'SERVICE';
  for (const user of [...new Set([leaf.table, route.chain[0].table])]) {
    const uWs = tenancy.ownerOf(user.namespace);
    if (uWs && !tenancy.canUse(uWs, sWs, kind, s.labels)) {
      d.report(Rules.DestinationNotShared, leaf.table.path,
        `route "${leaf.route.name}" of route table ${tableRef(leaf.table)} forwards to ${s.external ? 'external ' : ''}service ${ref} `
        + `of workspace "${sWs.name}"${user === leaf.table ? '' : ` through root table ${tableRef(user)}`}, `
        + `but ${tenancy.missingShare(uWs, sWs, kind, s.labels)}`);
    }
  }
}

/** Checks every forwarding destination of every gateway route. */
export const destinationsPass: Pass = {
  name: 'destinations',
  rules: [Rules.UnresolvedReference, Rules.InvalidValue, Rules.DestinationNotShared],
  run(ctx: CompileContext): void {
    const externals = new Map(ctx.model.externalServices.map(e => [e.path, e]));
    const tenancy = ctx.get('tenancy');
    for (const route of ctx.get('gateways').flatMap(g => g.hosts.flatMap(h => h.routes))) {
      if (route.action.type !== 'forward') continue;
      const leaf = route.chain[route.chain.length - 1];
      for (const s of route.action.destinations.flatMap(x => (x.service ? [x.service] : []))) {
        if (s.external && !checkExternal(s, leaf, externals, ctx.diagnostics)) continue;
        checkShared(s, route, tenancy, ctx.diagnostics);
      }
    }
  },
};
