/**
 * The VirtualServices of one host of a gateway, planned to stay within client-side apply's limit where that is safe:
 * one root VirtualService when it fits; otherwise, with native delegation, one delegate per delegating route instead
 * of one per child table; then the root split into parts whose routes no request can reach in two of them
 * (route-split.ts); and delegates too large for one object split between their routes (always safe: the root lists
 * the pieces in order, and Istio merges a root's delegates in the root's order).
 */
import {
  DelegateContent, DelegateGrouping, DelegatingEntry, HostSegment, nativeEntries, nativeSegments,
} from './native-delegation';
import { Render, RouteRenderings } from './rendered-routes';
import { RootEntry, splitEntries, SplitComponents } from './route-split';
import { VirtualServiceSizer } from './virtual-service-budget';
import { CompiledGateway, CompiledHost, FlatRoute } from '../../compiler/compiled';
import { Diagnostics } from '../../compiler/diagnostics/catalogue';
import { VirtualService, VirtualServiceSpec, VirtualServiceSpecHttp } from '../../imports/networking.istio.io';
import { EmittedObject } from '../emitted';
import { jsonBytes, MAX_ANNOTATION_BYTES, objectSize } from '../object-size';

/** The VirtualServices of one host: the root's parts (one, unless it had to be split) and the delegates they use. */
export interface HostPlan {
  readonly host: CompiledHost;
  /** Each part's entries; a delegating entry names its delegates by placeholder (see `placeholder`). */
  readonly parts: ReadonlyArray<readonly DelegatingEntry[]>;
  /** Why a part is still over the limit, if one is. */
  readonly advice?: string;
  /** For each part, an upper bound of the bytes client-side apply needs for it (see object-size.ts). */
  readonly bytes: readonly number[];
  /** The delegates the parts use, by key. */
  readonly delegates: ReadonlyMap<string, DelegateContent>;
}

/** What a root VirtualService of a host is, before its routes: its spec without `http`, where it goes, its sources. */
export type RootSkeleton = Omit<EmittedObject, 'spec'> & { readonly spec: Omit<VirtualServiceSpec, 'http'> };

/**
 * What the plans of all hosts share: stand-ins for the names of delegates not yet named — as long as the longest object
 * name, so that sizes measured with them are upper bounds — and each delegate's pieces, measured once.
 */
export class DelegatePlanning {
  private readonly byKey = new Map<string, string>();
  private readonly keys = new Map<string, string>();
  private readonly pieces = new Map<string, Piece[]>();
  /** The components of the hosts' routes, found once per distinct list of routes. */
  public readonly components = new SplitComponents();

  /** The placeholder of delegate `key`. */
  public placeholder(key: string): string {
    let p = this.byKey.get(key);
    if (p === undefined) {
      p = `~${this.byKey.size}`.padEnd(63, '~');
      this.byKey.set(key, p);
      this.keys.set(p, key);
    }
    return p;
  }

  /** The delegate key a placeholder stands for. */
  public keyOf(placeholder: string): string {
    return this.keys.get(placeholder)!;
  }

  /** The pieces of delegate `key`, measured once. */
  public piecesOf(key: string, content: DelegateContent): Piece[] {
    let p = this.pieces.get(key);
    if (!p) this.pieces.set(key, p = delegatePieces(content));
    return p;
  }
}

/** Some of a delegate's routes, and an upper bound of their object's bytes for client-side apply, without exportTo. */
interface Piece {
  readonly http: VirtualServiceSpecHttp[];
  readonly bytes: number;
}

/**
 * Plans the VirtualServices of host `h` of gateway `g`; `skeleton` is its root VirtualService without routes, `render`
 * the renderings of every host's routes.
 */
export function planHost(
  g: CompiledGateway, h: CompiledHost, native: boolean, skeleton: RootSkeleton, names: DelegatePlanning, render: RouteRenderings, d: Diagnostics,
): HostPlan {
  if (!native) {
    return { host: h, delegates: new Map(), ...split(render.namedAll(h.routes), skeleton, names.components, h.routes) };
  }
  const segments = nativeSegments(g, h, render, d);
  // One delegate per table, unless that makes the root too large (measured without building the delegates).
  const perTable = nativeEntries(segments, 'table', render).entries;
  const grouping = fits(perTable, skeleton) === false && segments.some(s => s.kind === 'delegated') ? 'root-route' : 'table';
  const built = grouped(segments, grouping, names, render);
  return { host: h, delegates: built.delegates, ...split(built.entries, skeleton, names.components) };
}

/** The root entries of `segments` with `grouping`, each delegate split between its routes where it is too large. */
function grouped(segments: readonly HostSegment[], grouping: DelegateGrouping, names: DelegatePlanning, render: Render) {
  const { entries, delegates } = nativeEntries(segments, grouping, render, key => names.placeholder(key));
  const used = new Map<string, DelegateContent>();
  const out = entries.map(e => {
    if (e.delegate === undefined) return e;
    const content = delegates.get(e.delegate)!;
    const pieces = names.piecesOf(e.delegate, content);
    if (pieces.length === 1) {
      used.set(e.delegate, { ...content, bytes: pieces[0].bytes });
      return e;
    }
    const http = pieces.map((piece, i) => {
      const key = `${e.delegate}#${i + 1}`;
      used.set(key, { ...content, http: piece.http, piece: i + 1, bytes: piece.bytes });
      return { ...e.http[0], delegate: { ...e.http[0].delegate!, name: names.placeholder(key) } };
    });
    return { ...e, http };
  });
  return { entries: out, delegates: used };
}

/** The routes of a delegate in pieces that each fit in one object (one piece when all fit). */
function delegatePieces(content: DelegateContent): Piece[] {
  const skeleton = {
    cluster: '',
    apiVersion: VirtualService.GVK.apiVersion,
    kind: VirtualService.GVK.kind,
    namespace: content.namespace,
    name: '~'.repeat(63),
    workspace: '',
    sources: content.tables.map(t => t.path),
  };
  // Room for the exportTo list (the namespaces of the roots using it), unknown until every root is planned.
  const limit = MAX_ANNOTATION_BYTES - 1024;
  const whole = objectSize({ ...skeleton, spec: { http: content.http } }).annotationBytes;
  if (whole <= limit) return [{ http: content.http, bytes: whole }];
  const empty = objectSize({ ...skeleton, spec: { http: [] } }).annotationBytes;
  const pieces: Array<{ http: VirtualServiceSpecHttp[]; bytes: number }> = [{ http: [], bytes: empty }];
  for (const h of content.http) {
    const bytes = jsonBytes(h) + 1;
    const last = pieces[pieces.length - 1];
    if (last.http.length > 0 && last.bytes + bytes > limit) {pieces.push({ http: [h], bytes: empty + bytes });} else {
      last.http.push(h);
      last.bytes += bytes;
    }
  }
  return pieces;
}

/** Whether one root VirtualService holds `entries` within the limit, and an upper bound of its bytes if it does. */
function fits(entries: readonly RootEntry[], skeleton: RootSkeleton): number | false {
  // The entries' own bytes are less than the object's (its JSON holds their routes): over the limit alone, no need to measure.
  let routeBytes = 0;
  for (const e of entries) routeBytes += e.bytes ?? 0;
  if (routeBytes > MAX_ANNOTATION_BYTES) return false;
  const sizer = new VirtualServiceSizer(emptySkeleton(skeleton));
  const { lower, upper } = sizer.bounds(entries, skeleton.sources);
  if (upper <= MAX_ANNOTATION_BYTES) return upper;
  if (lower > MAX_ANNOTATION_BYTES) return false;
  // Near the limit: measured exactly.
  const exact = objectSize({ ...skeleton, spec: { ...skeleton.spec, http: entries.flatMap(e => e.http) } }).annotationBytes;
  return exact <= MAX_ANNOTATION_BYTES ? exact : false;
}

/** The skeleton with no routes and the main source only. */
function emptySkeleton(skeleton: RootSkeleton): EmittedObject {
  return { ...skeleton, sources: skeleton.sources.slice(0, 1), spec: { ...skeleton.spec, http: [] } };
}

/**
 * One part when the root fits; otherwise the parts a safe split gives (see route-split.ts). `routes`: the entries'
 * routes, one per entry in order, for a flattened host.
 */
function split<E extends RootEntry>(entries: readonly E[], skeleton: RootSkeleton, known: SplitComponents, routes?: readonly FlatRoute[])
  : { parts: E[][]; advice?: string; bytes: number[] } {
  const whole = fits(entries, skeleton);
  if (whole !== false) return { parts: [[...entries]], bytes: [whole] };
  const plan = splitEntries(entries, new VirtualServiceSizer(emptySkeleton(skeleton)).budget(), known, routes);
  return { parts: plan.parts as E[][], advice: plan.advice, bytes: plan.bytes };
}
