/** Emitted objects are finished JSON: no `undefined` value anywhere (cdk8s would copy every object to drop them). */
import { Testing } from 'cdk8s';
import { MeshTarget } from '../src';
import { generateMesh } from './support/mesh-generator';
import * as fc from 'fast-check';
import { finishedJson, finishedWithBytes } from '../src/targets/finished-json';
import { jsonBytes, stringJsonBytes } from '../src/targets/object-size';

/** The paths of every `undefined` value below `value`. */
function undefinedPaths(value: unknown, at = ''): string[] {
  if (value === undefined) return [at];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => undefinedPaths(v, `${at}/${k}`));
}

test('finishedJson drops keys whose value is undefined, at any depth, and keeps every other value', () => {
  const raw = { a: undefined, b: { c: undefined, d: 0, e: '', f: false, g: null }, h: [{ i: undefined, j: 1 }, 2] };
  const done = finishedJson(raw);
  expect(done).toEqual({ b: { d: 0, e: '', f: false, g: null }, h: [{ j: 1 }, 2] });
  expect(undefinedPaths(done)).toEqual([]);
  expect(Object.keys(done.b)).toEqual(['d', 'e', 'f', 'g']);
  expect(JSON.stringify(done)).toBe(JSON.stringify(raw));
});

test('finishedWithBytes finishes like finishedJson and counts the bytes jsonBytes counts, for any JSON value', () => {
  // Text that JSON writes as it is, escaped by both (quotes, control characters), or by Go only (HTML, U+2028/9, \b, \f).
  const text = fc.oneof(
    fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('a', '"', '\\', '<', '>', '&', '\b', '\f', '\n', '\u2028', 'é', '\ud800') }),
  );
  const json = fc.letrec(tie => ({
    value: fc.oneof({ depthSize: 'small' }, text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 5 }),
    object: fc.dictionary(text, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5 }),
  })).value;
  fc.assert(fc.property(json, v => {
    const sized = finishedWithBytes(v);
    expect(sized.value).toStrictEqual(finishedJson(v));
    expect(sized.bytes).toBe(jsonBytes(v));
  }), { numRuns: 2000 });
  fc.assert(fc.property(text, s => stringJsonBytes(s) === jsonBytes(s)), { numRuns: 2000 });
  expect(finishedWithBytes({ a: undefined, b: [undefined, 1, -0, 1e21, NaN], c: '<x>' })).toEqual({
    value: { b: [undefined, 1, -0, 1e21, NaN], c: '<x>' },
    bytes: jsonBytes({ b: [null, 1, 0, 1e21, null], c: '<x>' }),
  });
});

test.each([
  ['istio', {}], ['gateway-api', { target: MeshTarget.GATEWAY_API }],
])('the %s flavour hands cdk8s VirtualServices and HTTPRoutes without undefined values', (_, mesh) => {
  const app = Testing.app();
  const g = generateMesh(app, { workspaces: 3, tablesPerWorkspace: 2, routesPerTable: 6, gateways: 2, seed: 7, mesh, probes: false });
  const routing = g.mesh.apiObjects().filter(o => o.kind === 'VirtualService' || o.kind === 'HTTPRoute');
  expect(routing.length).toBeGreaterThan(1);
  // The props cdk8s resolves at synthesis (ApiObject keeps them as given).
  expect(routing.flatMap(o => undefinedPaths((o as unknown as { props: unknown }).props, o.name).filter(p => p.includes('/spec/'))))
    .toEqual([]);
});
