/**
 * The Istio target: a `Gateway` per virtual gateway and one `VirtualService` per (gateway, host) holding the
 * flattened, ordered routes, in the gateway's namespace and exported only to it and to the gateway workload's.
 */
import { CompiledGateway } from '../../compiler/compiled';
import { Gateway, GatewaySpecServersTlsMode, VirtualService } from '../../imports/networking.istio.io';
import { EmittedObject } from '../emitted';
import { dnsName, uniqueNames } from '../names';
import { renderHttpRoutes } from './http-routes';

/** Options of the Istio target. */
export interface IstioTargetOptions {
  /** DNS domain of the clusters' services. */
  readonly clusterDomain: string;
}

/** Every Istio object of the given gateways of a compiled mesh. */
export function istioObjects(gateways: readonly CompiledGateway[], options: IstioTargetOptions): EmittedObject[] {
  return gateways.flatMap(g => [...gatewayObjects(g), ...virtualServices(g, options)]);
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

function virtualServices(g: CompiledGateway, options: IstioTargetOptions): EmittedObject[] {
  const m = g.model;
  const names = uniqueNames(g.hosts, h => dnsName([m.name, h.host]), h => h.host);
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
