/** Unused tables: a table without hosts that no route delegates to serves nothing. */
import { tableRef } from '../algebra/names';
import { CompileContext } from '../context';
import { Rules } from '../diagnostics/catalogue';
import { Pass } from '../pass';

/** Warns about delegation targets nothing delegates to. */
export const unusedTablesPass: Pass = {
  name: 'unused-tables',
  rules: [Rules.UnusedRouteTable],
  run(ctx: CompileContext): void {
    const used = ctx.get('flattener').used;
    for (const t of ctx.model.routeTables) {
      if (t.hosts.length === 0 && t.gateways.length === 0 && !used.has(t.path)) {
        ctx.diagnostics.report(Rules.UnusedRouteTable, t, { table: tableRef(t) });
      }
    }
  },
};
