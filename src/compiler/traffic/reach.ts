/**
 * Shift and mirror targets as one cluster's callers reach them: a Service pinned to another cluster becomes its
 * federated host there (through that cluster's east–west gateway), a subset of it a subset of that host (recorded, so
 * that both clusters can tell the subset's pods apart: see remote-subsets.ts); and subsets checked against the app's
 * workloads.
 */
import { SubsetUse } from './destination-rules';
import { MeshModel, ServiceRefModel } from '../../model';
import { carries, labelText } from '../algebra/labels';
import { RemoteSubset } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Locatable, Rules } from '../diagnostics/catalogue';


/** How callers in `cluster` reach a destination; undefined (reported) when they cannot. */
export function shiftReach(
  cluster: string, ctx: CompileContext, remote: RemoteSubset[],
): (s: ServiceRefModel, subject: string, at: Locatable) => ServiceRefModel | undefined {
  const entries = ctx.get('multicluster').serviceEntries.filter(e => e.role === 'federated' && e.clusters.includes(cluster));
  return (s, subject, at) => {
    if (s.cluster === undefined) return s;
    if (s.cluster === cluster) return { ...s, cluster: undefined };
    const target = `service ${s.namespace}/${s.name} in cluster "${s.cluster}"`;
    const unreachable = (reason: string) => {
      ctx.diagnostics.report(Rules.UnreachableShiftTarget, at, { subject, target, reason });
      return undefined;
    };
    const prefix = `${s.name}.${s.namespace}.svc.${s.cluster}.`;
    const entry = entries.find(e => e.hosts[0].startsWith(prefix));
    if (!entry) {
      return unreachable(`is not federated to cluster "${cluster}" (no virtual mesh with federation joins them, or the service is not shared)`);
    }
    if (s.subset) {
      const home = s.cluster;
      const service = ctx.model.services.find(x => x.name === s.name && x.namespace === s.namespace && (x.clusters?.includes(home) ?? true));
      if (!service?.selector) return unreachable(`has no pod selector in cluster "${home}", so its subsets cannot be told apart there`);
      remote.push({ service, home, importer: cluster, federatedHost: entry.hosts[0], subset: s.subset, by: at.path });
    }
    return { ...s, federated: { host: entry.hosts[0], cluster: s.cluster } };
  };
}

/**
 * A subset that east–west routes, shifts or mirrors send to must select some pod where the app declares the Service's
 * pods: a workload in the Service's namespace whose pods the Service selects and that carries the subset's labels
 * (MESH904). Subsets pinned to a cluster are checked the same way (the app's workloads carry no cluster).
 */
export function checkSubsetWorkloads(model: MeshModel, uses: readonly SubsetUse[], d: Diagnostics): void {
  const workloads = model.workloads ?? [];
  for (const { service: s, by } of uses) {
    if (!s.subset || s.external || s.virtual) continue;
    const svc = model.services.find(x => x.name === s.name && x.namespace === s.namespace && x.selector);
    if (!svc) continue;
    const behind = workloads.filter(x => x.namespace === s.namespace && carries(x.labels, svc.selector!));
    if (behind.length > 0 && !behind.some(x => carries(x.labels, s.subset!.labels))) {
      d.report(Rules.ShiftTargetMatchesNoWorkload, by.path, {
        subject: by.subject, subset: s.subset.name, service: `${s.namespace}/${s.name}`, labels: labelText(s.subset.labels),
      });
    }
  }
}
