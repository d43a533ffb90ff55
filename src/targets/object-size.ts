/**
 * How big an emitted object is once it reaches the API server, and the rules that keep every object deployable.
 *
 * Measured: the object's compact JSON, as Go's `encoding/json` writes it — what the API server stores in etcd for a
 * custom resource (CRDs are stored as JSON), and what `kubectl apply` writes into the last-applied-configuration
 * annotation (kubernetes/kubectl pkg/util/apply.go, GetModifiedConfiguration: `runtime.Encode` of the object without
 * that annotation, a JSON `Encoder` that escapes `<`, `>` and `&` and ends with a newline). The server adds its own
 * metadata on top, so the stored object is never smaller. Labels a user's chart adds and JSON patches applied later
 * are not counted.
 * - Over 1.5 MiB (1,572,864 bytes, etcd's default `--max-request-bytes`) the API server cannot store the object: an
 *   error (MESH606).
 * - Client-side `kubectl apply` needs the object's JSON, its own annotations and the annotation key within the 262,144
 *   bytes all annotations of an object may take (kubernetes/apimachinery pkg/api/validation/objectmeta.go,
 *   TotalAnnotationSizeLimitB and ValidateAnnotationsSize): a warning above that (MESH607), since server-side apply
 *   needs no such annotation.
 */
import { EmittedObject } from './emitted';
import { manifestOf } from './object-metadata';
import { Diagnostics, Rules } from '../compiler/diagnostics/catalogue';

/** The largest object etcd stores by default (`--max-request-bytes`, 1.5 MiB). */
export const MAX_OBJECT_BYTES = 1_572_864;

/** The most bytes all annotations of an object may take (`TotalAnnotationSizeLimitB`, 256 KiB). */
export const MAX_ANNOTATION_BYTES = 262_144;

/** What JavaScript and Go write differently in JSON (a backslash starts every escape). */
const ESCAPED = /[<>&\u2028\u2029\\]/;

/** The annotation client-side `kubectl apply` writes the applied object into. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Bytes of the compact JSON of `value` as Go's `encoding/json` writes it: UTF-8, with `<`, `>`, `&`, U+2028 and U+2029
 * escaped as `\uXXXX`, and backspace and form feed as `\u0008` and `\u000c` (JavaScript writes `\b` and `\f`).
 * Keys whose value is `undefined` are left out, as cdk8s leaves them out of the YAML.
 */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  if (!ESCAPED.test(text)) return Buffer.byteLength(text, 'utf8');
  let extra = 0;
  for (const m of text.matchAll(/[<>&\u2028\u2029]|\\[\s\S]/g)) {
    const s = m[0];
    if (s === '<' || s === '>' || s === '&') extra += 5;
    else if (s === '\u2028' || s === '\u2029') extra += 3;
    else if (s === '\\b' || s === '\\f') extra += 4;
  }
  return Buffer.byteLength(text, 'utf8') + extra;
}

/** Text JSON writes as it is, between quotes: printable ASCII without quotes, backslashes or HTML characters. */
const PLAIN = /^[\x20-\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

/** Bytes of the JSON of string `s` (see jsonBytes), counted directly for plain text. */
export function stringJsonBytes(s: string): number {
  return PLAIN.test(s) ? s.length + 2 : jsonBytes(s);
}

/**
 * Bytes of the JSON of `value`, as jsonBytes counts them, counted by walking the value instead of writing its text:
 * nothing is allocated (for the many small values of a large mesh, such as each route's rendering).
 */
export function countJsonBytes(value: unknown): number {
  if (value === null || typeof value !== 'object') return scalarBytes(value);
  if (Array.isArray(value)) {
    // Brackets and commas; an element JSON cannot write (undefined, a function) is written `null`.
    let bytes = 2 + Math.max(0, value.length - 1);
    for (let i = 0; i < value.length; i++) bytes += countJsonBytes(value[i]);
    return bytes;
  }
  let bytes = 2;
  let members = 0;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    if (!written(v)) continue;
    bytes += stringJsonBytes(k) + 1 + countJsonBytes(v);
    members++;
  }
  return bytes + Math.max(0, members - 1);
}

/** Whether JSON writes an object member with this value (it leaves out undefined, functions and symbols). */
function written(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** Bytes of a scalar's JSON; what JSON cannot write (undefined, a function, a symbol) counts as an array's `null`. */
function scalarBytes(v: unknown): number {
  switch (typeof v) {
    case 'string': return stringJsonBytes(v);
    case 'number': return Number.isFinite(v) ? String(v).length : 4;
    case 'boolean': return v ? 4 : 5;
    case 'object': return 4;
    default: return written(v) ? String(v).length : 4;
  }
}

/** Bytes of the annotations client-side `kubectl apply` gives an object of `objectBytes` bytes with `annotations`. */
export function applyAnnotationBytes(objectBytes: number, annotations: Readonly<Record<string, string>>): number {
  let own = 0;
  for (const [k, v] of Object.entries(annotations)) own += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  return own + LAST_APPLIED.length + objectBytes + 1;
}

/** The size of one emitted object: its JSON, and the annotations client-side apply would need. */
export interface ObjectSize {
  readonly bytes: number;
  readonly annotationBytes: number;
}

/** Measures an emitted object as written (metadata included). */
export function objectSize(o: EmittedObject): ObjectSize {
  const manifest = manifestOf(o);
  const bytes = jsonBytes(manifest);
  return { bytes, annotationBytes: applyAnnotationBytes(bytes, manifest.metadata.annotations) };
}

/** Reports every emitted object the API server would refuse (MESH606) or client-side apply could not apply (MESH607). */
export function reportOversizedObjects(objects: readonly EmittedObject[], d: Diagnostics): void {
  for (const o of objects) {
    if (o.sizeBound !== undefined && o.sizeBound <= MAX_ANNOTATION_BYTES) continue;
    const size = objectSize(o);
    const args = { kind: o.kind, namespace: o.namespace, name: o.name, cluster: o.cluster, ...size, advice: o.sizeAdvice };
    if (size.bytes > MAX_OBJECT_BYTES) {
      d.report(Rules.ObjectTooLarge, o.sources[0], { ...args, limit: MAX_OBJECT_BYTES });
    } else if (size.annotationBytes > MAX_ANNOTATION_BYTES) {
      d.report(Rules.ObjectTooLargeToApply, o.sources[0], { ...args, limit: MAX_ANNOTATION_BYTES });
    }
  }
}
