/** Appends `values` to the list stored under `key` in `map`, creating the list when needed (amortized O(1) per value). */
export function append<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (!list) map.set(key, values);
  else for (const v of values) list.push(v);
}

/** The distinct strings of `items`, sorted. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
