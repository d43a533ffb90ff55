/**
 * Finished JSON: emitted objects carry no `undefined` values. cdk8s leaves such keys out of the YAML anyway, but in
 * memory each takes a slot and makes cdk8s copy the object to drop it (`sanitizeValue`); the routes of a large
 * VirtualService are built once without them.
 */

/** A deep copy of `value` without the keys whose value is `undefined` (arrays keep their length). */
export function finishedJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(finishedJson) as unknown as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = finishedJson(v);
  return out as T;
}
