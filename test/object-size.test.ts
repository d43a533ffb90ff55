/**
 * Object sizes (MESH606, MESH607): every emitted object is measured as Go's encoding/json writes the object the YAML
 * holds — checked here against an independent rendering of the written YAML.
 */
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { HeaderMatch, Mesh, PathMatch, RouteAction } from '../src';
import { base, table, to } from './support/small-mesh';
import { EmittedObject } from '../src/targets/emitted';
import { applyAnnotationBytes, countJsonBytes, jsonBytes, objectSize, stringJsonBytes } from '../src/targets/object-size';

/** Go's `json.Marshal`/`Encoder` output for a JSON value: HTML characters, U+2028/9, \b and \f escaped as \u00XX. */
function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
    .replace(/\\\\|\\b|\\f/g, e => (e === '\\b' ? '\\u0008' : e === '\\f' ? '\\u000c' : e));
}

const emittedOf = (mesh: Mesh): EmittedObject[] => (mesh as unknown as { synthesize(): { objects: EmittedObject[] } }).synthesize().objects;

describe('object sizes', () => {
  test('bytes are Go\'s JSON of the written object: UTF-8, HTML characters, line separators, \\b and \\f escaped', () => {
    expect(jsonBytes({ a: 'x' })).toBe(9);
    expect(jsonBytes({ a: '<&>' })).toBe(9 + 2 + 15);
    expect(jsonBytes({ a: 'é\u2028' })).toBe(6 + 2 + 6 + 2);
    expect(jsonBytes({ a: '\b\f\\b' })).toBe(goJson({ a: '\b\f\\b' }).length);
    expect(jsonBytes({ a: undefined, b: 1 })).toBe(7);
  });

  test('countJsonBytes counts, without writing, what jsonBytes counts, for any JSON value', () => {
    // Text that JSON writes as it is, escaped by both (quotes, control characters), or by Go only (HTML, U+2028/9, \b, \f).
    const odd = fc.constantFrom('a', '"', '\\', '<', '>', '&', '\b', '\f', '\n', '\u2028', 'é', '\ud800');
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: odd }));
    const json = fc.letrec(tie => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 5 }),
      object: fc.dictionary(text, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5 }),
    })).value;
    fc.assert(fc.property(json, v => {
      expect(countJsonBytes(v)).toBe(jsonBytes(v));
    }), { numRuns: 2000 });
    fc.assert(fc.property(text, s => stringJsonBytes(s) === jsonBytes(s)), { numRuns: 2000 });
    expect(countJsonBytes({ a: undefined, b: [undefined, 1, -0, 1e21, NaN], c: '<x>', f: () => 1 }))
      .toBe(jsonBytes({ b: [null, 1, 0, 1e21, null], c: '<x>' }));
  });

  test('each emitted object measures as the YAML written for it, metadata included', () => {
    const b = base();
    table(b, [
      { name: 'q', matchers: [{ path: PathMatch.prefix('/q'), headers: [HeaderMatch.exact('x-q', 'a&b<c>')] }], action: to('s') },
      { name: 'body', matchers: [{ path: PathMatch.exact('/b') }], action: RouteAction.directResponse(200, 'é\u2028\b\f "\\') },
    ]);
    const objects = emittedOf(b.mesh);
    const docs = parseAllDocuments(b.app.synthYaml()).map(d => d.toJS());
    expect(objects.length).toBe(docs.length);
    for (const o of objects) {
      const doc = docs.find(x => x.kind === o.kind && x.metadata.namespace === o.namespace && x.metadata.name === o.name);
      const bytes = Buffer.byteLength(goJson(doc), 'utf8');
      expect(objectSize(o)).toEqual({ bytes, annotationBytes: applyAnnotationBytes(bytes, doc.metadata.annotations) });
    }
  });

  test('client-side apply counts the object\'s own annotations, the key, the JSON and a newline', () => {
    const own = { 'mesh.cdk8s.io/construct-path': 'mesh/ops/root' };
    expect(applyAnnotationBytes(1000, own)).toBe(28 + 13 + 48 + 1000 + 1);
  });
});
