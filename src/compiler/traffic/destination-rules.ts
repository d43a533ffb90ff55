/**
 * One DestinationRule per Service or external host: the subsets gateway routes, east–west routes and traffic shifts use,
 * merged with the destination settings of traffic policies (outlier detection, connection pool, TLS, load balancer).
 * Virtual destinations keep their own DestinationRules; policy settings are merged into them.
 */
import { MeshHost } from './mesh-hosts';
import { DESTINATION_FIELDS, ResolvedPolicy } from './policies';
import { DestinationPolicyModel, MeshModel, ServiceRefModel, SubsetModel } from '../../model';
import { serviceFqdn } from '../algebra/destination-host';
import { labelText } from '../algebra/labels';
import { cmp } from '../algebra/order';
import { CompiledDestinationRule } from '../compiled';
import { Diagnostics, related, Rules } from '../diagnostics/catalogue';
import { Isolation } from '../isolation';
import { Tenancy } from '../tenancy';

/** A use of a subset outside gateway routes: by an east–west route or a traffic policy. */
export interface SubsetUse {
  readonly service: ServiceRefModel;
  readonly by: { readonly path: string; readonly subject: string };
}

interface Input {
  readonly model: MeshModel;
  readonly tenancy: Tenancy;
  readonly isolation: Isolation;
  readonly base: readonly CompiledDestinationRule[];
  readonly policies: readonly ResolvedPolicy[];
  readonly subsets: readonly SubsetUse[];
}

/**
 * The destination settings of the policies of each host (policies without sources or matchers), conflicts reported. A
 * DestinationRule applies to every caller that sees it, so only the host's own workspace may set them (MESH908).
 */
export function destinationPolicies(
  policies: readonly ResolvedPolicy[], hosts: ReadonlyMap<string, MeshHost>, tenancy: Tenancy, d: Diagnostics,
): Map<string, { policy: DestinationPolicyModel; sources: string[] }> {
  const out = new Map<string, { policy: Record<string, unknown>; setBy: Map<string, ResolvedPolicy>; sources: string[] }>();
  const setsAny = (p: ResolvedPolicy) => DESTINATION_FIELDS.some(([k]) => p.model[k] !== undefined);
  for (const p of policies.filter(x => !x.model.sources && x.model.matches.length === 0 && setsAny(x))) {
    for (const h of p.hosts) {
      const owner = tenancy.ownerOf(h.namespace);
      if (p.workspace && owner && p.workspace !== owner) {
        const fields = DESTINATION_FIELDS.filter(([k]) => p.model[k] !== undefined).map(([, name]) => name).join(', ');
        d.report(Rules.CallersBeyondWorkspace, p.model, {
          subject: `${p.subject} (${fields})`,
          workspace: p.workspace.name,
          callers: 'every caller',
        });
        continue;
      }
      const entry = out.get(h.host) ?? { policy: {} as Record<string, unknown>, setBy: new Map<string, ResolvedPolicy>(), sources: [] as string[] };
      out.set(h.host, entry);
      for (const [k, name] of DESTINATION_FIELDS.filter(([x]) => p.model[x] !== undefined)) {
        const first = entry.setBy.get(k);
        if (first) {
          d.report(Rules.PolicyFieldConflict, p.model, {
            field: name,
            host: h.host,
            first: first.subject,
            second: p.subject,
            callers: 'every caller',
          },
          [related(first.model, 'the other policy')]);
          continue;
        }
        entry.policy[k] = p.model[k];
        entry.setBy.set(k, p);
        if (!entry.sources.includes(p.model.path)) entry.sources.push(p.model.path);
      }
    }
  }
  for (const [host, e] of out) {
    const lb = e.policy.loadBalancer as DestinationPolicyModel['loadBalancer'];
    if (lb?.failover && !e.policy.outlierDetection && !hosts.get(host)?.virtual?.outlierDetection) {
      const p = e.setBy.get('loadBalancer')!;
      d.report(Rules.InvalidPolicyValue, p.model, {
        subject: p.subject,
        field: 'loadBalancer.withLocalityFailover',
        problem: `fails over without outlier detection on ${host}: Istio fails over only when outlier detection ejects endpoints`,
      });
    }
  }
  return new Map([...out].map(([h, e]) => [h, { policy: e.policy as DestinationPolicyModel, sources: e.sources }]));
}

/** Every DestinationRule of Services and external services, one per host, sorted by namespace/service. */
export function destinationRules(input: Input, perHost: ReadonlyMap<string, { policy: DestinationPolicyModel; sources: string[] }>,
  hosts: ReadonlyMap<string, MeshHost>, d: Diagnostics): CompiledDestinationRule[] {
  const rules = new Map<string, CompiledDestinationRule>(input.base.map(r => [r.host, r]));
  const ruleFor = (h: MeshHost): CompiledDestinationRule | undefined => {
    const existing = rules.get(h.host);
    if (existing) return existing;
    const owner = input.tenancy.ownerOf(h.namespace);
    if (!owner) return undefined;
    const kind = h.kind === 'EXTERNAL_SERVICE' ? 'EXTERNAL_SERVICE' : 'SERVICE';
    const created: CompiledDestinationRule = {
      namespace: h.namespace,
      workspace: owner.name,
      clusters: input.isolation.clustersOf(owner),
      sources: [],
      service: h.name,
      host: h.host,
      subsets: [],
      exportTo: [...new Set([
        ...input.isolation.visibleTo(owner, kind, h.labels),
        ...input.isolation.gatewayWorkloadsRoutingTo(h.external ? h.external.path : `${h.namespace}/${h.name}`),
      ])].sort(cmp),
    };
    rules.set(h.host, created);
    return created;
  };
  for (const use of input.subsets) {
    const s = use.service;
    if (!s.subset || s.external || s.virtual || s.federated) continue;
    const h = hosts.get(serviceFqdn(s, input.model.clusterDomain));
    const r = h && ruleFor(h);
    if (!r) continue;
    const known = r.subsets.find(x => x.name === s.subset!.name);
    if (known && labelText(known.labels) !== labelText(s.subset.labels)) {
      d.report(Rules.SubsetConflict, use.by.path, {
        route: use.by.subject,
        table: `${s.namespace}/${s.name}`,
        subset: s.subset.name,
        service: `${s.namespace}/${s.name}`,
        labels: labelText(s.subset.labels),
        other: labelText(known.labels),
      });
      continue;
    }
    const subsets: SubsetModel[] = known ? [...r.subsets] : [...r.subsets, s.subset].sort((a, b) => cmp(a.name, b.name));
    rules.set(r.host, { ...r, subsets, sources: [...new Set([...r.sources, use.by.path])].sort(cmp) });
  }
  for (const [host, { policy, sources }] of perHost) {
    const h = hosts.get(host);
    if (!h || h.kind === 'VIRTUAL_DESTINATION') continue;
    const r = ruleFor(h);
    if (r) rules.set(host, { ...r, policy, sources: [...new Set([...r.sources, ...sources])].sort(cmp) });
  }
  return [...rules.values()].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.service, b.service) || cmp(a.host, b.host));
}
