/**
 * Shift and mirror targets as one cluster's callers reach them: a Service pinned to another cluster becomes its
 * federated host there (through that cluster's east–west gateway), a subset of it a subset of that host (recorded, so
 * that both clusters can tell the subset's pods apart: see remote-subsets.ts); and subsets checked against the app's
 * workloads.
 */
import { ResolvedPolicy } from './policies';
import { MeshModel, ServiceRefModel } from '../../model';
import { RemoteSubset } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Locatable, Rules } from '../diagnostics/catalogue';

const labelText = (l: Readonly<Record<string, string>>) => `{${Object.entries(l).map(([k, v]) => `${k}=${v}`).join(', ')}}`;

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
 * A subset of a shift or mirror must select some pod where the app declares the Service's pods: a workload in the
 * Service's namespace whose pods the Service selects and that carries the subset's labels (MESH904).
 */
export function checkSubsetWorkloads(model: MeshModel, policies: readonly ResolvedPolicy[], d: Diagnostics): void {
  const workloads = model.workloads ?? [];
  for (const p of policies) {
    for (const w of [...(p.model.shift ?? []), ...(p.model.mirror ? [p.model.mirror.destination] : [])]) {
      const s = w.service;
      if (!s?.subset || s.external || s.virtual) continue;
      const svc = model.services.find(x => x.name === s.name && x.namespace === s.namespace);
      if (!svc?.selector) continue;
      const has = (labels: Readonly<Record<string, string>>, want: Readonly<Record<string, string>>) => Object.entries(want).every(([k,
        v]) => labels[k] === v);
      const behind = workloads.filter(x => x.namespace === s.namespace && has(x.labels, svc.selector!));
      if (behind.length > 0 && !behind.some(x => has(x.labels, s.subset!.labels))) {
        d.report(Rules.ShiftTargetMatchesNoWorkload, p.model, {
          subject: p.subject, subset: s.subset.name, service: `${s.namespace}/${s.name}`, labels: labelText(s.subset.labels),
        });
      }
    }
  }
}
