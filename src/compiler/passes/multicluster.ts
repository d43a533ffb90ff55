/**
 * Multi-cluster: clusters, virtual meshes and virtual destinations checked and compiled into what each cluster gets —
 * east–west gateways, mutual TLS, intermediate CAs, the global access baseline, federated services and virtual
 * destinations. Produces `multicluster`.
 */
import { VirtualDestinationModel } from '../../model';
import { serviceFqdn } from '../algebra/destination-host';
import { cmp } from '../algebra/order';
import { CompiledMulticluster } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Rules, Subject } from '../diagnostics/catalogue';
import { admissions } from '../multicluster/admissions';
import { federatedEntries } from '../multicluster/federation';
import { checkClusterFields, checkVirtualMeshFields } from '../multicluster/fields';
import { checkServicePlacement, checkTablePlacement } from '../multicluster/placement';
import { checkPrivateKeys } from '../multicluster/private-keys';
import { Topology } from '../multicluster/topology';
import { gatewaysRoutingToVirtual, resolveVirtualDestinations, virtualDestinationObjects } from '../multicluster/virtual-destinations';
import { checkVirtualMeshes, eastWestGateways, meshWideObjects } from '../multicluster/virtual-meshes';
import { Pass } from '../pass';
import { duration, host, labels, port, unique } from './declarations';
import { dnsLabelProblem } from '../algebra/syntax';

/** Field checks of a virtual destination. */
function checkVirtualDestination(vd: VirtualDestinationModel, d: Diagnostics): void {
  const what = Subject.virtualDestination(`${vd.namespace}/${vd.name}`);
  const problem = dnsLabelProblem(vd.name);
  if (problem) d.report(Rules.InvalidName, vd, { field: 'virtual destination name', value: vd.name, problem });
  if (vd.namespace === '') d.report(Rules.MissingNamespace, vd, { subject: what });
  vd.hosts.forEach(h => host(d, vd, what, h, false));
  if (vd.ports.length === 0) d.report(Rules.MissingField, vd, { subject: what, field: 'ports', entry: 'port' });
  if (vd.selectors.length === 0) d.report(Rules.MissingField, vd, { subject: what, field: 'services', entry: 'backing selector' });
  unique(vd.ports, p => String(p.number), p => d.report(Rules.DuplicateEntry, vd, { subject: what, kind: 'port', value: String(p.number) }));
  unique(vd.ports, p => p.name, p => d.report(Rules.DuplicateEntry, vd, { subject: what, kind: 'port name', value: p.name }));
  for (const p of vd.ports) {
    port(d, vd, what, p.number);
    port(d, vd, what, p.targetPort);
    const np = dnsLabelProblem(p.name);
    if (np) d.report(Rules.InvalidName, vd, { subject: what, field: 'port name', value: p.name, problem: np });
  }
  labels(d, vd, what, vd.labels);
  vd.selectors.forEach(s => labels(d, vd, what, s.labels));
  const o = vd.outlierDetection;
  if (o) {
    duration(d, vd, what, 'outlierDetection.interval', o.intervalMs);
    duration(d, vd, what, 'outlierDetection.baseEjectionTime', o.baseEjectionTimeMs);
  }
}

/**
 * The hosts each cluster's east–west gateway passes through: exactly those its entries serve to other clusters (the
 * federated Services and the virtual destinations backed there) — never a wildcard, which would open every Service
 * exported to the gateway's namespace to every peer (pilot/pkg/networking/core/gateway.go `builtAutoPassthroughFilterChains`).
 */
function eastWestHosts(serviceEntries: CompiledMulticluster['serviceEntries']): (cluster: string) => string[] {
  const served = serviceEntries.filter(e => e.role === 'east-west' || e.role === 'federation-export');
  return cluster => served.filter(e => e.clusters.includes(cluster)).flatMap(e => e.hosts);
}

/** Compiles the multi-cluster objects of a mesh. */
export function compileMulticluster(ctx: CompileContext): CompiledMulticluster {
  const { model, diagnostics: d } = ctx;
  const topology = new Topology(model);
  checkVirtualMeshes(model, topology, d);
  model.clusters.forEach(c => checkClusterFields(c, d));
  model.virtualMeshes.forEach(vm => checkVirtualMeshFields(vm, d));
  checkServicePlacement(ctx.get('gateways'), model.services, topology, d);
  checkTablePlacement(ctx.get('gateways'), ctx.get('tenancy'), d);
  model.virtualDestinations.forEach(vd => checkVirtualDestination(vd, d));
  checkPrivateKeys(model, d);
  const gateways = ctx.get('gateways');
  const isolation = ctx.get('isolation');
  const tenancy = ctx.get('tenancy');
  // Without virtual destinations, no route forwards to one: the gateways' routes are not walked.
  const virtualRoutes = model.virtualDestinations.length > 0 ? gatewaysRoutingToVirtual(gateways) : new Map<string, Set<string>>();
  const resolved = resolveVirtualDestinations({ model, topology, tenancy, isolation, routedBy: virtualRoutes }, d);
  const virtual = virtualDestinationObjects(resolved, topology);
  const usedHosts = new Map<string, string>([
    ...model.services.map(s => [serviceFqdn(s, model.clusterDomain), Subject.service(`${s.namespace}/${s.name}`)] as const),
    ...model.externalServices.map(e => [e.host.toLowerCase(), Subject.externalService(`${e.namespace}/${e.name}`)] as const),
    ...model.virtualDestinations.flatMap(v => v.hosts.map(h => [h.toLowerCase(), Subject.virtualDestination(`${v.namespace}/${v.name}`)] as const)),
  ]);
  const federated = federatedEntries({ model, topology, tenancy, isolation, usedHosts }, d);
  const serviceEntries = [...federated, ...virtual.serviceEntries].sort((a, b) => cmp(a.clusters[0], b.clusters[0])
    || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  return {
    ...meshWideObjects(model, topology),
    eastWestGateways: eastWestGateways(model, topology, eastWestHosts(serviceEntries)),
    admissions: admissions({ model, topology, gateways, virtual: resolved }),
    serviceEntries,
    destinationRules: virtual.destinationRules,
  };
}

/** Compiles clusters, virtual meshes and virtual destinations; produces `multicluster`. */
export const multiclusterPass: Pass = {
  name: 'multicluster',
  rules: [
    Rules.InvalidInventory, Rules.IncompleteMember, Rules.BackingSelectsNothing, Rules.UnusedSelectorSelectsNothing, Rules.BackingPortMissing,
    Rules.VirtualHostClaimedTwice, Rules.FederatedHostCollision, Rules.TrustDomainClash, Rules.PrivateKeyInManifest,
    Rules.FailoverWithoutOutlierDetection, Rules.ClusterInSeveralMeshes, Rules.UnreachableBackend, Rules.InvalidRootOfTrust,
    Rules.ServiceNotInCluster, Rules.TableOutsideWorkspaceClusters, Rules.UnresolvedReference,
    Rules.UnownedNamespace, Rules.InvalidName, Rules.MissingNamespace, Rules.InvalidHost, Rules.MissingField, Rules.DuplicateEntry,
    Rules.InvalidPort, Rules.InvalidLabel, Rules.InvalidDuration,
  ],
  run(ctx: CompileContext): void {
    ctx.put('multicluster', compileMulticluster(ctx));
  },
};
