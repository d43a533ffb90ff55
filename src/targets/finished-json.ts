/**
 * Finished JSON: emitted objects carry no `undefined` values. cdk8s leaves such keys out of the YAML anyway, but in
 * memory each takes a slot and makes cdk8s copy the object to drop it (`sanitizeValue`); the routes of a large
 * VirtualService are built once without them.
 */

/** A deep copy of `value` without the keys whose value is `undefined` (arrays keep their length). */
export function finishedJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = finishedJson(value[i]);
    return copy as unknown as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = finishedJson(v);
  }
  return out as T;
}
