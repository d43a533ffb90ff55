/**
 * Host names as istiod compares them (pkg/config/host: `SubsetOf`, `Matches`, `Names.Intersection`,
 * `NamesForNamespace`; model/gateway.go `sanitizeServerHostNamespace`) and as Envoy picks a virtual host or a TLS
 * filter chain. Comparisons are case-sensitive, as istiod's are.
 */

const isWildcard = (h: string) => h.startsWith('*');

/** `n ⊆ o`: suffix-based; a wildcard is never a subset of an exact name. */
export function subsetOf(n: string, o: string): boolean {
  if (isWildcard(n)) return isWildcard(o) && n.slice(1).endsWith(o.slice(1));
  if (isWildcard(o)) return n.endsWith(o.slice(1));
  return n === o;
}

/** Whether two names overlap (`host.Name.Matches`). */
export function hostsOverlap(n: string, o: string): boolean {
  return subsetOf(n, o) || subsetOf(o, n);
}

/** `Names.Intersection`: for each pair, the narrower name, without repeats. */
export function intersection(serverHosts: string[], vsHosts: string[]): string[] {
  const out: string[] = [];
  const add = (h: string) => {
    if (!out.includes(h)) out.push(h);
  };
  for (const s of serverHosts) {
    for (const v of vsHosts) {
      if (subsetOf(s, v)) add(s);
      else if (subsetOf(v, s)) add(v);
    }
  }
  return out;
}

/** `NamesForNamespace`: the server hosts a VirtualService in `namespace` may use. */
export function namesForNamespace(hosts: string[], namespace: string): string[] {
  return hosts.flatMap(h => {
    if (!h.includes('/')) return [h];
    const [ns, name] = h.split('/');
    return ns === namespace || ns === '*' ? [name] : [];
  });
}

/** `sanitizeServerHostNamespace`: `./h` → `gwNs/h`, `*\/h` → `h`, `*\/*` → the whole list becomes `*`. */
export function sanitizeServerHosts(hosts: string[], gatewayNamespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    if (!h.includes('/')) {
      out.push(h);
      continue;
    }
    const [ns, name] = h.split('/');
    if (ns === '*' && name === '*') return ['*'];
    out.push(ns === '.' ? `${gatewayNamespace}/${name}` : ns === '*' ? name : h);
  }
  return out;
}

/** The request host as Envoy matches it: port stripped (Istio ignores the port), lower case. */
export function authorityHost(host: string): string {
  const bare = /^\[/.test(host) ? host.replace(/\]:\d+$/, ']') : host.replace(/:\d+$/, '');
  return bare.toLowerCase();
}

/** Envoy `findVirtualHost`: exact, then the longest suffix wildcard covering at least one character, then `*`. */
export function pickDomain(domains: string[], host: string): string | undefined {
  const h = authorityHost(host);
  if (domains.includes(h)) return h;
  const suffixes = domains.filter(d => d.startsWith('*') && d !== '*')
    .filter(d => h.length > d.length - 1 && h.endsWith(d.slice(1)))
    .sort((a, b) => b.length - a.length);
  if (suffixes.length > 0) return suffixes[0];
  return domains.includes('*') ? '*' : undefined;
}

/** A TLS server's SNI names: its hosts without the namespace part (`GetSNIHostsForServer`). */
export function sniNames(hosts: string[]): string[] {
  return [...new Set(hosts.map(h => (h.includes('/') ? h.split('/')[1] : h)))].sort();
}

/**
 * Envoy's filter-chain choice by SNI: an exact server name, then the most specific `*.suffix`, then a chain that
 * does not match on server names (a server with host `*`).
 */
export function pickBySni<T>(candidates: Array<{ names: string[]; value: T }>, sni: string): T | undefined {
  const host = authorityHost(sni);
  const exact = candidates.find(c => c.names.includes(host));
  if (exact) return exact.value;
  const labels = host.split('.');
  for (let i = 1; i < labels.length; i++) {
    const wildcard = `*.${labels.slice(i).join('.')}`;
    const hit = candidates.find(c => c.names.includes(wildcard));
    if (hit) return hit.value;
  }
  return candidates.find(c => c.names.includes('*'))?.value;
}
