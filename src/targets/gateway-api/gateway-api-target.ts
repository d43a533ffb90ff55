/**
 * The Gateway API target: a `Gateway` per virtual gateway whose listeners admit routes only from the namespaces that
 * own them, one `HTTPRoute` per (gateway, host, route table) in the route table's namespace — split to respect the
 * CRD limits — and a `ReferenceGrant` for exactly the cross-namespace backends that workspace exports allow. As the
 * mesh's flavour, GAMMA `HTTPRoute`s (parent: the Service) for east–west routes it can say exactly (mesh-routes.ts).
 */
import { toRule } from './http-rules';
import { gammaRouting } from './mesh-routes';
import { checkGatewayPrecedence } from './precedence';
import { Grants } from './reference-grants';
import { nameParts, RoutePart, routeParts } from './route-parts';
import { cmp } from '../../compiler/algebra/order';
import { isDnsSubdomain } from '../../compiler/algebra/syntax';
import { CompiledGateway, CompiledMesh } from '../../compiler/compiled';
import { Diagnostics, Rules, Subject } from '../../compiler/diagnostics/catalogue';
import {
  Gateway, GatewaySpec, GatewaySpecListeners, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode, HttpRoute,
  HttpRouteSpec, HttpRouteSpecParentRefs, ReferenceGrant,
} from '../../imports/gateway.networking.k8s.io';
import { meshVirtualServiceObjects } from '../data-plane/mesh-virtual-services';
import { EmittedObject, perGatewayCluster } from '../emitted';
import { finishedJson } from '../finished-json';
import { bindsPerListener, servingListeners } from '../listener-binding';
import { GatewayFlavour, GatewayTargetOptions, ServedGateway } from '../target';

/** The Gateway API flavour: `Gateway`, `HTTPRoute` and `ReferenceGrant`. */
export const gatewayApiTarget: GatewayFlavour = {
  name: 'gateway-api',
  flavour: 'gateway-api',
  kinds: [Gateway.GVK.kind, HttpRoute.GVK.kind, ReferenceGrant.GVK.kind],
  // Istio deploys dedicated proxies for each Gateway API `Gateway`, in its namespace, labelled with its name
  // (istio/istio pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go: the gateway-name label).
  proxy: gateway => ({
    namespace: gateway.namespace,
    labels: { 'gateway.networking.k8s.io/gateway-name': gateway.name },
    dedicated: true,
    hostlessServerNames: 'any-host',
  }),
  validate: (gateway, options, d) => {
    const name = gatewayClassOf(options);
    const ref = `${gateway.namespace}/${gateway.name}`;
    if (!isDnsSubdomain(name)) d.report(Rules.InvalidObjectName, gateway, { subject: Subject.gateway(ref), field: 'gatewayClassName', value: name });
    // The Listener hostname pattern has no bare "*" (a listener without hostname matches every host).
    for (const l of gateway.listeners.filter(x => x.hostname === '*')) {
      const problem = 'is not a Gateway API listener hostname: leave the hostname unset to serve every host';
      d.report(Rules.InvalidHost, gateway, { subject: Subject.listener(l.name, ref), host: '*', problem });
    }
  },
  emit: gatewayApiObjects,
  // GAMMA HTTPRoutes for the hosts whose routes they say exactly; the others keep their Istio mesh VirtualService.
  eastWest: mesh => mesh.traffic.virtualServices.flatMap(vs => {
    const routing = gammaRouting(mesh, vs);
    return 'objects' in routing ? routing.objects : meshVirtualServiceObjects(vs, mesh.model.clusterDomain);
  }),
};

/** The GatewayClass of a gateway: Istio's own class unless the gateway names another. */
const gatewayClassOf = (options: GatewayTargetOptions) => options.gatewayClassName ?? 'istio';

/** Every Gateway API object of the given gateways of a compiled mesh. */
function gatewayApiObjects(mesh: CompiledMesh, served: readonly ServedGateway[], d: Diagnostics): EmittedObject[] {
  const grants = new Grants();
  const objects = served.flatMap(({ gateway: g, options }) => {
    const parts = routeParts(g, d);
    const names = nameParts(g, parts);
    checkGatewayPrecedence(g, parts, names, d);
    parts.forEach(p => grants.add(g, p));
    const routeNamespaces = [...new Set(parts.map(p => p.table.namespace))].sort(cmp);
    return [...parts.flatMap(p => httpRouteObjects(mesh, g, p, names.get(p)!)), ...gatewayObjects(g, routeNamespaces, gatewayClassOf(options))];
  });
  return [...objects, ...grants.objects(mesh)];
}

/** The HTTPRoute of one part, in its table's namespace, in each cluster of the gateway. */
function httpRouteObjects(mesh: CompiledMesh, g: CompiledGateway, p: RoutePart, name: string): EmittedObject[] {
  const ns = p.table.namespace;
  const spec: HttpRouteSpec = finishedJson({
    parentRefs: parentRefs(g, p),
    ...(p.host === '*' ? {} : { hostnames: [p.host] }),
    rules: p.rules.map(r => toRule(r, ns)),
  });
  return g.clusters.map(cluster => ({
    cluster,
    apiVersion: HttpRoute.GVK.apiVersion,
    kind: HttpRoute.GVK.kind,
    namespace: ns,
    name,
    workspace: mesh.namespaceOwners.get(ns) ?? '',
    sources: [p.table.path, ...[...p.sources].filter(x => x !== p.table.path).sort(cmp)],
    spec,
  }));
}

/**
 * The parents of a part: its gateway, or — where a listener's hostname lies inside several of the gateway's hosts —
 * each listener serving the part's host by `sectionName`, so that no listener joins a host it does not serve.
 */
function parentRefs(g: CompiledGateway, p: RoutePart): HttpRouteSpecParentRefs[] {
  const ref = {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    ...(g.model.namespace === p.table.namespace ? {} : { namespace: g.model.namespace }),
    name: g.model.name,
  };
  if (!bindsPerListener(g)) return [ref];
  return servingListeners(g, p.served).map(l => ({ ...ref, sectionName: l.model.name }));
}

function gatewayObjects(g: CompiledGateway, routeNamespaces: string[], gatewayClassName: string): EmittedObject[] {
  const m = g.model;
  const onlyOwn = routeNamespaces.every(ns => ns === m.namespace);
  const listeners: GatewaySpecListeners[] = m.listeners.map(l => ({
    name: l.name,
    port: l.port,
    protocol: l.protocol,
    ...(l.hostname === undefined ? {} : { hostname: l.hostname }),
    ...(l.protocol === 'HTTPS'
      ? { tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ group: '', kind: 'Secret', name: l.tlsSecret! }] } }
      : {}),
    allowedRoutes: {
      kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
      namespaces: onlyOwn
        ? { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME }
        : {
          from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
          selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: routeNamespaces }] },
        },
    },
  }));
  const spec: GatewaySpec = { gatewayClassName, listeners };
  return perGatewayCluster(g, Gateway.GVK, spec);
}
