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

/**
 * The names that strictly contain `host`, narrowest first: the wildcards over each shorter suffix, then `*`
 * (`a.b.example.com` → `*.b.example.com`, `*.example.com`, `*.com`, `*`). A lookup per label, never a scan.
 */
export function containingNames(host: string): string[] {
  if (host === '*') return [];
  const labels = host.split('.');
  const out: string[] = [];
  for (let i = 1; i < labels.length; i++) {
    const name = `*.${labels.slice(i).join('.')}`;
    if (name !== host) out.push(name);
  }
  return [...out, '*'];
}

/** The hosts no other host of the list contains: a server listing only these joins no two hosts' routes. */
export function outermostHosts(hosts: readonly string[]): string[] {
  const unique = new Set(hosts);
  return [...unique].filter(h => !containingNames(h).some(c => unique.has(c)));
}

/** The narrowest of `hosts` containing `name` (a name contains itself), or undefined. */
export function narrowestContaining(hosts: readonly string[], name: string): string | undefined {
  const set = new Set(hosts);
  return [name, ...containingNames(name)].find(c => set.has(c));
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
