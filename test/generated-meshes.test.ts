import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { RouteOutcome } from '../src';
import { evaluateIstio } from './support/istio-matcher';
import { generateMesh, GeneratorOptions } from './support/mesh-generator';
import { expectSchemaValid } from './support/schema-gate';

const sizes = fc.record({
  workspaces: fc.integer({ min: 1, max: 4 }),
  tablesPerWorkspace: fc.integer({ min: 1, max: 3 }),
  routesPerTable: fc.integer({ min: 1, max: 5 }),
  gateways: fc.integer({ min: 1, max: 2 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

function build(o: GeneratorOptions) {
  const app = Testing.app();
  const generated = generateMesh(app, o);
  const yaml = app.synthYaml();
  return { ...generated, yaml, objects: parseAllDocuments(yaml).map(d => d.toJS()) };
}

describe('generated meshes', () => {
  test('the library, the emitted Istio YAML and the declared intent agree on every probe', () => {
    fc.assert(fc.property(sizes, o => {
      const m = build(o);
      expect(m.mesh.diagnostics).toEqual([]);
      for (const p of m.probes) {
        const request = { host: p.host, path: p.path, method: p.method, headers: p.headers };
        const lib = m.mesh.evaluate({ ...request, gateway: m.gateways[p.gateway] });
        const libAnswer = lib.outcome === RouteOutcome.NOT_FOUND ? '404' : lib.destinations.map(d => `${d.namespace}/${d.service}`).join();
        const yaml = evaluateIstio(m.objects, { ...request, gateway: `platform/gw-${p.gateway}` });
        const yamlAnswer = yaml.status === 404 ? '404' : yaml.destinations.map(d => d.host.split('.').slice(0, 2).reverse().join('/')).join();
        expect({ probe: p, lib: libAnswer, yaml: yamlAnswer }).toEqual({ probe: p, lib: p.expected, yaml: p.expected });
      }
    }), { numRuns: 60 });
  });

  test('output is byte-identical whatever the declaration order', () => {
    const shuffled = sizes.chain(o => fc.record({
      o: fc.constant(o),
      workspaces: fc.shuffledSubarray([...Array(o.workspaces).keys()], { minLength: o.workspaces, maxLength: o.workspaces }),
      tables: fc.shuffledSubarray([...Array(o.tablesPerWorkspace).keys()], { minLength: o.tablesPerWorkspace, maxLength: o.tablesPerWorkspace }),
    }));
    fc.assert(fc.property(shuffled, ({ o, workspaces, tables }) => {
      expect(build({ ...o, shuffle: { workspaces, tables } }).yaml).toBe(build(o).yaml);
    }), { numRuns: 40 });
  });

  test('a larger generated mesh: every object passes the schema gate and shuffling keeps the bytes', () => {
    const o = { workspaces: 12, tablesPerWorkspace: 4, routesPerTable: 10, gateways: 3, seed: 7 };
    const m = build(o);
    expect(m.routes).toBe(480);
    expectSchemaValid(m.objects);
    const reversed = build({ ...o, shuffle: { workspaces: [...Array(12).keys()].reverse(), tables: [3, 1, 0, 2] } });
    expect(reversed.yaml).toBe(m.yaml);
  });
});
