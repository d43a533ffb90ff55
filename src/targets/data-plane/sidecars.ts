/** A `Sidecar` per namespace: the egress hosts its proxies may see, and REGISTRY_ONLY where the workspace asks. */
import { CompiledSidecar } from '../../compiler/compiled';
import { Sidecar, SidecarSpecOutboundTrafficPolicyMode } from '../../imports/networking.istio.io';
import { EmittedObject, perCluster } from '../emitted';
import { ISOLATION_NAMES } from './names';

/** The Sidecar of one namespace, in each cluster of its workspace. */
export function sidecarObjects(s: CompiledSidecar): EmittedObject[] {
  return perCluster(s, Sidecar.GVK, ISOLATION_NAMES.sidecar(s.namespace), (scope, id, metadata) => new Sidecar(scope, id, {
    metadata,
    spec: {
      egress: [{ hosts: [...s.egressHosts] }],
      outboundTrafficPolicy: s.registryOnly ? { mode: SidecarSpecOutboundTrafficPolicyMode.REGISTRY_UNDERSCORE_ONLY } : undefined,
    },
  }));
}
