/**
 * The Istio target: a `Gateway` per virtual gateway and one `VirtualService` per (gateway, host) holding the
 * flattened, ordered routes, in the gateway's namespace and exported only to it and to the gateway workload's.
 */
import { CompiledGateway, CompiledHost, CompiledMesh } from '../../compiler/compiled';
import { Gateway, GatewaySpecServersTlsMode, VirtualService } from '../../imports/networking.istio.io';
import { EmittedObject } from '../emitted';
import { dnsName, shortHash } from '../names';
import { renderHttpRoutes } from './http-routes';

/** Options of the Istio target. */
export interface IstioTargetOptions {
  /** DNS domain of the clusters' services. */
  readonly clusterDomain: string;
}

/** Every Istio object of a compiled mesh. */
export function istioObjects(mesh: CompiledMesh, options: IstioTargetOptions): EmittedObject[] {
  return mesh.gateways.flatMap(g => [...gatewayObjects(g), ...virtualServices(g, options)]);
}

/** `namespace/host` entries of a server: only routing objects of the gateway's namespace may bind. */
function serverHosts(g: CompiledGateway, hostname: string | undefined): string[] {
  const ns = g.model.namespace;
  if (hostname !== undefined) return [`${ns}/${hostname}`];
  const hosts = g.hosts.map(h => h.host);
  return hosts.length > 0 ? hosts.map(h => `${ns}/${h}`) : [`${ns}/*`];
}

function gatewayObjects(g: CompiledGateway): EmittedObject[] {
  const m = g.model;
  return g.clusters.map(cluster => ({
    cluster,
    apiVersion: Gateway.GVK.apiVersion,
    kind: Gateway.GVK.kind,
    namespace: m.namespace,
    name: m.name,
    workspace: g.workspace.name,
    sources: [m.path],
    create: (scope, id, metadata) => new Gateway(scope, id, {
      metadata,
      spec: {
        selector: { ...m.workloadLabels },
        servers: m.listeners.map(l => ({
          port: { number: l.port, name: l.name, protocol: l.protocol },
          hosts: serverHosts(g, l.hostname),
          tls: l.protocol === 'HTTPS' ? { mode: GatewaySpecServersTlsMode.SIMPLE, credentialName: l.tlsSecret } : undefined,
        })),
      },
    }),
  }));
}

/** VirtualService names per host of a gateway: `<gateway>-<host>`, with a hash only where two would collide. */
function virtualServiceNames(g: CompiledGateway): Map<CompiledHost, string> {
  const names = new Map(g.hosts.map(h => [h, dnsName([g.model.name, h.host])]));
  const counts = new Map<string, number>();
  for (const n of names.values()) counts.set(n, (counts.get(n) ?? 0) + 1);
  for (const [h, n] of names) if (counts.get(n)! > 1) names.set(h, dnsName([g.model.name, h.host, shortHash(h.host)]));
  return names;
}

function virtualServices(g: CompiledGateway, options: IstioTargetOptions): EmittedObject[] {
  const m = g.model;
  const names = virtualServiceNames(g);
  const exportTo = m.workloadNamespace === m.namespace ? ['.'] : ['.', m.workloadNamespace];
  return g.clusters.flatMap(cluster => g.hosts.map((h): EmittedObject => ({
    cluster,
    apiVersion: VirtualService.GVK.apiVersion,
    kind: VirtualService.GVK.kind,
    namespace: m.namespace,
    name: names.get(h)!,
    workspace: g.workspace.name,
    sources: [h.tables[0].path, ...h.sources.map(s => s.path).filter(p => p !== h.tables[0].path)],
    create: (scope, id, metadata) => new VirtualService(scope, id, {
      metadata,
      spec: {
        hosts: [h.host],
        gateways: [`${m.namespace}/${m.name}`],
        exportTo,
        http: h.routes.flatMap(r => renderHttpRoutes(r, options.clusterDomain)),
      },
    }),
  })));
}
