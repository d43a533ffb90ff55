/**
 * The Istio objects that keep tenants apart, emitted whatever the routing flavour (both run on Istio): a `Sidecar` per
 * namespace, service-isolation and access `AuthorizationPolicy`s, `DestinationRule`s for the subsets routes use, and
 * a `ServiceEntry` (plus a mesh `VirtualService` for retries and timeouts) per external service. Every `exportTo`
 * names only the namespaces that export and import allow.
 */
import { append } from '../../compiler/algebra/collections';
import { CompiledAccessGrant, CompiledMesh } from '../../compiler/compiled';
import {
  DestinationRule, ServiceEntry, ServiceEntrySpecLocation, ServiceEntrySpecResolution, Sidecar, SidecarSpecOutboundTrafficPolicyMode,
  VirtualService,
} from '../../imports/networking.istio.io';
import { AuthorizationPolicy, AuthorizationPolicySpecAction } from '../../imports/security.istio.io';
import { formatDuration } from '../durations';
import { EmittedObject, perCluster } from '../emitted';
import { dnsName, shortHash, uniqueNames } from '../names';
import { renderRetries } from '../istio/http-routes';
import { Target } from '../target';

/** The name of the Sidecar and of the service-isolation policy in each namespace. */
export const ISOLATION_NAMES = { sidecar: 'default', isolationPolicy: 'workspace-isolation' };

/** `exportTo` of an object in `namespace`: `.` for its own namespace, then the other namespaces, sorted. */
export function exportList(namespace: string, namespaces: readonly string[]): string[] {
  return ['.', ...namespaces.filter(ns => ns !== namespace)];
}

/** The Istio data-plane objects both flavours share; emitted for the mesh, not per gateway. */
export const dataPlaneTarget: Target = {
  name: 'data-plane',
  kinds: [ServiceEntry.GVK.kind, DestinationRule.GVK.kind, VirtualService.GVK.kind, Sidecar.GVK.kind, AuthorizationPolicy.GVK.kind],
  emit: mesh => isolationObjects(mesh),
};

/** Every isolation object of a compiled mesh. */
function isolationObjects(mesh: CompiledMesh): EmittedObject[] {
  const iso = mesh.isolation;
  const grantNames = accessGrantNames(iso.accessGrants);
  return [
    ...iso.sidecars.flatMap(s => perCluster(s, Sidecar.GVK, ISOLATION_NAMES.sidecar, (scope, id, metadata) => new Sidecar(scope, id, {
      metadata,
      spec: {
        egress: [{ hosts: [...s.egressHosts] }],
        outboundTrafficPolicy: s.registryOnly ? { mode: SidecarSpecOutboundTrafficPolicyMode.REGISTRY_UNDERSCORE_ONLY } : undefined,
      },
    }))),
    ...iso.isolationPolicies.flatMap(p => perCluster(p, AuthorizationPolicy.GVK, ISOLATION_NAMES.isolationPolicy, (scope, id, metadata) =>
      new AuthorizationPolicy(scope, id, {
        metadata,
        spec: {
          action: AuthorizationPolicySpecAction.ALLOW,
          rules: [{
            from: [
              { source: { namespaces: [...p.sourceNamespaces] } },
              ...(p.sourcePrincipals.length > 0 ? [{ source: { principals: [...p.sourcePrincipals] } }] : []),
            ],
          }],
        },
      }))),
    ...iso.accessGrants.flatMap(g => perCluster(g, AuthorizationPolicy.GVK, grantNames.get(g)!, (scope, id, metadata) =>
      new AuthorizationPolicy(scope, id, {
        metadata,
        spec: {
          action: AuthorizationPolicySpecAction.ALLOW,
          selector: { matchLabels: { ...g.service.selector } },
          rules: [{
            from: [{ source: { principals: [...g.principals] } }],
            to: g.policy.methods.length + g.policy.paths.length > 0
              ? [{ operation: { methods: nonEmpty(g.policy.methods), paths: nonEmpty(g.policy.paths) } }] : undefined,
          }],
        },
      }))),
    ...iso.destinationRules.flatMap(r => perCluster(r, DestinationRule.GVK, r.service, (scope, id, metadata) => new DestinationRule(scope, id, {
      metadata,
      spec: { host: r.host, exportTo: exportList(r.namespace, r.exportTo), subsets: r.subsets.map(s => ({ name: s.name, labels: { ...s.labels } })) },
    }))),
    ...iso.externalServices.flatMap(e => {
      const m = e.model;
      const entry = perCluster(e, ServiceEntry.GVK, m.name, (scope, id, metadata) => new ServiceEntry(scope, id, {
        metadata,
        spec: {
          hosts: [m.host],
          location: ServiceEntrySpecLocation.MESH_UNDERSCORE_EXTERNAL,
          resolution: m.resolution as ServiceEntrySpecResolution,
          ports: m.ports.map(p => ({ number: p.number, name: p.name, protocol: p.protocol })),
          endpoints: m.endpoints.length > 0
            ? m.endpoints.map(ep => ({ address: ep.address, ports: Object.keys(ep.ports).length > 0 ? { ...ep.ports } : undefined })) : undefined,
          exportTo: exportList(e.namespace, e.exportTo),
        },
      }));
      if (!m.retries && m.timeoutMs === undefined) return entry;
      const calls = perCluster(e, VirtualService.GVK, m.name, (scope, id, metadata) => new VirtualService(scope, id, {
        metadata,
        spec: {
          hosts: [m.host],
          exportTo: exportList(e.namespace, e.clientExportTo),
          http: [{
            name: 'calls',
            route: [{ destination: { host: m.host } }],
            timeout: m.timeoutMs === undefined ? undefined : formatDuration(m.timeoutMs),
            retries: m.retries && renderRetries(m.retries),
          }],
        },
      }));
      return [...entry, ...calls];
    }),
  ];
}

/**
 * `<policy>-<service>` for each access grant, with a hash where two grants of a namespace would share a name or one
 * would take the name of the service-isolation policy.
 */
function accessGrantNames(grants: readonly CompiledAccessGrant[]): Map<CompiledAccessGrant, string> {
  const names = new Map<CompiledAccessGrant, string>();
  const byNamespace = new Map<string, CompiledAccessGrant[]>();
  for (const g of grants) append(byNamespace, g.namespace, g);
  const key = (g: CompiledAccessGrant) => `${g.policy.name}|${g.service.name}`;
  for (const list of byNamespace.values()) {
    for (const [g, name] of uniqueNames(list, x => dnsName([x.policy.name, x.service.name]), key)) {
      names.set(g, name === ISOLATION_NAMES.isolationPolicy ? dnsName([name, shortHash(key(g))]) : name);
    }
  }
  return names;
}

function nonEmpty(list: readonly string[]): string[] | undefined {
  return list.length > 0 ? [...list] : undefined;
}
