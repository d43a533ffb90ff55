/**
 * Policy settings for virtual destinations: merged into the DestinationRules the virtual destination emits in each
 * cluster, where the virtual destination's own outlier detection and locality failover come first — a policy setting
 * them too is a conflict (MESH901).
 */
import { MeshHost } from './mesh-hosts';
import { ResolvedPolicy } from './policies';
import { DestinationPolicyModel } from '../../model';
import { Diagnostics, related, Rules, Subject } from '../diagnostics/catalogue';

/** Virtual destination construct path → the policy settings for it. */
export function virtualDestinationPolicies(
  policies: readonly ResolvedPolicy[], perHost: ReadonlyMap<string, { policy: DestinationPolicyModel; sources: string[] }>,
  hosts: ReadonlyMap<string, MeshHost>, d: Diagnostics,
): Map<string, DestinationPolicyModel> {
  const out = new Map<string, DestinationPolicyModel>();
  for (const [host, { policy, sources }] of perHost) {
    const vd = hosts.get(host)?.virtual;
    if (!vd) continue;
    const own: Array<[keyof DestinationPolicyModel, boolean, string]> = [
      ['outlierDetection', vd.outlierDetection !== undefined, 'outlierDetection'],
      ['loadBalancer', vd.localityFailover !== undefined, 'loadBalancer (the virtual destination\'s locality failover)'],
    ];
    for (const [k, , field] of own.filter(([x, set]) => set && policy[x] !== undefined)) {
      const p = policies.find(x => sources.includes(x.model.path) && x.model[k] !== undefined)!;
      d.report(Rules.PolicyFieldConflict, p.model, {
        field, host, first: Subject.virtualDestination(`${vd.namespace}/${vd.name}`), second: p.subject, callers: 'every caller',
      }, [related(vd, 'the virtual destination')]);
    }
    out.set(vd.path, policy);
  }
  return out;
}
