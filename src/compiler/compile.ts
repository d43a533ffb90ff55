/**
 * The compiler: an ordered list of passes over the plain model. Pure — it reads a `MeshModel` and returns the
 * compiled mesh with every finding — and knows no construct and no target. Declaration order never changes the
 * result: the model is sorted by stable keys first, and every pass keeps that order.
 */
import { cmp } from './algebra/order';
import { CompiledMesh, CompiledMulticluster, CompiledTraffic } from './compiled';
import { CompileContext } from './context';
import { KnownServiceModel, MeshModel } from '../model';
import { serviceFqdn } from './algebra/destination-host';
import { Diagnostics } from './diagnostics/catalogue';
import { Pass } from './pass';
import { accessPass } from './passes/access';
import { attachmentPass } from './passes/attachment';
import { declarationsPass } from './passes/declarations';
import { destinationsPass } from './passes/destinations';
import { eastWestPass } from './passes/east-west';
import { hostClaimsPass } from './passes/host-claims';
import { isolationPass } from './passes/isolation';
import { multiclusterPass } from './passes/multicluster';
import { overlapsPass } from './passes/overlaps';
import { ownershipPass } from './passes/ownership';
import { proxiesPass } from './passes/proxies';
import { rewritesPass } from './passes/rewrites';
import { routesPass } from './passes/routes';
import { trafficPass } from './passes/traffic';
import { unusedTablesPass } from './passes/unused-tables';
import { applyRemoteSubsets } from './traffic/remote-subsets';

/** The passes, in the order they run; each reads only what the model and earlier passes provide. */
export const PASSES: readonly Pass[] = [
  declarationsPass,
  ownershipPass,
  attachmentPass,
  hostClaimsPass,
  routesPass,
  proxiesPass,
  overlapsPass,
  destinationsPass,
  rewritesPass,
  eastWestPass,
  unusedTablesPass,
  isolationPass,
  multiclusterPass,
  trafficPass,
  accessPass,
];

const byPath = <T extends { path: string }>(items: readonly T[]) => [...items].sort((a, b) => cmp(a.path, b.path));

/** The model with every list sorted by stable keys, so that declaration order cannot change any result. */
export function normalize(declared: MeshModel): MeshModel {
  const serviceKey = (s: MeshModel['services'][number]) => `${s.namespace}/${s.name}`;
  return {
    ...declared,
    clusters: byPath(declared.clusters),
    workspaces: byPath(declared.workspaces),
    gateways: byPath(declared.gateways),
    routeTables: byPath(declared.routeTables),
    services: [...declared.services].sort((a, b) => cmp(serviceKey(a), serviceKey(b)) || cmp(a.path, b.path)),
    externalServices: byPath(declared.externalServices),
    accessPolicies: byPath(declared.accessPolicies),
    virtualMeshes: byPath(declared.virtualMeshes),
    virtualDestinations: byPath(declared.virtualDestinations),
    trafficPolicies: byPath(declared.trafficPolicies ?? []),
  };
}

/** The multi-cluster objects with the traffic policies' settings merged into the virtual destinations' DestinationRules. */
function withPolicies(m: CompiledMulticluster, policies: CompiledTraffic['virtualDestinationPolicies']): CompiledMulticluster {
  if (policies.size === 0) return m;
  return { ...m, destinationRules: m.destinationRules.map(r => ({ ...r, policy: policies.get(r.destination.path) })) };
}

/** Compiles a mesh declaration: runs every pass, then collects what they produced. */
export function compileMesh(declared: MeshModel): CompiledMesh {
  const ctx = new CompileContext(normalize(declared), new Diagnostics());
  for (const pass of PASSES) pass.run(ctx);
  const tenancy = ctx.get('tenancy');
  const traffic = ctx.get('traffic');
  const hostPolicy = (s: KnownServiceModel) => traffic.destinationRules.find(r => r.host === serviceFqdn(s, ctx.model.clusterDomain))?.policy;
  const remote = applyRemoteSubsets(ctx.get('multicluster'), traffic.remoteSubsets, hostPolicy);
  const namespaceOwners = new Map(ctx.model.workspaces.flatMap(w => w.namespaces.map(ns => [ns, tenancy.ownerOf(ns)?.name ?? w.name] as const)));
  return {
    model: ctx.model,
    diagnostics: ctx.diagnostics.sorted(),
    clusters: ctx.clusterNames,
    gateways: ctx.get('gateways'),
    proxies: ctx.get('proxies'),
    namespaceOwners,
    isolation: {
      ...ctx.get('dataPlane'),
      destinationRules: [...traffic.destinationRules, ...remote.destinationRules],
      accessGrants: ctx.get('accessGrants'),
    },
    multicluster: withPolicies(remote.multicluster, traffic.virtualDestinationPolicies),
    traffic: { virtualServices: traffic.virtualServices },
  };
}
