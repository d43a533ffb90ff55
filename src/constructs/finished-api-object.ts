/**
 * An ApiObject whose manifest is finished JSON (see targets/finished-json.ts): plain objects, arrays, strings, numbers
 * and booleans, built by the targets and never holding a token. cdk8s renders every ApiObject by resolving each value
 * of its manifest (`resolve`: a new key path, the App's resolvers asked, a copy, at every node) and then copying it
 * again with sorted keys (`sanitizeValue`) — `ApiObject.toJson`, cdk8s api-object.ts. For plain JSON and cdk8s's own
 * resolvers the first copy changes nothing, so this object makes the second one only: the same JSON, key for key and in
 * the same order, without the first pass over a large VirtualService's tens of thousands of routes.
 *
 * Whatever that argument does not cover is rendered by cdk8s itself: an App with resolvers of its own, an object with
 * JSON patches (`addJsonPatch`), `CDK8S_DISABLE_SORT`, and a manifest holding anything but plain JSON (a `Lazy`, a
 * class instance, a function, an own `__proto__` or `constructor` key). The metadata is cdk8s's own rendering
 * (`metadata.toJson()`, which resolves what the user added to it), copied the same way.
 */
import { ApiObject, ApiObjectProps, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';

/** cdk8s's own resolvers (`App.resolvers` ends with them): on plain JSON none replaces a value (see cdk8s resolve.ts). */
const OWN_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

/** Thrown (and caught) where a manifest holds a value that is not plain JSON. */
const NOT_PLAIN = Symbol('not plain JSON');

/**
 * cdk8s's `sanitizeValue(resolve(value))` for plain JSON (cdk8s _util.ts, resolve.ts): null and undefined dropped from
 * objects, and undefined in place of either in arrays (which keep their length and holes); each object's keys sorted;
 * everything else copied. Throws NOT_PLAIN for anything else.
 */
function sanitized(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  if (type !== 'object') throw NOT_PLAIN;
  if (Array.isArray(value)) {
    // cdk8s's resolvers look for `value` and `resolve` on arrays too (NumberStringUnionResolver, ImplicitTokenResolver).
    if (Object.getPrototypeOf(value) !== Array.prototype || 'value' in value || 'resolve' in value) throw NOT_PLAIN;
    // Holes stay holes, as in cdk8s's copies (Array.map).
    return value.map(sanitizedElement);
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) throw NOT_PLAIN;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  // The targets build most objects with their keys in order already: sorted only when they are not.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    // Keys that change what cdk8s does: its copies set the prototype with an own `__proto__` (dropping the key, or
    // failing), and it takes an object for a class instance by its `constructor` (and fails). Left to cdk8s.
    if (k === '__proto__' || k === 'constructor') throw NOT_PLAIN;
    const v = sanitized(source[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const sanitizedElement = (value: unknown) => sanitized(value);

/** An emitted object's ApiObject: rendered as cdk8s renders it, without resolving what holds no token. */
export class FinishedApiObject extends ApiObject {
  private patched = false;

  /**
   * @param scope the chart
   * @param id the construct id
   * @param manifest the object's finished JSON
   */
  constructor(scope: Construct, id: string, private readonly manifest: ApiObjectProps) {
    super(scope, id, manifest);
  }

  /** Adds JSON patches (see ApiObject); the object is then rendered by cdk8s itself. */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /** The object's JSON, exactly as `ApiObject.toJson` renders it. */
  public toJson(): any {
    if (this.patched || process.env.CDK8S_DISABLE_SORT || !ownResolversOnly(App.of(this).resolvers)) return super.toJson();
    try {
      // The manifest first, so that one cdk8s renders is rendered by it alone (its metadata's Lazy values produced
      // once, unless the metadata itself is not plain JSON).
      const body = sanitized({ ...this.manifest, metadata: undefined }) as Record<string, unknown>;
      const metadata = sanitized(this.metadata.toJson());
      // apiVersion, kind and metadata first, then the rest in sorted order (ApiObject.toJson).
      const result: Record<string, unknown> = {};
      if ('apiVersion' in body) result.apiVersion = body.apiVersion;
      if ('kind' in body) result.kind = body.kind;
      if (metadata !== undefined) result.metadata = metadata;
      for (const k of Object.keys(body)) result[k] = body[k];
      return result;
    } catch {
      // Not plain JSON (NOT_PLAIN), or metadata cdk8s cannot render: cdk8s renders it, or fails with its own message.
      return super.toJson();
    }
  }
}

/** Whether `resolvers` are cdk8s's own only (an App adds its own before them). */
function ownResolversOnly(resolvers: readonly unknown[]): boolean {
  return resolvers.length === OWN_RESOLVERS.length && resolvers.every((r, i) => r instanceof OWN_RESOLVERS[i]);
}
