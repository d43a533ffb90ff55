/**
 * The data-plane target: the Istio objects that keep tenants apart, emitted whatever the routing flavour (both run on
 * Istio) — a `Sidecar` per namespace, service-isolation and access `AuthorizationPolicy`s, `DestinationRule`s for the
 * subsets and traffic policies of each host, and a `ServiceEntry` per external service. (The mesh VirtualServices of
 * east–west routing are the mesh flavour's: `GatewayFlavour.eastWest`.) Every `exportTo` names only the namespaces that
 * export and import allow.
 */
import { DestinationRule, ServiceEntry, Sidecar } from '../../imports/networking.istio.io';
import { Target } from '../target';
import { accessGrantObjects, isolationPolicyObjects } from './authorization-policies';
import { destinationRuleObjects, externalServiceObjects } from './service-objects';
import { sidecarObjects } from './sidecars';
import { AuthorizationPolicy } from '../../imports/security.istio.io';

/** The Istio data-plane objects both flavours share; emitted for the mesh, not per gateway. */
export const dataPlaneTarget: Target = {
  name: 'data-plane',
  kinds: [ServiceEntry.GVK.kind, DestinationRule.GVK.kind, Sidecar.GVK.kind, AuthorizationPolicy.GVK.kind],
  emit: mesh => {
    const iso = mesh.isolation;
    return [
      ...iso.sidecars.flatMap(sidecarObjects),
      ...iso.isolationPolicies.flatMap(isolationPolicyObjects),
      ...accessGrantObjects(iso.accessGrants),
      ...iso.destinationRules.flatMap(destinationRuleObjects),
      ...iso.externalServices.flatMap(externalServiceObjects),
    ];
  },
};
