/**
 * East–west traffic of Bookinfo in one namespace (`bookinfo`), declared with traffic policies and an east–west table:
 * - Fault injection, as Istio's fault-injection task does it: calls from `reviews` pods to `ratings` for the test user
 *   (`end-user: jason`) wait 7s; every other call to `ratings` fails with 500 one time in ten.
 * - Calls to `ratings` time out after 10s and retry twice on 5xx (a policy for every caller).
 * - An east–west table sends calls to `reviews` carrying `x-canary: 1` to `reviews` v2; the rest reach `reviews` as
 *   before, with outlier detection and a connection pool on `reviews`.
 * The output holds one mesh VirtualService per host (`ratings`, `reviews`) and one DestinationRule per host.
 */
import { ApiObject, App, Chart, Duration } from 'cdk8s';
import { Destination, HeaderMatch, Mesh, MeshProps, RouteAction, RouteTable, TrafficPolicy, Workspace } from 'cdk8s-mesh';

/** Namespace of the example. */
export const NAMESPACE = 'bookinfo';

/** The ratings and reviews hosts. */
export const HOSTS = { ratings: `ratings.${NAMESPACE}.svc.cluster.local`, reviews: `reviews.${NAMESPACE}.svc.cluster.local` };

/** Options (tests vary them; the example uses the defaults). */
export interface FaultInjectionOptions {
  readonly mesh?: MeshProps;
}

/** A Service and one Deployment per version, in `chart`. */
function service(chart: Chart, name: string, versions: string[]): void {
  new ApiObject(chart, `svc-${name}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NAMESPACE, labels: { app: name } },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080 }] },
  });
  for (const version of versions) {
    const labels = { app: name, version };
    new ApiObject(chart, `deploy-${name}-${version}`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${name}-${version}`, namespace: NAMESPACE },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name, image: `docker.io/istio/examples-bookinfo-${name}-${version}:1.20.2` }] } },
      },
    });
  }
}

/** Declares the example in `app`. */
export function declareFaultInjection(app: App, options: FaultInjectionOptions = {}): Mesh {
  const mesh = new Mesh(app, 'mesh', options.mesh);
  const apps = new Chart(app, NAMESPACE, { namespace: NAMESPACE });
  service(apps, 'ratings', ['v1']);
  service(apps, 'reviews', ['v1', 'v2']);
  const bookinfo = new Workspace(mesh, 'bookinfo', { namespaces: [NAMESPACE] });
  const ratings = Destination.service('ratings', NAMESPACE, 9080);
  const reviews = Destination.service('reviews', NAMESPACE, 9080);

  new TrafficPolicy(bookinfo, 'ratings-delay-jason', {
    destinations: [ratings],
    sources: { labels: { app: 'reviews' } },
    matchers: [{ headers: [HeaderMatch.exact('end-user', 'jason')] }],
    faultInjection: { delay: { fixedDelay: Duration.seconds(7), percentage: 100 } },
  });
  new TrafficPolicy(bookinfo, 'ratings-abort', {
    destinations: [ratings],
    faultInjection: { abort: { httpStatus: 500, percentage: 10 } },
  });
  new TrafficPolicy(bookinfo, 'ratings-resilience', {
    destinations: [ratings],
    timeout: Duration.seconds(10),
    retries: { attempts: 2, perTryTimeout: Duration.seconds(3), retryOn: ['5xx'] },
  });
  new TrafficPolicy(bookinfo, 'reviews-connections', {
    destinations: [reviews],
    outlierDetection: { consecutiveErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30) },
    connectionPool: { maxConnections: 100, maxPendingRequests: 10 },
  });
  new RouteTable(bookinfo, 'reviews-canary', {
    eastWest: true,
    hosts: [HOSTS.reviews],
    routes: [{
      name: 'canary',
      matchers: [{ headers: [HeaderMatch.exact('x-canary', '1')] }],
      action: RouteAction.forwardTo(reviews.withSubset('v2', { version: 'v2' })),
    }],
  });
  return mesh;
}
