/**
 * Access policies: who may call which services. Each protected service gets the SPIFFE principals of the sources, and
 * a policy may grant only what the workspaces share (the service's workspace exports SERVICE to the source's, which
 * imports it).
 */
import { AccessPolicyModel, AccessSourceModel, KnownServiceModel, MeshModel, WorkspaceModel } from '../../model';
import { CompiledAccessGrant } from '../compiled';
import { CompileContext } from '../context';
import { cmp, Diagnostics, Note, related, Rules, Subject } from '../diagnostics/catalogue';
import { Isolation } from '../isolation';
import { Pass } from '../pass';
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
        const subject = Subject.part(Subject.accessPolicy(policy.name), Subject.service(ref));
        d.report(Rules.UnownedNamespace, policy, { subject, namespace: service.namespace });
        continue;
      }
      if (!service.selector || Object.keys(service.selector).length === 0) {
        d.report(Rules.ServiceWithoutSelector, policy, { policy: policy.name, service: ref }, [related(service, Note.protectedService)]);
        continue;
      }
      for (const s of sources) {
        for (const w of s.workspaces) {
          if (!tenancy.canUse(w, owner, 'SERVICE', service.labels)) {
            const missing = tenancy.missingShare(w, owner, 'SERVICE', service.labels);
            d.report(Rules.AccessNotShared, policy, { policy: policy.name, source: s.text, service: ref, workspace: owner.name, missing });
          }
        }
      }
      for (const g of isolation.gatewaysRoutingTo(ref)) {
        if (!owner.isolation.serviceIsolation) {
          const gateway = model.gateways.find(x => `${x.namespace}/${x.name}` === g);
          d.report(Rules.AccessBlocksGateway, policy, { policy: policy.name, service: ref, gateway: g, workspace: owner.name },
            gateway ? [related(gateway, Note.routingGateway)] : []);
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
  const subject = Subject.accessPolicy(policy.name);
  const fail = (target: string) => {
    d.report(Rules.UnresolvedReference, policy, { subject, verb: 'admits', target });
    return undefined;
  };
  if (s.cluster !== undefined && !trustDomain.has(s.cluster)) return fail(Subject.cluster(s.cluster));
  const clusters = (w: WorkspaceModel) => (s.cluster !== undefined ? [s.cluster] : isolation.clustersOf(w));
  switch (s.kind) {
    case 'cluster': {
      const td = trustDomain.get(s.name);
      if (td === undefined) return fail(Subject.cluster(s.name));
      const workspaces = model.workspaces.filter(w => tenancy.named(w.name) === w && isolation.clustersOf(w).includes(s.name));
      return { workspaces, principals: [`${td}/*`], text: Subject.clusterWorkloads(s.name) };
    }
    case 'workspace': {
      const w = tenancy.named(s.name);
      if (!w) return fail(Subject.workspace(s.name));
      const principals = clusters(w).flatMap(c => w.namespaces.map(ns => `${trustDomain.get(c)}/ns/${ns}/sa/*`));
      return { workspaces: [w], principals, text: Subject.workspace(w.name) };
    }
    default: {
      const namespace = s.kind === 'namespace' ? s.name : s.namespace!;
      const w = tenancy.ownerOf(namespace);
      if (!w) {
        d.report(Rules.UnownedNamespace, policy, { subject, namespace, source: true });
        return undefined;
      }
      const sa = s.kind === 'namespace' ? '*' : s.name;
      const principals = clusters(w).map(c => `${trustDomain.get(c)}/ns/${namespace}/sa/${sa}`);
      return { workspaces: [w], principals, text: s.kind === 'namespace' ? Subject.namespace(namespace) : Subject.serviceAccount(namespace, s.name) };
    }
  }
}

/** The services a policy protects, each once, sorted by namespace/name. */
function destinations(policy: AccessPolicyModel, model: MeshModel, d: Diagnostics): KnownServiceModel[] {
  const out = new Map<string, KnownServiceModel>();
  for (const dest of policy.destinations) {
    if (dest.error) {
      d.report(Rules.UnresolvedDestination, policy, { subject: Subject.accessPolicy(policy.name), reason: dest.error });
      continue;
    }
    const selected = dest.service ? [dest.service] : model.services.filter(s =>
      (dest.namespace === undefined || s.namespace === dest.namespace)
      && Object.entries(dest.labels ?? {}).every(([k, v]) => s.labels[k] === v));
    if (selected.length === 0) {
      d.report(Rules.AccessSelectsNothing, policy, { policy: policy.name, labels: dest.labels ?? {}, namespace: dest.namespace });
    }
    for (const s of selected) out.set(`${s.namespace}/${s.name}`, s);
  }
  return [...out.entries()].sort((a, b) => cmp(a[0], b[0])).map(([, s]) => s);
}

/** Compiles access policies into grants; produces `accessGrants`. */
export const accessPass: Pass = {
  name: 'access',
  rules: [Rules.AccessNotShared, Rules.AccessSelectsNothing, Rules.AccessBlocksGateway, Rules.UnresolvedReference, Rules.UnownedNamespace,
    Rules.ServiceWithoutSelector, Rules.UnresolvedDestination],
  run(ctx: CompileContext): void {
    ctx.put('accessGrants', compileAccess(ctx.model, ctx.get('tenancy'), ctx.get('isolation'), ctx.diagnostics));
  },
};
