/**
 * Finished JSON: emitted objects carry no `undefined` values. cdk8s leaves such keys out of the YAML anyway, but in
 * memory each takes a slot and makes cdk8s copy the object to drop it (`sanitizeValue`); the routes of a large
 * VirtualService are built once without them.
 */
import { stringJsonBytes } from './object-size';

/** A deep copy of `value` without the keys whose value is `undefined` (arrays keep their length). */
export function finishedJson<T>(value: T): T {
  return finish(value, undefined);
}

/** A finished value (see finishedJson) and the bytes of its JSON as Go's encoding writes it (see jsonBytes). */
export interface SizedJson<T> {
  readonly value: T;
  readonly bytes: number;
}

/**
 * `finishedJson(value)` and, in the same walk, the bytes of its JSON (equal to `jsonBytes(value)` for any JSON
 * value, with or without `undefined` keys): a rendered template is measured without writing it out.
 */
export function finishedWithBytes<T>(value: T): SizedJson<T> {
  const size = { bytes: 0 };
  return { value: finish(value, size), bytes: size.bytes };
}

/** The finished copy of `value`, adding the bytes of its JSON to `size` when given. */
function finish<T>(value: T, size: { bytes: number } | undefined): T {
  if (value === null || typeof value !== 'object') {
    if (size) size.bytes += scalarBytes(value);
    return value;
  }
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = finish(value[i], size);
    // Brackets and commas; an element JSON cannot write (undefined, a function) is written `null`.
    if (size) size.bytes += 2 + Math.max(0, value.length - 1);
    return copy as unknown as T;
  }
  const out: Record<string, unknown> = {};
  let members = 0;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    out[k] = finish(v, size);
    if (size && written(v)) {
      size.bytes += stringJsonBytes(k) + 1;
      members++;
    }
  }
  if (size) size.bytes += 2 + Math.max(0, members - 1);
  return out as T;
}

/** Whether JSON writes a member with this value (it leaves out undefined, functions and symbols). */
function written(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** Bytes of a scalar's JSON; what JSON cannot write (undefined, a function, a symbol) stands for an array's `null`. */
function scalarBytes(v: unknown): number {
  switch (typeof v) {
    case 'string': return stringJsonBytes(v);
    case 'number': return Number.isFinite(v) ? String(v).length : 4;
    case 'boolean': return v ? 4 : 5;
    case 'object': return 4;
    default: return written(v) ? String(v).length : 4;
  }
}
