/**
 * The objects of services the mesh routes to: one `DestinationRule` per host (the subsets routes use, the destination
 * settings of traffic policies), and per external service a `ServiceEntry` (MESH_EXTERNAL). Each is exported only to
 * the namespaces that export and import allow.
 */
import { destinationTrafficPolicy } from './destination-policy';
import { CompiledDestinationRule, CompiledExternalService } from '../../compiler/compiled';
import {
  DestinationRule, DestinationRuleSpec, ServiceEntry, ServiceEntrySpec, ServiceEntrySpecLocation, ServiceEntrySpecResolution,
} from '../../imports/networking.istio.io';
import { EmittedObject, perCluster } from '../emitted';
import { exportList } from './names';

/** The DestinationRule holding the subsets of one service. */
export function destinationRuleObjects(r: CompiledDestinationRule): EmittedObject[] {
  const trafficPolicy = destinationTrafficPolicy(r.policy);
  const spec: DestinationRuleSpec = {
    host: r.host,
    exportTo: exportList(r.namespace, r.exportTo),
    ...(trafficPolicy ? { trafficPolicy } : {}),
    ...(r.subsets.length > 0 ? { subsets: r.subsets.map(s => ({ name: s.name, labels: { ...s.labels } })) } : {}),
  };
  return perCluster(r, DestinationRule.GVK, r.service, spec);
}

/** The ServiceEntry of an external service (its client policy is part of the host's mesh VirtualService). */
export function externalServiceObjects(e: CompiledExternalService): EmittedObject[] {
  const m = e.model;
  const endpoints = m.endpoints.map(ep => ({ address: ep.address, ...(Object.keys(ep.ports).length > 0 ? { ports: { ...ep.ports } } : {}) }));
  const entrySpec: ServiceEntrySpec = {
    hosts: [m.host],
    location: ServiceEntrySpecLocation.MESH_UNDERSCORE_EXTERNAL,
    resolution: m.resolution as ServiceEntrySpecResolution,
    ports: m.ports.map(p => ({ number: p.number, name: p.name, protocol: p.protocol })),
    ...(endpoints.length > 0 ? { endpoints } : {}),
    exportTo: exportList(e.namespace, e.exportTo),
  };
  return perCluster(e, ServiceEntry.GVK, m.name, entrySpec);
}
