/** How `diff` prints the changed requests: grouped by host, then by the routes taking them before and after. */
import { describeOutcome } from './routing';
import { Change, Diff } from '../diff/diff';
import { routeSubject } from '../findings/subjects';

const routeOf = (c: Change, side: 'routeBefore' | 'routeAfter') => (c[side] ? routeSubject(c[side]!.route) : 'no route');
const requestOf = (c: Change) => `${c.probe.method} ${c.probe.path}${Object.entries(c.probe.headers).map(([k, v]) => ` -H '${k}: ${v}'`).join('')}`;

function groups(changes: readonly Change[]): Map<string, Map<string, Change[]>> {
  const out = new Map<string, Map<string, Change[]>>();
  for (const c of changes) {
    const host = `${c.probe.host} (gateway ${c.probe.gateway}, port ${c.probe.port})`;
    const routes = `${routeOf(c, 'routeBefore')} → ${routeOf(c, 'routeAfter')}`;
    const byRoute = out.get(host) ?? out.set(host, new Map()).get(host)!;
    byRoute.set(routes, [...byRoute.get(routes) ?? [], c]);
  }
  return out;
}

/** A diff as text. */
export function diffText(d: Diff): string {
  const lines: string[] = [];
  for (const [host, byRoute] of groups(d.changes)) {
    lines.push(host);
    for (const [routes, changes] of byRoute) {
      lines.push(`  ${routes}`);
      for (const c of changes) lines.push(`    ${requestOf(c)}: ${describeOutcome(c.before)} → ${describeOutcome(c.after)}`);
    }
  }
  lines.push(`${d.changes.length} of ${d.probed} requests probed change`);
  return lines.join('\n') + '\n';
}

/** A diff as JSON. */
export function diffJson(d: Diff): string {
  return JSON.stringify({
    probed: d.probed,
    changes: d.changes.map(c => ({
      request: c.probe,
      before: { route: c.routeBefore ? routeSubject(c.routeBefore.route) : null, outcome: c.before },
      after: { route: c.routeAfter ? routeSubject(c.routeAfter.route) : null, outcome: c.after },
    })),
  }, undefined, 2) + '\n';
}
