/**
 * Ownership: which workspace owns each namespace (a namespace belongs to one workspace per cluster), and that every
 * route table, external service and gateway lives in a namespace of a workspace — the one it is declared in.
 */
import { CompileContext } from '../context';
import { Diagnostics, Rules } from '../diagnostics/catalogue';
import { Pass } from '../pass';
import { tableRef } from '../flattener';
import { WorkspaceModel } from '../../model';
import { Tenancy } from '../tenancy';

/** A declaration placed in a namespace, possibly inside a workspace construct. */
interface Placed {
  readonly path: string;
  readonly namespace: string;
  readonly scopeWorkspace?: string;
}

/** The workspace owning `item`'s namespace; reports a namespace owned by none or by another workspace than the scope. */
function ownerOf(tenancy: Tenancy, d: Diagnostics, item: Placed, what: string): WorkspaceModel | undefined {
  if (item.namespace === '') return undefined;
  const ws = tenancy.ownerOf(item.namespace);
  if (!ws) {
    d.report(Rules.UnresolvedReference, item.path, `${what}: namespace "${item.namespace}" belongs to no workspace`);
  } else if (item.scopeWorkspace !== undefined && ws.name !== item.scopeWorkspace) {
    d.report(Rules.NamespaceOutsideWorkspace, item.path,
      `${what} is declared in workspace "${item.scopeWorkspace}" but its namespace "${item.namespace}" belongs to workspace "${ws.name}"`);
  }
  return ws;
}

/** Resolves namespace ownership; produces `tenancy` and `gatewayOwners`. */
export const ownershipPass: Pass = {
  name: 'ownership',
  rules: [Rules.NamespaceClaimedTwice, Rules.DuplicateResource, Rules.UnresolvedReference, Rules.NamespaceOutsideWorkspace],
  run(ctx: CompileContext): void {
    const { model, diagnostics: d } = ctx;
    const tenancy = new Tenancy(model.workspaces, d);
    for (const t of model.routeTables) ownerOf(tenancy, d, t, `route table ${tableRef(t)}`);
    for (const e of model.externalServices) ownerOf(tenancy, d, e, `external service ${e.namespace}/${e.name}`);
    const gatewayOwners = new Map<string, WorkspaceModel>();
    for (const g of model.gateways) {
      const ws = ownerOf(tenancy, d, g, `virtual gateway ${g.namespace}/${g.name}`);
      if (ws) gatewayOwners.set(g.path, ws);
    }
    ctx.put('tenancy', tenancy);
    ctx.put('gatewayOwners', gatewayOwners);
  },
};
