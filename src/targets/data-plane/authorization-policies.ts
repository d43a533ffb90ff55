/**
 * ALLOW `AuthorizationPolicy`s: service isolation per namespace (the workspace, its importers, the routing gateways)
 * and one per service an access policy protects (its pods, the sources' principals, optional methods and paths).
 */
import { append } from '../../compiler/algebra/collections';
import { CompiledAccessGrant, CompiledIsolationPolicy } from '../../compiler/compiled';
import { AuthorizationPolicy, AuthorizationPolicySpecAction } from '../../imports/security.istio.io';
import { EmittedObject, perCluster } from '../emitted';
import { dnsName, shortHash, uniqueNames } from '../names';
import { ISOLATION_NAMES } from './names';

/** The service-isolation policy of one namespace. */
export function isolationPolicyObjects(p: CompiledIsolationPolicy): EmittedObject[] {
  const name = ISOLATION_NAMES.isolationPolicy(p.namespace);
  return perCluster(p, AuthorizationPolicy.GVK, name, (scope, id, metadata) => new AuthorizationPolicy(scope, id, {
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
  }));
}

/** One policy per access grant, named `<policy>-<service>` (see {@link accessGrantNames}). */
export function accessGrantObjects(grants: readonly CompiledAccessGrant[]): EmittedObject[] {
  const names = accessGrantNames(grants);
  return grants.flatMap(g => perCluster(g, AuthorizationPolicy.GVK, names.get(g)!, (scope, id, metadata) => new AuthorizationPolicy(scope, id, {
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
  })));
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
      names.set(g, name === ISOLATION_NAMES.isolationPolicy(g.namespace) ? dnsName([name, shortHash(key(g))]) : name);
    }
  }
  return names;
}

function nonEmpty(list: readonly string[]): string[] | undefined {
  return list.length > 0 ? [...list] : undefined;
}
