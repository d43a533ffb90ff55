/**
 * The objects of services the mesh routes to: a `DestinationRule` for the subsets routes use, and per external service
 * a `ServiceEntry` (MESH_EXTERNAL) plus, when it has a client policy, a mesh `VirtualService` with its retries and
 * timeout. Each is exported only to the namespaces that export and import allow.
 */
import { CompiledDestinationRule, CompiledExternalService } from '../../compiler/compiled';
import {
  DestinationRule, DestinationRuleSpec, ServiceEntry, ServiceEntrySpec, ServiceEntrySpecLocation, ServiceEntrySpecResolution, VirtualService,
  VirtualServiceSpec,
} from '../../imports/networking.istio.io';
import { formatDuration } from '../durations';
import { EmittedObject, perCluster } from '../emitted';
import { exportList } from './names';
import { renderRetries } from '../istio/http-routes';

/** The DestinationRule holding the subsets of one service. */
export function destinationRuleObjects(r: CompiledDestinationRule): EmittedObject[] {
  const spec: DestinationRuleSpec = {
    host: r.host, exportTo: exportList(r.namespace, r.exportTo), subsets: r.subsets.map(s => ({ name: s.name, labels: { ...s.labels } })),
  };
  return perCluster(r, DestinationRule.GVK, r.service, spec);
}

/** The ServiceEntry of an external service, and the VirtualService of its client policy when it has one. */
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
  const entry = perCluster(e, ServiceEntry.GVK, m.name, entrySpec);
  if (!m.retries && m.timeoutMs === undefined) return entry;
  const callsSpec: VirtualServiceSpec = {
    hosts: [m.host],
    exportTo: exportList(e.namespace, e.clientExportTo),
    http: [{
      name: 'calls',
      route: [{ destination: { host: m.host } }],
      ...(m.timeoutMs === undefined ? {} : { timeout: formatDuration(m.timeoutMs) }),
      ...(m.retries ? { retries: renderRetries(m.retries) } : {}),
    }],
  };
  return [...entry, ...perCluster(e, VirtualService.GVK, m.name, callsSpec)];
}
