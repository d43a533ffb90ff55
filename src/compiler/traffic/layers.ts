/**
 * The algebra of policy layers on one host: which layers meet, which contains which, and the order fields are merged
 * in. Layers must nest (a laminar family): where two meet, one contains the other, so every region of requests has
 * one most specific layer and Istio's first-match order can express it exactly. Two layers of equal reach may not set
 * the same field.
 */
import { PolicyLayer, REQUEST_FIELDS } from './policies';
import { describeScope, scopeContains, scopesOverlap } from './scope';
import { RequestPolicyModel } from '../../model';
import { compose, covers, EffectiveMatch, overlaps } from '../algebra/match';
import { cmp } from '../algebra/order';
import { Diagnostics, related, Rules } from '../diagnostics/catalogue';

/** Whether every request of `b` (match sets; empty: all) is a request of `a`. */
export function matchesContain(a: readonly EffectiveMatch[], b: readonly EffectiveMatch[]): boolean {
  if (a.length === 0) return true;
  if (b.length === 0) return false;
  return b.every(m => a.some(x => covers(x, m)));
}

/** Whether some request is in both (empty: all). */
export function matchesOverlap(a: readonly EffectiveMatch[], b: readonly EffectiveMatch[]): boolean {
  return a.length === 0 || b.length === 0 || a.some(x => b.some(y => overlaps(x, y)));
}

/** The requests of both, as match sets (empty: all); `problem` when two match sets meet but have no single-route form. */
export function intersectMatches(a: readonly EffectiveMatch[], b: readonly EffectiveMatch[]): { matches: EffectiveMatch[]; problem?: string } {
  if (a.length === 0) return { matches: [...b] };
  if (b.length === 0) return { matches: [...a] };
  const out: EffectiveMatch[] = [];
  for (const x of a) {
    for (const y of b.filter(m => overlaps(x, m))) {
      const first = compose(x, y, 'ABSOLUTE');
      const c = first.match || first.problem?.rule === 'UnsatisfiableMatch' ? first : compose(y, x, 'ABSOLUTE');
      if (c.match) out.push(c.match);
      else if (c.problem?.rule !== 'UnsatisfiableMatch') return { matches: [], problem: c.problem?.message ?? 'the match sets do not nest' };
    }
  }
  return { matches: out };
}

/** Whether every request of layer `b` is one of layer `a`. */
export function layerContains(a: Pick<PolicyLayer, 'callers' | 'matches'>, b: Pick<PolicyLayer, 'callers' | 'matches'>): boolean {
  return scopeContains(a.callers, b.callers) && matchesContain(a.matches, b.matches);
}

function layersMeet(a: PolicyLayer, b: PolicyLayer): boolean {
  return scopesOverlap(a.callers, b.callers) && matchesOverlap(a.matches, b.matches);
}

/**
 * The layers of one host in one cluster, most specific first (a layer before every layer containing it; ties by
 * subject), after reporting pairs that cross (MESH902) and equal pairs setting one field (MESH901).
 */
export function orderLayers(host: string, layers: readonly PolicyLayer[], d: Diagnostics): PolicyLayer[] {
  const containers = new Map<PolicyLayer, number>(layers.map(l => [l, 0]));
  for (let i = 0; i < layers.length; i++) {
    for (let j = i + 1; j < layers.length; j++) {
      const [a, b] = [layers[i], layers[j]];
      if (!layersMeet(a, b)) continue;
      const [aInB, bInA] = [layerContains(b, a), layerContains(a, b)];
      if (aInB && bInA) reportSameFields(host, a, b, d);
      else if (aInB) containers.set(a, containers.get(a)! + 1);
      else if (bInA) containers.set(b, containers.get(b)! + 1);
      else d.report(Rules.PolicyScopesCross, b.at, { host, first: a.subject, second: b.subject }, [related(a.at, 'the other policy')]);
    }
  }
  return [...layers].sort((a, b) => containers.get(b)! - containers.get(a)! || cmp(a.subject, b.subject));
}

function reportSameFields(host: string, a: PolicyLayer, b: PolicyLayer, d: Diagnostics): void {
  for (const [k, name] of REQUEST_FIELDS) {
    if (a.fields[k] !== undefined && b.fields[k] !== undefined) {
      const [first, second] = cmp(a.subject, b.subject) <= 0 ? [a, b] : [b, a];
      d.report(Rules.PolicyFieldConflict, second.at, {
        field: name,
        host,
        first: first.subject,
        second: second.subject,
        callers: describeScope(a.callers),
      },
      [related(first.at, 'the other policy')]);
    }
  }
}

/** The fields of `layers` merged, the first setting a field winning (most specific first). */
export function mergeFields(layers: readonly PolicyLayer[]): RequestPolicyModel {
  const out: Record<string, unknown> = {};
  for (const l of layers) for (const [k] of REQUEST_FIELDS) if (out[k] === undefined && l.fields[k] !== undefined) out[k] = l.fields[k];
  return out as RequestPolicyModel;
}

