/**
 * Requests at the boundaries of every match: for each route of each virtual host of each gateway proxy, paths just
 * inside and just outside its path condition, with every other condition met and then each one in turn broken. Two
 * configurations route every request alike when they route these alike for the matches of both, so a behavioural diff
 * compares them on these requests instead of on random samples.
 */
import { literalPrefix, stem } from '../../compiler/algebra/match';
import { PathCondition, ValueCondition } from '../../model';
import { ProxyCfg } from '../routing/proxies';
import { CliRequest } from '../routing/request';
import { VhostEntry } from '../routing/virtual-hosts';

/** A probe request, with the gateway and port it is sent to. */
export interface Probe extends CliRequest {
  readonly gateway: string;
  readonly port: number;
}

/** Paths inside and just outside a path condition. */
export function pathSamples(p: PathCondition): string[] {
  const v = p.value;
  switch (p.kind) {
    case 'exact': return [v, `${v}x`, `${v}/`, v.length > 1 ? v.slice(0, -1) : '/x'];
    case 'prefix': return [v, `${v}x`, v.endsWith('/') ? `${v}x/y` : `${v}/x`, v.length > 1 ? v.slice(0, -1) : '/x'];
    case 'segment': {
      const s = stem(v);
      return s === '' ? ['/', '/x'] : [s, `${s}/`, `${s}/x`, `${s}x`, s.slice(0, -1) || '/'];
    }
    case 'regex': {
      const lp = literalPrefix(v.replace(/^\(\?i\)/, ''));
      return [lp || '/', `${lp}x`, `${lp}/x`, lp.length > 1 ? lp.slice(0, -1) : '/'];
    }
  }
}

/** A value meeting a condition (the literal text of a regular expression: the best guess without solving it). */
function meeting(c: ValueCondition): string {
  switch (c.kind) {
    case 'exact': return c.value;
    case 'prefix': return `${c.value}x`;
    case 'present': return 'x';
    case 'regex': return literalPrefix(c.value);
  }
}

/** A sample host of a virtual-host domain: the name itself, or a name inside a wildcard. */
export function hostSample(domain: string): string {
  if (domain === '*') return 'probe.example.invalid';
  return domain.startsWith('*.') ? `probe${domain.slice(1)}` : domain;
}

const PSEUDO = [':authority', ':method', ':scheme', ':path'];

/** The probes of one route: its path samples with every condition met, then with each condition broken. */
function entryProbes(e: VhostEntry, base: Omit<Probe, 'path' | 'method' | 'headers'>): Probe[] {
  const m = e.effective;
  const headers: Record<string, string> = {};
  for (const h of m.headers.filter(x => !PSEUDO.includes(x.name))) headers[h.name] = meeting(h);
  const query = m.query.map(q => `${encodeURIComponent(q.name)}=${meeting(q)}`);
  const method = m.method ?? 'GET';
  const withQuery = (path: string, q: readonly string[]) => (q.length > 0 ? `${path}?${q.join('&')}` : path);
  const out: Probe[] = [];
  for (const path of pathSamples(m.path)) {
    out.push({ ...base, path: withQuery(path, query), method, headers });
    if (m.method) out.push({ ...base, path: withQuery(path, query), method: m.method === 'GET' ? 'POST' : 'GET', headers });
    for (const name of Object.keys(headers)) {
      const { [name]: _dropped, ...rest } = headers;
      out.push({ ...base, path: withQuery(path, query), method, headers: rest });
    }
    query.forEach((_, i) => out.push({ ...base, path: withQuery(path, query.filter((__, j) => j !== i)), method, headers }));
    for (const w of e.match?.without ?? []) {
      out.push({ ...base, path: withQuery(path, query), method, headers: { ...headers, [w.name]: meeting(w) } });
    }
  }
  return out;
}

/** Every probe of the proxies, each once, in a stable order. */
export function probesOf(proxies: readonly ProxyCfg[]): Probe[] {
  const out = new Map<string, Probe>();
  for (const proxy of proxies) {
    const gateway = proxy.gateways[0]?.display;
    if (gateway === undefined) continue;
    for (const [port, configs] of proxy.ports) {
      for (const config of configs) {
        for (const vhost of config.virtualHosts.values()) {
          const base = { gateway, port, host: hostSample(vhost.domain) };
          for (const p of [{ ...base, path: '/', method: 'GET', headers: {} }, ...vhost.entries.flatMap(e => entryProbes(e, base))]) {
            out.set(probeKey(p), p);
          }
        }
      }
    }
  }
  return [...out.values()];
}

/** A stable identity of a probe. */
export function probeKey(p: Probe): string {
  const headers = Object.entries(p.headers).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return JSON.stringify([p.gateway, p.port, p.host, p.method, p.path, headers]);
}
