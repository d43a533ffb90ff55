/** Rewrites: a prefix rewrite replaces the matched prefix, so it needs prefix or exact matches (a regex has none). */
import { FlatRoute } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Rules } from '../diagnostics/catalogue';
import { tableRef } from '../flattener';
import { Pass } from '../pass';
import { isAnyPath } from '../algebra/match';

function checkRewrite(r: FlatRoute, d: Diagnostics): void {
  if (r.action.type !== 'forward' || r.action.pathRewrite?.kind !== 'prefix') return;
  const leaf = r.chain[r.chain.length - 1];
  const where = `route "${leaf.route.name}" of route table ${tableRef(leaf.table)}`;
  const regex = r.matches.find(m => m.path.kind === 'regex' && !isAnyPath(m.path));
  if (regex) {
    d.report(Rules.UncombinableMatch, leaf.table.path,
      `${where} rewrites the path prefix, but matches the regex ${regex.path.value}, which has no prefix to replace; use PathRewrite.fullPath`);
  }
  const rewrite = r.action.pathRewrite.value;
  if (r.matches.some(m => isAnyPath(m.path)) && !rewrite.endsWith('/')) {
    d.report(Rules.UncombinableMatch, leaf.table.path,
      `${where} rewrites the prefix of every path to "${rewrite}", which is ambiguous (is /x then ${rewrite}x or ${rewrite}/x?); end it with "/"`);
  }
}

/** Checks the prefix rewrites of every gateway route. */
export const rewritesPass: Pass = {
  name: 'rewrites',
  rules: [Rules.UncombinableMatch],
  run(ctx: CompileContext): void {
    for (const g of ctx.get('gateways')) for (const h of g.hosts) for (const r of h.routes) checkRewrite(r, ctx.diagnostics);
  },
};
