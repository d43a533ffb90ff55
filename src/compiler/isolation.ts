/**
 * Isolation in the data plane, derived from workspace export/import: the egress scope (Sidecar) of every namespace,
 * the namespaces allowed to call a workspace (service isolation), and who may see each subset rule and external
 * service. Never wider than what export AND import allow.
 */
import { ExternalServiceModel, MeshModel, RouteTableModel, ServiceRefModel, SubsetModel, WorkspaceModel } from '../model';
import { append } from './algebra/collections';
import { serviceFqdn } from './algebra/destination-host';
import { tableRef } from './algebra/names';
import {
  CompiledDestinationRule, CompiledExternalService, CompiledGateway, CompiledIsolationPolicy, CompiledSidecar, FlatRoute,
} from './compiled';
import { cmp, Diagnostics, Note, related, Rules } from './diagnostics/catalogue';
import { multiclusterEgress } from './multicluster/egress';
import { ByRoutes } from './route-identity';
import { Tenancy } from './tenancy';

const sorted = (items: Iterable<string>) => [...new Set(items)].sort(cmp);

/** Which gateways' workloads forward to which services, namespaces and external services. */
class GatewayReach {
  /** Namespace → identities of the gateways forwarding to it: a workload namespace, or principals. */
  readonly byNamespace = new Map<string, Array<{ namespace?: string; principals?: string[] }>>();
  readonly byService = new Map<string, string[]>();
  /** `namespace/name` of a service → the gateways (`namespace/name`) forwarding to it. */
  readonly gatewaysByService = new Map<string, string[]>();
  readonly byExternal = new Map<string, string[]>();
  readonly services = new Map<string, ServiceRefModel>();
  readonly subsets = new Map<string, { ref: ServiceRefModel; subsets: Map<string, SubsetModel>; sources: string[] }>();
  /** `namespace/name|subset` → the route table defining the subset first. */
  private readonly definedBy = new Map<string, RouteTableModel>();

  constructor(gateways: readonly CompiledGateway[], trustDomains: ReadonlyMap<string, string>, d: Diagnostics) {
    // What a host's routes forward to depends on their actions and leaf links only: found once per distinct list.
    const known = new ByRoutes<Forwarded>();
    for (const g of gateways) {
      const workload = g.model.proxy.namespace;
      const sa = g.model.workloadServiceAccount;
      const identity = sa === undefined ? { namespace: workload }
        : { principals: g.clusters.map(c => `${trustDomains.get(c)}/ns/${workload}/sa/${sa}`) };
      const name = `${g.model.namespace}/${g.model.name}`;
      for (const h of g.hosts) {
        let forwarded = known.get([h.routes]);
        if (!forwarded) known.set([h.routes], forwarded = this.forwarded(h.routes, d));
        for (const ns of forwarded.namespaces) append(this.byNamespace, ns, identity);
        for (const e of forwarded.externals) append(this.byExternal, e, workload);
        for (const [key, s] of forwarded.services) {
          append(this.byService, key, workload);
          append(this.gatewaysByService, key, name);
          if (!this.services.has(key)) this.services.set(key, s);
        }
      }
    }
  }

  /** What `routes` forward to; records the subsets they use, reporting one defined with other labels. */
  private forwarded(routes: readonly FlatRoute[], d: Diagnostics): Forwarded {
    const out: Forwarded = { namespaces: new Set(), externals: new Set(), services: new Map() };
    for (const r of routes) {
      if (r.action.type !== 'forward') continue;
      const leaf = r.chain[r.chain.length - 1];
      for (const dest of r.action.destinations) {
        const s = dest.service;
        if (!s) continue;
        if (s.external) out.externals.add(s.external.path);
        if (s.external || s.virtual) continue;
        const key = `${s.namespace}/${s.name}`;
        out.namespaces.add(s.namespace);
        if (!out.services.has(key)) out.services.set(key, s);
        if (s.subset) this.useSubset(key, s, s.subset, leaf, d);
      }
    }
    return out;
  }

  /** Records subset `subset` of service `key` as used by `leaf`; reports it if defined before with other labels. */
  private useSubset(key: string, s: ServiceRefModel, subset: SubsetModel, leaf: FlatRoute['chain'][number], d: Diagnostics): void {
    const entry = this.subsets.get(key) ?? { ref: s, subsets: new Map<string, SubsetModel>(), sources: [] };
    this.subsets.set(key, entry);
    entry.sources.push(leaf.table.path);
    const known = entry.subsets.get(subset.name);
    if (known && JSON.stringify(sortedLabels(known.labels)) !== JSON.stringify(sortedLabels(subset.labels))) {
      const first = this.definedBy.get(`${key}|${subset.name}`)!;
      const route = { route: leaf.route.name, table: tableRef(leaf.table) };
      const definitions = { subset: subset.name, service: key, labels: labelText(subset.labels), other: labelText(known.labels) };
      d.report(Rules.SubsetConflict, leaf.table, { ...route, ...definitions }, [related(first, Note.otherSubsetDefinition)]);
    } else if (!known) {
      entry.subsets.set(subset.name, subset);
      this.definedBy.set(`${key}|${subset.name}`, leaf.table);
    }
  }
}

/** What some routes forward to: the namespaces and `namespace/name` of in-mesh services, and external services' paths. */
interface Forwarded {
  readonly namespaces: Set<string>;
  readonly externals: Set<string>;
  readonly services: Map<string, ServiceRefModel>;
}

function sortedLabels(l: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(l).sort((a, b) => cmp(a[0], b[0]));
}

function labelText(l: Readonly<Record<string, string>>): string {
  return `{${sortedLabels(l).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

/** Compiles the isolation objects of a mesh whose routes are resolved. */
export class Isolation {
  private readonly reach: GatewayReach;

  constructor(
    private readonly model: MeshModel, private readonly tenancy: Tenancy, gateways: readonly CompiledGateway[],
    private readonly clusterNames: readonly string[], d: Diagnostics,
  ) {
    this.reach = new GatewayReach(gateways, new Map(model.clusters.map(c => [c.name, c.trustDomain])), d);
  }

  /** Clusters a workspace lives in, sorted. */
  public clustersOf(w: WorkspaceModel): string[] {
    return w.clusters.includes('*') ? [...this.clusterNames] : this.clusterNames.filter(c => w.clusters.includes(c));
  }

  /** The gateways (`namespace/name`, sorted) whose routes forward to the service `namespace/name`. */
  public gatewaysRoutingTo(service: string): string[] {
    return sorted(this.reach.gatewaysByService.get(service) ?? []);
  }

  /** The namespaces of the gateway workloads forwarding to the service or external service `key` (`namespace/name`, or a path). */
  public gatewayWorkloadsRoutingTo(key: string): string[] {
    return sorted([...(this.reach.byService.get(key) ?? []), ...(this.reach.byExternal.get(key) ?? [])]);
  }

  /** Namespaces of the workspaces that may use a resource of `owner` (owner's included), sorted. */
  public visibleTo(owner: WorkspaceModel, kind: 'SERVICE' | 'EXTERNAL_SERVICE', labels: Readonly<Record<string, string>>): string[] {
    return sorted(this.tenancy.users(owner, kind, labels).flatMap(w => w.namespaces));
  }

  /** One Sidecar per namespace of every workspace that keeps them (the default). */
  public sidecars(): CompiledSidecar[] {
    const known = new Map<WorkspaceModel, Array<{ name: string; namespace: string; labels: Readonly<Record<string, string>> }>>();
    for (const s of this.knownServices()) {
      const owner = this.tenancy.ownerOf(s.namespace);
      if (owner) append(known, owner, s);
    }
    const externals = new Map<WorkspaceModel, ExternalServiceModel[]>();
    for (const e of this.model.externalServices) {
      const owner = this.tenancy.ownerOf(e.namespace);
      if (owner) append(externals, owner, e);
    }
    const multicluster = multiclusterEgress(this.model, this.tenancy);
    return this.model.workspaces.filter(w => w.isolation.sidecar && this.tenancy.named(w.name) === w).flatMap(w => {
      const hosts = new Set([...w.namespaces.map(ns => `${ns}/*`), ...w.isolation.egressHosts]);
      for (const h of multicluster.get(w) ?? []) if (!hosts.has(`${h.split('/')[0]}/*`)) hosts.add(h);
      // Only the workspaces w imports from can share anything with it.
      for (const owner of this.tenancy.importSources(w)) {
        if (this.tenancy.sharesAll(w, owner, 'SERVICE')) {
          owner.namespaces.forEach(ns => hosts.add(`${ns}/*`));
        } else {
          for (const s of known.get(owner) ?? []) {
            if (this.tenancy.canUse(w, owner, 'SERVICE', s.labels)) hosts.add(`${s.namespace}/${serviceFqdn(s, this.model.clusterDomain)}`);
          }
        }
        for (const e of externals.get(owner) ?? []) {
          if (this.tenancy.canUse(w, owner, 'EXTERNAL_SERVICE', e.labels) && !hosts.has(`${e.namespace}/*`)) hosts.add(`${e.namespace}/${e.host}`);
        }
      }
      const egressHosts = sorted(hosts);
      const registryOnly = w.isolation.registryOnly;
      const clusters = this.clustersOf(w);
      return w.namespaces.map(namespace => ({ namespace, workspace: w.name, clusters, sources: [w.path], egressHosts, registryOnly }));
    });
  }

  /** With service isolation: per namespace, only the workspace, its importers of every service and the routing gateways. */
  public isolationPolicies(): CompiledIsolationPolicy[] {
    return this.model.workspaces.filter(w => w.isolation.serviceIsolation && this.tenancy.named(w.name) === w).flatMap(w => {
      const importers = this.model.workspaces.filter(u => u !== w && this.tenancy.sharesAll(u, w, 'SERVICE')).flatMap(u => u.namespaces);
      return w.namespaces.map(namespace => {
        const gateways = this.reach.byNamespace.get(namespace) ?? [];
        return {
          namespace,
          workspace: w.name,
          clusters: this.clustersOf(w),
          sources: [w.path],
          sourceNamespaces: sorted([...w.namespaces, ...importers, ...gateways.flatMap(x => (x.namespace === undefined ? [] : [x.namespace]))]),
          sourcePrincipals: sorted(gateways.flatMap(x => x.principals ?? [])),
        };
      });
    });
  }

  /** A DestinationRule per service whose subsets routes use, seen by its users and the gateways routing to it. */
  public destinationRules(): CompiledDestinationRule[] {
    return [...this.reach.subsets.entries()].sort((a, b) => cmp(a[0], b[0])).flatMap(([key, e]) => {
      const owner = this.tenancy.ownerOf(e.ref.namespace);
      if (!owner) return [];
      return [{
        namespace: e.ref.namespace,
        workspace: owner.name,
        clusters: this.clustersOf(owner),
        sources: sorted(e.sources),
        service: e.ref.name,
        host: serviceFqdn(e.ref, this.model.clusterDomain),
        subsets: [...e.subsets.values()].sort((a, b) => cmp(a.name, b.name)),
        exportTo: sorted([...this.visibleTo(owner, 'SERVICE', e.ref.labels), ...(this.reach.byService.get(key) ?? [])]),
      }];
    });
  }

  /** Every external service, seen by its users and the gateways routing to it. */
  public externalServices(): CompiledExternalService[] {
    return this.model.externalServices.flatMap((model: ExternalServiceModel) => {
      const owner = this.tenancy.ownerOf(model.namespace);
      if (!owner) return [];
      const users = this.visibleTo(owner, 'EXTERNAL_SERVICE', model.labels);
      return [{
        model,
        namespace: model.namespace,
        workspace: owner.name,
        clusters: this.clustersOf(owner),
        sources: [model.path],
        exportTo: sorted([...users, ...(this.reach.byExternal.get(model.path) ?? [])]),
        clientExportTo: users,
      }];
    });
  }

  /** Services known to the mesh: the app's Services and every route destination, by namespace/name. */
  private knownServices(): Array<{ name: string; namespace: string; labels: Readonly<Record<string, string>> }> {
    const all = new Map<string, { name: string; namespace: string; labels: Readonly<Record<string, string>> }>();
    for (const [key, s] of this.reach.services) all.set(key, s);
    for (const s of this.model.services) all.set(`${s.namespace}/${s.name}`, s);
    return [...all.entries()].sort((a, b) => cmp(a[0], b[0])).map(([, s]) => s);
  }
}
