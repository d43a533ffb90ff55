/**
 * Syntax of names, hosts, paths and header names, as Istio's webhook and the Gateway API CRDs accept them (regular
 * expressions: ./regex.ts).
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOST_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/** Why `name` is not a DNS-1123 label, or undefined when it is one. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 63) return `is ${name.length} characters long (at most 63)`;
  if (!DNS_LABEL.test(name)) return 'is not a DNS-1123 label';
  return undefined;
}

/** Why `host` is not a valid route host, or undefined. `*` alone and one leading `*.` label are allowed. */
export function hostProblem(host: string): string | undefined {
  if (host === '*') return undefined;
  if (host.length === 0) return 'is empty';
  if (host.length > 253) return 'is longer than 253 characters';
  if (host !== host.toLowerCase()) return 'has upper-case letters';
  const labels = host.split('.');
  const body = labels[0] === '*' ? labels.slice(1) : labels;
  if (body.length === 0) return 'has nothing after the wildcard';
  if (body.some(l => l.includes('*'))) return 'has a wildcard that is not the whole first label';
  const bad = body.find(l => !HOST_LABEL.test(l) || l.length > 63);
  if (bad !== undefined) return `has an invalid label "${bad}"`;
  if (body.length < 2 && labels[0] !== '*') return 'is a short name (a gateway host needs a domain with a dot)';
  if (/^[0-9]+$/.test(body[body.length - 1])) return 'has an all-numeric top-level label';
  return undefined;
}

/** Whether a request for `requested` is served by a table or listener host `pattern` (wildcards are suffix matches). */
export function hostMatches(pattern: string, requested: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return requested.endsWith(pattern.slice(1)) && requested.length > pattern.length - 1;
  return pattern === requested;
}

/** Whether two host patterns have a host in common. */
export function hostsIntersect(a: string, b: string): boolean {
  return hostMatches(a, b) || hostMatches(b, a) || (a.startsWith('*.') && b.startsWith('*.') && (a.endsWith(b.slice(1)) || b.endsWith(a.slice(1))));
}

/** Why `path` is not a valid exact or prefix path, or undefined. */
export function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'does not start with "/"';
  if (path.length > 1024) return 'is longer than 1024 characters';
  if (path === '/') return undefined;
  if (path.includes('//')) return 'contains "//"';
  if (/\/\.\.?(\/|$)/.test(path)) return 'contains a "." or ".." segment';
  if (/%2f/i.test(path) || path.includes('#')) return 'contains "%2F" or "#"';
  if (!PATH_CHARS.test(path)) return 'contains characters that are not allowed in a path';
  return undefined;
}

/** Why `name` is not an HTTP token (header or parameter name), or undefined. */
export function tokenProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (!TOKEN.test(name)) return 'is not an HTTP token';
  return undefined;
}

/** Why `host` is not a concrete host (a DNS name without wildcard), or undefined. */
export function concreteHostProblem(host: string): string | undefined {
  return hostProblem(host) ?? (host.includes('*') ? 'is a wildcard' : undefined);
}

/** Why a Sidecar egress host (`namespace/host`, namespace `*`, `.`, `~` or a DNS label) is invalid, or undefined. */
export function egressHostProblem(entry: string): string | undefined {
  const [ns, h, ...rest] = entry.split('/');
  if (h === undefined || rest.length > 0) return 'is not of the form namespace/host';
  if (!['*', '.', '~'].includes(ns) && dnsLabelProblem(ns)) return `has namespace "${ns}" that ${dnsLabelProblem(ns)}`;
  if (hostProblem(h) && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(h)) return `has host "${h}" that ${hostProblem(h)}`;
  return undefined;
}

/** Why an access policy path (`/exact`, `/prefix*`, `*suffix` or `*`) is invalid, or undefined. */
export function accessPathProblem(path: string): string | undefined {
  return /^(\*|\/[^*]*\*?|\*[^*]*)$/.test(path) ? undefined : 'must start with "/" (or "*"), with at most one "*" at either end';
}

/** Whether `name` is a DNS-1123 subdomain (object names, service accounts, Secrets): ≤ 253 characters of [a-z0-9.-]. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name);
}
