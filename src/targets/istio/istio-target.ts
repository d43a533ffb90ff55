/**
 * The Istio target: a `Gateway` per virtual gateway and one `VirtualService` per (gateway, host) holding the ordered
 * routes — flattened, or delegating to delegate VirtualServices in the child tables' namespaces — in the gateway's
 * namespace and exported only to it and to the gateway workload's.
 */
import { renderHttpRoutes } from './http-routes';
import { DelegateVirtualService, nativeHttp } from './native-delegation';
import { append } from '../../compiler/algebra/collections';
import { CompiledGateway, CompiledHost, CompiledListener, CompiledMesh } from '../../compiler/compiled';
import { Diagnostics, Rules, cmp } from '../../compiler/diagnostics/catalogue';
import {
  Gateway, GatewaySpec, GatewaySpecServersTlsMode, VirtualService, VirtualServiceSpec, VirtualServiceSpecHttp,
} from '../../imports/networking.istio.io';
import { EmittedObject, perGatewayCluster } from '../emitted';
import { bindsPerListener, isServed, servingListeners } from '../listener-binding';
import { dnsName, shortHash, uniqueNames } from '../names';
import { GatewayFlavour, ServedGateway } from '../target';

/** The Istio flavour: `Gateway` and `VirtualService` (flattened, or with native delegation). */
export const istioTarget: GatewayFlavour = {
  name: 'istio',
  flavour: 'istio',
  kinds: [Gateway.GVK.kind, VirtualService.GVK.kind],
  proxy: gateway => ({
    namespace: gateway.workloadNamespace, labels: gateway.workloadLabels, dedicated: false, hostlessServerNames: 'outermost-hosts',
  }),
  // The Istio Gateway selects its proxies by these labels; the Gateway API flavour's class provisions its own.
  validate: (gateway, _options, d) => {
    if (Object.keys(gateway.workloadLabels).length === 0) {
      d.report(Rules.EmptyWorkloadSelector, gateway, { gateway: `${gateway.namespace}/${gateway.name}` });
    }
  },
  emit: istioObjects,
};

/** Every Istio object of the given gateways of a compiled mesh. */
function istioObjects(mesh: CompiledMesh, served: readonly ServedGateway[], d: Diagnostics): EmittedObject[] {
  const clusterDomain = mesh.model.clusterDomain;
  const delegates = new Map<string, DelegateVirtualService>();
  const clustersOf = new Map<string, string[]>();
  const hosts = served.map(({ gateway: g, options }) => {
    const http = new Map(g.hosts.filter(h => isServed(g, h)).map(h => [h, options.istioDelegation === 'native'
      ? nativeHttp(g, h, clusterDomain, d, delegates, key => key)
      : h.routes.flatMap(r => renderHttpRoutes(r, clusterDomain))]));
    for (const list of http.values()) {
      for (const r of list) if (r.delegate) append(clustersOf, r.delegate.name!, ...g.clusters);
    }
    return { g, http };
  });
  const names = delegateNames(delegates);
  const objects = hosts.flatMap(({ g, http }) => [...gatewayObjects(g), ...virtualServices(g, http, names)]);
  for (const [key, vs] of [...delegates.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    const spec: VirtualServiceSpec = { exportTo: [...vs.importers].map(ns => (ns === vs.table.namespace ? '.' : ns)).sort(cmp), http: vs.http };
    for (const cluster of [...new Set(clustersOf.get(key) ?? [])].sort(cmp)) {
      objects.push({
        cluster,
        apiVersion: VirtualService.GVK.apiVersion,
        kind: VirtualService.GVK.kind,
        namespace: vs.table.namespace,
        name: names.get(key)!,
        workspace: mesh.namespaceOwners.get(vs.table.namespace) ?? '',
        sources: [vs.table.path],
        spec,
      });
    }
  }
  return objects;
}

/** Delegate VirtualServices are named after their table, with a hash only where a table has several variants. */
function delegateNames(delegates: ReadonlyMap<string, DelegateVirtualService>): Map<string, string> {
  const entries = [...delegates.entries()].sort((a, b) => cmp(a[0], b[0]));
  const names = new Map<string, string>();
  const byNamespace = new Map<string, Array<[string, DelegateVirtualService]>>();
  for (const e of entries) append(byNamespace, e[1].table.namespace, e);
  for (const list of byNamespace.values()) {
    const perTable = new Map<string, number>();
    for (const [, vs] of list) perTable.set(vs.table.path, (perTable.get(vs.table.path) ?? 0) + 1);
    const preferred = ([key, vs]: [string, DelegateVirtualService]) =>
      dnsName(perTable.get(vs.table.path)! > 1 ? [vs.table.name, shortHash(key)] : [vs.table.name]);
    for (const [[key], name] of uniqueNames(list, preferred, ([k]) => k)) names.set(key, name);
  }
  return names;
}

/** The Istio `Gateway`s of a virtual gateway: one, or one per listener where hosts must be bound per listener. */
function gatewayObjects(g: CompiledGateway): EmittedObject[] {
  const m = g.model;
  const server = (l: CompiledListener) => ({
    port: { number: l.model.port, name: l.model.name, protocol: l.model.protocol },
    // Only routing objects of the gateway's namespace may bind; no listed host contains another (see CompiledListener).
    hosts: l.serverHosts.map(h => `${m.namespace}/${h}`),
    ...(l.model.protocol === 'HTTPS' ? { tls: { mode: GatewaySpecServersTlsMode.SIMPLE, credentialName: l.model.tlsSecret } } : {}),
  });
  const gateway = (servers: CompiledListener[]): GatewaySpec => ({ selector: { ...m.workloadLabels }, servers: servers.map(server) });
  if (!bindsPerListener(g)) return perGatewayCluster(g, Gateway.GVK, gateway([...g.listeners]));
  return g.listeners.flatMap(l => perGatewayCluster(g, Gateway.GVK, gateway([l])).map(o => ({ ...o, name: listenerGatewayName(g, l) })));
}

/** Name of the Istio `Gateway` of one listener: the gateway's own name when it has only this one. */
function listenerGatewayName(g: CompiledGateway, l: CompiledListener): string {
  return g.listeners.length === 1 ? g.model.name : dnsName([g.model.name, l.model.name]);
}

/** `namespace/name` of the Istio `Gateway`s a host's VirtualService binds to. */
function boundGateways(g: CompiledGateway, h: CompiledHost): string[] {
  const ns = g.model.namespace;
  if (!bindsPerListener(g)) return [`${ns}/${g.model.name}`];
  return servingListeners(g, h).map(l => `${ns}/${listenerGatewayName(g, l)}`);
}

function virtualServices(
  g: CompiledGateway, http: Map<CompiledHost, VirtualServiceSpecHttp[]>, delegates: ReadonlyMap<string, string>,
): EmittedObject[] {
  const m = g.model;
  const names = uniqueNames(g.hosts, h => dnsName([m.name, h.host]), h => h.host);
  const exportTo = m.workloadNamespace === m.namespace ? ['.'] : ['.', m.workloadNamespace];
  const specs = [...http.entries()].map(([h, routes]) => {
    const named = routes.map(r => (r.delegate ? { ...r, delegate: { ...r.delegate, name: delegates.get(r.delegate.name!)! } } : r));
    const spec: VirtualServiceSpec = { hosts: [h.host], gateways: boundGateways(g, h), exportTo, http: named };
    return [h, spec] as const;
  });
  return g.clusters.flatMap(cluster => specs.map(([h, spec]): EmittedObject => ({
    cluster,
    apiVersion: VirtualService.GVK.apiVersion,
    kind: VirtualService.GVK.kind,
    namespace: m.namespace,
    name: names.get(h)!,
    workspace: g.workspace.name,
    sources: [h.tables[0].path, ...h.sources.map(s => s.path).filter(p => p !== h.tables[0].path)],
    spec,
  })));
}
