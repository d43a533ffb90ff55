/**
 * Scenario S3 (examples/multicluster-bookinfo, without the traffic shift): what each cluster gets, read from the emitted
 * YAML by an independent reader (test/support/multicluster-reader.ts) and compared with `mesh.evaluate()`.
 */
import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { synthesizeExample } from './support/example-apps';
import { admitted, ClusterObjects, traceMeshCall } from './support/multicluster-reader';
import { expectSchemaValid } from './support/schema-gate';
import { BOOKINFO, declareMulticlusterBookinfo, EAST_WEST } from '../examples/multicluster-bookinfo/mesh';

const CLUSTERS = ['cluster1', 'cluster2'];
const LOCALITY: Record<string, string> = { cluster1: 'us-east1/us-east1-b', cluster2: 'us-west1/us-west1-a' };
const other = (c: string) => CLUSTERS.find(x => x !== c)!;
/** A call to reviews.global from namespace default of cluster `c`. */
const reviewsFrom = (c: string) => ({ cluster: c, namespace: 'default', host: 'reviews.global', port: 9080, locality: LOCALITY[c] });
const gatewayOf = (c: string) => EAST_WEST[c as keyof typeof EAST_WEST];

const files = synthesizeExample('multicluster-bookinfo');
const clusters: ClusterObjects = new Map(CLUSTERS.map(c => [c, [...files.entries()]
  .filter(([f]) => f.startsWith(`${c}/`)).flatMap(([, text]) => parseAllDocuments(text).map(d => d.toJS()))]));
const objects = (c: string) => clusters.get(c)!;
const find = (c: string, kind: string, namespace: string, name: string) =>
  objects(c).find(o => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);

describe('S3: two clusters federated into one virtual mesh', () => {
  test('each cluster gets its own folder, with its Services and every mesh object, all passing the schema gate', () => {
    expect([...new Set([...files.keys()].map(f => f.split('/')[0]))]).toEqual(CLUSTERS);
    for (const c of CLUSTERS) {
      expect(objects(c).filter(o => o.kind === 'Service').map(o => o.metadata.name).sort()).toEqual([...BOOKINFO].sort());
      expectSchemaValid(objects(c).filter(o => o.apiVersion !== 'v1'));
    }
  });

  test.each(CLUSTERS)('%s: mutual TLS is STRICT for the whole mesh (PeerAuthentication in the root namespace, no selector)', c => {
    const peer = objects(c).filter(o => o.kind === 'PeerAuthentication');
    expect(peer).toHaveLength(1);
    expect(peer[0].metadata.namespace).toBe('istio-system');
    expect(peer[0].spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  test.each(CLUSTERS)('%s: everything is denied unless allowed; productpage of cluster1 may call details and reviews', c => {
    const productpage = 'cluster1/ns/default/sa/bookinfo-productpage';
    const callee = (app: string) => ({ namespace: 'default', labels: { app } });
    const allows = (app: string, principal: string, from = 'default') => admitted(objects(c), 'istio-system', callee(app), principal, from);
    expect(allows('details', productpage)).toBe(true);
    expect(allows('reviews', productpage)).toBe(true);
    // Not the same account of the other cluster (another trust domain), not another account, not another service.
    expect(allows('details', 'cluster2/ns/default/sa/bookinfo-productpage')).toBe(false);
    expect(allows('reviews', 'cluster1/ns/default/sa/bookinfo-ratings')).toBe(false);
    expect(allows('ratings', productpage)).toBe(false);
    expect(allows('productpage', 'cluster1/ns/default/sa/bookinfo-reviews')).toBe(false);
    // The ingress gateway routing to productpage stays admitted, to productpage's namespace only.
    expect(allows('productpage', `${c}/ns/istio-system/sa/istio-ingressgateway`, 'istio-system')).toBe(true);
    const elsewhere = { namespace: 'kube-system', labels: {} };
    expect(admitted(objects(c), 'istio-system', elsewhere, `${c}/ns/istio-system/sa/istio-ingressgateway`, 'istio-system')).toBe(false);
    // Least privilege: the gateway reaches only what it routes to, and only in its own cluster's identity.
    expect(allows('details', `${c}/ns/istio-system/sa/istio-ingressgateway`, 'istio-system')).toBe(false);
    expect(allows('productpage', `${other(c)}/ns/istio-system/sa/istio-ingressgateway`, 'istio-system')).toBe(false);
    // The east–west gateway's AUTO_PASSTHROUGH chains carry no authorization filter (istiod builds none for them): no
    // policy admits anything on its pods.
    expect(objects(c).filter(o => o.kind === 'AuthorizationPolicy' && o.spec.selector?.matchLabels?.istio === 'eastwestgateway')).toEqual([]);
  });

  test.each(CLUSTERS)('%s: every Bookinfo service of the other cluster is addressed through its east-west gateway on 15443', c => {
    for (const name of BOOKINFO) {
      const host = `${name}.default.svc.${other(c)}.global`;
      const call = traceMeshCall(clusters, { cluster: c, namespace: 'default', host, port: 9080 }, EAST_WEST);
      expect(call).toEqual({
        known: true,
        problems: [],
        endpoints: [{ cluster: other(c), service: `default/${name}`, port: 9080, through: gatewayOf(other(c)), throughPort: 15443, priority: 0 }],
      });
      // Least privilege: a namespace of no workspace does not see the federated service, nor its own cluster's copy.
      expect(traceMeshCall(clusters, { cluster: c, namespace: 'kube-system', host, port: 9080 }, EAST_WEST).known).toBe(false);
      expect(traceMeshCall(clusters, { cluster: c, namespace: 'default', host: `${name}.default.svc.${c}.global`, port: 9080 }, EAST_WEST).known)
        .toBe(false);
    }
    const gateway = find(c, 'Gateway', 'istio-system', 'bookinfo-mesh-eastwest');
    expect(gateway.spec.selector).toEqual({ istio: 'eastwestgateway' });
    const passthrough = { port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' } };
    expect(gateway.spec.servers).toEqual([expect.objectContaining(passthrough)]);
  });

  test('the reader refuses what istiod would not route, and ignores Sidecars for the east-west gateway (the checks can fail)', () => {
    const host = 'details.default.svc.cluster2.global';
    const call = { cluster: 'cluster1', namespace: 'default', host, port: 9080 };
    const trace = (c: ClusterObjects) => traceMeshCall(c, call, EAST_WEST).problems;
    const entryIn = (c: ClusterObjects, cluster: string) => c.get(cluster)!.find(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(host));
    const mutated = (change: (c: ClusterObjects) => void) => {
      const copy: ClusterObjects = structuredClone(clusters);
      change(copy);
      return copy;
    };
    // A selector-less Sidecar in the root namespace (the mesh default) hides nothing from the east-west gateway there.
    const sidecar = { kind: 'Sidecar', metadata: { namespace: 'istio-system', name: 'default' }, spec: { egress: [{ hosts: ['./none.example'] }] } };
    expect(trace(mutated(c => (c.get('cluster2') as any[]).push(sidecar)))).toEqual([]);
    expect(trace(mutated(c => delete entryIn(c, 'cluster2').spec.location))).toEqual([
      `cluster cluster2: the east-west gateway builds no SNI chain for ${host}:9080 (MESH_EXTERNAL or UDP)`,
    ]);
    expect(trace(mutated(c => delete entryIn(c, 'cluster2').spec.endpoints[0].labels['security.istio.io/tlsMode']))).toEqual([
      `cluster cluster2: the east-west gateway drops endpoint details.default.svc.cluster.local of ${host}: not labelled for mutual TLS`,
    ]);
    const remote = gatewayOf('cluster2');
    expect(trace(mutated(c => delete entryIn(c, 'cluster1').spec.endpoints[0].network))).toEqual([`endpoint ${remote}: no network`]);
    expect(trace(mutated(c => {
      entryIn(c, 'cluster1').spec.location = 'MESH_EXTERNAL';
      entryIn(c, 'cluster1').spec.endpoints[0].labels = {};
    }))).toEqual([
      `endpoint ${remote}: the ServiceEntry is MESH_EXTERNAL: no mutual TLS`,
      `endpoint ${remote}: not labelled security.istio.io/tlsMode: istio: no mutual TLS`,
    ]);
  });

  test('a rule with `to` or `when` never admits and always denies in the reader (it cannot judge them)', () => {
    const productpage = 'cluster1/ns/default/sa/bookinfo-productpage';
    const details = { namespace: 'default', labels: { app: 'details' } };
    const policies = structuredClone(objects('cluster2'));
    const allow = policies.find(o => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'productpage-details');
    expect(admitted(policies, 'istio-system', details, productpage, 'default')).toBe(true);
    allow.spec.rules[0].to = [{ operation: { methods: ['GET'] } }];
    expect(admitted(policies, 'istio-system', details, productpage, 'default')).toBe(false);
    delete allow.spec.rules[0].to;
    const when = [{ key: 'request.headers[x-test]', values: ['1'] }];
    const deny = { kind: 'AuthorizationPolicy', metadata: { namespace: 'default', name: 'deny' }, spec: { action: 'DENY', rules: [{ when }] } };
    (policies as any[]).push(deny);
    expect(admitted(policies, 'istio-system', details, productpage, 'default')).toBe(false);
  });

  test.each(CLUSTERS)('%s: reviews.global prefers the local reviews and fails over to the other cluster', c => {
    const call = traceMeshCall(clusters, reviewsFrom(c), EAST_WEST);
    expect(call.problems).toEqual([]);
    expect(call.endpoints.map(e => [e.cluster, e.service, e.port, e.through ?? 'local'])).toEqual([
      [c, 'default/reviews', 9080, 'local'],
      [other(c), 'default/reviews', 9080, gatewayOf(other(c))],
    ]);
    expect(call.endpoints[0].priority).toBeLessThan(call.endpoints[1].priority);
    expect(find(c, 'DestinationRule', 'default', 'reviews-vd').spec.trafficPolicy).toEqual({
      outlierDetection: { consecutive5xxErrors: 1, maxEjectionPercent: 100, interval: '5s', baseEjectionTime: '120s' },
      loadBalancer: { localityLbSetting: { enabled: true } },
    });
  });

  test.each(CLUSTERS)('%s: mesh.evaluate() answers with the cluster: local endpoints first, then the failover target', c => {
    const app = Testing.app();
    const { mesh } = declareMulticlusterBookinfo(app as App);
    const decision = mesh.evaluate({ host: 'reviews.global', path: '/', port: 9080, source: { namespace: 'default', cluster: c } });
    const traced = traceMeshCall(clusters, reviewsFrom(c), EAST_WEST);
    expect(decision.endpoints!.map(e => [e.cluster, e.local, e.port])).toEqual([[c, true, 9080], [other(c), false, 15443]]);
    expect(decision.endpoints!.map(e => e.cluster)).toEqual(traced.endpoints.map(e => e.cluster));
    expect(decision.endpoints![0].priority).toBeLessThan(decision.endpoints![1].priority);
    expect(() => mesh.evaluate({ host: 'reviews.global', path: '/', source: { namespace: 'default' } })).toThrow(/name the source cluster/);
  });

  test.each(CLUSTERS)('%s: an intermediate CA from cert-manager in istiod\'s cacerts secret, and no private key anywhere', c => {
    const cert = find(c, 'Certificate', 'istio-system', 'istio-intermediate-ca');
    expect(cert.spec).toMatchObject({
      secretName: 'cacerts', isCA: true, uris: [`spiffe://${c}`], issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'mesh-root-ca' },
    });
    expect(find(c, 'Issuer', 'istio-system', 'mesh-root-ca').spec).toEqual({ ca: { secretName: 'mesh-root-ca' } });
    expect(objects(c).filter(o => o.kind === 'Secret')).toEqual([]);
    for (const [f, text] of files) if (f.startsWith(`${c}/`)) expect(text).not.toMatch(/PRIVATE KEY|BEGIN [A-Z ]*KEY/);
  });
});
