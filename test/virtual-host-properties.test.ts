/**
 * Property: on generated meshes whose hosts nest and intersect, whose gateways may share workloads and whose routes
 * use RE2-only syntax, every mesh that synthesizes routes every probe as the proxy would — `mesh.evaluate()` agrees
 * with the independent readers of each flavour's YAML, and no answer depends on creation order.
 */
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { IstioDelegation, Mesh, MeshErrors, MeshProps, MeshTarget, VirtualGateway } from '../src';
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { generateHostMesh, HOST_MESH_SHAPES, HostMeshOptions, HostProbe } from './support/host-mesh-generator';
import { evaluateIstio } from './support/istio-matcher';
import { expectSchemaValid } from './support/schema-gate';

const FLAVOURS: Array<[string, MeshProps]> = [
  ['istio', {}],
  ['istio-native', { istioDelegation: IstioDelegation.NATIVE }],
  ['gateway-api', { target: MeshTarget.GATEWAY_API }],
];

/** The objects of a generated mesh, or undefined when the build fails. */
function synth(o: HostMeshOptions) {
  const app = Testing.app();
  const generated = generateHostMesh(app, o);
  try {
    return { ...generated, objects: parseAllDocuments(app.synthYaml()).map(d => d.toJS()) };
  } catch (e) {
    if (!MeshErrors.isValidationError(e)) throw e;
    return undefined;
  }
}

/** `namespace/name` of an emitted Gateway of generated gateway `i` (one per listener where hosts bind per listener). */
const gatewayObject = (objects: any[], i: number) => {
  const own = objects.find(o => o.kind === 'Gateway' && new RegExp(`^gw-${i}(-l[0-9])?$`).test(o.metadata.name));
  return `ops/${own?.metadata.name ?? `gw-${i}`}`;
};

const service = (host: string) => host.split('.')[0];

function libraryAnswer(mesh: Mesh, gateways: VirtualGateway[], p: HostProbe): string {
  const d = mesh.evaluate({ gateway: gateways[p.gateway], host: p.host, path: p.path, port: p.port });
  return d.status === 404 ? '404' : d.destinations.map(x => x.service).join();
}

function readerAnswer(flavour: string, objects: any[], p: HostProbe): { answer: string; orderDependent: boolean } {
  const request = { gateway: gatewayObject(objects, p.gateway), host: p.host, path: p.path, port: p.port };
  if (flavour === 'gateway-api') {
    const r: any = evaluateGatewayApi(objects, { ...request, proxyNamespace: 'ops' });
    return { answer: r.status === 200 ? r.backends.map((b: any) => b.name).join() : String(r.status), orderDependent: !!r.orderDependent };
  }
  const r: any = evaluateIstio(objects, { ...request, proxyNamespace: 'istio-system' });
  return { answer: r.status === 404 ? '404' : r.destinations.map((x: any) => service(x.host)).join(), orderDependent: !!r.orderDependent };
}

describe.each(FLAVOURS)('generated host meshes, %s flavour', (flavour, props) => {
  test('every mesh that synthesizes routes as its emitted YAML does, in any creation order', () => {
    let valid = 0;
    fc.assert(fc.property(HOST_MESH_SHAPES, shape => {
      const built = synth({ ...shape, mesh: props });
      if (!built) return;
      valid++;
      expectSchemaValid(built.objects);
      for (const p of built.probes) {
        const library = libraryAnswer(built.mesh, built.gateways, p);
        const reader = readerAnswer(flavour, built.objects, p);
        expect({ probe: p, library, ...reader }).toEqual({ probe: p, library, answer: library, orderDependent: false });
      }
    }), { numRuns: 120, seed: 20261204 });
    // The draws must exercise the property: a fair share of them synthesizes (a fixed seed: the share must not vary by run).
    expect(valid).toBeGreaterThan(20);
  });
});
