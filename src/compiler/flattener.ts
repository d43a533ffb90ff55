/**
 * Delegation: flattens a root route table and the tables it delegates to into one ordered list of routes with
 * effective matches (parent AND child) and terminal actions, reporting every problem on the way.
 */
import { compose, effective, EffectiveMatch, specificity } from './algebra/match';
import { ChainLink, FlatRoute, TerminalAction } from './compiled';
import { DelegateActionModel, MatchModel, PathMode, RouteModel, RouteTableModel } from '../model';
import { tableRef } from './algebra/names';
import { cmp, Diagnostics, Note, related, Rules, Subject } from './diagnostics/catalogue';
import { Tenancy } from './tenancy';

interface Context {
  /** Effective matches of the delegating route; undefined for a root table. */
  readonly parent?: readonly EffectiveMatch[];
  readonly mode: PathMode;
  readonly chain: readonly ChainLink[];
  /** Construct paths of the tables on the current branch (cycle detection). */
  readonly visiting: readonly string[];
}

type PartialRoute = Omit<FlatRoute, 'name'>;

/** Flattens route tables; results are cached per root table (they do not depend on the host or gateway). */
export class Flattener {
  /** Construct paths of every table reached by delegation. */
  public readonly used = new Set<string>();
  private readonly byPath = new Map<string, RouteTableModel>();
  private readonly cache = new Map<string, FlatRoute[]>();

  constructor(
    private readonly tables: readonly RouteTableModel[],
    private readonly tenancy: Tenancy,
    private readonly diagnostics: Diagnostics,
    private readonly maxDepth: number,
  ) {
    for (const t of tables) this.byPath.set(t.path, t);
  }

  /** The routes of a root table with delegation resolved, in order. */
  public flattenRoot(root: RouteTableModel): FlatRoute[] {
    let routes = this.cache.get(root.path);
    if (!routes) {
      routes = this.flatten(root, { mode: 'RELATIVE', chain: [], visiting: [root.path] }).map(r => ({ ...r, name: routeName(r.chain) }));
      this.cache.set(root.path, routes);
    }
    return routes;
  }

  private flatten(table: RouteTableModel, ctx: Context): PartialRoute[] {
    const out: PartialRoute[] = [];
    for (const route of table.routes) {
      const matches = this.effectiveMatches(table, route, ctx);
      if (matches.length === 0) continue;
      const chain = [...ctx.chain, { table, route }];
      if (route.action.type === 'delegate') {
        out.push(...this.delegate(table, route, route.action, matches, { ...ctx, chain }));
      } else {
        out.push({ matches, action: route.action as TerminalAction, chain });
      }
    }
    return out;
  }

  /** Parent AND child for every pair; a child match set compatible with no parent match set is reported. */
  private effectiveMatches(table: RouteTableModel, route: RouteModel, ctx: Context): EffectiveMatch[] {
    const own: readonly MatchModel[] = route.matches;
    if (!ctx.parent) return own.length > 0 ? own.map(effective) : [effective({ headers: [], query: [] })];
    const result: EffectiveMatch[] = [];
    const link = ctx.chain[ctx.chain.length - 1];
    const where = { route: route.name, table: tableRef(table), parentRoute: link.route.name, parentTable: tableRef(link.table), mode: ctx.mode };
    const parentRoute = [related(link.table, Note.delegatingRoute)];
    for (const child of own.length > 0 ? own : [undefined]) {
      let problem: ReturnType<typeof compose>['problem'];
      let kept = false;
      for (const parent of ctx.parent) {
        const c = compose(parent, child, ctx.mode);
        if (c.match) {
          kept = true;
          result.push(c.match);
          if (c.repeatsParentPrefix) {
            this.diagnostics.report(Rules.ChildRepeatsParentPrefix, table,
              { ...where, path: String(child?.path?.value), prefix: parent.path.value, becomes: c.match.path.value }, parentRoute);
          }
        } else {
          problem ??= c.problem;
        }
      }
      if (!kept && problem) this.diagnostics.report(Rules[problem.rule], table, { ...where, problem: problem.message }, parentRoute);
    }
    return result;
  }

  private delegate(table: RouteTableModel, route: RouteModel, action: DelegateActionModel, matches: EffectiveMatch[], ctx: Context): PartialRoute[] {
    const notPrefix = route.matches.find(m => m.path && m.path.kind !== 'prefix' && m.path.kind !== 'segment');
    if (notPrefix) {
      this.diagnostics.report(Rules.DelegatingRouteNotPrefix, table,
        { route: route.name, table: tableRef(table), kind: notPrefix.path!.kind, value: notPrefix.path!.value });
      return [];
    }
    const children = this.select(table, route, action);
    const subtree: Array<{ route: PartialRoute; weight: number; index: number }> = [];
    for (const child of children) {
      const cycleStart = ctx.visiting.indexOf(child.path);
      if (cycleStart >= 0) {
        const tables = [...ctx.visiting.slice(cycleStart), child.path].map(p => this.byPath.get(p)!);
        const cycle = tables.map(tableRef);
        // Every table of the cycle in cycle order, each with the table it delegates to.
        const steps = tables.slice(0, -1).map((t, i) => related(t, Note.cycleStep(cycle[i + 1])));
        this.diagnostics.report(Rules.DelegationCycle, table, { route: route.name, table: tableRef(table), cycle }, steps);
        continue;
      }
      if (ctx.chain.length > this.maxDepth) {
        this.diagnostics.report(Rules.DelegationTooDeep, table,
          { route: route.name, table: tableRef(table), child: tableRef(child), depth: ctx.chain.length, limit: this.maxDepth },
          [related(child, Note.childTable)]);
        continue;
      }
      this.used.add(child.path);
      const routes = this.flatten(child, { parent: matches, mode: action.pathMode, chain: ctx.chain, visiting: [...ctx.visiting, child.path] });
      for (const r of routes) subtree.push({ route: r, weight: child.weight, index: subtree.length });
    }
    if (action.sortMethod === 'ROUTE_SPECIFICITY') {
      subtree.sort((a, b) => compareSpecificity(a.route, b.route) || b.weight - a.weight || a.index - b.index);
    }
    return subtree.map(s => s.route);
  }

  /** The child tables of a delegate action, in TABLE_WEIGHT order; unshared or invalid targets are reported. */
  private select(table: RouteTableModel, route: RouteModel, action: DelegateActionModel): RouteTableModel[] {
    const at = { route: route.name, table: tableRef(table) };
    const named = this.named(table, route, action);
    const selected = this.selected(table, route, action);
    const chosen = new Map<string, { table: RouteTableModel; explicit: number }>();
    named.chosen.forEach((child, explicit) => chosen.set(child.path, chosen.get(child.path) ?? { table: child, explicit }));
    for (const child of selected.chosen) if (!chosen.has(child.path)) chosen.set(child.path, { table: child, explicit: Number.MAX_SAFE_INTEGER });
    const children = [...chosen.values()]
      .sort((a, b) => b.table.weight - a.table.weight || a.explicit - b.explicit || cmp(tableRef(a.table), tableRef(b.table)))
      .map(c => c.table);
    // A delegation selecting nothing is a lost route, unless the action accepts it; refusals are reported on their own.
    const namesNothing = action.tables.length === 0 && action.labels === undefined && action.workspaces.length === 0; // MESH030
    if (children.length === 0 && named.refused + selected.refused === 0 && !namesNothing) {
      if (action.allowEmpty) this.diagnostics.warn(Rules.DelegationSelectsNothing, table, at);
      else this.diagnostics.report(Rules.DelegationSelectsNothing, table, at);
    }
    return children;
  }

  /** The tables the action names, in order; each refused one (missing, a root table, not shared) is reported. */
  private named(table: RouteTableModel, route: RouteModel, action: DelegateActionModel): Selection {
    const parentWs = this.tenancy.ownerOf(table.namespace);
    const at = { route: route.name, table: tableRef(table) };
    const chosen: RouteTableModel[] = [];
    for (const path of action.tables) {
      const child = this.byPath.get(path);
      const childWs = child && this.tenancy.ownerOf(child.namespace);
      if (!child) {
        const subject = Subject.delegatingRoute(route.name, tableRef(table));
        this.diagnostics.report(Rules.UnresolvedReference, table, { subject, verb: 'references', target: Subject.table(path) });
      } else if (child.hosts.length > 0 || child.gateways.length > 0) {
        this.diagnostics.report(Rules.DelegationTargetIsRoot, table, { ...at, child: tableRef(child) }, [related(child, Note.childTable)]);
      } else if (!parentWs || !childWs) {
        // reported as an unowned namespace
      } else if (!this.tenancy.canUse(parentWs, childWs, 'ROUTE_TABLE', child.labels)) {
        const missing = this.tenancy.missingShare(parentWs, childWs, 'ROUTE_TABLE', child.labels);
        const shared = { ...at, child: tableRef(child), workspace: childWs.name, missing, selected: false };
        this.diagnostics.report(Rules.DelegationNotShared, table, shared, [related(child, Note.childTable)]);
      } else {
        chosen.push(child);
      }
    }
    return { chosen, refused: action.tables.length - chosen.length };
  }

  /**
   * The tables the action selects by labels and workspaces, among those shared with the parent's workspace; a table
   * of a workspace the action names but that does not share it, and a workspace that does not exist, are reported.
   */
  private selected(table: RouteTableModel, route: RouteModel, action: DelegateActionModel): Selection {
    if (action.labels === undefined && action.workspaces.length === 0) return { chosen: [], refused: 0 };
    const parentWs = this.tenancy.ownerOf(table.namespace);
    const at = { route: route.name, table: tableRef(table) };
    const named = action.workspaces.map(n => ({ n, w: this.tenancy.named(n) }));
    let refused = 0;
    for (const { n } of named.filter(x => !x.w)) {
      const subject = Subject.delegatingRoute(route.name, tableRef(table));
      this.diagnostics.report(Rules.UnresolvedReference, table, { subject, verb: 'selects', target: Subject.workspace(n) });
      refused++;
    }
    const wanted = new Set(named.filter(x => x.w).map(x => x.w!.name));
    const candidates = this.tables.filter(t => t.hosts.length === 0 && t.gateways.length === 0
      && Object.entries(action.labels ?? {}).every(([k, v]) => t.labels[k] === v)
      && (action.workspaces.length === 0 || wanted.has(this.tenancy.ownerOf(t.namespace)?.name ?? '')));
    const chosen: RouteTableModel[] = [];
    for (const child of candidates) {
      const childWs = this.tenancy.ownerOf(child.namespace);
      if (!parentWs || !childWs) continue;
      if (this.tenancy.canUse(parentWs, childWs, 'ROUTE_TABLE', child.labels)) {
        chosen.push(child);
      } else if (wanted.has(childWs.name)) {
        const missing = this.tenancy.missingShare(parentWs, childWs, 'ROUTE_TABLE', child.labels);
        const shared = { ...at, child: tableRef(child), workspace: childWs.name, missing, selected: true };
        this.diagnostics.report(Rules.DelegationNotShared, table, shared, [related(child, Note.childTable)]);
        refused++;
      }
    }
    return { chosen, refused };
  }
}

/** The tables a delegate action chose, and how many it named or selected but were refused (each reported). */
interface Selection {
  readonly chosen: readonly RouteTableModel[];
  readonly refused: number;
}

function compareSpecificity(a: PartialRoute, b: PartialRoute): number {
  const best = (r: PartialRoute) => r.matches.map(specificity).sort(compareKeys)[0];
  return compareKeys(best(a), best(b));
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The name of a flattened route: each link's table and route, root first. */
function routeName(chain: readonly ChainLink[]): string {
  return chain.map(l => `${l.table.name}.${l.route.name}`).join('.');
}
