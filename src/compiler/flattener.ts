/**
 * Delegation: flattens a root route table and the tables it delegates to into one ordered list of routes with
 * effective matches (parent AND child) and terminal actions, reporting every problem on the way.
 */
import { append } from './algebra/collections';
import { compose, effective, EffectiveMatch, specificity } from './algebra/match';
import { ChainLink, FlatRoute, TerminalAction } from './compiled';
import { DelegateActionModel, MatchModel, PathMode, RouteModel, RouteTableModel } from '../model';
import { tableRef } from './algebra/names';
import { joinChains, linkName } from './chains';
import { cmp, Diagnostics, Note, related, Rules, Subject } from './diagnostics/catalogue';
import { distinctNames, namesApart } from './route-names';
import { SubtreeCache } from './subtrees';
import { Tenancy } from './tenancy';

interface Context {
  /** Effective matches of the delegating route; undefined for a root table. */
  readonly parent?: readonly EffectiveMatch[];
  readonly mode: PathMode;
  readonly chain: readonly ChainLink[];
  /** The name of `chain` (chains.ts `routeName`), built a link at a time. */
  readonly name: string;
  /** Construct paths of the tables on the current branch (cycle detection). */
  readonly visiting: readonly string[];
}

/**
 * Flattens route tables; results are cached per root table (they do not depend on the host or gateway), and child
 * subtrees are flattened once for every place with equal parent matches (see subtrees.ts).
 */
export class Flattener {
  /** Construct paths of every table reached by delegation. */
  public readonly used = new Set<string>();
  /**
   * False while the routes flattened so far provably have distinct names within each root table's flattening (see
   * route-names.ts): every table flattened has plain names and distinct route names, and no delegation chose two
   * tables of one name.
   */
  public namesMayRepeat = false;
  /** The tables whose names were looked at (see namesMayRepeat). */
  private readonly namesChecked = new Set<RouteTableModel>();
  private readonly byPath = new Map<string, RouteTableModel>();
  private readonly cache = new Map<string, FlatRoute[]>();
  private readonly subtrees = new SubtreeCache();
  /** Each table's position in the model. */
  private readonly order = new Map<RouteTableModel, number>();
  private targetsByWorkspace?: Map<string, RouteTableModel[]>;

  constructor(
    private readonly tables: readonly RouteTableModel[],
    private readonly tenancy: Tenancy,
    private readonly diagnostics: Diagnostics,
    private readonly maxDepth: number,
  ) {
    tables.forEach((t, i) => {
      this.byPath.set(t.path, t);
      this.order.set(t, i);
    });
  }

  /**
   * The tables without hosts or gateways (possible delegation targets), in model order: all of them, or those of the
   * named workspaces (indexed by owning workspace, so that a delegation by workspace does not scan every table).
   */
  private delegationTargets(workspaces?: readonly string[]): readonly RouteTableModel[] {
    if (!this.targetsByWorkspace) {
      this.targetsByWorkspace = new Map();
      for (const t of this.tables) {
        if (t.hosts.length === 0 && t.gateways.length === 0) append(this.targetsByWorkspace, this.tenancy.ownerOf(t.namespace)?.name ?? '', t);
      }
    }
    if (workspaces === undefined) return this.tables.filter(t => t.hosts.length === 0 && t.gateways.length === 0);
    const order = (t: RouteTableModel) => this.order.get(t)!;
    if (workspaces.length === 1) return this.targetsByWorkspace.get(workspaces[0]) ?? [];
    return [...new Set(workspaces)].flatMap(w => this.targetsByWorkspace!.get(w) ?? []).sort((a, b) => order(a) - order(b));
  }

  /** The routes of a root table with delegation resolved, in order. */
  public flattenRoot(root: RouteTableModel): FlatRoute[] {
    let routes = this.cache.get(root.path);
    if (!routes) {
      routes = this.flatten(root, { mode: 'RELATIVE', chain: [], name: '', visiting: [root.path] });
      this.cache.set(root.path, routes);
    }
    return routes;
  }

  private flatten(table: RouteTableModel, ctx: Context): FlatRoute[] {
    if (!this.namesChecked.has(table)) {
      this.namesChecked.add(table);
      if (!namesApart(table)) this.namesMayRepeat = true;
    }
    const out: FlatRoute[] = [];
    for (const route of table.routes) {
      const matches = this.effectiveMatches(table, route, ctx);
      if (matches.length === 0) continue;
      const link = { table, route };
      const chain = joinChains(ctx.chain, [link], 0);
      const name = ctx.chain.length === 0 ? linkName(link) : `${ctx.name}.${linkName(link)}`;
      if (route.action.type === 'delegate') {
        for (const r of this.delegate(table, route, route.action, matches, { ...ctx, chain, name })) out.push(r);
      } else {
        out.push({ name, matches, action: route.action as TerminalAction, chain });
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
    // Built only for a finding (most routes have none).
    const where = () => ({
      route: route.name, table: tableRef(table), parentRoute: link.route.name, parentTable: tableRef(link.table), mode: ctx.mode,
    });
    const parentRoute = () => [related(link.table, Note.delegatingRoute)];
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
              { ...where(), path: String(child?.path?.value), prefix: parent.path.value, becomes: c.match.path.value }, parentRoute());
          }
        } else {
          problem ??= c.problem;
        }
      }
      if (!kept && problem) this.diagnostics.report(Rules[problem.rule], table, { ...where(), problem: problem.message }, parentRoute());
    }
    return result;
  }

  private delegate(table: RouteTableModel, route: RouteModel, action: DelegateActionModel, matches: EffectiveMatch[], ctx: Context): FlatRoute[] {
    const notPrefix = route.matches.find(m => m.path && m.path.kind !== 'prefix' && m.path.kind !== 'segment');
    if (notPrefix) {
      this.diagnostics.report(Rules.DelegatingRouteNotPrefix, table,
        { route: route.name, table: tableRef(table), kind: notPrefix.path!.kind, value: notPrefix.path!.value });
      return [];
    }
    const children = this.select(table, route, action);
    if (!distinctNames(children)) this.namesMayRepeat = true;
    const bySpecificity = action.sortMethod === 'ROUTE_SPECIFICITY';
    const routes: FlatRoute[] = [];
    const subtree: Array<{ route: FlatRoute; weight: number; index: number }> = [];
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
      this.subtrees.record([], ctx.chain.length);
      if (ctx.chain.length > this.maxDepth) {
        this.diagnostics.report(Rules.DelegationTooDeep, table,
          { route: route.name, table: tableRef(table), child: tableRef(child), depth: ctx.chain.length, limit: this.maxDepth },
          [related(child, Note.childTable)]);
        continue;
      }
      for (const r of this.flattenChild(child, matches, action.pathMode, ctx)) {
        if (bySpecificity) subtree.push({ route: r, weight: child.weight, index: subtree.length });
        else routes.push(r);
      }
    }
    if (!bySpecificity) return routes;
    subtree.sort((a, b) => compareSpecificity(a.route, b.route) || b.weight - a.weight || a.index - b.index);
    return subtree.map(s => s.route);
  }

  /** The routes of `child` under the delegating route's `parent` matches: flattened, or placed from an equal subtree. */
  private flattenChild(child: RouteTableModel, parent: readonly EffectiveMatch[], mode: PathMode, ctx: Context): FlatRoute[] {
    const key = this.subtrees.key(child, parent, mode);
    const known = this.subtrees.reusable(key, ctx.chain, ctx.visiting, this.maxDepth);
    if (known) {
      known.tables.forEach(t => this.used.add(t));
      this.subtrees.record(known.tables, ctx.chain.length + known.depth);
      return this.subtrees.place(known, ctx.chain, ctx.name);
    }
    this.used.add(child.path);
    this.subtrees.record([child.path], ctx.chain.length);
    const reported = this.diagnostics.reported;
    const tracker = this.subtrees.start(ctx.chain, ctx.name);
    tracker.tables.add(child.path);
    const routes = this.flatten(child, { parent, mode, chain: ctx.chain, name: ctx.name, visiting: [...ctx.visiting, child.path] });
    this.subtrees.finish(key, tracker, routes, this.diagnostics.reported === reported);
    return routes;
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
    const wanted = named.filter(x => x.w).map(x => x.w!.name);
    const labels = Object.entries(action.labels ?? {});
    const candidates = this.delegationTargets(action.workspaces.length === 0 ? undefined : wanted)
      .filter(t => labels.every(([k, v]) => t.labels[k] === v));
    const chosen: RouteTableModel[] = [];
    for (const child of candidates) {
      const childWs = this.tenancy.ownerOf(child.namespace);
      if (!parentWs || !childWs) continue;
      if (this.tenancy.canUse(parentWs, childWs, 'ROUTE_TABLE', child.labels)) {
        chosen.push(child);
      } else if (wanted.includes(childWs.name)) {
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

function compareSpecificity(a: FlatRoute, b: FlatRoute): number {
  const best = (r: FlatRoute) => r.matches.map(specificity).sort(compareKeys)[0];
  return compareKeys(best(a), best(b));
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

