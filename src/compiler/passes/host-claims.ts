/**
 * Host claims: on one gateway, one workspace owns a host; other workspaces get delegated prefixes, never a root
 * table of their own for the same host.
 */
import { tableRef } from '../algebra/names';
import { CompileContext } from '../context';
import { Note, related, Rules } from '../diagnostics/catalogue';
import { Pass } from '../pass';

/** Reports hosts claimed by root tables of several workspaces on one gateway. */
export const hostClaimsPass: Pass = {
  name: 'host-claims',
  rules: [Rules.HostClaimedByWorkspaces],
  run(ctx: CompileContext): void {
    const tenancy = ctx.get('tenancy');
    const owners = ctx.get('gatewayOwners');
    for (const g of ctx.model.gateways) {
      const ws = owners.get(g.path);
      for (const [host, ordered] of ctx.get('attachments').get(g.path) ?? []) {
        const claimants = new Set(ordered.map(t => tenancy.ownerOf(t.namespace)?.name));
        if (!ws || claimants.size <= 1) continue;
        // Blame the tables of workspaces other than the gateway's (all but the first when the gateway's has none).
        const foreign = ordered.filter(t => tenancy.ownerOf(t.namespace) !== ws);
        const claims = ordered.map(t => ({ table: tableRef(t), workspace: tenancy.ownerOf(t.namespace)?.name }));
        for (const t of foreign.length < ordered.length ? foreign : ordered.slice(1)) {
          const others = ordered.filter(o => tenancy.ownerOf(o.namespace) !== tenancy.ownerOf(t.namespace))
            .map(o => related(o, Note.otherClaimOfHost));
          ctx.diagnostics.report(Rules.HostClaimedByWorkspaces, t, { host, gateway: `${g.namespace}/${g.name}`, claims }, others);
        }
      }
    }
  },
};
