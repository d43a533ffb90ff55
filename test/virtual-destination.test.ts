/**
 * Scenario S4 (examples/virtual-destination-gateway-api): a virtual destination behind a gateway, on both targets —
 * checked through the library's route evaluation and by reading the emitted objects with the independent matchers.
 */
import { Testing } from 'cdk8s';
import { declareVirtualDestinationGateway, REVIEWS_HOST } from '../examples/virtual-destination-gateway-api/mesh';
import { MeshTarget } from '../src';
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { evaluateIstio } from './support/istio-matcher';
import { traceMeshCall } from './support/multicluster-reader';
import { expectSchemaValid } from './support/schema-gate';
import { objectsOf } from './support/small-mesh';

function synth(target: MeshTarget) {
  const app = Testing.app();
  const s4 = declareVirtualDestinationGateway(app, { mesh: { target } });
  return { ...s4, objects: objectsOf(app) };
}

/** S4's requests and where they go: a Service `namespace/name`, the virtual destination's host, or 404. */
const PROBES: Array<[string, string]> = [
  ['/productpage', 'bookinfo/productpage'],
  ['/productpage/x', '404'],
  ['/static/app.css', 'bookinfo/productpage'],
  ['/reviews/0', REVIEWS_HOST],
];

describe('S4: a virtual destination behind a gateway', () => {
  const istio = synth(MeshTarget.ISTIO);
  const gatewayApi = synth(MeshTarget.GATEWAY_API);
  const HOST = 'bookinfo.example.com';

  test.each(PROBES)('library: %s → %s (both targets)', (path, expected) => {
    for (const flavour of [istio, gatewayApi]) {
      const d = flavour.mesh.evaluate({ gateway: flavour.gateway, host: HOST, path, port: 8080 });
      const where = d.status === 404 ? '404' : d.destinations.map(x => (x.host === REVIEWS_HOST ? x.host : `${x.namespace}/${x.service}`)).join();
      expect(where).toBe(expected);
    }
  });

  test.each(PROBES)('emitted Gateway API YAML: %s → %s', (path, expected) => {
    const out = evaluateGatewayApi(gatewayApi.objects, { gateway: 'gloo-system/http', host: HOST, path, port: 8080 });
    expect(out.orderDependent).toBe(false);
    const where = out.status === 200
      ? out.backends.map(b => (b.kind === 'Hostname' ? b.name : `${b.namespace}/${b.name}`)).join() : String(out.status);
    expect(where).toBe(expected);
    if (expected === REVIEWS_HOST) expect(out.backends).toEqual([expect.objectContaining({ kind: 'Hostname', port: 9080 })]);
  });

  test.each(PROBES)('emitted Istio YAML: %s → %s', (path, expected) => {
    const out = evaluateIstio(istio.objects, { gateway: 'gloo-system/http', host: HOST, path, port: 8080, proxyNamespace: 'gloo-system' });
    expect(out.orderDependent).toBe(false);
    const place = (host: string) => (host === REVIEWS_HOST ? host : host.split('.').slice(0, 2).reverse().join('/'));
    const where = out.status === 200 ? out.destinations.map(x => place(x.host)).join() : String(out.status);
    expect(where).toBe(expected);
  });

  test('the Hostname backend is the ServiceEntry of the virtual destination, exported to the gateway, spreading over every reviews version', () => {
    for (const flavour of [istio, gatewayApi]) {
      expect(flavour.mesh.diagnostics).toEqual([]);
      expectSchemaValid(flavour.objects.filter(o => o.apiVersion !== 'v1'));
      const entry = flavour.objects.find(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(REVIEWS_HOST));
      expect(entry.metadata.namespace).toBe('bookinfo');
      expect(entry.spec).toMatchObject({ location: 'MESH_INTERNAL', resolution: 'DNS', exportTo: ['.', 'gloo-system'] });
      // The gateway proxy reaches the reviews Service (whose selector `app: reviews` spans every version's pods).
      const fromGateway = { cluster: 'default', namespace: 'gloo-system', host: REVIEWS_HOST, port: 9080, fromGateway: true };
      const call = traceMeshCall(new Map([['default', flavour.objects]]), fromGateway, {});
      expect(call.endpoints.map(e => `${e.service}:${e.port}`)).toEqual(['bookinfo/reviews:9080']);
      const reviews = flavour.objects.find(o => o.kind === 'Service' && o.metadata.name === 'reviews');
      expect(reviews.spec.selector).toEqual({ app: 'reviews' });
    }
  });

  test('a namespace the virtual destination is not shared with does not see it', () => {
    const call = traceMeshCall(new Map([['default', istio.objects]]), { cluster: 'default', namespace: 'other', host: REVIEWS_HOST, port: 9080 }, {});
    expect(call.known).toBe(false);
  });
});
