/**
 * The mesh's ApiObjects render exactly as cdk8s's own: the same JSON, key for key and in order, for any plain JSON
 * manifest and whatever the user adds to their metadata — without cdk8s's resolution pass where it cannot change
 * anything, and through cdk8s itself where it can (an App's own resolvers, JSON patches, CDK8S_DISABLE_SORT, a Lazy).
 */
import { ApiObject, ApiObjectProps, App, Chart, IResolver, JsonPatch, Lazy, LazyResolver, ResolutionContext, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { generateMesh } from './support/mesh-generator';
import { FinishedApiObject } from '../src/constructs/finished-api-object';

/** The same manifest as a FinishedApiObject and as a plain ApiObject, in two charts of equal namespace and labels. */
function pair(manifest: ApiObjectProps, app: App = Testing.app()): { finished: ApiObject; plain: ApiObject } {
  const chart = (id: string) => new Chart(app, id, { namespace: 'charted', labels: { team: 'a' } });
  return { finished: new FinishedApiObject(chart('finished'), 'o', manifest), plain: new ApiObject(chart('plain'), 'o', manifest) };
}

/** JSON.stringify keeps key order: equal strings mean equal values with keys in the same order. */
const rendered = (o: ApiObject) => JSON.stringify(o.toJson());

/** The rendering, or the error cdk8s raised (less the construct path, which differs between the two). */
function outcome(o: ApiObject): string {
  try {
    return rendered(o);
  } catch (e) {
    return String(e).replace(/at path '[^']*'/, '');
  }
}

/** Keys as a manifest may hold them, with those a plain object treats specially. */
const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'resolve', 'value', '0', '2', '10', 'metadata', 'kind', 'a'));
const { json } = fc.letrec<{ json: unknown }>(tie => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, undefined, true, false, 0, -1, 1.5, '', 'x'),
    fc.string(),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.sparseArray(tie('json'), { maxLength: 4 }),
    fc.dictionary(key, tie('json'), { maxKeys: 5, noNullPrototype: true }),
  ),
}));
const manifest = fc.record({
  spec: fc.dictionary(key, json, { maxKeys: 6, noNullPrototype: true }),
  status: json,
  metadata: fc.record({
    name: fc.constant('obj'),
    labels: fc.dictionary(fc.string({ minLength: 1 }), fc.string(), { maxKeys: 3, noNullPrototype: true }),
  }),
}).map(m => ({ apiVersion: 'example.io/v1', kind: 'Thing', ...m }) as ApiObjectProps);

test('for any plain JSON manifest a FinishedApiObject renders as an ApiObject does, key order included', () => {
  fc.assert(fc.property(manifest, m => {
    const { finished, plain } = pair(m);
    expect(outcome(finished)).toBe(outcome(plain));
  }), { numRuns: 2000 });
});

test('a manifest of plain JSON without __proto__ or constructor keys is rendered without cdk8s, as cdk8s renders it', () => {
  const plainKey = fc.string().filter(k => k !== '__proto__' && k !== 'constructor');
  const { value } = fc.letrec<{ value: unknown }>(tie => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false, 0, -1, 1.5, '', 'x'),
      fc.string(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(plainKey, tie('value'), { maxKeys: 5, noNullPrototype: true }),
    ),
  }));
  const cdk8sRenders = jest.spyOn(ApiObject.prototype, 'toJson');
  try {
    fc.assert(fc.property(fc.dictionary(plainKey, value, { maxKeys: 6, noNullPrototype: true }), spec => {
      const { finished, plain } = pair({ apiVersion: 'example.io/v1', kind: 'Thing', metadata: { name: 'obj' }, spec });
      cdk8sRenders.mockClear();
      const fast = rendered(finished);
      expect(cdk8sRenders).not.toHaveBeenCalled();
      expect(fast).toBe(rendered(plain));
    }), { numRuns: 1000 });
  } finally {
    cdk8sRenders.mockRestore();
  }
});

test('what the user adds to the metadata is rendered as cdk8s renders it', () => {
  const { finished, plain } = pair({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { b: '1', a: '2' } });
  for (const o of [finished, plain]) {
    o.metadata.addLabel('z', 'last');
    o.metadata.addAnnotation('note', 'kept');
    o.metadata.addFinalizers('example.io/cleanup');
    o.metadata.add('generateName', Lazy.any({ produce: () => 'lazy-' }));
  }
  expect(rendered(finished)).toBe(rendered(plain));
  expect(finished.toJson().metadata).toMatchObject({ generateName: 'lazy-', labels: { team: 'a', z: 'last' }, annotations: { note: 'kept' } });
});

test('plain JSON is copied once, without asking the resolvers about each value', () => {
  const { finished, plain } = pair({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2', c: '3' } });
  const asked = jest.spyOn(LazyResolver.prototype, 'resolve');
  try {
    const keysAsked = (render: () => unknown) => {
      asked.mockClear();
      render();
      return asked.mock.calls.map(([c]) => (c as ResolutionContext).key.join('/'));
    };
    // cdk8s asks about every value of the manifest; the finished object only about its metadata's.
    expect(keysAsked(() => plain.toJson())).toEqual(expect.arrayContaining(['data', 'data/a', 'kind']));
    const finishedKeys = keysAsked(() => finished.toJson());
    expect(finishedKeys).toEqual(expect.arrayContaining(['labels/team']));
    expect(finishedKeys.filter(k => /^(data|kind|apiVersion|metadata)/.test(k))).toEqual([]);
  } finally {
    asked.mockRestore();
  }
  // And each rendering is a new copy: changing one changes neither the object nor the next rendering.
  const first = finished.toJson();
  first.data.a = 'changed';
  expect(finished.toJson().data.a).toBe('1');
});

describe('what plain JSON does not cover is rendered by cdk8s itself', () => {
  const base = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };

  test('a Lazy or a token anywhere in the manifest', () => {
    const { finished, plain } = pair({ ...base, data: { a: Lazy.any({ produce: () => 'produced' }), b: { resolve: () => 'token' } } });
    expect(finished.toJson().data).toEqual({ a: 'produced', b: 'token' });
    expect(rendered(finished)).toBe(rendered(plain));
  });

  test('an App with resolvers of its own', () => {
    // cdk8s resolves a replacement again: a resolver replaces only what it changes.
    const upper: IResolver = {
      resolve: c => {
        if (c.key[0] === 'data' && typeof c.value === 'string' && c.value !== c.value.toUpperCase()) c.replaceValue(c.value.toUpperCase());
      },
    };
    const { finished, plain } = pair({ ...base, data: { a: 'x' } }, new App({ resolvers: [upper], outdir: Testing.app().outdir }));
    expect(finished.toJson().data).toEqual({ a: 'X' });
    expect(rendered(finished)).toBe(rendered(plain));
  });

  test('JSON patches', () => {
    const { finished, plain } = pair({ ...base, data: { a: 'x' } });
    for (const o of [finished, plain]) o.addJsonPatch(JsonPatch.add('/data/b', 'patched'));
    expect(finished.toJson().data).toEqual({ a: 'x', b: 'patched' });
    expect(rendered(finished)).toBe(rendered(plain));
  });

  test('CDK8S_DISABLE_SORT', () => {
    const { finished, plain } = pair({ ...base, data: { b: '1', a: '2' } });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(Object.keys(finished.toJson().data)).toEqual(['b', 'a']);
      expect(rendered(finished)).toBe(rendered(plain));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('an array carrying what the resolvers of cdk8s look for (value, resolve)', () => {
    const valued = Object.assign(['x'], { value: 1 });
    const resolving = Object.assign(['y'], { resolve: () => 'resolved' });
    const { finished, plain } = pair({ ...base, data: { valued, resolving } });
    expect(finished.toJson().data).toEqual({ valued: { value: 1 }, resolving: 'resolved' });
    expect(rendered(finished)).toBe(rendered(plain));
  });

  test('a Lazy in the metadata is produced once per rendering, whichever renders the manifest', () => {
    for (const data of [{ a: 'plain' }, { a: Lazy.any({ produce: () => 'lazy' }) }]) {
      const { finished } = pair({ ...base, data });
      let produced = 0;
      finished.metadata.add('generateName', Lazy.any({ produce: () => `n${++produced}-` }));
      expect(finished.toJson().metadata.generateName).toBe('n1-');
      expect(produced).toBe(1);
    }
  });

  test('a value that is not plain JSON fails as cdk8s fails', () => {
    const { finished, plain } = pair({ ...base, data: { a: new Date(0) } });
    expect(() => plain.toJson()).toThrow(/non-simple object of type 'Date'/);
    expect(() => finished.toJson()).toThrow(/non-simple object of type 'Date'/);
  });
});

test('a mesh emits FinishedApiObjects that render as ApiObjects of the same manifests would', () => {
  const app = Testing.app();
  const g = generateMesh(app, { workspaces: 3, tablesPerWorkspace: 2, routesPerTable: 6, gateways: 2, seed: 11, probes: false });
  const objects = g.mesh.apiObjects();
  expect(objects.length).toBeGreaterThan(5);
  const copies = Testing.app();
  for (const o of objects) {
    expect(o).toBeInstanceOf(FinishedApiObject);
    const chart = new Chart(copies, `c${copies.node.children.length}`, { labels: o.chart.labels, namespace: o.chart.namespace });
    const plain = new ApiObject(chart, 'o', (o as unknown as { manifest: ApiObjectProps }).manifest);
    expect(rendered(o)).toBe(rendered(plain));
  }
});
