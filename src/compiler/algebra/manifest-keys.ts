/**
 * Keys no manifest can hold, and why. cdk8s copies each object key by key with assignments (`result[k] = …` in
 * lib/resolve.js `resolve`, `newObj[key] = …` in lib/_util.js `sanitizeValue`): assigning `__proto__` sets the
 * prototype (or nothing) instead of a key, so a condition or header change would silently vanish from the YAML. And
 * it takes an object with a `constructor` key for a class instance (`obj.constructor.name !== 'Object'` in
 * `sanitizeValue`) and fails the synthesis with "can't render non-simple object".
 */
const UNWRITABLE_KEYS: ReadonlyMap<string, string> = new Map([
  ['__proto__', 'cannot be written: cdk8s drops a manifest key named __proto__'],
  ['constructor', 'cannot be written: cdk8s cannot render a manifest key named constructor'],
]);

/** Why `key` cannot be a key of a manifest (a header, parameter or label name), or undefined. */
export function unwritableKeyProblem(key: string): string | undefined {
  return UNWRITABLE_KEYS.get(key);
}
