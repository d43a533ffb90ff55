/**
 * Istio-native delegation: a root VirtualService whose delegating routes point at delegate VirtualServices — one per
 * child route table, or one per delegating route where that keeps the root small — in the child's namespace, without
 * hosts or gateways, exported to the root's namespace. Used for a subtree only when Istio's own merge (istio/istio
 * pilot/pkg/model/virtualservice.go, mergeHTTPMatchRequests and hasConflict) reproduces the flattened routes exactly;
 * otherwise that subtree is flattened and a warning says why.
 */
import { renderMatches } from './http-routes';
import { Render } from './rendered-routes';
import { RootEntry } from './route-split';
import { tableRef } from '../../compiler/algebra/names';
import { ChainLink, CompiledGateway, CompiledHost, FlatRoute } from '../../compiler/compiled';
import { Diagnostics, Rules } from '../../compiler/diagnostics/catalogue';
import { VirtualServiceSpecHttp, VirtualServiceSpecHttpMatch, VirtualServiceSpecHttpMatchHeaders } from '../../imports/networking.istio.io';
import { RouteTableModel } from '../../model';

/** The routes of delegate VirtualService: those of one child table, or of every child table of one delegating route. */
export interface DelegateContent {
  /** The namespace of its tables. */
  readonly namespace: string;
  /** The tables whose routes it holds, in order. */
  readonly tables: readonly RouteTableModel[];
  /** What it is named after: its table, or the delegating route gathering several tables. */
  readonly label: string;
  readonly http: VirtualServiceSpecHttp[];
  /** Which piece of its routes it holds (from 1) when they are split over several delegates. */
  readonly piece?: number;
  /**
   * An upper bound of the bytes of annotations client-side apply needs for it, measured with the longest name, an
   * empty workspace label and no exportTo (see object-size.ts).
   */
  readonly bytes?: number;
}

/**
 * How a delegated subtree is emitted: one delegate VirtualService per child table, or — to keep the root small — one
 * per delegating route (per namespace of its child tables).
 */
export type DelegateGrouping = 'table' | 'root-route';

/** A run of a host's routes: routes emitted in the root as they are, or one delegating route's subtree. */
export type HostSegment =
  | { readonly kind: 'flat'; readonly routes: readonly FlatRoute[] }
  | { readonly kind: 'delegated'; readonly root: ChainLink; readonly matches: VirtualServiceSpecHttpMatch[]; readonly blocks: readonly Block[] };

/** The consecutive routes of one child table under a delegating route. */
interface Block {
  readonly table: RouteTableModel;
  readonly routes: FlatRoute[];
}

type StringMatch = VirtualServiceSpecHttpMatchHeaders | undefined;

function stringConflict(r: StringMatch, c: StringMatch): boolean {
  if (!r || !c) return false;
  if (r.regex !== undefined || c.regex !== undefined) return true;
  if (r.exact !== undefined) return c.prefix !== undefined || c.exact !== r.exact;
  if (r.prefix !== undefined) return !(c.prefix ?? c.exact ?? '').startsWith(r.prefix);
  return true;
}

function mapConflict(r: Record<string, StringMatch> | undefined, c: Record<string, StringMatch> | undefined): boolean {
  return Object.entries(c ?? {}).some(([k, v]) => stringConflict(r?.[k], v));
}

/** Istio's `hasConflict(root, child)`. */
function hasConflict(r: VirtualServiceSpecHttpMatch, c: VirtualServiceSpecHttpMatch): boolean {
  return stringConflict(r.uri, c.uri) || stringConflict(r.method, c.method)
    || mapConflict(r.headers, c.headers) || mapConflict(r.queryParams, c.queryParams);
}

/** Istio's `mergeHTTPMatchRequests(root, child)`: undefined when a child match is compatible with no root match. */
function mergeMatches(root: VirtualServiceSpecHttpMatch[], child: VirtualServiceSpecHttpMatch[]): VirtualServiceSpecHttpMatch[] | undefined {
  if (root.length === 0) return child;
  if (child.length === 0) return root;
  const out: VirtualServiceSpecHttpMatch[] = [];
  for (const c of child) {
    const compatible = root.filter(r => !hasConflict(r, c));
    if (compatible.length === 0) return undefined;
    for (const r of compatible) {
      out.push({
        uri: c.uri ?? r.uri,
        method: c.method ?? r.method,
        headers: r.headers || c.headers ? { ...r.headers, ...c.headers } : undefined,
        queryParams: r.queryParams || c.queryParams ? { ...r.queryParams, ...c.queryParams } : undefined,
      });
    }
  }
  return out;
}

const canonical = (matches: VirtualServiceSpecHttpMatch[]) => matches.map(m => JSON.stringify(m)).sort().join('|');

/** Why a root route's subtree cannot be delegated natively, or undefined when it can. */
function obstacle(subtree: FlatRoute[], rootMatches: VirtualServiceSpecHttpMatch[], blocks: readonly Block[], render: Render): string | undefined {
  if (subtree.some(r => r.chain.length > 2)) return 'it delegates more than one level deep (Istio delegates one level)';
  const seen = new Set<RouteTableModel>();
  for (const b of blocks) {
    if (seen.has(b.table)) return `the routes of ${tableRef(b.table)} are interleaved with another table's (ROUTE_SPECIFICITY order)`;
    seen.add(b.table);
  }
  const rootKey = JSON.stringify(rootMatches);
  for (const r of subtree) {
    for (const http of render.template(r)) {
      const verdict = mergeVerdict(rootMatches, rootKey, http.match ?? []);
      if (verdict === 'kept') continue;
      const route = `route "${r.chain[1].route.name}" of ${tableRef(r.chain[1].table)}`;
      if (verdict === 'dropped') return `Istio would drop ${route} as conflicting with its parent's match`;
      if (verdict === 'changed') {
        return `Istio's merge of ${route} with its parent's match would differ from the intended match `
          + '(e.g. a condition on the same header on both sides)';
      }
    }
  }
  return undefined;
}

/** What Istio's merge makes of a child's matches under a root's: the same matches, other matches, or none. */
type MergeVerdict = 'kept' | 'changed' | 'dropped';

/** Verdicts by child matches (rendered once per shared subtree: see rendered-routes.ts), then root matches. */
const verdicts = new WeakMap<VirtualServiceSpecHttpMatch[], Map<string, MergeVerdict>>();

function mergeVerdict(root: VirtualServiceSpecHttpMatch[], rootKey: string, child: VirtualServiceSpecHttpMatch[]): MergeVerdict {
  let byRoot = verdicts.get(child);
  if (!byRoot) verdicts.set(child, byRoot = new Map());
  let verdict = byRoot.get(rootKey);
  if (verdict === undefined) {
    const merged = mergeMatches(root, child);
    verdict = !merged ? 'dropped' : canonical(merged) !== canonical(child) ? 'changed' : 'kept';
    byRoot.set(rootKey, verdict);
  }
  return verdict;
}

/**
 * A host's routes in native-delegation mode, as segments: each delegating route's subtree that Istio's merge
 * reproduces exactly, and the other routes (a subtree it would not reproduce is flattened, with a warning saying why).
 */
export function nativeSegments(g: CompiledGateway, h: CompiledHost, render: Render, d: Diagnostics): HostSegment[] {
  const out: HostSegment[] = [];
  const flat = (routes: readonly FlatRoute[]) => {
    const last = out[out.length - 1];
    if (last?.kind === 'flat') out[out.length - 1] = { kind: 'flat', routes: [...last.routes, ...routes] };
    else out.push({ kind: 'flat', routes });
  };
  let i = 0;
  while (i < h.routes.length) {
    const route = h.routes[i];
    if (route.chain.length === 1) {
      flat([route]);
      i++;
      continue;
    }
    const root = route.chain[0];
    let j = i;
    const sameRoot = (r: FlatRoute) => r.chain.length > 1 && r.chain[0].route === root.route && r.chain[0].table === root.table;
    while (j < h.routes.length && sameRoot(h.routes[j])) j++;
    const subtree = h.routes.slice(i, j);
    i = j;
    const blocks: Block[] = [];
    for (const r of subtree) {
      const last = blocks[blocks.length - 1];
      if (last && last.table === r.chain[1].table) last.routes.push(r);
      else blocks.push({ table: r.chain[1].table, routes: [r] });
    }
    const matches = renderMatches(root.route.matches);
    const why = obstacle(subtree, matches, blocks, render);
    if (why) {
      d.report(Rules.DelegationFlattened, root.table,
        { route: root.route.name, table: tableRef(root.table), host: h.host, gateway: `${g.model.namespace}/${g.model.name}`, reason: why });
      flat(subtree);
    } else {
      out.push({ kind: 'delegated', root, matches, blocks });
    }
  }
  return out;
}

/** A root entry delegating to a delegate VirtualService not yet named: `delegate.name` is `key`'s placeholder. */
export interface DelegatingEntry extends RootEntry {
  /** The delegate's key (its content), or undefined for an entry in the root itself. */
  readonly delegate?: string;
}

/** A name as long as an object name may be. */
const LONGEST_NAME = '~'.repeat(63);

/**
 * The root entries of a host's segments, and the contents of the delegates they use (by key: identical contents are
 * emitted once). Delegating routes name their delegate by `placeholder(key)` until the delegates are named.
 */
export function nativeEntries(
  segments: readonly HostSegment[], grouping: DelegateGrouping, render: Render, placeholder?: (key: string) => string,
): { entries: DelegatingEntry[]; delegates: Map<string, DelegateContent> } {
  const entries: DelegatingEntry[] = [];
  const delegates = new Map<string, DelegateContent>();
  for (const s of segments) {
    if (s.kind === 'flat') {
      for (const r of s.routes) entries.push(render.named(r));
      continue;
    }
    for (const group of groupBlocks(s.blocks, grouping)) {
      const namespace = group[0].table.namespace;
      if (!placeholder) {
        // Only the root is wanted (to measure it): delegates stand in under the longest name.
        entries.push({ http: [{ name: s.root.route.name, match: s.matches, delegate: { name: LONGEST_NAME, namespace } }], routes: [] });
        continue;
      }
      const http = group.flatMap(b => b.routes.flatMap(r =>
        render.template(r).map(x => ({ ...x, name: `${b.table.name}.${r.chain[1].route.name}` }))));
      const tables = group.map(b => b.table);
      const key = `${grouping === 'table' ? tables[0].path : `${namespace}|${s.root.route.name}`}|${JSON.stringify(http)}`;
      delegates.set(key, { namespace, tables, label: grouping === 'table' ? tables[0].name : s.root.route.name, http });
      entries.push({
        http: [{ name: s.root.route.name, match: s.matches, delegate: { name: placeholder(key), namespace } }],
        routes: group.flatMap(b => b.routes),
        delegate: key,
      });
    }
  }
  return { entries, delegates };
}

/** The blocks each delegate holds: one each, or the consecutive blocks of one namespace together. */
function groupBlocks(blocks: readonly Block[], grouping: DelegateGrouping): Block[][] {
  if (grouping === 'table') return blocks.map(b => [b]);
  const groups: Block[][] = [];
  for (const b of blocks) {
    const last = groups[groups.length - 1];
    if (last && last[0].table.namespace === b.table.namespace) last.push(b);
    else groups.push([b]);
  }
  return groups;
}
