/**
 * The isolation property: over generated tenancy graphs, nothing emitted — exportTo, Sidecar egress hosts,
 * ReferenceGrants, AuthorizationPolicy sources and principals, cross-namespace destinations — exceeds what
 * export AND import allow (checked against an oracle independent of the library), and each Sidecar lists exactly the
 * workspace's own namespaces and what it may import — in one cluster, and in 2–3 federated clusters, where each
 * cluster's federated ServiceEntries and Sidecars hold exactly what its workspaces may use.
 */
import { App, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { DiagnosticSeverity, MeshErrors, MeshTarget } from '../src';
import { expectSchemaValid } from './support/schema-gate';
import { objectsOf } from './support/small-mesh';
import {
  declareTenancy, FederationSpec, federatedTenancySpecs, names, Oracle, resolveTables, TenancySpec, tenancySpecs,
} from './support/tenancy-generator';

/** Findings a random tenancy graph may legitimately fail with: sharing that is missing. */
const SHARING_CODES = ['MESH202', 'MESH203', 'MESH207', 'MESH209'];

/** A federated host `s<i>.<ns>.svc.c<k>.global`: the service index and home cluster. */
const FEDERATED = /^s(\d+)\.[^.]+\.svc\.c(\d+)\.global$/;

/**
 * Every way `objects` (of one cluster) exceed (or, for Sidecars, fall short of) what the spec's export+import allows.
 * `trustDomains`: those of the mesh's clusters, in which a gateway's principal may appear.
 */
function violations(spec: TenancySpec, objects: any[], target = MeshTarget.ISTIO, trustDomains = ['cluster.local']): string[] {
  const oracle = new Oracle(spec);
  const out: string[] = [];
  const fail = (o: any, what: string) => out.push(`${o.kind} ${o.metadata.namespace}/${o.metadata.name}: ${what}`);
  const nsOf = (w: number, i: number) => names.namespace(w, Math.min(i, spec.workspaces[w].namespaces - 1));
  const services = spec.services.map((s, i) => ({ name: names.service(i), ns: nsOf(s.ws, s.ns), ws: s.ws, team: s.team }));
  const externals = spec.externals.map((e, i) => ({ host: names.external(i), ns: nsOf(e.ws, 0), ws: e.ws, team: e.team }));
  const gateways = spec.gateways.map((g, i) => {
    // Istio runs a Gateway API gateway's proxies in the Gateway's own namespace.
    const workload = g.ownWorkload || target === MeshTarget.GATEWAY_API ? nsOf(g.ws, 0) : 'istio-system';
    const principals = g.serviceAccount ? trustDomains.map(td => `${td}/ns/${workload}/sa/gw-${i}`) : undefined;
    return { name: `gw-${i}`, ns: nsOf(g.ws, 0), workload, principals };
  });
  // Route tables that exist (their destination was declared), with the gateway they attach to.
  const tables = resolveTables(spec).map(t => ({ ...t, gw: gateways[t.gateway] }));
  const fqdn = (s: { name: string; ns: string }) => `${s.name}.${s.ns}.svc.cluster.local`;
  const owner = (ns: string) => oracle.ownerOf(ns);

  for (const o of objects) {
    const ns = o.metadata?.namespace;
    const w = owner(ns);
    const exportTo: string[] = (o.spec?.exportTo ?? []).filter((e: string) => e !== '.' && e !== ns);
    if (o.kind === 'VirtualService' && o.spec.gateways) {
      const gw = gateways.find(g => `${g.ns}/${g.name}` === o.spec.gateways[0])!;
      for (const e of exportTo) if (e !== gw.workload) fail(o, `exported to ${e}`);
      for (const http of o.spec.http) {
        const table = tables.find(t => `h${t.index}.example.com` === o.spec.hosts[0])!;
        for (const r of http.route ?? []) {
          const s = services.find(x => fqdn(x) === r.destination.host);
          const e = externals.find(x => x.host === r.destination.host);
          if (s && !oracle.allows(table.ws, s.ws, 'SERVICE', s.team)) fail(o, `routes table of w${table.ws} to ${r.destination.host}`);
          if (e && !oracle.allows(table.ws, e.ws, 'EXTERNAL_SERVICE', e.team)) fail(o, `routes table of w${table.ws} to ${e.host}`);
          if (!s && !e) fail(o, `routes to unknown host ${r.destination.host}`);
        }
      }
    }
    if (o.kind === 'ServiceEntry' && FEDERATED.test(o.spec.hosts[0])) continue; // federationViolations() reads them
    if (o.kind === 'ServiceEntry') {
      const e = externals.find(x => x.host === o.spec.hosts[0])!;
      const routedBy = tables.filter(t => 'external' in t.dest && names.external(t.dest.external) === e.host).map(t => t.gw.workload);
      for (const x of exportTo) {
        const u = owner(x);
        if (!(u !== undefined && oracle.allows(u, e.ws, 'EXTERNAL_SERVICE', e.team)) && !routedBy.includes(x)) fail(o, `exported to ${x}`);
      }
    }
    if (o.kind === 'HTTPRoute') {
      for (const rule of o.spec.rules) {
        for (const b of rule.backendRefs ?? []) {
          if (b.kind === 'Hostname') {
            const e = externals.find(x => x.host === b.name)!;
            if (!oracle.allows(w!, e.ws, 'EXTERNAL_SERVICE', e.team)) fail(o, `backend ${b.name}`);
          } else {
            const s = services.find(x => x.name === b.name && x.ns === (b.namespace ?? ns))!;
            if (!oracle.allows(w!, s.ws, 'SERVICE', s.team)) fail(o, `backend ${s.ns}/${s.name}`);
          }
        }
      }
    }
    if (o.kind === 'ReferenceGrant') {
      const from = owner(o.spec.from[0].namespace)!;
      for (const t of o.spec.to) {
        const s = services.find(x => x.name === t.name && x.ns === ns)!;
        if (!oracle.allows(from, s.ws, 'SERVICE', s.team)) fail(o, `grants ${o.spec.from[0].namespace} access to ${t.name}`);
      }
    }
    if (o.kind === 'Sidecar') {
      const hosts: string[] = o.spec.egress[0].hosts;
      const wildcard = (x: string) => hosts.includes(`${x}/*`);
      for (const h of hosts) {
        const [hns, host] = h.split('/');
        const o2 = owner(hns);
        const federated = FEDERATED.exec(host);
        const ok = host === '*' ? o2 !== undefined && oracle.allowsAll(w!, o2, 'SERVICE')
          : federated ? hns === 'istio-system' && services[Number(federated[1])] !== undefined
            && oracle.allows(w!, services[Number(federated[1])].ws, 'SERVICE', services[Number(federated[1])].team)
            : services.some(s => s.ns === hns && fqdn(s) === host && oracle.allows(w!, s.ws, 'SERVICE', s.team))
            || externals.some(e => e.ns === hns && e.host === host && oracle.allows(w!, e.ws, 'EXTERNAL_SERVICE', e.team));
        if (!ok) fail(o, `egress host ${h}`);
      }
      for (const s of services) {
        if (oracle.allows(w!, s.ws, 'SERVICE', s.team) && !wildcard(s.ns) && !hosts.includes(`${s.ns}/${fqdn(s)}`)) {
          fail(o, `misses ${s.ns}/${s.name}`);
        }
      }
      for (const e of externals) {
        if (oracle.allows(w!, e.ws, 'EXTERNAL_SERVICE', e.team) && !wildcard(e.ns) && !hosts.includes(`${e.ns}/${e.host}`)) {
          fail(o, `misses ${e.host}`);
        }
      }
      for (const x of oracle.namespaces(w!)) if (!wildcard(x)) fail(o, `misses its own namespace ${x}`);
    }
    if (o.kind === 'AuthorizationPolicy' && o.metadata.name === `workspace-isolation-${ns}`) {
      const routing = tables.filter(t => 'service' in t.dest && services[t.dest.service].ns === ns).map(t => t.gw);
      for (const source of o.spec.rules[0].from.map((f: any) => f.source)) {
        for (const x of source.namespaces ?? []) {
          const u = owner(x);
          const gateway = routing.some(g => !g.principals && g.workload === x);
          if (!(u !== undefined && oracle.allowsAll(u, w!, 'SERVICE')) && !gateway) fail(o, `admits namespace ${x}`);
        }
        for (const p of source.principals ?? []) if (!routing.some(g => g.principals?.includes(p))) fail(o, `admits principal ${p}`);
      }
    } else if (o.kind === 'AuthorizationPolicy') {
      const s = services.find(x => x.ns === ns && x.name === o.spec.selector.matchLabels.app)!;
      for (const p of o.spec.rules[0].from[0].source.principals) {
        const m = /^([^/]+)\/ns\/([^/]+)\/sa\/\*$/.exec(p);
        const u = m && trustDomains.includes(m[1]) ? owner(m[2]) : undefined;
        if (u === undefined || !oracle.allows(u, s.ws, 'SERVICE', s.team)) fail(o, `admits principal ${p}`);
      }
    }
  }
  // Sidecars and isolation policies exist exactly where the workspaces ask for them.
  spec.workspaces.forEach((ws, i) => {
    for (const x of oracle.namespaces(i)) {
      const has = (kind: string, name: string) => objects.some(o => o.kind === kind && o.metadata.namespace === x && o.metadata.name === name);
      if (has('Sidecar', `workspace-sidecar-${x}`) !== ws.sidecar) out.push(`namespace ${x}: Sidecar ${ws.sidecar ? 'missing' : 'unexpected'}`);
      if (has('AuthorizationPolicy', `workspace-isolation-${x}`) !== ws.isolation) {
        out.push(`namespace ${x}: isolation policy ${ws.isolation ? 'missing' : 'unexpected'}`);
      }
    }
  });
  return out;
}

/**
 * Federation across clusters, cluster by cluster: a service's federated ServiceEntry exists in every other cluster
 * where some workspace may use it, exported to exactly those workspaces' namespaces (and, through their Sidecars,
 * seen by them), reaching the service's cluster through its east–west gateway; the home cluster holds the entry its
 * east–west gateway serves, seen by that gateway only.
 */
function federationViolations(spec: TenancySpec, federation: FederationSpec, byCluster: Map<string, any[]>): string[] {
  const oracle = new Oracle(spec);
  const out: string[] = [];
  const nsOf = (w: number, i: number) => names.namespace(w, Math.min(i, spec.workspaces[w].namespaces - 1));
  spec.services.forEach((s, i) => {
    const ns = nsOf(s.ws, s.ns);
    const users = spec.workspaces.map((_, u) => u).filter(u => oracle.allows(u, s.ws, 'SERVICE', s.team));
    const userNamespaces = users.flatMap(u => oracle.namespaces(u)).sort();
    for (const home of federation.placement[i]) {
      const host = `${names.service(i)}.${ns}.svc.${names.cluster(home)}.global`;
      for (let c = 0; c < federation.clusters; c++) {
        const objects = byCluster.get(names.cluster(c))!;
        const entries = objects.filter(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(host));
        const where = `cluster ${names.cluster(c)}: ${host}`;
        if (c === home) {
          const served = entries[0];
          if (entries.length !== 1 || served.metadata.namespace !== 'istio-system' || JSON.stringify(served.spec.exportTo) !== '["."]') {
            out.push(`${where}: home entry ${JSON.stringify(entries.map(e => [e.metadata.namespace, e.spec.exportTo]))}`);
          } else if (entries[0].spec.endpoints[0].address !== `${names.service(i)}.${ns}.svc.cluster.local`) {out.push(`${where}: home endpoint`);}
          continue;
        }
        if (entries.length !== 1) {
          out.push(`${where}: ${entries.length} entries`);
          continue;
        }
        const e = entries[0];
        const exportTo = [...e.spec.exportTo].sort();
        if (JSON.stringify(exportTo) !== JSON.stringify(userNamespaces)) out.push(`${where}: exportTo ${exportTo} ≠ ${userNamespaces}`);
        const ep = e.spec.endpoints;
        if (ep.length !== 1 || ep[0].address !== names.eastWest(home) || ep[0].network !== `${names.cluster(home)}-net`
          || Object.values(ep[0].ports).some(p => p !== 15443)) out.push(`${where}: endpoints ${JSON.stringify(ep)}`);
        for (const u of users.filter(x => spec.workspaces[x].sidecar)) {
          for (const x of oracle.namespaces(u)) {
            const sidecar = objects.find(o => o.kind === 'Sidecar' && o.metadata.namespace === x);
            if (!sidecar?.spec.egress[0].hosts.includes(`istio-system/${host}`)) out.push(`${where}: Sidecar of ${x} hides it`);
          }
        }
      }
    }
  });
  return out;
}

/** The objects of each cluster's chart of `app`, as synthesized (the mesh emits when the App synthesizes). */
function objectsByCluster(app: App, clusters: number): Map<string, any[]> {
  app.synthYaml();
  return new Map([...Array(clusters).keys()].map(c => [names.cluster(c), app.charts.find(x => x.node.id === names.cluster(c))!.toJson()]));
}

describe('isolation property', () => {
  test('nothing emitted exceeds export+import, and Sidecars list exactly what may be used (500 generated meshes × 2 targets)', () => {
    const outcomes = { built: 0, refused: 0 };
    const kinds: Record<string, number> = {};
    fc.assert(fc.property(tenancySpecs, spec => {
      for (const target of [MeshTarget.ISTIO, MeshTarget.GATEWAY_API]) {
        const app = Testing.app();
        declareTenancy(app, spec, { target });
        let objects: any[];
        try {
          objects = objectsOf(app);
        } catch (e) {
          expect(MeshErrors.isValidationError(e)).toBe(true);
          const codes = MeshErrors.diagnosticsOf(e).filter(d => d.severity === DiagnosticSeverity.ERROR).map(d => d.code);
          expect(codes.filter(c => !SHARING_CODES.includes(c))).toEqual([]);
          outcomes.refused++;
          continue;
        }
        outcomes.built++;
        for (const o of objects) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
        expect(violations(spec, objects, target)).toEqual([]);
        expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1'));
      }
    }), { numRuns: 500 });
    // Both outcomes occur often enough for the property to mean something.
    expect(outcomes.built).toBeGreaterThan(400);
    expect(outcomes.refused).toBeGreaterThan(100);
    for (const kind of ['VirtualService', 'HTTPRoute', 'ServiceEntry', 'Sidecar', 'AuthorizationPolicy']) expect(kinds[kind]).toBeGreaterThan(150);
    expect(kinds.ReferenceGrant).toBeGreaterThan(10);
  });

  test('federated across 2–3 clusters, each cluster gets exactly the services its workspaces may use (200 generated meshes × 2 targets)', () => {
    let federated = 0;
    fc.assert(fc.property(federatedTenancySpecs, ({ spec, federation }) => {
      for (const target of [MeshTarget.ISTIO, MeshTarget.GATEWAY_API]) {
        const app = Testing.app();
        declareTenancy(app, spec, { target }, federation);
        let byCluster: Map<string, any[]>;
        try {
          byCluster = objectsByCluster(app, federation.clusters);
        } catch (e) {
          expect(MeshErrors.isValidationError(e)).toBe(true);
          const codes = MeshErrors.diagnosticsOf(e).filter(d => d.severity === DiagnosticSeverity.ERROR).map(d => d.code);
          expect(codes.filter(c => !SHARING_CODES.includes(c))).toEqual([]);
          continue;
        }
        const trustDomains = [...Array(federation.clusters).keys()].map(names.cluster);
        for (const objects of byCluster.values()) {
          expect(violations(spec, objects, target, trustDomains)).toEqual([]);
          expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1'));
          federated += objects.filter(o => o.kind === 'ServiceEntry' && FEDERATED.test(o.spec.hosts[0])).length;
        }
        expect(federationViolations(spec, federation, byCluster)).toEqual([]);
      }
    }), { numRuns: 200 });
    expect(federated).toBeGreaterThan(500);
  });

  test('the federation oracle catches a widened exportTo, a hidden entry and a missing egress host (the property can fail)', () => {
    const spec: TenancySpec = {
      workspaces: [
        { namespaces: 1, tier: 'a', sidecar: true, isolation: false, exports: [], imports: [] },
        { namespaces: 1, tier: 'b', sidecar: true, isolation: false, exports: [], imports: [] },
      ],
      services: [{ ws: 0, ns: 0 }],
      externals: [],
      gateways: [{ ws: 0, ownWorkload: false, serviceAccount: false }],
      tables: [],
      access: [],
    };
    const federation: FederationSpec = { clusters: 2, placement: [[0]] };
    const app = Testing.app();
    declareTenancy(app, spec, {}, federation);
    const byCluster = objectsByCluster(app, 2);
    expect(federationViolations(spec, federation, byCluster)).toEqual([]);
    const host = 's0.w0-ns0.svc.c0.global';
    const entry = byCluster.get('c1')!.find(o => o.kind === 'ServiceEntry' && o.spec.hosts[0] === host);
    entry.spec.exportTo.push('w1-ns0');
    const sidecar = byCluster.get('c1')!.find(o => o.kind === 'Sidecar' && o.metadata.namespace === 'w0-ns0');
    sidecar.spec.egress[0].hosts = sidecar.spec.egress[0].hosts.filter((h: string) => h !== `istio-system/${host}`);
    byCluster.get('c0')!.find(o => o.kind === 'ServiceEntry' && o.spec.hosts[0] === host).spec.exportTo = ['*'];
    expect(federationViolations(spec, federation, byCluster)).toEqual([
      'cluster c0: s0.w0-ns0.svc.c0.global: home entry [["istio-system",["*"]]]',
      'cluster c1: s0.w0-ns0.svc.c0.global: exportTo w0-ns0,w1-ns0 ≠ w0-ns0',
      'cluster c1: s0.w0-ns0.svc.c0.global: Sidecar of w0-ns0 hides it',
    ]);
  });

  test('the oracle catches a widened exportTo, egress host or grant (the property can fail)', () => {
    const spec: TenancySpec = {
      workspaces: [
        { namespaces: 1, tier: 'a', sidecar: true, isolation: true, exports: [], imports: [] },
        { namespaces: 1, tier: 'b', sidecar: true, isolation: false, exports: [], imports: [] },
      ],
      services: [{ ws: 0, ns: 0 }],
      externals: [{ ws: 1 }],
      gateways: [{ ws: 0, ownWorkload: false, serviceAccount: false }],
      tables: [{ ws: 0, gateway: 0, dest: { service: 0 }, atHome: true, ownService: true }],
      access: [],
    };
    const app = Testing.app();
    declareTenancy(app, spec);
    const objects = objectsOf(app);
    expect(violations(spec, objects)).toEqual([]);
    const widened = structuredClone(objects);
    widened.find((o: any) => o.kind === 'ServiceEntry').spec.exportTo.push('w0-ns0');
    widened.find((o: any) => o.kind === 'Sidecar' && o.metadata.namespace === 'w1-ns0').spec.egress[0].hosts.push('w0-ns0/*');
    widened.find((o: any) => o.kind === 'AuthorizationPolicy').spec.rules[0].from[0].source.namespaces.push('w1-ns0');
    expect(violations(spec, widened).sort()).toEqual([
      'AuthorizationPolicy w0-ns0/workspace-isolation-w0-ns0: admits namespace w1-ns0',
      'ServiceEntry w1-ns0/ext-0: exported to w0-ns0',
      'Sidecar w1-ns0/workspace-sidecar-w1-ns0: egress host w0-ns0/*',
    ]);
  });
});
