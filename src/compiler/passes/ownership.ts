/**
 * Ownership: which workspace owns each namespace (a namespace belongs to one workspace, in every cluster: namespace
 * sameness), and that every route table, external service and gateway lives in a namespace of a workspace — the one
 * it is declared in.
 */
import { MeshModel, WorkspaceModel, WorkspaceSelectorModel } from '../../model';
import { tableRef } from '../algebra/names';
import { CompileContext } from '../context';
import { Diagnostics, Note, related, Rules, Subject } from '../diagnostics/catalogue';
import { Pass } from '../pass';
import { Tenancy } from '../tenancy';

/** A declaration placed in a namespace, possibly inside a workspace construct. */
interface Placed {
  readonly path: string;
  readonly source?: WorkspaceModel['source'];
  readonly namespace: string;
  readonly scopeWorkspace?: string;
}

/** The workspace owning `item`'s namespace; reports a namespace owned by none or by another workspace than the scope. */
function ownerOf(tenancy: Tenancy, d: Diagnostics, item: Placed, what: string): WorkspaceModel | undefined {
  if (item.namespace === '') return undefined;
  const ws = tenancy.ownerOf(item.namespace);
  if (!ws) {
    d.report(Rules.UnownedNamespace, item, { subject: what, namespace: item.namespace });
  } else if (item.scopeWorkspace !== undefined && ws.name !== item.scopeWorkspace) {
    const args = { subject: what, scope: item.scopeWorkspace, namespace: item.namespace, owner: ws.name };
    d.report(Rules.NamespaceOutsideWorkspace, item, args, [related(ws, Note.namespaceOwner)]);
  }
  return ws;
}

/**
 * Workspace selectors naming a workspace that does not exist select nothing: a typo there silently withholds a share
 * (and then reads as a sharing error elsewhere), so the name itself is reported.
 */
function checkSelectorNames(model: MeshModel, tenancy: Tenancy, d: Diagnostics): void {
  const names = (selectors: readonly WorkspaceSelectorModel[]) => selectors.flatMap(s => (s.name === undefined ? [] : [s.name]));
  for (const w of model.workspaces) {
    const rules = [...w.exportTo, ...w.importFrom].flatMap(r => names(r.workspaces));
    for (const n of new Set(rules.filter(x => !tenancy.named(x)))) {
      d.report(Rules.UnresolvedReference, w, { subject: Subject.workspace(w.name), verb: 'names', target: Subject.workspace(n) });
    }
  }
  for (const g of model.gateways) {
    for (const n of new Set(g.admission.flatMap(a => names(a.workspaces)).filter(x => !tenancy.named(x)))) {
      d.report(Rules.UnresolvedReference, g, { subject: Subject.gateway(`${g.namespace}/${g.name}`), verb: 'admits', target: Subject.workspace(n) });
    }
  }
}

/** Resolves namespace ownership; produces `tenancy` and `gatewayOwners`. */
export const ownershipPass: Pass = {
  name: 'ownership',
  rules: [Rules.NamespaceClaimedTwice, Rules.DuplicateResource, Rules.UnresolvedReference, Rules.UnownedNamespace, Rules.NamespaceOutsideWorkspace],
  run(ctx: CompileContext): void {
    const { model, diagnostics: d } = ctx;
    const tenancy = new Tenancy(model.workspaces, d);
    checkSelectorNames(model, tenancy, d);
    for (const t of model.routeTables) ownerOf(tenancy, d, t, Subject.table(tableRef(t)));
    for (const e of model.externalServices) ownerOf(tenancy, d, e, Subject.externalService(`${e.namespace}/${e.name}`));
    const gatewayOwners = new Map<string, WorkspaceModel>();
    for (const g of model.gateways) {
      const ws = ownerOf(tenancy, d, g, Subject.gateway(`${g.namespace}/${g.name}`));
      if (ws) gatewayOwners.set(g.path, ws);
    }
    ctx.put('tenancy', tenancy);
    ctx.put('gatewayOwners', gatewayOwners);
  },
};
