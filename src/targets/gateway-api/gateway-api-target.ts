/**
 * The Gateway API target: a `Gateway` per virtual gateway whose listeners admit routes only from the namespaces that
 * own them, one `HTTPRoute` per (gateway, host, route table) in the route table's namespace — split to respect the
 * CRD limits — and a `ReferenceGrant` for exactly the cross-namespace backends that workspace exports allow.
 */
import { Diagnostics, Rules, Subject, cmp } from '../../compiler/diagnostics/catalogue';
import { append } from '../../compiler/algebra/collections';
import { CompiledGateway, CompiledMesh, FlatRoute } from '../../compiler/compiled';
import { tableRef } from '../../compiler/flattener';
import { RouteTableModel } from '../../model';
import {
  Gateway, GatewaySpecListeners, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode, HttpRoute,
  ReferenceGrant,
} from '../../imports/gateway.networking.k8s.io';
import { EmittedObject, perGatewayCluster } from '../emitted';
import { GatewayFlavour, ServedGateway } from '../target';
import { dnsName, uniqueNames } from '../names';
import { RenderedRule, renderRoute, toRule } from './http-rules';
import { checkPrecedence, PlacedMatch } from './precedence';

/** CRD limits of an HTTPRoute. */
export const HTTPROUTE_LIMITS = { rules: 16, matchesPerRule: 64, matchesPerRoute: 128, backendRefs: 16, grantTargets: 16 };

/** The Gateway API flavour: `Gateway`, `HTTPRoute` and `ReferenceGrant`. */
export const gatewayApiTarget: GatewayFlavour = {
  name: 'gateway-api',
  flavour: 'gateway-api',
  kinds: [Gateway.GVK.kind, HttpRoute.GVK.kind, ReferenceGrant.GVK.kind],
  // Istio deploys the proxies of a Gateway API `Gateway` in the Gateway's own namespace.
  proxyNamespace: gateway => gateway.namespace,
  validate: (gateway, options, d) => {
    const name = options.gatewayClassName;
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
      d.report(Rules.InvalidObjectName, gateway, { subject: Subject.gateway(`${gateway.namespace}/${gateway.name}`), field: 'gatewayClassName', value: name });
    }
  },
  emit: gatewayApiObjects,
};

interface RoutePart {
  readonly table: RouteTableModel;
  readonly rules: RenderedRule[];
  readonly host: string;
  readonly sources: Set<string>;
}

/** Every Gateway API object of the given gateways of a compiled mesh. */
function gatewayApiObjects(mesh: CompiledMesh, served: readonly ServedGateway[], d: Diagnostics): EmittedObject[] {
  const objects: EmittedObject[] = [];
  const grants = new Map<string, { target: string; from: string; services: Set<string>; clusters: Set<string>; sources: Set<string> }>();
  for (const { gateway: g, options } of served) {
    const gateway = `${g.model.namespace}/${g.model.name}`;
    const parts: RoutePart[] = [];
    for (const h of g.hosts) {
      const byTable = new Map<RouteTableModel, RenderedRule[]>();
      for (const route of h.routes) {
        const leaf = route.chain[route.chain.length - 1];
        const rendered = renderRoute(route);
        for (const p of rendered.problems) {
          d.report(Rules.TargetCannotExpress, leaf.table, { route: leaf.route.name, table: tableRef(leaf.table), problem: p });
        }
        append(byTable, leaf.table, ...rendered.rules);
      }
      const hostParts = [...byTable.entries()].flatMap(([table, rules]) => split(rules).map(chunk => ({
        table, rules: chunk, host: h.host, sources: new Set(chunk.flatMap(r => r.route.chain.map(l => l.table.path))),
      })));
      parts.push(...hostParts);
    }
    const names = nameParts(g, parts);
    for (const h of g.hosts) {
      // Every rendered match at its intended position (route order, then rule order), with the HTTPRoute holding it.
      const placed: PlacedMatch[] = [];
      const rulesOf = new Map<FlatRoute, Array<{ rule: RenderedRule; object: string }>>();
      for (const p of parts.filter(x => x.host === h.host)) {
        for (const rule of p.rules) append(rulesOf, rule.route, { rule, object: `${p.table.namespace}/${names.get(p)}` });
      }
      for (const route of h.routes) {
        for (const { rule, object } of rulesOf.get(route) ?? []) {
          for (const m of rule.matches) placed.push({ match: m.source, order: placed.length, route, rendered: m.match, object });
        }
      }
      checkPrecedence(gateway, h.host, placed, d);
    }
    const routeNamespaces = new Set<string>();
    for (const p of parts) {
      const ns = p.table.namespace;
      routeNamespaces.add(ns);
      const name = names.get(p)!;
      for (const r of p.rules) {
        if (r.route.action.type !== 'forward') continue;
        for (const dest of r.route.action.destinations) {
          const s = dest.service!;
          if (s.namespace === ns || s.external) continue;
          const key = `${s.namespace}|${ns}`;
          const grant = grants.get(key) ?? { target: s.namespace, from: ns, services: new Set(), clusters: new Set(), sources: new Set() };
          grant.services.add(s.name);
          g.clusters.forEach(c => grant.clusters.add(c));
          grant.sources.add(p.table.path);
          grants.set(key, grant);
        }
      }
      for (const cluster of g.clusters) {
        objects.push({
          cluster,
          apiVersion: HttpRoute.GVK.apiVersion,
          kind: HttpRoute.GVK.kind,
          namespace: ns,
          name,
          workspace: mesh.namespaceOwners.get(ns) ?? '',
          sources: [p.table.path, ...[...p.sources].filter(x => x !== p.table.path).sort(cmp)],
          create: (scope, id, metadata) => new HttpRoute(scope, id, {
            metadata,
            spec: {
              parentRefs: [{
                group: 'gateway.networking.k8s.io',
                kind: 'Gateway',
                namespace: g.model.namespace === ns ? undefined : g.model.namespace,
                name: g.model.name,
              }],
              hostnames: p.host === '*' ? undefined : [p.host],
              rules: p.rules.map(r => toRule(r, ns)),
            },
          }),
        });
      }
    }
    objects.push(...gatewayObjects(g, [...routeNamespaces].sort(cmp), options.gatewayClassName));
  }
  for (const grant of [...grants.values()].sort((a, b) => cmp(`${a.target}|${a.from}`, `${b.target}|${b.from}`))) {
    const services = [...grant.services].sort(cmp);
    for (let i = 0; i < services.length; i += HTTPROUTE_LIMITS.grantTargets) {
      const chunk = services.slice(i, i + HTTPROUTE_LIMITS.grantTargets);
      const name = dnsName(['httproutes-from', grant.from, ...(i > 0 ? [String(i / HTTPROUTE_LIMITS.grantTargets + 1)] : [])]);
      for (const cluster of [...grant.clusters].sort(cmp)) {
        objects.push({
          cluster,
          apiVersion: ReferenceGrant.GVK.apiVersion,
          kind: ReferenceGrant.GVK.kind,
          namespace: grant.target,
          name,
          workspace: mesh.namespaceOwners.get(grant.target) ?? '',
          sources: [...grant.sources].sort(cmp),
          create: (scope, id, metadata) => new ReferenceGrant(scope, id, {
            metadata,
            spec: {
              from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: grant.from }],
              to: chunk.map(s => ({ group: '', kind: 'Service', name: s })),
            },
          }),
        });
      }
    }
  }
  return objects;
}

/** Splits a table's rules into HTTPRoutes within the CRD limits, keeping their order (rules with too many matches first split). */
function split(rules: RenderedRule[]): RenderedRule[][] {
  const fitted = rules.flatMap(r => {
    const out: RenderedRule[] = [];
    const size = HTTPROUTE_LIMITS.matchesPerRule;
    for (let i = 0; i < r.matches.length; i += size) out.push({ ...r, matches: r.matches.slice(i, i + size) });
    return out;
  });
  const parts: RenderedRule[][] = [];
  let current: RenderedRule[] = [];
  let matches = 0;
  for (const r of fitted) {
    if (current.length === HTTPROUTE_LIMITS.rules || matches + r.matches.length > HTTPROUTE_LIMITS.matchesPerRoute) {
      parts.push(current);
      current = [];
      matches = 0;
    }
    current.push(r);
    matches += r.matches.length;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** `<table>-<gateway>-<host>`, numbered when a table needs several HTTPRoutes; hashed only where names would collide. */
function nameParts(g: CompiledGateway, parts: RoutePart[]): Map<RoutePart, string> {
  const index = new Map<RoutePart, number>();
  const counts = new Map<string, number>();
  for (const p of parts) {
    const k = `${p.table.path}|${p.host}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    index.set(p, counts.get(k)!);
  }
  const preferred = (p: RoutePart) => {
    const total = counts.get(`${p.table.path}|${p.host}`)!;
    return dnsName([p.table.name, g.model.name, p.host, ...(total > 1 ? [String(index.get(p))] : [])]);
  };
  const names = new Map<RoutePart, string>();
  const byNamespace = new Map<string, RoutePart[]>();
  for (const p of parts) append(byNamespace, p.table.namespace, p);
  for (const list of byNamespace.values()) {
    for (const [p, n] of uniqueNames(list, preferred, x => `${x.table.path}|${x.host}|${index.get(x)}`)) names.set(p, n);
  }
  return names;
}

function gatewayObjects(g: CompiledGateway, routeNamespaces: string[], gatewayClassName: string): EmittedObject[] {
  const m = g.model;
  const onlyOwn = routeNamespaces.every(ns => ns === m.namespace);
  const listeners: GatewaySpecListeners[] = m.listeners.map(l => ({
    name: l.name,
    port: l.port,
    protocol: l.protocol,
    hostname: l.hostname,
    tls: l.protocol === 'HTTPS'
      ? { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ group: '', kind: 'Secret', name: l.tlsSecret! }] }
      : undefined,
    allowedRoutes: {
      kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
      namespaces: onlyOwn
        ? { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME }
        : {
          from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
          selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: routeNamespaces }] },
        },
    },
  }));
  return perGatewayCluster(g, Gateway.GVK, (scope, id, metadata) => new Gateway(scope, id, { metadata, spec: { gatewayClassName, listeners } }));
}
