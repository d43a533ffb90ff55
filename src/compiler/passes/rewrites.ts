/** Rewrites: a prefix rewrite replaces the matched prefix, so it needs prefix or exact matches (a regex has none). */
import { isAnyPath } from '../algebra/match';
import { tableRef } from '../algebra/names';
import { FlatRoute } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Rules } from '../diagnostics/catalogue';
import { Pass } from '../pass';

function checkRewrite(r: FlatRoute, d: Diagnostics): void {
  if (r.action.type !== 'forward' || r.action.pathRewrite?.kind !== 'prefix') return;
  const leaf = r.chain[r.chain.length - 1];
  const route = { route: leaf.route.name, table: tableRef(leaf.table) };
  const regex = r.matches.find(m => m.path.kind === 'regex' && !isAnyPath(m.path));
  if (regex) d.report(Rules.InvalidPrefixRewrite, leaf.table, { ...route, problem: 'regex', regex: regex.path.value });
  const rewrite = r.action.pathRewrite.value;
  if (r.matches.some(m => isAnyPath(m.path)) && !rewrite.endsWith('/')) {
    d.report(Rules.InvalidPrefixRewrite, leaf.table, { ...route, problem: 'every-path', rewrite });
  }
}

/** Checks the prefix rewrites of every gateway route. */
export const rewritesPass: Pass = {
  name: 'rewrites',
  rules: [Rules.InvalidPrefixRewrite],
  run(ctx: CompileContext): void {
    for (const g of ctx.get('gateways')) for (const h of g.hosts) for (const r of h.routes) checkRewrite(r, ctx.diagnostics);
  },
};
