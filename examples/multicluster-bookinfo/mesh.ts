/**
 * Scenario S3: two clusters federated into one virtual mesh.
 * - `cluster1` (network `network1`, trust domain `cluster1`, region us-east1) and `cluster2` (`network2`, `cluster2`,
 *   us-west1), each with an east–west gateway on 15443.
 * - Bookinfo in namespace `default` on both clusters: productpage, details, ratings and reviews (reviews v1, v2 on
 *   cluster1 and v1–v3 on cluster2 are pods behind the one `reviews` Service of each cluster).
 * - A virtual mesh over both: a shared root of trust through cert-manager, federation, and a global access policy.
 * - An access policy letting `bookinfo-productpage` of `default` on cluster1 call the services labelled
 *   `service: details` and `service: reviews` in `default`.
 * - A virtual destination `reviews.global` (9080, HTTP) backed by every Service labelled `app: reviews`, with outlier
 *   detection and locality failover.
 * - An ingress gateway exposing `/productpage` on `bookinfo.example.com` (it stays admitted under the access policy).
 * - A traffic policy for requests from workloads in `default` on cluster1 to `reviews`: 75% to v3 on cluster2 (through
 *   its federated host and east–west gateway), 15% to v1 and 10% to v2 on cluster1.
 */
import { ApiObject, App, Chart, Duration } from 'cdk8s';
import {
  AccessDestination, AccessPolicy, AccessSource, Cluster, Destination, Mesh, MeshProps, PathMatch, RootOfTrust, RouteAction, RouteTable,
  TrafficPolicy, VirtualDestination, VirtualGateway, VirtualMesh, VirtualProtocol, Workspace, WorkspaceSelector,
} from 'cdk8s-mesh';

/** The Bookinfo services: name and port. */
export const BOOKINFO = ['productpage', 'details', 'ratings', 'reviews'];

/** East–west gateway addresses, as the other cluster reaches them. */
export const EAST_WEST = { cluster1: '203.0.113.10', cluster2: '198.51.100.20' };

/** What the S3 declaration creates. */
export interface MulticlusterBookinfo {
  readonly mesh: Mesh;
  readonly clusters: Cluster[];
  readonly virtualMesh: VirtualMesh;
  readonly reviews: VirtualDestination;
}

/** Options (tests vary them; the example uses the defaults). */
export interface MulticlusterBookinfoOptions {
  readonly mesh?: MeshProps;
}

/** Bookinfo's Services in `chart` (namespace `default`): port 9080, labels `app` and `service`. */
function bookinfo(chart: Chart): void {
  for (const name of BOOKINFO) {
    new ApiObject(chart, `svc-${name}`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default', labels: { app: name, service: name } },
      spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080 }] },
    });
  }
}

/** Declares S3 in `app`, with the 75/15/10 shift of `default`'s calls to reviews on cluster1. */
export function declareMulticlusterBookinfo(app: App, options: MulticlusterBookinfoOptions = {}): MulticlusterBookinfo {
  const mesh = new Mesh(app, 'mesh', options.mesh);
  const cluster1 = new Cluster(mesh, 'cluster1', {
    network: 'network1',
    trustDomain: 'cluster1',
    locality: { region: 'us-east1', zone: 'us-east1-b' },
    eastWestGateway: { address: EAST_WEST.cluster1 },
  });
  const cluster2 = new Cluster(mesh, 'cluster2', {
    network: 'network2',
    trustDomain: 'cluster2',
    locality: { region: 'us-west1', zone: 'us-west1-a' },
    eastWestGateway: { address: EAST_WEST.cluster2 },
  });
  // Each cluster's Services go to its chart: the mesh knows where they run, and they land in its output folder.
  bookinfo(mesh.clusterChart('cluster1'));
  bookinfo(mesh.clusterChart('cluster2'));

  const virtualMesh = new VirtualMesh(mesh, 'bookinfo-mesh', {
    clusters: [cluster1, cluster2],
    rootOfTrust: RootOfTrust.certManager({ rootCaSecretName: 'mesh-root-ca' }),
    federation: {},
    globalAccessPolicy: true,
  });

  const ingress = new Workspace(mesh, 'ingress', {
    namespaces: ['istio-ingress'], importFrom: [{ workspaces: [WorkspaceSelector.named('bookinfo')] }],
  });
  const apps = new Workspace(mesh, 'bookinfo', { namespaces: ['default'], exportTo: [{ workspaces: [WorkspaceSelector.of(ingress)] }] });
  const gateway = new VirtualGateway(ingress, 'ingress', {
    workloadSelector: { istio: 'ingressgateway' }, workloadServiceAccount: 'istio-ingressgateway', listeners: [{ port: 80 }],
  });
  new RouteTable(ingress, 'bookinfo', {
    hosts: ['bookinfo.example.com'],
    gateways: [gateway],
    routes: [{
      name: 'productpage',
      matchers: [{ path: PathMatch.exact('/productpage') }],
      action: RouteAction.forwardTo(Destination.service('productpage', 'default', 9080)),
    }],
  });

  new AccessPolicy(apps, 'productpage', {
    sources: [AccessSource.serviceAccount('bookinfo-productpage', 'default', { cluster: cluster1 })],
    destinations: [AccessDestination.withLabels({ service: 'details' }, 'default'), AccessDestination.withLabels({ service: 'reviews' }, 'default')],
  });

  const reviews = new VirtualDestination(apps, 'reviews', {
    hostname: 'reviews.global',
    ports: [{ number: 9080, protocol: VirtualProtocol.HTTP }],
    services: [{ labels: { app: 'reviews' } }],
    outlierDetection: { consecutiveErrors: 1, maxEjectionPercent: 100, interval: Duration.seconds(5), baseEjectionTime: Duration.seconds(120) },
    localityFailover: true,
  });
  const local = Destination.service('reviews', 'default', 9080);
  const version = (v: string) => local.withSubset(v, { version: v });
  new TrafficPolicy(apps, 'reviews-shift', {
    destinations: [local],
    sources: { namespaces: ['default'], clusters: ['cluster1'] },
    trafficShift: [
      { destination: version('v3').inCluster('cluster2'), weight: 75 },
      { destination: version('v1'), weight: 15 },
      { destination: version('v2'), weight: 10 },
    ],
  });
  return { mesh, clusters: [cluster1, cluster2], virtualMesh, reviews };
}
