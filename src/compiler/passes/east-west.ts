/**
 * East–west route tables: tables bound to the mesh, whose hosts are hosts workloads call. Each host must be a known
 * Service, virtual destination or external service; delegation is flattened as on gateways, and forwarding is checked
 * as for gateway routes. Produces `eastWest`: per host, its tables in serving order (weight, then namespace/name).
 */
import { RouteTableModel } from '../../model';
import { tableRef } from '../algebra/names';
import { cmp } from '../algebra/order';
import { EastWestTable } from '../compiled';
import { CompileContext } from '../context';
import { Rules } from '../diagnostics/catalogue';
import { Pass } from '../pass';
import { forwardCheck } from './destinations';
import { meshHosts } from '../traffic/mesh-hosts';

/** Reports tables whose binding is inconsistent: gateways and `eastWest` together, or `sources` on a gateway table. */
function checkBinding(t: RouteTableModel, ctx: CompileContext): boolean {
  const table = tableRef(t);
  if (t.eastWest && t.gateways.length > 0) {
    ctx.diagnostics.report(Rules.MisplacedEastWestTable, t, { table, problem: 'is bound to the mesh (eastWest) and attached to gateways' });
    return false;
  }
  if (t.eastWest && t.hosts.length === 0) {
    ctx.diagnostics.report(Rules.MisplacedEastWestTable, t, { table, problem: 'is bound to the mesh (eastWest) but names no host' });
    return false;
  }
  if (!t.eastWest && t.sources) {
    ctx.diagnostics.report(Rules.MisplacedEastWestTable, t, { table, problem: 'selects sources but is not bound to the mesh (eastWest)' });
  }
  return t.eastWest === true;
}

/** Checks and flattens the east–west tables; produces `eastWest`. */
export const eastWestPass: Pass = {
  name: 'east-west',
  rules: [Rules.MisplacedEastWestTable, Rules.UnknownMeshHost, Rules.UnresolvedReference, Rules.UndeclaredPort, Rules.ForwardToNonHttpPort,
    Rules.UnownedNamespace, Rules.DestinationNotShared],
  run(ctx: CompileContext): void {
    const hosts = meshHosts(ctx.model);
    const flattener = ctx.get('flattener');
    const check = forwardCheck(ctx.model, ctx.get('tenancy'), ctx.diagnostics);
    const byHost = new Map<string, EastWestTable[]>();
    for (const t of ctx.model.routeTables.filter(x => checkBinding(x, ctx))) {
      const routes = flattener.flattenRoot(t);
      routes.forEach(check);
      for (const h of t.hosts.map(x => x.toLowerCase())) {
        if (!hosts.has(h)) {
          ctx.diagnostics.report(Rules.UnknownMeshHost, t, { table: tableRef(t), host: h });
          continue;
        }
        byHost.set(h, [...(byHost.get(h) ?? []), { table: t, routes }]);
      }
    }
    for (const tables of byHost.values()) tables.sort((a, b) => b.table.weight - a.table.weight || cmp(tableRef(a.table), tableRef(b.table)));
    ctx.put('eastWest', byHost);
  },
};
