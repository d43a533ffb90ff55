/**
 * How host names nest, as istiod compares them when it builds a gateway's virtual hosts
 * (istio/istio pkg/config/host/name.go `Name.SubsetOf`, names.go `Names.Intersection`): suffix-based, a wildcard
 * covers at least one more label, and the intersection of two nested names is the narrower one.
 */
import { hostMatches } from './syntax';

/** Whether every host `a` names is also named by `b` (`api.example.com` ⊆ `*.example.com` ⊆ `*`). */
export function hostSubsetOf(a: string, b: string): boolean {
  return hostMatches(b, a);
}

/** The narrower of two nested names (Istio's intersection), or undefined when neither contains the other. */
export function narrowerHost(a: string, b: string): string | undefined {
  if (hostSubsetOf(a, b)) return a;
  if (hostSubsetOf(b, a)) return b;
  return undefined;
}

/** The hosts no other host of the list contains: a server listing only these joins no two hosts' routes. */
export function outermostHosts(hosts: readonly string[]): string[] {
  const unique = [...new Set(hosts)];
  return unique.filter(h => !unique.some(o => o !== h && hostSubsetOf(h, o)));
}

/** The narrowest of `hosts` containing `name` (a name contains itself), or undefined. */
export function narrowestContaining(hosts: readonly string[], name: string): string | undefined {
  let best: string | undefined;
  for (const h of hosts) if (hostSubsetOf(name, h) && (best === undefined || hostSubsetOf(h, best))) best = h;
  return best;
}

/**
 * The domain Envoy picks for a request host (envoy source/common/router/config_impl.cc, `RouteMatcher::findVirtualHost`):
 * the exact name, else the longest suffix wildcard, else `*`. Never another.
 */
export function envoyDomainFor(domains: readonly string[], requested: string): string | undefined {
  if (domains.includes(requested)) return requested;
  const wild = domains.filter(d => d.startsWith('*.') && hostMatches(d, requested)).sort((a, b) => b.length - a.length);
  return wild[0] ?? (domains.includes('*') ? '*' : undefined);
}
