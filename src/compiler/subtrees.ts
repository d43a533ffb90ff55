/**
 * Child subtrees flattened once and shared. A child table flattened under equal parent matches, in the same path mode,
 * gives the same routes whatever the root table or gateway above it: the routes of its first flattening serve every
 * other place — where that flattening reported nothing (a finding names the delegating route, which differs from place
 * to place), and where neither a delegation cycle nor the depth limit can arise.
 */
import { canonicalKey, EffectiveMatch } from './algebra/match';
import { joinChains } from './chains';
import { ChainLink, FlatRoute } from './compiled';
import { PathMode, RouteTableModel } from '../model';

/** A child table's routes as flattened in one place, and what decides whether they are valid in another. */
export interface FlattenedSubtree {
  /** The routes, with their chains in the first place. */
  readonly routes: readonly FlatRoute[];
  /** Length of the chain above the subtree in the first place. */
  readonly above: number;
  /** Length of the name of that chain (each route's name goes on with its own links). */
  readonly aboveName: number;
  /** Each route's name after the chain above the subtree (what a place appends to its own chain's name). */
  readonly suffixes: readonly string[];
  /** Construct paths of the tables flattened in it, its own included. */
  readonly tables: ReadonlySet<string>;
  /** The longest chain a delegation in it was checked with against the depth limit, less `above`. */
  readonly depth: number;
}

/** What a flattening in progress has gone through so far. */
export interface SubtreeTracker {
  readonly above: number;
  readonly aboveName: number;
  readonly tables: Set<string>;
  depth: number;
}

/** Subtrees by child table, parent matches and path mode; and the flattenings in progress. */
export class SubtreeCache {
  private readonly subtrees = new Map<string, FlattenedSubtree>();
  private readonly keys = new WeakMap<EffectiveMatch, string>();
  private readonly open: SubtreeTracker[] = [];

  /** The key of `child` flattened under `parent` in `mode`. */
  public key(child: RouteTableModel, parent: readonly EffectiveMatch[], mode: PathMode): string {
    const parts = parent.map(m => this.keys.get(m) ?? this.keys.set(m, canonicalKey(m)).get(m)!);
    return JSON.stringify([child.path, mode, parts]);
  }

  /** The subtree of `key`, if one was flattened without findings and is valid below `chain` (with `visiting` above it). */
  public reusable(key: string, chain: readonly ChainLink[], visiting: readonly string[], maxDepth: number): FlattenedSubtree | undefined {
    const known = this.subtrees.get(key);
    if (!known || chain.length + known.depth > maxDepth || visiting.some(t => known.tables.has(t))) return undefined;
    return known;
  }

  /** The routes of a known subtree placed below `chain` (named `name`, see chains.ts `routeName`). */
  public place(subtree: FlattenedSubtree, chain: readonly ChainLink[], name: string): FlatRoute[] {
    const { routes, suffixes, above } = subtree;
    const out = new Array<FlatRoute>(routes.length);
    for (let i = 0; i < routes.length; i++) {
      const r = routes[i];
      out[i] = { name: name + suffixes[i], matches: r.matches, action: r.action, chain: joinChains(chain, r.chain, above) };
    }
    return out;
  }

  /** Starts tracking a flattening below `chain` (named `name`). */
  public start(chain: readonly ChainLink[], name: string): SubtreeTracker {
    const tracker = { above: chain.length, aboveName: name.length, tables: new Set<string>(), depth: 0 };
    this.open.push(tracker);
    return tracker;
  }

  /** Ends tracking `tracker`; keeps its routes under `key` when the flattening reported nothing. */
  public finish(key: string, tracker: SubtreeTracker, routes: readonly FlatRoute[], clean: boolean): void {
    this.open.pop();
    if (!clean) return;
    const { above, aboveName, tables, depth } = tracker;
    this.subtrees.set(key, { above, aboveName, tables, depth, routes, suffixes: routes.map(r => r.name.slice(aboveName)) });
  }

  /** Records, in every flattening in progress, a table flattened and the chain length a delegation was checked with. */
  public record(tables: Iterable<string>, checkedLength: number): void {
    for (const t of this.open) {
      for (const p of tables) t.tables.add(p);
      t.depth = Math.max(t.depth, checkedLength - t.above);
    }
  }
}
