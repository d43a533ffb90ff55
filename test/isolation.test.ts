/**
 * The isolation property: over generated tenancy graphs, nothing emitted — exportTo, Sidecar egress hosts,
 * ReferenceGrants, AuthorizationPolicy sources and principals, cross-namespace destinations — exceeds what
 * export AND import allow (checked against an oracle independent of the library), and each Sidecar lists exactly the
 * workspace's own namespaces and what it may import — in one cluster, and in 2–3 federated clusters spanned by each
 * workspace in part, where each cluster's federated ServiceEntries and Sidecars hold exactly what its workspaces may use
 * and access policies admit exactly the source workspace's identities in the trust domains of its clusters.
 */
import { App, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { DiagnosticSeverity, MeshErrors, MeshTarget } from '../src';
import { expectSchemaValid } from './support/schema-gate';
import { errorOf, objectsOf } from './support/small-mesh';
import {
  declareTenancy, FederationSpec, federatedTenancySpecs, names, Oracle, resolveTables, TenancySpec, tenancySpecs,
} from './support/tenancy-generator';

/** Findings a random tenancy graph may legitimately fail with: sharing that is missing. */
const SHARING_CODES = ['MESH202', 'MESH203', 'MESH207', 'MESH209'];

/** A federated host `s<i>.<ns>.svc.c<k>.global`: the service index and home cluster. */
const FEDERATED = /^s(\d+)\.[^.]+\.svc\.c(\d+)\.global$/;

/** One cluster of a federated mesh, whose objects violations() reads. */
interface ClusterView {
  readonly federation: FederationSpec;
  readonly cluster: number;
}

/**
 * Every way `objects` (of one cluster: `at`, or the only one) exceed (or, for Sidecars and access policies, fall short
 * of) what the spec's export+import allows. A workspace's objects live only in the clusters it spans, and its
 * workloads' identities are those of its clusters: `<trust domain of each>/ns/<namespace>/sa/<account>`.
 */
function violations(spec: TenancySpec, objects: any[], target = MeshTarget.ISTIO, at?: ClusterView): string[] {
  const oracle = new Oracle(spec);
  const out: string[] = [];
  const spans = (w: number) => (at ? at.federation.spans[w] : [0]);
  const here = (w: number) => spans(w).includes(at?.cluster ?? 0);
  const trustDomains = (w: number) => spans(w).map(c => (at ? names.cluster(c) : 'cluster.local'));
  const fail = (o: any, what: string) => out.push(`${o.kind} ${o.metadata.namespace}/${o.metadata.name}: ${what}`);
  const nsOf = (w: number, i: number) => names.namespace(w, Math.min(i, spec.workspaces[w].namespaces - 1));
  const services = spec.services.map((s, i) => ({
    name: names.service(i), ns: nsOf(s.ws, s.ns), ws: s.ws, team: s.team, runsHere: !at || at.federation.placement[i].includes(at.cluster),
  }));
  const externals = spec.externals.map((e, i) => ({ host: names.external(i), ns: nsOf(e.ws, 0), ws: e.ws, team: e.team }));
  const gateways = spec.gateways.map((g, i) => {
    // Istio runs a Gateway API gateway's proxies in the Gateway's own namespace.
    const workload = g.ownWorkload || target === MeshTarget.GATEWAY_API ? nsOf(g.ws, 0) : 'istio-system';
    const principals = g.serviceAccount ? trustDomains(g.ws).map(td => `${td}/ns/${workload}/sa/gw-${i}`) : undefined;
    return { name: `gw-${i}`, ns: nsOf(g.ws, 0), workload, principals };
  });
  // Route tables that exist (their destination was declared), with the gateway they attach to.
  const tables = resolveTables(spec).map(t => ({ ...t, gw: gateways[t.gateway] }));
  const fqdn = (s: { name: string; ns: string }) => `${s.name}.${s.ns}.svc.cluster.local`;
  const owner = (ns: string) => oracle.ownerOf(ns);

  for (const o of objects) {
    const ns = o.metadata?.namespace;
    const w = owner(ns);
    // A workspace's namespaces exist only in its clusters: nothing of it goes anywhere else.
    if (w !== undefined && !here(w)) fail(o, `in a cluster w${w} does not span`);
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
          // A gateway reaches `<svc>.<ns>.svc.cluster.local` only where that Service runs.
          if (s && !s.runsHere) fail(o, `routes to ${r.destination.host}, which does not run in this cluster`);
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
            if (!s.runsHere) fail(o, `backend ${s.ns}/${s.name}, which does not run in this cluster`);
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
            && at?.federation.placement[Number(federated[1])].includes(Number(federated[2])) === true
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
      const principals: string[] = o.spec.rules[0].from[0].source.principals;
      for (const p of principals) {
        const m = /^([^/]+)\/ns\/([^/]+)\/sa\/\*$/.exec(p);
        const u = m ? owner(m[2]) : undefined;
        if (u === undefined || !trustDomains(u).includes(m![1]) || !oracle.allows(u, s.ws, 'SERVICE', s.team)) fail(o, `admits principal ${p}`);
      }
      // The source workspace's identities: each of its namespaces in each of its clusters' trust domains, no fewer.
      const a = /^access-(\d+)-/.exec(o.metadata.name);
      const access = a ? spec.access[Number(a[1])] : undefined;
      const source = access && (access.sameWorkspace ? spec.services[access.service].ws : access.sourceWs);
      const expected = source === undefined ? [] : oracle.namespaces(source).flatMap(x => trustDomains(source).map(td => `${td}/ns/${x}/sa/*`));
      for (const p of expected) if (!principals.includes(p)) fail(o, `misses principal ${p}`);
    }
  }
  // Access policies protect their service wherever it runs.
  spec.access.forEach((a, i) => {
    const s = services[a.service];
    if (!s || (at && !at.federation.placement[a.service].includes(at.cluster))) return;
    if (!objects.some(o => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === s.ns && o.metadata.name === `access-${i}-${s.name}`)) {
      out.push(`access-${i}: no AuthorizationPolicy protects ${s.ns}/${s.name}`);
    }
  });
  // Sidecars and isolation policies exist exactly where the workspaces ask for them.
  spec.workspaces.forEach((ws, i) => {
    for (const x of oracle.namespaces(i)) {
      const has = (kind: string, name: string) => objects.some(o => o.kind === kind && o.metadata.namespace === x && o.metadata.name === name);
      const sidecar = ws.sidecar && here(i);
      const isolation = ws.isolation && here(i);
      if (has('Sidecar', `workspace-sidecar-${x}`) !== sidecar) out.push(`namespace ${x}: Sidecar ${sidecar ? 'missing' : 'unexpected'}`);
      if (has('AuthorizationPolicy', `workspace-isolation-${x}`) !== isolation) {
        out.push(`namespace ${x}: isolation policy ${isolation ? 'missing' : 'unexpected'}`);
      }
    }
  });
  return out;
}

/**
 * Federation across clusters, cluster by cluster: a service's federated ServiceEntry for home cluster h exists in a
 * cluster X ≠ h exactly when some workspace that may use the service spans X, exported to exactly the namespaces of
 * those workspaces (and, through their Sidecars, seen by them), reaching h through its east–west gateway; h holds the
 * entry its east–west gateway serves, seen by that gateway only, exactly when some other cluster imports it; no entry
 * names a cluster the service does not run in.
 */
function federationViolations(spec: TenancySpec, federation: FederationSpec, byCluster: Map<string, any[]>): string[] {
  const oracle = new Oracle(spec);
  const out: string[] = [];
  const nsOf = (w: number, i: number) => names.namespace(w, Math.min(i, spec.workspaces[w].namespaces - 1));
  const clusters = [...Array(federation.clusters).keys()];
  spec.services.forEach((s, i) => {
    const ns = nsOf(s.ws, s.ns);
    const users = spec.workspaces.map((_, u) => u).filter(u => oracle.allows(u, s.ws, 'SERVICE', s.team));
    const importers = (c: number) => users.filter(u => federation.spans[u].includes(c));
    for (const home of clusters) {
      const host = `${names.service(i)}.${ns}.svc.${names.cluster(home)}.global`;
      const runs = federation.placement[i].includes(home);
      const imported = runs && clusters.some(c => c !== home && importers(c).length > 0);
      for (const c of clusters) {
        const objects = byCluster.get(names.cluster(c))!;
        const entries = objects.filter(o => o.kind === 'ServiceEntry' && o.spec.hosts.includes(host));
        const where = `cluster ${names.cluster(c)}: ${host}`;
        const expected = c === home ? imported : runs && importers(c).length > 0;
        if (entries.length !== (expected ? 1 : 0)) {
          out.push(`${where}: ${entries.length} entries, expected ${expected ? 1 : 0}`);
        } else if (expected && c === home) {
          out.push(...homeEntryViolations(where, entries[0], `${names.service(i)}.${ns}.svc.cluster.local`));
        } else if (expected) {
          out.push(...importedEntryViolations(where, entries[0], home, importers(c).flatMap(u => oracle.namespaces(u))));
          for (const x of importers(c).filter(u => spec.workspaces[u].sidecar).flatMap(u => oracle.namespaces(u))) {
            const sidecar = objects.find(o => o.kind === 'Sidecar' && o.metadata.namespace === x);
            if (!sidecar?.spec.egress[0].hosts.includes(`istio-system/${host}`)) out.push(`${where}: Sidecar of ${x} hides it`);
          }
        }
      }
    }
  });
  return out;
}

/** The home cluster's entry: in istio-system, seen there only (by the east–west gateway), sending to the local Service. */
function homeEntryViolations(where: string, e: any, local: string): string[] {
  if (e.metadata.namespace !== 'istio-system' || JSON.stringify(e.spec.exportTo) !== '["."]') {
    return [`${where}: home entry ${JSON.stringify([e.metadata.namespace, e.spec.exportTo])}`];
  }
  const ep = e.spec.endpoints;
  return ep.length === 1 && ep[0].address === local ? [] : [`${where}: home endpoints ${JSON.stringify(ep)}`];
}

/** An importing cluster's entry: exported to exactly `namespaces`, its one endpoint the home cluster's east–west gateway. */
function importedEntryViolations(where: string, e: any, home: number, namespaces: string[]): string[] {
  const out: string[] = [];
  const exportTo = [...e.spec.exportTo].sort();
  const wanted = [...namespaces].sort();
  if (JSON.stringify(exportTo) !== JSON.stringify(wanted)) out.push(`${where}: exportTo ${exportTo} ≠ ${wanted}`);
  const ep = e.spec.endpoints;
  if (ep.length !== 1 || ep[0].address !== names.eastWest(home) || ep[0].network !== `${names.cluster(home)}-net`
    || Object.values(ep[0].ports).some(p => p !== 15443)) out.push(`${where}: endpoints ${JSON.stringify(ep)}`);
  return out;
}

/** How many (service, cluster) pairs have the service running elsewhere but no workspace in the cluster that may use it. */
function clustersWithoutUsers(spec: TenancySpec, federation: FederationSpec): number {
  const oracle = new Oracle(spec);
  return spec.services.reduce((n, s, i) => n + [...Array(federation.clusters).keys()].filter(c => !federation.placement[i].includes(c)
    && !spec.workspaces.some((_, u) => federation.spans[u].includes(c) && oracle.allows(u, s.ws, 'SERVICE', s.team))).length, 0);
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
    let withoutUsers = 0;
    fc.assert(fc.property(federatedTenancySpecs, ({ spec, federation }) => {
      withoutUsers += clustersWithoutUsers(spec, federation);
      for (const target of [MeshTarget.ISTIO, MeshTarget.GATEWAY_API]) {
        const app = Testing.app();
        declareTenancy(app, spec, { target }, federation);
        let byCluster: Map<string, any[]>;
        try {
          byCluster = objectsByCluster(app, federation.clusters);
        } catch (e) {
          expect(MeshErrors.isValidationError(e)).toBe(true);
          const codes = MeshErrors.diagnosticsOf(e).filter(d => d.severity === DiagnosticSeverity.ERROR).map(d => d.code);
          // Besides missing sharing: a gateway of a cluster its destination Service (MESH714) or a table's workspace (MESH715) is not in.
          expect(codes.filter(c => ![...SHARING_CODES, 'MESH714', 'MESH715'].includes(c))).toEqual([]);
          continue;
        }
        for (const [c, objects] of [...byCluster.values()].entries()) {
          expect(violations(spec, objects, target, { federation, cluster: c })).toEqual([]);
          expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1'));
          federated += objects.filter(o => o.kind === 'ServiceEntry' && FEDERATED.test(o.spec.hosts[0])).length;
        }
        expect(federationViolations(spec, federation, byCluster)).toEqual([]);
      }
    }), { numRuns: 200 });
    expect(federated).toBeGreaterThan(500);
    // Clusters a service runs elsewhere for, but where no workspace that may use it lives, occur often enough.
    expect(withoutUsers).toBeGreaterThan(200);
  });

  test('the federation oracle catches a widened exportTo, a hidden entry, a missing egress host and an entry where no user lives', () => {
    const spec: TenancySpec = {
      workspaces: [
        { namespaces: 1, tier: 'a', sidecar: true, isolation: false, exports: [], imports: [] },
        { namespaces: 1, tier: 'b', sidecar: true, isolation: false, exports: [], imports: [] },
      ],
      services: [{ ws: 0, ns: 0 }, { ws: 1, ns: 0 }],
      externals: [],
      gateways: [{ ws: 0, ownWorkload: false, serviceAccount: false }],
      tables: [],
      access: [],
    };
    // w1 lives in c0 only: its service s1, used by w1 alone, is federated nowhere.
    const federation: FederationSpec = { clusters: 2, spans: [[0, 1], [0]], placement: [[0], [0]] };
    const app = Testing.app();
    declareTenancy(app, spec, {}, federation);
    const byCluster = objectsByCluster(app, 2);
    expect(federationViolations(spec, federation, byCluster)).toEqual([]);
    const host = 's0.w0-ns0.svc.c0.global';
    const entry = byCluster.get('c1')!.find(o => o.kind === 'ServiceEntry' && o.spec.hosts[0] === host);
    byCluster.get('c1')!.push({ ...entry, spec: { ...entry.spec, hosts: ['s1.w1-ns0.svc.c0.global'] } });
    entry.spec.exportTo.push('w1-ns0');
    const sidecar = byCluster.get('c1')!.find(o => o.kind === 'Sidecar' && o.metadata.namespace === 'w0-ns0');
    sidecar.spec.egress[0].hosts = sidecar.spec.egress[0].hosts.filter((h: string) => h !== `istio-system/${host}`);
    byCluster.get('c0')!.find(o => o.kind === 'ServiceEntry' && o.spec.hosts[0] === host).spec.exportTo = ['*'];
    expect(federationViolations(spec, federation, byCluster)).toEqual([
      'cluster c0: s0.w0-ns0.svc.c0.global: home entry ["istio-system",["*"]]',
      'cluster c1: s0.w0-ns0.svc.c0.global: exportTo w0-ns0,w1-ns0 ≠ w0-ns0',
      'cluster c1: s0.w0-ns0.svc.c0.global: Sidecar of w0-ns0 hides it',
      'cluster c1: s1.w1-ns0.svc.c0.global: 1 entries, expected 0',
    ]);
  });

  test('the oracle catches a principal of a cluster the source workspace does not span, and a missing one (the property can fail)', () => {
    const spec: TenancySpec = {
      workspaces: [
        { namespaces: 1, tier: 'a', sidecar: true, isolation: false, exports: [{ to: { index: 1 }, kinds: [] }], imports: [] },
        { namespaces: 1, tier: 'b', sidecar: true, isolation: false, exports: [], imports: [{ to: { index: 0 }, kinds: [] }] },
      ],
      services: [{ ws: 0, ns: 0 }],
      externals: [],
      gateways: [{ ws: 0, ownWorkload: false, serviceAccount: false }],
      tables: [],
      access: [{ sourceWs: 1, service: 0, sameWorkspace: false }],
    };
    // w0 and its service live in c0 and c1, w1 (the source) in c1 only.
    const federation: FederationSpec = { clusters: 2, spans: [[0, 1], [1]], placement: [[0, 1]] };
    const app = Testing.app();
    declareTenancy(app, spec, {}, federation);
    const byCluster = objectsByCluster(app, 2);
    const at = (cluster: number) => ({ federation, cluster });
    expect(violations(spec, byCluster.get('c0')!, MeshTarget.ISTIO, at(0))).toEqual([]);
    const policy = byCluster.get('c0')!.find(o => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'access-0-s0');
    expect(policy.spec.rules[0].from[0].source.principals).toEqual(['c1/ns/w1-ns0/sa/*']);
    policy.spec.rules[0].from[0].source.principals = ['c0/ns/w1-ns0/sa/*'];
    expect(violations(spec, byCluster.get('c0')!, MeshTarget.ISTIO, at(0))).toEqual([
      'AuthorizationPolicy w0-ns0/access-0-s0: admits principal c0/ns/w1-ns0/sa/*',
      'AuthorizationPolicy w0-ns0/access-0-s0: misses principal c1/ns/w1-ns0/sa/*',
    ]);
    const c1 = byCluster.get('c1')!.filter(o => o.kind !== 'AuthorizationPolicy');
    expect(violations(spec, c1, MeshTarget.ISTIO, at(1))).toEqual(['access-0: no AuthorizationPolicy protects w0-ns0/s0']);
  });

  // A gateway of a workspace in c1 routing to a Service that runs only in c0 would route, in c1, to
  // `s0.w0-ns0.svc.cluster.local` — no such Service there — and, on the Gateway API target, grant a namespace w0 does
  // not have in c1: the mesh refuses it (MESH714), on both targets.
  test('a gateway routes only to Services of its own cluster: elsewhere the mesh refuses the route (MESH714)', () => {
    const spec: TenancySpec = {
      workspaces: [
        { namespaces: 1, tier: 'a', sidecar: false, isolation: false, exports: [{ to: 'all', kinds: [] }], imports: [] },
        { namespaces: 1, tier: 'b', sidecar: false, isolation: false, exports: [], imports: [{ to: 'all', kinds: [] }] },
      ],
      services: [{ ws: 0, ns: 0 }],
      externals: [],
      gateways: [{ ws: 1, ownWorkload: true, serviceAccount: false }],
      tables: [{ ws: 1, gateway: 0, dest: { service: 0 }, atHome: true, ownService: false }],
      access: [],
    };
    const federation: FederationSpec = { clusters: 2, spans: [[0], [1]], placement: [[0]] };
    for (const target of [MeshTarget.ISTIO, MeshTarget.GATEWAY_API]) {
      const app = Testing.app();
      declareTenancy(app, spec, { target }, federation);
      const error = errorOf(() => objectsByCluster(app, 2));
      expect(MeshErrors.diagnosticsOf(error).map(d => [d.code, d.path])).toEqual([['MESH714', 'mesh/w1/rt-0']]);
    }
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
