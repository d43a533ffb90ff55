/** A `Sidecar` per namespace: the egress hosts its proxies may see, and REGISTRY_ONLY where the workspace asks. */
import { CompiledSidecar } from '../../compiler/compiled';
import { Sidecar, SidecarSpec, SidecarSpecOutboundTrafficPolicyMode } from '../../imports/networking.istio.io';
import { EmittedObject, perCluster } from '../emitted';
import { ISOLATION_NAMES } from './names';

/** The Sidecar of one namespace, in each cluster of its workspace. */
export function sidecarObjects(s: CompiledSidecar): EmittedObject[] {
  const spec: SidecarSpec = {
    egress: [{ hosts: [...s.egressHosts] }],
    ...(s.registryOnly ? { outboundTrafficPolicy: { mode: SidecarSpecOutboundTrafficPolicyMode.REGISTRY_UNDERSCORE_ONLY } } : {}),
  };
  return perCluster(s, Sidecar.GVK, ISOLATION_NAMES.sidecar(s.namespace), spec);
}
