/**
 * Access policies: who may call which services. Each protected service gets the SPIFFE principals of the sources, and
 * a policy may grant only what the workspaces share (the service's workspace exports SERVICE to the source's, which
 * imports it).
 */
import { CompileContext } from '../context';
import { Pass } from '../pass';
import { cmp, Diagnostics, Rules } from '../diagnostics/catalogue';
import { CompiledAccessGrant } from '../compiled';
import { Isolation } from '../isolation';
import { AccessPolicyModel, AccessSourceModel, KnownServiceModel, MeshModel, WorkspaceModel } from '../../model';
import { Tenancy } from '../tenancy';

interface ResolvedSource {
  /** Workspaces whose workloads the source includes. */
  readonly workspaces: readonly WorkspaceModel[];
  readonly principals: readonly string[];
  readonly text: string;
}

/** Compiles every access policy of the mesh into one grant per protected service. */
export function compileAccess(model: MeshModel, tenancy: Tenancy, isolation: Isolation, d: Diagnostics): CompiledAccessGrant[] {
  const trustDomain = new Map(model.clusters.map(c => [c.name, c.trustDomain]));
  const grants: CompiledAccessGrant[] = [];
  for (const policy of [...model.accessPolicies].sort((a, b) => cmp(a.name, b.name))) {
    const sources = policy.sources.map(s => resolveSource(policy, s, model, tenancy, isolation, trustDomain, d))
      .filter((s): s is ResolvedSource => !!s);
    const principals = [...new Set(sources.flatMap(s => s.principals))].sort(cmp);
    for (const service of destinations(policy, model, d)) {
      const owner = tenancy.ownerOf(service.namespace);
      const ref = `${service.namespace}/${service.name}`;
      if (!owner) {
        d.report(Rules.UnresolvedReference, policy.path, `access policy "${policy.name}" protects service ${ref}, whose namespace belongs to no workspace`);
        continue;
      }
      if (!service.selector || Object.keys(service.selector).length === 0) {
        d.report(Rules.UnresolvedReference, policy.path, `access policy "${policy.name}" protects service ${ref}, which has no pod selector to apply the policy to`);
        continue;
      }
      for (const s of sources) {
        for (const w of s.workspaces) {
          if (!tenancy.canUse(w, owner, 'SERVICE', service.labels)) {
            d.report(Rules.AccessNotShared, policy.path,
              `access policy "${policy.name}" lets ${s.text} call service ${ref} of workspace "${owner.name}", but ${tenancy.missingShare(w, owner, 'SERVICE', service.labels)}`);
          }
        }
      }
      for (const g of isolation.gatewaysRoutingTo(ref)) {
        if (!owner.isolation.serviceIsolation) {
          d.report(Rules.AccessBlocksGateway, policy.path,
            `access policy "${policy.name}" restricts service ${ref}, which gateway ${g} routes to: the gateway's requests would be denied, `
            + `because workspace "${owner.name}" has no serviceIsolation to admit them`);
        }
      }
      grants.push({
        namespace: service.namespace,
        workspace: owner.name,
        clusters: isolation.clustersOf(owner),
        sources: [policy.path],
        policy,
        service,
        principals,
      });
    }
  }
  return grants;
}

function resolveSource(
  policy: AccessPolicyModel, s: AccessSourceModel, model: MeshModel, tenancy: Tenancy, isolation: Isolation,
  trustDomain: ReadonlyMap<string, string>, d: Diagnostics,
): ResolvedSource | undefined {
  const fail = (why: string) => {
    d.report(Rules.UnresolvedReference, policy.path, `access policy "${policy.name}": ${why}`);
    return undefined;
  };
  if (s.cluster !== undefined && !trustDomain.has(s.cluster)) return fail(`source cluster "${s.cluster}" is not part of this mesh`);
  const clusters = (w: WorkspaceModel) => (s.cluster !== undefined ? [s.cluster] : isolation.clustersOf(w));
  switch (s.kind) {
    case 'cluster': {
      const td = trustDomain.get(s.name);
      if (td === undefined) return fail(`source cluster "${s.name}" is not part of this mesh`);
      const workspaces = model.workspaces.filter(w => tenancy.named(w.name) === w && isolation.clustersOf(w).includes(s.name));
      return { workspaces, principals: [`${td}/*`], text: `every workload of cluster "${s.name}"` };
    }
    case 'workspace': {
      const w = tenancy.named(s.name);
      if (!w) return fail(`source workspace "${s.name}" is not part of this mesh`);
      const principals = clusters(w).flatMap(c => w.namespaces.map(ns => `${trustDomain.get(c)}/ns/${ns}/sa/*`));
      return { workspaces: [w], principals, text: `workspace "${w.name}"` };
    }
    default: {
      const namespace = s.kind === 'namespace' ? s.name : s.namespace!;
      const w = tenancy.ownerOf(namespace);
      if (!w) return fail(`source namespace "${namespace}" belongs to no workspace`);
      const sa = s.kind === 'namespace' ? '*' : s.name;
      const principals = clusters(w).map(c => `${trustDomain.get(c)}/ns/${namespace}/sa/${sa}`);
      return { workspaces: [w], principals, text: s.kind === 'namespace' ? `namespace ${namespace}` : `service account ${namespace}/${s.name}` };
    }
  }
}

/** The services a policy protects, each once, sorted by namespace/name. */
function destinations(policy: AccessPolicyModel, model: MeshModel, d: Diagnostics): KnownServiceModel[] {
  const out = new Map<string, KnownServiceModel>();
  for (const dest of policy.destinations) {
    if (dest.error) {
      d.report(Rules.UnresolvedReference, policy.path, `access policy "${policy.name}": ${dest.error}`);
      continue;
    }
    const selected = dest.service ? [dest.service] : model.services.filter(s =>
      (dest.namespace === undefined || s.namespace === dest.namespace)
      && Object.entries(dest.labels ?? {}).every(([k, v]) => s.labels[k] === v));
    if (selected.length === 0) {
      const where = dest.namespace === undefined ? '' : ` in namespace ${dest.namespace}`;
      d.report(Rules.AccessSelectsNothing, policy.path, `access policy "${policy.name}" selects no service of the app with labels ${JSON.stringify(dest.labels ?? {})}${where}`);
    }
    for (const s of selected) out.set(`${s.namespace}/${s.name}`, s);
  }
  return [...out.entries()].sort((a, b) => cmp(a[0], b[0])).map(([, s]) => s);
}

/** Compiles access policies into grants; produces `accessGrants`. */
export const accessPass: Pass = {
  name: 'access',
  rules: [Rules.AccessNotShared, Rules.AccessSelectsNothing, Rules.AccessBlocksGateway, Rules.UnresolvedReference],
  run(ctx: CompileContext): void {
    ctx.put('accessGrants', compileAccess(ctx.model, ctx.get('tenancy'), ctx.get('isolation'), ctx.diagnostics));
  },
};
