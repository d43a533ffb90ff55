/**
 * The size budget of a VirtualService part: the bytes client-side apply needs for it (see object-size.ts), counted
 * from the exact size of its skeleton plus each HTTP route's JSON and each source path it adds — an upper bound, so a
 * part the budget admits is never over the limit.
 */
import { EmittedObject } from '../emitted';
import { MESH_LABELS } from '../object-metadata';
import { jsonBytes, MAX_ANNOTATION_BYTES, objectSize } from '../object-size';
import { PartBudget, PartMeter, RootEntry } from './route-split';

/** Room for what the skeleton does not show: a part number in the name, and the sources annotation's key. */
const SLACK = 16 + 2 * (MESH_LABELS.SOURCES.length + 6);

/** The construct paths of the route tables an entry's routes come through. */
export function entrySources(entry: RootEntry): string[] {
  return entry.routes.flatMap(r => r.chain.map(l => l.table.path));
}

/**
 * The budget of parts of `skeleton` (an object whose `spec.http` is empty and whose only source is the main one):
 * each part within the annotation limit of client-side apply.
 */
export function virtualServiceBudget(skeleton: EmittedObject): PartBudget {
  const main = skeleton.sources[0];
  const empty = objectSize(skeleton).annotationBytes + 2 * Buffer.byteLength(main, 'utf8') + SLACK;
  const entryBytes = new Map<RootEntry, number>();
  const bytesOf = (e: RootEntry) => {
    let b = entryBytes.get(e);
    if (b === undefined) {
      b = 0;
      for (const h of e.http) b += jsonBytes(h) + 1;
      entryBytes.set(e, b);
    }
    return b;
  };
  // A source path is written twice: in the annotation, and in the JSON the last-applied annotation holds.
  const sourceBytes = (path: string) => Buffer.byteLength(path, 'utf8') + jsonBytes(path);
  return {
    limit: MAX_ANNOTATION_BYTES,
    open(): PartMeter {
      const sources = new Set<string>([main]);
      let bytes = empty;
      // Bytes `entries` add; the source paths new to the part go into `fresh`.
      const added = (entries: readonly RootEntry[], fresh: Set<string>) => {
        let b = 0;
        for (const e of entries) {
          b += bytesOf(e);
          for (const p of entrySources(e)) {
            if (!sources.has(p) && !fresh.has(p)) {
              fresh.add(p);
              b += sourceBytes(p);
            }
          }
        }
        return b;
      };
      return {
        with: entries => bytes + added(entries, new Set()),
        add: entries => {
          const fresh = new Set<string>();
          bytes += added(entries, fresh);
          fresh.forEach(p => sources.add(p));
        },
      };
    },
  };
}
