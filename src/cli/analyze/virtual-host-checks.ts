/**
 * The checks of one virtual host of a gateway proxy: routes that are never taken because a route placed before them
 * in every creation order covers them (MESH502, MESH503), routes cut after a catch-all (MESH502), and routes whose
 * order creation time decides while they match some of the same requests with different outcomes (MESH501, MESH505).
 */
import { canonicalKey, covers } from '../../compiler/algebra/match';
import { forEachOverlap } from '../../compiler/algebra/overlap-pairs';
import { compareOrder } from '../config/order';
import { Findings, locateOrigin } from '../findings/finding';
import { AnalyzerRules, OrderCause } from '../findings/rules';
import { matchText, routeSubject } from '../findings/subjects';
import { VhostEntry, VirtualHostCfg } from '../routing/virtual-hosts';

const originOf = (e: VhostEntry) => e.match?.origin ?? e.route.origin;
const textOf = (e: VhostEntry) => matchText(e.effective, e.match?.without);
const without = (e: VhostEntry) => e.match?.without ?? [];

/** Whether some request matches both: the algebra's overlap, less pairs a `withoutHeaders` keeps apart. */
function excluded(a: VhostEntry, b: VhostEntry): boolean {
  const apart = (x: VhostEntry, y: VhostEntry) => without(x).some(w => w.kind === 'present' && y.effective.headers.some(h => h.name === w.name));
  return apart(a, b) || apart(b, a);
}

/** Whether every request `b` matches, `a` matches. */
function coversEntry(a: VhostEntry, b: VhostEntry): boolean {
  return covers(a.effective, b.effective) && without(a).every(w => without(b).some(x => x.name === w.name && x.kind === 'present'));
}

const identical = (a: VhostEntry, b: VhostEntry) =>
  canonicalKey(a.effective) === canonicalKey(b.effective) && without(a).length === 0 && without(b).length === 0;

/** What decides the order of two entries whose order is undecided. */
function cause(a: VhostEntry, b: VhostEntry): OrderCause {
  if (a.gateway.object !== b.gateway.object) return 'Gateway';
  return a.vs === b.vs ? 'HTTPRoute' : 'VirtualService';
}

/** Whether two routes do the same thing with a request (then their order changes nothing). */
const sameOutcome = (a: VhostEntry, b: VhostEntry) => JSON.stringify(a.route.action) === JSON.stringify(b.route.action);

function reportUndecided(a: VhostEntry, b: VhostEntry, vhost: VirtualHostCfg, findings: Findings): void {
  const args = {
    subject: routeSubject(b.route),
    match: textOf(b),
    other: routeSubject(a.route),
    otherMatch: textOf(a),
    host: vhost.domain,
    gateway: b.gateway.display,
    cause: cause(a, b),
  };
  const related = [locateOrigin(originOf(a), 'the other route')];
  if (identical(a, b)) {
    findings.report(AnalyzerRules.RouteConflict, originOf(b), args, related);
    return;
  }
  const lost = coversEntry(a, b) ? `when ${args.other} comes first, ${args.subject} is never taken`
    : coversEntry(b, a) ? `when ${args.subject} comes first, ${args.other} is never taken` : undefined;
  findings.report(AnalyzerRules.OrderDependentRoutes, originOf(b), { ...args, lost }, related);
}

function reportShadowed(route: VhostEntry[], shadows: Map<VhostEntry, VhostEntry>, vhost: VirtualHostCfg, findings: Findings): void {
  const all = route.every(e => shadows.has(e));
  for (const e of all ? route.slice(0, 1) : route.filter(x => shadows.has(x))) {
    const a = shadows.get(e)!;
    const args = {
      subject: routeSubject(e.route),
      match: all ? route.map(textOf).join(' | ') : textOf(e),
      other: routeSubject(a.route),
      otherMatch: textOf(a),
      host: vhost.domain,
      gateway: e.gateway.display,
      sameObject: a.vs === e.vs && !a.route.via && !e.route.via,
    };
    const related = [locateOrigin(originOf(a), 'the earlier route, which covers it')];
    if (all) findings.report(AnalyzerRules.RouteShadowed, e.route.origin, { ...args, catchAll: false }, related);
    else findings.report(AnalyzerRules.MatchShadowed, originOf(e), args, related);
  }
}

/** Checks one virtual host. */
export function checkVirtualHost(vhost: VirtualHostCfg, findings: Findings): void {
  const shadows = new Map<VhostEntry, VhostEntry>();
  const ordered = vhost.entries.map((entry, order) => ({ entry, order, match: entry.effective }));
  forEachOverlap(ordered, ({ entry: a }, { entry: b }) => {
    if (a.route === b.route || excluded(a, b)) return;
    const c = compareOrder(a.order, b.order);
    if (c.decided) {
      if (!shadows.has(b) && coversEntry(a, b)) shadows.set(b, a);
    } else if (!sameOutcome(a, b)) {
      reportUndecided(a, b, vhost, findings);
    }
  });
  const byRoute = new Map<unknown, VhostEntry[]>();
  for (const e of vhost.entries) byRoute.set(e.route, [...byRoute.get(e.route) ?? [], e]);
  for (const route of byRoute.values()) if (route.some(e => shadows.has(e))) reportShadowed(route, shadows, vhost, findings);
  for (const { route, after } of vhost.cut) {
    findings.report(AnalyzerRules.RouteShadowed, route.origin, {
      subject: routeSubject(route),
      match: route.matches.map(m => matchText(m.match, m.without)).join(' | ') || 'every request',
      other: routeSubject(after.route),
      otherMatch: textOf(after),
      host: vhost.domain,
      gateway: after.gateway.display,
      sameObject: !route.via && !after.route.via,
      catchAll: true,
    }, [locateOrigin(originOf(after), 'the catch-all before it')]);
  }
}
