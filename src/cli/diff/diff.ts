/**
 * Behavioural diff of two configurations: the probe requests of both (the boundaries of every match in either) routed
 * through each, and those whose outcome changes — destination, redirect, rewrite or status — kept, grouped by host and
 * by the routes taking them before and after.
 */
import { Probe, probeKey, probesOf } from './probes';
import { cmp } from '../../compiler/algebra/order';
import { ProxyCfg } from '../routing/proxies';
import { Outcome, routeRequest, Routing, RoutingError } from '../routing/route-request';
import { VhostEntry } from '../routing/virtual-hosts';

/** A request whose outcome changes. */
export interface Change {
  readonly probe: Probe;
  readonly before: Outcome;
  readonly after: Outcome;
  readonly routeBefore?: VhostEntry;
  readonly routeAfter?: VhostEntry;
}

/** What a diff found. */
export interface Diff {
  /** How many requests were compared. */
  readonly probed: number;
  /** Sorted by gateway, host, path, method. */
  readonly changes: readonly Change[];
}

/** The part of an outcome a client sees: destinations (with weights and rewrites), redirect, status. */
export function outcomeKey(o: Outcome): string {
  switch (o.type) {
    case 'forward': {
      // Weights are proportions (Istio and Gateway API alike): 100 alone and 1 alone are the same.
      const total = o.destinations.reduce((sum, d) => sum + d.weight, 0);
      const share = (w: number) => Math.round((total > 0 ? w / total : 1 / o.destinations.length) * 1e6) / 1e6;
      const to = o.destinations.map(d => JSON.stringify([d.host, d.port ?? 0, d.subset ?? '', share(d.weight)])).sort(cmp);
      return JSON.stringify(['forward', to, o.rewrite ?? null]);
    }
    case 'redirect': return JSON.stringify(['redirect', o.status, o.location]);
    case 'direct': return JSON.stringify(['direct', o.status, o.body ?? null]);
    case 'not-found': return JSON.stringify(['not-found']);
  }
}

function route(proxies: readonly ProxyCfg[], p: Probe): Pick<Routing, 'outcome' | 'taken'> {
  try {
    return routeRequest(proxies, p);
  } catch (e) {
    if (e instanceof RoutingError) return { outcome: { type: 'not-found', status: 404, reason: e.message } };
    throw e;
  }
}

/** Compares two configurations' proxies on the probes of both. */
export function diffProxies(before: readonly ProxyCfg[], after: readonly ProxyCfg[]): Diff {
  const probes = new Map<string, Probe>();
  for (const p of [...probesOf(before), ...probesOf(after)]) probes.set(probeKey(p), p);
  const changes: Change[] = [];
  for (const probe of probes.values()) {
    const [b, a] = [route(before, probe), route(after, probe)];
    if (outcomeKey(b.outcome) === outcomeKey(a.outcome)) continue;
    const routes = { ...(b.taken ? { routeBefore: b.taken } : {}), ...(a.taken ? { routeAfter: a.taken } : {}) };
    changes.push({ probe, before: b.outcome, after: a.outcome, ...routes });
  }
  const key = (c: Change) => [c.probe.gateway, c.probe.host, String(c.probe.port).padStart(5, '0'), c.probe.path, c.probe.method, probeKey(c.probe)]
    .join('\u0000');
  return { probed: probes.size, changes: changes.sort((x, y) => cmp(key(x), key(y))) };
}
