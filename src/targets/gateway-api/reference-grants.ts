/**
 * ReferenceGrants: one per (service namespace, HTTPRoute namespace), naming exactly the services HTTPRoutes of that
 * namespace forward to (the compiler has already checked that workspace exports allow each of them).
 */
import { HTTPROUTE_LIMITS, RoutePart } from './route-parts';
import { cmp } from '../../compiler/algebra/order';
import { CompiledGateway, CompiledMesh } from '../../compiler/compiled';
import { ReferenceGrant, ReferenceGrantSpec } from '../../imports/gateway.networking.k8s.io';
import { EmittedObject } from '../emitted';
import { dnsName } from '../names';

/** What one ReferenceGrant admits: HTTPRoutes of `from` to services of `target`. */
interface Grant {
  readonly target: string;
  readonly from: string;
  readonly services: Set<string>;
  readonly clusters: Set<string>;
  readonly sources: Set<string>;
}

/** Collects the cross-namespace backends of HTTPRoutes, by (service namespace, route namespace). */
export class Grants {
  private readonly grants = new Map<string, Grant>();

  /** Records the cross-namespace backends of one HTTPRoute part of gateway `g`. */
  public add(g: CompiledGateway, p: RoutePart): void {
    const ns = p.table.namespace;
    for (const r of p.rules) {
      if (r.route.action.type !== 'forward') continue;
      for (const s of r.route.action.destinations.map(dest => dest.service!)) {
        if (s.namespace === ns || s.external || s.virtual) continue;
        const key = `${s.namespace}|${ns}`;
        const grant = this.grants.get(key) ?? { target: s.namespace, from: ns, services: new Set(), clusters: new Set(), sources: new Set() };
        grant.services.add(s.name);
        g.clusters.forEach(c => grant.clusters.add(c));
        grant.sources.add(p.table.path);
        this.grants.set(key, grant);
      }
    }
  }

  /** The ReferenceGrants, each naming at most `grantTargets` services (numbered beyond the first). */
  public objects(mesh: CompiledMesh): EmittedObject[] {
    const sorted = [...this.grants.values()].sort((a, b) => cmp(`${a.target}|${a.from}`, `${b.target}|${b.from}`));
    return sorted.flatMap(grant => grantObjects(mesh, grant));
  }
}

function grantObjects(mesh: CompiledMesh, grant: Grant): EmittedObject[] {
  const services = [...grant.services].sort(cmp);
  const objects: EmittedObject[] = [];
  for (let i = 0; i < services.length; i += HTTPROUTE_LIMITS.grantTargets) {
    const chunk = services.slice(i, i + HTTPROUTE_LIMITS.grantTargets);
    const name = dnsName(['httproutes-from', grant.from, ...(i > 0 ? [String(i / HTTPROUTE_LIMITS.grantTargets + 1)] : [])]);
    const spec: ReferenceGrantSpec = {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: grant.from }],
      to: chunk.map(s => ({ group: '', kind: 'Service', name: s })),
    };
    for (const cluster of [...grant.clusters].sort(cmp)) {
      objects.push({
        cluster,
        apiVersion: ReferenceGrant.GVK.apiVersion,
        kind: ReferenceGrant.GVK.kind,
        namespace: grant.target,
        name,
        workspace: mesh.namespaceOwners.get(grant.target) ?? '',
        sources: [...grant.sources].sort(cmp),
        spec,
      });
    }
  }
  return objects;
}
