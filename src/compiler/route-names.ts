/**
 * How often each flattened route's name occurs in a host, up to each route. A flattened route is named after its
 * chain: each link's table and route names, joined by dots (chains.ts `routeName`). Where none of those names is
 * empty or holds a dot (valid names are DNS labels, so they never do), two routes have equal names exactly when their
 * chains name the same tables and routes in order; occurrences are then counted along the chains, one lookup per name
 * that changed since the route before, without writing out and hashing each long name. Otherwise they are counted by
 * the names' text.
 *
 * Where the flattener proves names cannot repeat, nothing needs counting (see `Flattener.namesMayRepeat`): two
 * distinct chains of one host first differ at some link, below the same delegating route (or at the root); with plain
 * names, their names differ there unless two tables that route delegates to (or two root tables of the host) share a
 * name, or one table has two routes of one name.
 */
import { ChainLink, FlatRoute } from './compiled';
import { RouteTableModel } from '../model';

/** For each route, which occurrence of its name it is in `routes` (1 for the first). */
export function nameOccurrences(routes: readonly FlatRoute[]): number[] {
  return plainChains(routes) ? byChain(routes) : byText(routes);
}

/** A name of one table or route that joins others unambiguously: not empty, no dot. */
const plain = (name: string) => typeof name === 'string' && name.length > 0 && !name.includes('.');

/**
 * Whether a table's names join unambiguously into route names and tell its routes apart: its own name and each
 * route's are plain (see above), and no two routes share a name.
 */
export function namesApart(table: RouteTableModel): boolean {
  if (!plain(table.name)) return false;
  const seen = new Set<string>();
  for (const r of table.routes) {
    if (!plain(r.name) || seen.has(r.name)) return false;
    seen.add(r.name);
  }
  return true;
}

/** Whether no two of `tables` share a name. */
export function distinctNames(tables: readonly RouteTableModel[]): boolean {
  return tables.length < 2 || new Set(tables.map(t => t.name)).size === tables.length;
}

/** Whether every link of every chain names its table and route plainly (each link looked at once per run of routes). */
function plainChains(routes: readonly FlatRoute[]): boolean {
  let previous: readonly ChainLink[] = [];
  for (const { chain } of routes) {
    for (let i = 0; i < chain.length; i++) {
      const l = chain[i];
      if (l !== previous[i] && !(plain(l.table.name) && plain(l.route.name))) return false;
    }
    previous = chain;
  }
  return true;
}

/** The names of chains seen so far, one component at a time: those going on below, and counts of those ending here. */
class NameNode {
  private below?: Map<string, NameNode>;
  private ends?: Map<string, number>;

  /** The node of the names going on with `name`. */
  public child(name: string): NameNode {
    const below = (this.below ??= new Map());
    let n = below.get(name);
    if (!n) below.set(name, n = new NameNode());
    return n;
  }

  /** Counts one more name ending with `name` here; returns how many have so far. */
  public end(name: string): number {
    const ends = (this.ends ??= new Map());
    const n = (ends.get(name) ?? 0) + 1;
    ends.set(name, n);
    return n;
  }
}

/** Occurrences counted along the chains: the nodes of the links a route shares with the route before are reused. */
function byChain(routes: readonly FlatRoute[]): number[] {
  const out = new Array<number>(routes.length);
  // reached[k]: the node after the table and route names of links 0…k-1 of the previous chain.
  const reached: NameNode[] = [new NameNode()];
  let previous: readonly ChainLink[] = [];
  for (let i = 0; i < routes.length; i++) {
    const chain = routes[i].chain;
    const last = chain.length - 1;
    let k = 0;
    while (k < last && k < previous.length - 1 && chain[k] === previous[k]) k++;
    for (; k < last; k++) reached[k + 1] = reached[k].child(chain[k].table.name).child(chain[k].route.name);
    out[i] = reached[last].child(chain[last].table.name).end(chain[last].route.name);
    previous = chain;
  }
  return out;
}

/** Occurrences counted by the names' text. */
function byText(routes: readonly FlatRoute[]): number[] {
  const seen = new Map<string, number>();
  return routes.map(r => {
    const n = (seen.get(r.name) ?? 0) + 1;
    seen.set(r.name, n);
    return n;
  });
}
