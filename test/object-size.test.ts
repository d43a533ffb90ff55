/**
 * Object sizes (MESH606, MESH607): every emitted object is measured as Go's encoding/json writes the object the YAML
 * holds — checked here against an independent rendering of the written YAML.
 */
import { parseAllDocuments } from 'yaml';
import { HeaderMatch, Mesh, PathMatch, RouteAction } from '../src';
import { base, table, to } from './support/small-mesh';
import { EmittedObject } from '../src/targets/emitted';
import { applyAnnotationBytes, jsonBytes, objectSize } from '../src/targets/object-size';

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
