import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { IstioDelegation, MeshTarget, RouteOutcome } from '../src';
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { evaluateIstio } from './support/istio-matcher';
import { generateMesh, MESH_SIZES as sizes, GeneratorOptions } from './support/mesh-generator';
import { expectSchemaValid } from './support/schema-gate';


function build(o: GeneratorOptions) {
  const app = Testing.app();
  const generated = generateMesh(app, o);
  const yaml = app.synthYaml();
  return { ...generated, yaml, objects: parseAllDocuments(yaml).map(d => d.toJS()) };
}

/** `namespace/service` from a cluster-local host name. */
const fromHost = (host: string) => host.split('.').slice(0, 2).reverse().join('/');

describe('generated meshes', () => {
  test('the library, all three flavours of emitted YAML and the declared intent agree on every probe (200 meshes)', () => {
    fc.assert(fc.property(sizes, o => {
      const istio = build(o);
      const gatewayApi = build({ ...o, mesh: { target: MeshTarget.GATEWAY_API } });
      const delegated = build({ ...o, mesh: { istioDelegation: IstioDelegation.NATIVE } });
      expect(istio.mesh.diagnostics).toEqual([]);
      expect(gatewayApi.mesh.diagnostics).toEqual([]);
      expect(delegated.mesh.diagnostics).toEqual([]);
      expectSchemaValid(gatewayApi.objects);
      expectSchemaValid(delegated.objects);
      for (const p of istio.probes) {
        const request = { host: p.host, path: p.path, method: p.method, headers: p.headers };
        const lib = istio.mesh.evaluate({ ...request, gateway: istio.gateways[p.gateway] });
        const answers = {
          library: lib.outcome === RouteOutcome.NOT_FOUND ? '404' : lib.destinations.map(d => `${d.namespace}/${d.service}`).join(),
          istio: (r => (r.status === 404 ? '404' : r.destinations.map(d => fromHost(d.host)).join()))(
            evaluateIstio(istio.objects, { ...request, gateway: `platform/gw-${p.gateway}` })),
          gatewayApi: (r => (r.status === 200 ? r.backends.map(b => `${b.namespace}/${b.name}`).join() : String(r.status)))(
            evaluateGatewayApi(gatewayApi.objects, { ...request, gateway: `platform/gw-${p.gateway}` })),
          istioDelegate: (r => (r.status === 404 ? '404' : r.destinations.map(d => fromHost(d.host)).join()))(
            evaluateIstio(delegated.objects, { ...request, gateway: `platform/gw-${p.gateway}` })),
        };
        const e = p.expected;
        expect({ probe: p, ...answers }).toEqual({ probe: p, library: e, istio: e, gatewayApi: e, istioDelegate: e });
      }
    }), { numRuns: 200 });
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
