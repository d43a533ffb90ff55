/**
 * ALLOW `AuthorizationPolicy`s: service isolation per namespace (the workspace, its importers, the routing gateways)
 * and one per service an access policy protects (its pods, the sources' principals, optional methods and paths).
 */
import { append } from '../../compiler/algebra/collections';
import { CompiledAccessGrant, CompiledIsolationPolicy } from '../../compiler/compiled';
import { AuthorizationPolicy, AuthorizationPolicySpec, AuthorizationPolicySpecAction } from '../../imports/security.istio.io';
import { EmittedObject, perCluster } from '../emitted';
import { dnsName, shortHash, uniqueNames } from '../names';
import { ISOLATION_NAMES } from './names';

/** The service-isolation policy of one namespace. */
export function isolationPolicyObjects(p: CompiledIsolationPolicy): EmittedObject[] {
  const name = ISOLATION_NAMES.isolationPolicy(p.namespace);
  const spec: AuthorizationPolicySpec = {
    action: AuthorizationPolicySpecAction.ALLOW,
    rules: [{
      from: [
        { source: { namespaces: [...p.sourceNamespaces] } },
        ...(p.sourcePrincipals.length > 0 ? [{ source: { principals: [...p.sourcePrincipals] } }] : []),
      ],
    }],
  };
  return perCluster(p, AuthorizationPolicy.GVK, name, spec);
}

/** One policy per access grant, named `<policy>-<service>` (see {@link accessGrantNames}). */
export function accessGrantObjects(grants: readonly CompiledAccessGrant[]): EmittedObject[] {
  const names = accessGrantNames(grants);
  return grants.flatMap(g => {
    const operation = { ...nonEmpty('methods', g.policy.methods), ...nonEmpty('paths', g.policy.paths) };
    const spec: AuthorizationPolicySpec = {
      action: AuthorizationPolicySpecAction.ALLOW,
      selector: { matchLabels: { ...g.service.selector } },
      rules: [{
        from: [{ source: { principals: [...g.principals] } }],
        ...(Object.keys(operation).length > 0 ? { to: [{ operation }] } : {}),
      }],
    };
    return perCluster(g, AuthorizationPolicy.GVK, names.get(g)!, spec);
  });
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

/** `{ [key]: list }`, or nothing for an empty list. */
function nonEmpty<K extends string>(key: K, list: readonly string[]): { [k in K]?: string[] } {
  return list.length > 0 ? { [key]: [...list] } as { [k in K]: string[] } : {};
}
