/**
 * The VirtualServices of one host of a gateway, planned to stay within client-side apply's limit where that is safe:
 * one root VirtualService when it fits; otherwise, with native delegation, one delegate per delegating route instead
 * of one per child table; then the root split into parts whose routes no request can reach in two of them
 * (route-split.ts); and delegates too large for one object split between their routes (always safe: the root lists
 * the pieces in order, and Istio merges a root's delegates in the root's order).
 */
import { renderHttpRoutes } from './http-routes';
import { DelegateContent, DelegateGrouping, DelegatingEntry, HostSegment, nativeEntries, nativeSegments } from './native-delegation';
import { RootEntry, splitEntries } from './route-split';
import { virtualServiceBudget } from './virtual-service-budget';
import { CompiledGateway, CompiledHost } from '../../compiler/compiled';
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
  /** The delegates the parts use, by key. */
  readonly delegates: ReadonlyMap<string, DelegateContent>;
}

/** What a root VirtualService of a host is, before its routes: its spec without `http`, where it goes, its sources. */
export type RootSkeleton = Omit<EmittedObject, 'spec'> & { readonly spec: Omit<VirtualServiceSpec, 'http'> };

/**
 * Stand-ins for the names of delegates not yet named: as long as the longest object name, so that sizes measured with
 * them are upper bounds.
 */
export class Placeholders {
  private readonly byKey = new Map<string, string>();
  private readonly keys = new Map<string, string>();

  /** The placeholder of delegate `key`. */
  public of(key: string): string {
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
}

/** Plans the VirtualServices of host `h` of gateway `g`; `skeleton` is its root VirtualService without routes. */
export function planHost(
  g: CompiledGateway, h: CompiledHost, native: boolean, skeleton: RootSkeleton, names: Placeholders, clusterDomain: string, d: Diagnostics,
): HostPlan {
  if (!native) {
    const entries = h.routes.map(r => ({ http: renderHttpRoutes(r, clusterDomain), routes: [r] }));
    return { host: h, delegates: new Map(), ...split(entries, skeleton) };
  }
  const segments = nativeSegments(g, h, clusterDomain, d);
  let built = grouped(segments, 'table', names, clusterDomain);
  if (!fits(skeleton, built.entries) && segments.some(s => s.kind === 'delegated')) built = grouped(segments, 'root-route', names, clusterDomain);
  return { host: h, delegates: built.delegates, ...split(built.entries, skeleton) };
}

/** The root entries of `segments` with `grouping`, each delegate split between its routes where it is too large. */
function grouped(segments: readonly HostSegment[], grouping: DelegateGrouping, names: Placeholders, clusterDomain: string) {
  const { entries, delegates } = nativeEntries(segments, grouping, clusterDomain, key => names.of(key));
  const pieces = new Map<string, DelegateContent>();
  const out = entries.map(e => {
    const content = e.delegate === undefined ? undefined : delegates.get(e.delegate)!;
    if (!content) return e;
    const chunks = delegatePieces(content);
    if (chunks.length === 1) {
      pieces.set(e.delegate!, content);
      return e;
    }
    const http = chunks.map((chunk, i) => {
      const key = `${e.delegate}#${i + 1}`;
      pieces.set(key, { ...content, http: chunk, piece: i + 1 });
      return { ...e.http[0], delegate: { ...e.http[0].delegate!, name: names.of(key) } };
    });
    return { ...e, http };
  });
  return { entries: out, delegates: pieces };
}

/** The HTTP routes of a delegate in pieces that each fit in one object (one piece when all fit). */
function delegatePieces(content: DelegateContent): VirtualServiceSpecHttp[][] {
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
  if (objectSize({ ...skeleton, spec: { http: content.http } }).annotationBytes <= limit) return [content.http];
  const perPiece = limit - objectSize({ ...skeleton, spec: { http: [] } }).annotationBytes;
  let room = perPiece;
  const pieces: VirtualServiceSpecHttp[][] = [[]];
  for (const h of content.http) {
    const bytes = jsonBytes(h) + 1;
    if (pieces[pieces.length - 1].length > 0 && bytes > room) {
      pieces.push([]);
      room = perPiece;
    }
    pieces[pieces.length - 1].push(h);
    room -= bytes;
  }
  return pieces;
}

/** Whether one root VirtualService holding every entry fits in one object. */
function fits(skeleton: RootSkeleton, entries: readonly RootEntry[]): boolean {
  const spec = { ...skeleton.spec, http: entries.flatMap(e => e.http) };
  return objectSize({ ...skeleton, spec }).annotationBytes <= MAX_ANNOTATION_BYTES;
}

/** One part when the root fits; otherwise the parts a safe split gives (see route-split.ts). */
function split<E extends RootEntry>(entries: readonly E[], skeleton: RootSkeleton): { parts: E[][]; advice?: string } {
  if (fits(skeleton, entries)) return { parts: [[...entries]] };
  const empty = { ...skeleton, sources: skeleton.sources.slice(0, 1), spec: { ...skeleton.spec, http: [] } };
  const plan = splitEntries(entries, virtualServiceBudget(empty));
  return { parts: plan.parts as E[][], advice: plan.advice };
}
