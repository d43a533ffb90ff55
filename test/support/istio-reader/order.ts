/**
 * Creation order. istiod orders Gateways and VirtualServices by creationTimestamp, then name, then namespace
 * (`sortConfigByCreationTime`), and HTTPRoutes by creationTimestamp, then namespace, then name. Emitted YAML carries
 * no timestamps, so a reader evaluates under two assumed orders: objects created in ascending (name, namespace)
 * order, and the reverse.
 */

/** Which creation order to assume for objects without a `creationTimestamp`. */
export type CreationOrder = 'ascending' | 'descending';

/** The two orders a reader tries. */
export const CREATION_ORDERS: readonly CreationOrder[] = ['ascending', 'descending'];

/** Options of the readers. */
export interface ReaderOptions {
  /** Assume this creation order instead of trying both. */
  readonly order?: CreationOrder;
}

/** What decides an object's place in creation order. */
export interface CreationMeta {
  readonly name: string;
  readonly namespace: string;
  readonly creationTimestamp?: string;
  /** The object whose creation this one shares (a Gateway API listener: its Gateway; a merged route: its oldest route). */
  readonly createdWith?: { readonly name: string; readonly namespace: string };
}

/** Byte-wise string comparison, as Go compares strings. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The metadata of an emitted object. */
export function metaOf(o: any): CreationMeta {
  const m = o.metadata ?? {};
  return { name: m.name ?? '', namespace: m.namespace ?? 'default', creationTimestamp: m.creationTimestamp ?? undefined };
}

function creatorOf(m: CreationMeta): { name: string; namespace: string } {
  return m.createdWith ?? m;
}

function timeOf(m: CreationMeta): number | undefined {
  return m.creationTimestamp === undefined ? undefined : Date.parse(m.creationTimestamp);
}

/**
 * A comparator for creation order, with istiod's tie-break (`nameFirst`: name then namespace; otherwise namespace
 * then name) when the creation times are equal.
 */
export function byCreation(order: CreationOrder, nameFirst = true): (a: CreationMeta, b: CreationMeta) => number {
  const tieBreak = (a: CreationMeta, b: CreationMeta) => (nameFirst
    ? compareStrings(a.name, b.name) || compareStrings(a.namespace, b.namespace)
    : compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name));
  return (a, b) => {
    const ta = timeOf(a);
    const tb = timeOf(b);
    if (ta !== undefined && tb !== undefined) return ta - tb || tieBreak(a, b);
    const ca = creatorOf(a);
    const cb = creatorOf(b);
    const assumed = compareStrings(ca.name, cb.name) || compareStrings(ca.namespace, cb.namespace);
    if (assumed !== 0) return order === 'ascending' ? assumed : -assumed;
    return tieBreak(a, b);
  };
}
