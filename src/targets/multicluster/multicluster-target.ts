/**
 * The multi-cluster target: what virtual meshes and virtual destinations give each cluster, whatever the routing
 * flavour (both run on Istio).
 */
import { Target } from '../target';
import {
  admissionObjects, denyAllObjects, eastWestGatewayObjects, intermediateCaObjects, peerAuthenticationObjects,
} from './mesh-wide';
import { GVK } from './objects';
import { serviceEntryObjects, virtualDestinationRuleObjects } from './service-entries';

/** The objects of clusters, virtual meshes and virtual destinations; emitted for the mesh, not per gateway. */
export const multiclusterTarget: Target = {
  name: 'multicluster',
  kinds: [GVK.issuer.kind, GVK.certificate.kind, GVK.peerAuthentication.kind, GVK.gateway.kind, GVK.serviceEntry.kind,
    GVK.destinationRule.kind, GVK.authorizationPolicy.kind],
  emit: mesh => {
    const m = mesh.multicluster;
    return [
      ...m.intermediateCas.flatMap(intermediateCaObjects),
      ...m.peerAuthentications.flatMap(peerAuthenticationObjects),
      ...m.eastWestGateways.flatMap(eastWestGatewayObjects),
      ...m.serviceEntries.flatMap(serviceEntryObjects),
      ...m.destinationRules.flatMap(virtualDestinationRuleObjects),
      ...m.denyAll.flatMap(denyAllObjects),
      ...m.admissions.flatMap(admissionObjects),
    ];
  },
};
