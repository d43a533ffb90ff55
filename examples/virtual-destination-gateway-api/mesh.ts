/**
 * Scenario S4: a virtual destination behind a Gateway API gateway.
 * - Workspace `bookinfo` (namespace `bookinfo`) runs Bookinfo and declares the virtual destination `reviews-vd`:
 *   host `reviews.mesh.internal.com`, port 9080 HTTP, backed by the Services labelled `app: reviews`.
 * - Workspace `gateways` (namespace `gloo-system`) runs the gateway `http` (HTTP on 8080). Its route table sends the
 *   prefix `/reviews` to the virtual destination and delegates the rest to bookinfo's route table, which exposes the
 *   exact path `/productpage` and the prefix `/static` to `productpage:9080`.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import {
  Destination, Mesh, MeshProps, PathMatch, RouteAction, RouteTable, VirtualDestination, VirtualGateway, VirtualProtocol, Workspace,
  WorkspaceSelector,
} from 'cdk8s-mesh';

/** The virtual destination's hostname. */
export const REVIEWS_HOST = 'reviews.mesh.internal.com';

/** What the S4 declaration creates. */
export interface VirtualDestinationGateway {
  readonly mesh: Mesh;
  readonly gateway: VirtualGateway;
  readonly reviews: VirtualDestination;
}

/** Options (tests vary them; the example uses the defaults). */
export interface VirtualDestinationGatewayOptions {
  readonly mesh?: MeshProps;
}

/** Bookinfo's Services in namespace `bookinfo`, port 9080. */
function bookinfo(app: App): void {
  const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
  for (const name of ['productpage', 'details', 'ratings', 'reviews']) {
    new ApiObject(chart, name, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels: { app: name, service: name } },
      spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080 }] },
    });
  }
}

/** Declares S4 in `app`. */
export function declareVirtualDestinationGateway(app: App, options: VirtualDestinationGatewayOptions = {}): VirtualDestinationGateway {
  const mesh = new Mesh(app, 'mesh', options.mesh);
  bookinfo(app);
  const gateways = new Workspace(mesh, 'gateways', {
    namespaces: ['gloo-system'], importFrom: [{ workspaces: [WorkspaceSelector.named('bookinfo')] }],
  });
  const apps = new Workspace(mesh, 'bookinfo', { namespaces: ['bookinfo'], exportTo: [{ workspaces: [WorkspaceSelector.of(gateways)] }] });

  const reviews = new VirtualDestination(apps, 'reviews-vd', {
    hostname: REVIEWS_HOST,
    ports: [{ number: 9080, protocol: VirtualProtocol.HTTP }],
    services: [{ labels: { app: 'reviews' } }],
  });
  const pages = new RouteTable(apps, 'productpage', {
    routes: [{
      name: 'productpage',
      matchers: [{ path: PathMatch.exact('/productpage') }, { path: PathMatch.prefix('/static') }],
      action: RouteAction.forwardTo(Destination.service('productpage', 'bookinfo', 9080)),
    }],
  });
  const gateway = new VirtualGateway(gateways, 'http', {
    workloadSelector: { istio: 'ingressgateway' }, workloadNamespace: 'gloo-system', listeners: [{ port: 8080 }],
  });
  new RouteTable(gateways, 'routes', {
    hosts: ['*'],
    gateways: [gateway],
    routes: [
      { name: 'reviews', matchers: [{ path: PathMatch.prefix('/reviews') }], action: RouteAction.forwardTo(Destination.virtualDestination(reviews)) },
      { name: 'bookinfo', matchers: [{ path: PathMatch.prefix('/') }], action: RouteAction.delegate({ routeTables: [pages] }) },
    ],
  });
  return { mesh, gateway, reviews };
}
