/**
 * The size of a root VirtualService from its parts: the bytes client-side apply needs for it (see object-size.ts),
 * counted from the exact size of its skeleton plus each HTTP route's JSON and each source path an entry adds — an
 * upper bound, so a part the budget admits is never over the limit, and a lower bound a few bytes per entry below it.
 */
import { RootEntry, PartBudget, PartMeter } from './route-split';
import { FlatRoute } from '../../compiler/compiled';
import { EmittedObject } from '../emitted';
import { MESH_LABELS } from '../object-metadata';
import { jsonBytes, MAX_ANNOTATION_BYTES, objectSize } from '../object-size';

/** Room for what the skeleton does not show: a part number in the name, and the sources annotation's key. */
const SLACK = 16 + 2 * (MESH_LABELS.SOURCES.length + 6);

/** Sizes of the root VirtualServices of one host: its entries measured once. */
export class VirtualServiceSizer {
  private readonly main: string;
  /** Bytes of the skeleton (no routes, the main source only), with the slack. */
  private readonly empty: number;
  private readonly entryBytes = new Map<RootEntry, number>();

  /** `skeleton`: the VirtualService without routes (`spec.http` empty), with the main source only. */
  constructor(skeleton: EmittedObject) {
    this.main = skeleton.sources[0];
    this.empty = objectSize(skeleton).annotationBytes + 2 * Buffer.byteLength(this.main, 'utf8') + SLACK;
  }

  /** Bounds of the bytes client-side apply needs for one VirtualService holding every entry and listing `sources`. */
  public bounds(entries: readonly RootEntry[], sources: readonly string[]): { lower: number; upper: number } {
    const meter = this.meter();
    meter.include(sources);
    meter.add(entries);
    // Over-counted: the slack, the main source, a separator per source and per HTTP route.
    const over = SLACK + 2 * Buffer.byteLength(this.main, 'utf8') + meter.sources() + entries.reduce((n, e) => n + e.http.length, 1);
    return { upper: meter.bytes(), lower: meter.bytes() - over };
  }

  /** The budget of parts: each within the annotation limit of client-side apply. */
  public budget(): PartBudget {
    return { limit: MAX_ANNOTATION_BYTES, open: () => this.meter() };
  }

  private bytesOf(e: RootEntry): number {
    if (e.bytes !== undefined) return e.bytes;
    let b = this.entryBytes.get(e);
    if (b === undefined) {
      b = 0;
      for (const h of e.http) b += jsonBytes(h) + 1;
      this.entryBytes.set(e, b);
    }
    return b;
  }

  private meter(): PartMeter & { include(paths: readonly string[]): void; sources(): number } {
    const sources = new Set<string>([this.main]);
    let bytes = this.empty;
    // A source path is written twice: in the annotation, and in the JSON the last-applied annotation holds.
    const sourceBytes = (path: string) => Buffer.byteLength(path, 'utf8') + jsonBytes(path);
    // The tables an entry's routes come through are its sources; those new to the part join it with the entries. A
    // table at the same place in the chain of the route before (whose tables are counted) is skipped.
    let counted: FlatRoute['chain'] = [];
    const add = (entries: readonly RootEntry[], limit = Infinity) => {
      let b = 0;
      let fresh: Set<string> | undefined;
      let previous = counted;
      for (const e of entries) {
        b += this.bytesOf(e);
        for (const r of e.routes) {
          for (let i = 0; i < r.chain.length; i++) {
            const t = r.chain[i].table;
            if (t === previous[i]?.table) continue;
            const p = t.path;
            if (!sources.has(p) && !fresh?.has(p)) {
              (fresh ??= new Set()).add(p);
              b += sourceBytes(p);
            }
          }
          previous = r.chain;
        }
      }
      if (bytes + b > limit) return false;
      bytes += b;
      counted = previous;
      fresh?.forEach(p => sources.add(p));
      return true;
    };
    return {
      add,
      include: paths => {
        for (const p of paths) {
          if (!sources.has(p)) bytes += sourceBytes(p);
          sources.add(p);
        }
      },
      bytes: () => bytes,
      sources: () => sources.size,
    };
  }
}
