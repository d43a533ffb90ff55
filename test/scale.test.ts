/**
 * The largest benchmark mesh (80,000 routes on 4 gateways) in all three flavours: every emitted object is within
 * client-side apply's limit, and a sample of the generator's probes is answered as declared by the library, by the
 * independent readers of the emitted objects (both creation orders) — so splitting a host's routes changed no answer.
 */
import { App } from 'cdk8s';
import { IstioDelegation, Mesh, MeshProps, MeshTarget, RouteOutcome } from '../src';
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { evaluateIstio } from './support/istio-matcher';
import { BENCH_WORKSPACES, benchOptions, generateMesh } from './support/mesh-generator';
import { EmittedObject } from '../src/targets/emitted';
import { manifestOf } from '../src/targets/object-metadata';
import { MAX_ANNOTATION_BYTES, objectSize } from '../src/targets/object-size';

const FLAVOURS: Record<string, MeshProps> = {
  'istio': {},
  'istio-delegate': { istioDelegation: IstioDelegation.NATIVE },
  'gateway-api': { target: MeshTarget.GATEWAY_API },
};
/** Every how many probes one is evaluated. */
const SAMPLE = 400;

const emittedOf = (mesh: Mesh): EmittedObject[] => (mesh as unknown as { synthesize(): { objects: EmittedObject[] } }).synthesize().objects;
const fromHost = (host: string) => host.split('.').slice(0, 2).reverse().join('/');

describe.each(Object.entries(FLAVOURS))('the largest benchmark mesh, %s', (flavour, props) => {
  test('every object is within the apply limit and the sampled probes are answered as declared', () => {
    const workspaces = Math.max(...BENCH_WORKSPACES);
    const generated = generateMesh(new App(), { ...benchOptions(workspaces), mesh: props });
    expect(generated.routes).toBe(workspaces * 200);
    expect(generated.mesh.diagnostics).toEqual([]);
    const emitted = emittedOf(generated.mesh);
    const largest = Math.max(...emitted.map(o => objectSize(o).annotationBytes));
    expect(largest).toBeLessThanOrEqual(MAX_ANNOTATION_BYTES);
    // A bound the targets give instead of a measurement is never below the measurement.
    expect(emitted.filter(o => o.sizeBound !== undefined && objectSize(o).annotationBytes > o.sizeBound)).toEqual([]);
    if (flavour === 'istio') expect(emitted.filter(o => o.kind === 'VirtualService').length).toBeGreaterThan(4);
    const objects = emitted.map(o => JSON.parse(JSON.stringify(manifestOf(o))));
    const probes = generated.probes.filter((_, i) => i % SAMPLE === 0 || i >= generated.probes.length - 2);
    for (const p of probes) {
      const request = { host: p.host, path: p.path, method: p.method, headers: p.headers };
      const gateway = `platform/gw-${p.gateway}`;
      const lib = generated.mesh.evaluate({ ...request, gateway: generated.gateways[p.gateway] });
      const library = lib.outcome === RouteOutcome.NOT_FOUND ? '404' : lib.destinations.map(d => `${d.namespace}/${d.service}`).join();
      const read = flavour === 'gateway-api' ? evaluateGatewayApi(objects, { ...request, gateway }) : evaluateIstio(objects, { ...request, gateway });
      const answer = 'backends' in read
        ? (read.status === 200 ? read.backends.map(b => `${b.namespace}/${b.name}`).join() : String(read.status))
        : (read.status === 404 ? '404' : read.destinations.map(d => fromHost(d.host)).join());
      expect({ probe: p, library, emitted: answer, orderDependent: read.orderDependent })
        .toEqual({ probe: p, library: p.expected, emitted: p.expected, orderDependent: false });
    }
  });
});
