/**
 * The Istio target: a `Gateway` per virtual gateway and one `VirtualService` per (gateway, host) holding the ordered
 * routes — flattened, or delegating to delegate VirtualServices in the child tables' namespaces — in the gateway's
 * namespace and exported only to it and to the gateway workload's.
 */
import { DelegatePlanning, HostPlan, planHost, RootSkeleton } from './host-plan';
import { DelegateContent } from './native-delegation';
import { RouteRenderings } from './rendered-routes';
import { RootEntry } from './route-split';
import { append } from '../../compiler/algebra/collections';
import { forEachChainTable } from '../../compiler/chains';
import { CompiledGateway, CompiledHost, CompiledListener, CompiledMesh, FlatRoute } from '../../compiler/compiled';
import { Diagnostics, Rules, cmp } from '../../compiler/diagnostics/catalogue';
import {
  Gateway, GatewaySpec, GatewaySpecServersTlsMode, VirtualService, VirtualServiceSpec, VirtualServiceSpecHttp,
} from '../../imports/networking.istio.io';
import { meshVirtualServiceObjects } from '../data-plane/mesh-virtual-services';
import { EmittedObject, perGatewayCluster } from '../emitted';
import { bindsPerListener, isServed, servingListeners } from '../listener-binding';
import { dnsName, shortHash, uniqueNames } from '../names';
import { jsonBytes } from '../object-size';
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
  // Every host's one mesh VirtualService, as compiled.
  eastWest: mesh => mesh.traffic.virtualServices.flatMap(vs => meshVirtualServiceObjects(vs, mesh.model.clusterDomain)),
};

/** Every Istio object of the given gateways of a compiled mesh. */
function istioObjects(mesh: CompiledMesh, served: readonly ServedGateway[], d: Diagnostics): EmittedObject[] {
  const clusterDomain = mesh.model.clusterDomain;
  const placeholders = new DelegatePlanning();
  const render = new RouteRenderings(clusterDomain);
  const delegates = new Map<string, DelegateVirtualService>();
  const plans = served.map(({ gateway: g, options }) => {
    const skeletons = rootSkeletons(g);
    const hosts = g.hosts.filter(h => isServed(g, h))
      .map(h => planHost(g, h, options.istioDelegation === 'native', skeletons.get(h)!, placeholders, render, d));
    for (const p of hosts) {
      if (p.delegates.size === 0) continue;
      for (const e of p.parts.flat()) {
        // Only a delegating entry names a delegate (and a flattened route's HTTP routes are copied when read).
        if (e.delegate === undefined) continue;
        for (const http of e.http) {
          if (!http.delegate) continue;
          const key = placeholders.keyOf(http.delegate.name!);
          const vs = delegates.get(key) ?? { ...p.delegates.get(key)!, importers: new Set<string>(), clusters: new Set<string>() };
          vs.importers.add(g.model.namespace);
          g.clusters.forEach(c => vs.clusters.add(c));
          delegates.set(key, vs);
        }
      }
    }
    return { g, hosts, skeletons };
  });
  const names = delegateNames(delegates);
  const named = (http: VirtualServiceSpecHttp) =>
    (http.delegate ? { ...http, delegate: { ...http.delegate, name: names.get(placeholders.keyOf(http.delegate.name!))! } } : http);
  const objects = plans.flatMap(({ g, hosts, skeletons }) => [
    ...gatewayObjects(g),
    ...hosts.flatMap(p => rootVirtualServices(g, p, skeletons.get(p.host)!, named)),
  ]);
  return [...objects, ...delegateObjects(mesh, delegates, names)];
}

/** A delegate VirtualService with the namespaces of the roots using it and the clusters it goes to. */
interface DelegateVirtualService extends DelegateContent {
  readonly importers: Set<string>;
  readonly clusters: Set<string>;
}

/** The delegate VirtualServices, in their tables' namespace, exported to the namespaces of the roots using them. */
function delegateObjects(mesh: CompiledMesh, delegates: ReadonlyMap<string, DelegateVirtualService>, names: ReadonlyMap<string, string>) {
  const objects: EmittedObject[] = [];
  for (const [key, vs] of [...delegates.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    const spec: VirtualServiceSpec = { exportTo: [...vs.importers].map(ns => (ns === vs.namespace ? '.' : ns)).sort(cmp), http: vs.http };
    const workspace = mesh.namespaceOwners.get(vs.namespace) ?? '';
    for (const cluster of [...vs.clusters].sort(cmp)) {
      objects.push({
        cluster,
        apiVersion: VirtualService.GVK.apiVersion,
        kind: VirtualService.GVK.kind,
        namespace: vs.namespace,
        name: names.get(key)!,
        workspace,
        sources: vs.tables.map(t => t.path),
        spec,
        ...(vs.http.length === 1 ? { sizeAdvice: 'it holds one route, too large by itself' } : {}),
        // What the measured bytes left out: the workspace label and the exportTo list.
        ...(vs.bytes === undefined ? {} : { sizeBound: vs.bytes + Buffer.byteLength(workspace, 'utf8') + jsonBytes(spec.exportTo) + 16 }),
      });
    }
  }
  return objects;
}

/**
 * Delegate VirtualServices are named after their table (or delegating route), with a hash only where one table has
 * several variants, and the number of the piece where its routes are split.
 */
function delegateNames(delegates: ReadonlyMap<string, DelegateContent>): Map<string, string> {
  const entries = [...delegates.entries()].sort((a, b) => cmp(a[0], b[0]));
  const names = new Map<string, string>();
  const byNamespace = new Map<string, Array<[string, DelegateContent]>>();
  for (const e of entries) append(byNamespace, e[1].namespace, e);
  // A variant: the same table (or delegating route) with other routes; its pieces share the variant's hash.
  const variantOf = (key: string) => key.replace(/#\d+$/, '');
  const identity = (vs: DelegateContent) => `${vs.tables.map(t => t.path).join(',')}|${vs.label}`;
  for (const list of byNamespace.values()) {
    const variants = new Map<string, Set<string>>();
    for (const [key, vs] of list) (variants.get(identity(vs)) ?? variants.set(identity(vs), new Set()).get(identity(vs))!).add(variantOf(key));
    const preferred = ([key, vs]: [string, DelegateContent]) => dnsName([
      vs.label,
      ...(variants.get(identity(vs))!.size > 1 ? [shortHash(variantOf(key))] : []),
      ...(vs.piece !== undefined && vs.piece > 1 ? [String(vs.piece)] : []),
    ]);
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

/** The root VirtualService of each host of a gateway, before its routes: name, hosts, gateways, exportTo, sources. */
function rootSkeletons(g: CompiledGateway): Map<CompiledHost, RootSkeleton> {
  const m = g.model;
  const names = uniqueNames(g.hosts, h => dnsName([m.name, h.host]), h => h.host);
  const exportTo = m.workloadNamespace === m.namespace ? ['.'] : ['.', m.workloadNamespace];
  return new Map(g.hosts.map(h => [h, {
    cluster: g.clusters[0] ?? '',
    apiVersion: VirtualService.GVK.apiVersion,
    kind: VirtualService.GVK.kind,
    namespace: m.namespace,
    name: names.get(h)!,
    workspace: g.workspace.name,
    sources: [h.tables[0].path, ...h.sources.map(s => s.path).filter(p => p !== h.tables[0].path)],
    spec: { hosts: [h.host], gateways: boundGateways(g, h), exportTo },
  }]));
}

/**
 * The root VirtualServices of one host in each cluster of the gateway: one, or the parts of a safe split — the first
 * named as the whole would be, the others numbered — each listing the tables its routes come through.
 */
function rootVirtualServices(
  g: CompiledGateway, plan: HostPlan, skeleton: RootSkeleton, named: (http: VirtualServiceSpecHttp) => VirtualServiceSpecHttp,
): EmittedObject[] {
  const parts = plan.parts.map((entries, i) => ({
    name: i === 0 ? skeleton.name : dnsName([skeleton.name, String(i + 1)]),
    sources: plan.parts.length === 1 ? skeleton.sources : partSources(entries, skeleton.sources[0]),
    spec: { ...skeleton.spec, http: partHttp(entries, named) },
    sizeBound: plan.bytes[i],
  }));
  const advice = plan.advice === undefined ? {} : { sizeAdvice: plan.advice };
  return g.clusters.flatMap(cluster => parts.map(p => ({ ...skeleton, ...p, ...advice, cluster })));
}

/** The tables the routes of a part come through: the host's main table first, then the others sorted. */
function partSources(entries: readonly RootEntry[], main: string): string[] {
  const paths = new Set<string>();
  const routes: FlatRoute[] = [];
  for (const e of entries) for (const r of e.routes) routes.push(r);
  forEachChainTable(routes, t => paths.add(t.path));
  paths.delete(main);
  return [main, ...[...paths].sort(cmp)];
}

/** The HTTP routes of a part's entries in order, each delegate named. */
function partHttp(entries: readonly RootEntry[], named: (http: VirtualServiceSpecHttp) => VirtualServiceSpecHttp): VirtualServiceSpecHttp[] {
  const http: VirtualServiceSpecHttp[] = [];
  for (const e of entries) for (const h of e.http) http.push(named(h));
  return http;
}
