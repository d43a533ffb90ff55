/** How `explain` prints a routing: the request, the routes passed and why, the route taken and what happens. */
import { formatPosition } from './findings';
import { locateOrigin } from '../findings/finding';
import { matchText, routeSubject } from '../findings/subjects';
import { CliRequest } from '../routing/request';
import { Outcome, Routing } from '../routing/route-request';
import { VhostEntry } from '../routing/virtual-hosts';

/** An outcome in words, e.g. `forward to app.ns.svc.cluster.local:8080`. */
export function describeOutcome(o: Outcome): string {
  switch (o.type) {
    case 'forward': {
      const to = o.destinations.map(d => `${d.host}${d.port ? `:${d.port}` : ''}${d.subset ? ` (subset ${d.subset})` : ''}`
        + (o.destinations.length > 1 ? ` weight ${d.weight}` : ''));
      const rw = o.rewrite;
      const rewrite = rw ? [
        rw.uri !== undefined ? `prefix rewritten to ${rw.uri}` : '',
        rw.fullPath !== undefined ? `path rewritten to ${rw.fullPath}` : '',
        rw.regex !== undefined ? `path rewritten by ${rw.regex}` : '',
        rw.authority !== undefined ? `host rewritten to ${rw.authority}` : '',
      ].filter(Boolean) : [];
      return `forward to ${to.join(', ')}${rewrite.length ? ` (${rewrite.join(', ')})` : ''}`;
    }
    case 'redirect': return `redirect ${o.status} to ${o.location}`;
    case 'direct': return `answer ${o.status}${o.body !== undefined ? ` "${o.body}"` : ''}`;
    case 'not-found': return `404 (${o.reason})`;
  }
}

const where = (e: VhostEntry) => formatPosition(locateOrigin(e.match?.origin ?? e.route.origin));
const routeLine = (e: VhostEntry) => `${routeSubject(e.route)} (${matchText(e.effective, e.match?.without)}) at ${where(e)}`;

/** The request line, e.g. `GET http://api.example.com/x`. */
export function requestLine(req: CliRequest, routing: Routing): string {
  const scheme = routing.proxy.ports.find(([p]) => p === routing.port)?.[1][0]?.tls ? 'https' : 'http';
  const headers = Object.entries(req.headers).map(([k, v]) => ` -H '${k}: ${v}'`).join('');
  return `${req.method.toUpperCase()} ${scheme}://${req.host}${req.path}${headers}`;
}

/** A routing as text. */
export function routingText(req: CliRequest, r: Routing): string {
  const lines = [`request: ${requestLine(req, r)}`];
  lines.push(`gateway: ${r.proxy.name}, port ${r.port}${r.domain ? `, virtual host ${r.domain}` : ''}`);
  if (r.passed.length > 0) lines.push('passed:');
  r.passed.forEach((p, i) => lines.push(`  ${i + 1}. ${routeLine(p.entry)}`, `     no match: ${p.reason}`));
  if (r.taken) lines.push('taken:', `  ${routeLine(r.taken)}`);
  lines.push(`result: ${describeOutcome(r.outcome)}`);
  for (const a of r.alternatives) {
    lines.push(`order-dependent: ${routeLine(a)} matches too, and would be taken instead if created first (creation time decides)`);
  }
  return lines.join('\n') + '\n';
}

const entryJson = (e: VhostEntry) => ({
  route: routeSubject(e.route), match: matchText(e.effective, e.match?.without), location: locateOrigin(e.match?.origin ?? e.route.origin),
});

/** A routing as JSON. */
export function routingJson(req: CliRequest, r: Routing): string {
  return JSON.stringify({
    request: { ...req, headers: req.headers },
    gateway: r.proxy.name,
    port: r.port,
    virtualHost: r.domain ?? null,
    passed: r.passed.map(p => ({ ...entryJson(p.entry), reason: p.reason })),
    taken: r.taken ? entryJson(r.taken) : null,
    outcome: r.outcome,
    orderDependent: r.alternatives.map(entryJson),
  }, undefined, 2) + '\n';
}
