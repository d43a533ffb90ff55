/**
 * Field checks of clusters and virtual meshes: what their declarations write into manifests must be what the API
 * server, istiod and cert-manager accept — names, ports, addresses, localities, host suffixes, the root of trust.
 */
import { isIpAddress } from './topology';
import { ClusterModel, RootOfTrustModel, VirtualMeshModel } from '../../model';
import { dnsLabelProblem } from '../algebra/syntax';
import { Diagnostics, Rules, Subject } from '../diagnostics/catalogue';
import { host, labels, port } from '../passes/declarations';

/** Namespaces and names that become `metadata` must be DNS-1123 labels. */
function names(d: Diagnostics, at: { path: string }, subject: string, fields: Record<string, string | undefined>): void {
  for (const [field, value] of Object.entries(fields)) {
    const problem = value === undefined ? undefined : dnsLabelProblem(value);
    if (problem) d.report(Rules.InvalidName, at, { subject, field, value: value!, problem });
  }
}

/** A cluster's network, locality and east–west gateway. */
export function checkClusterFields(c: ClusterModel, d: Diagnostics): void {
  const what = Subject.cluster(c.name);
  const ew = c.eastWestGateway;
  if (ew) {
    port(d, c, what, ew.port);
    if (!isIpAddress(ew.address)) host(d, c, Subject.part(what, 'eastWestGateway.address'), ew.address, false);
    names(d, c, what, { 'eastWestGateway.namespace': ew.namespace });
    labels(d, c, what, ew.labels);
  }
  // Localities and networks are written as label values (topology.kubernetes.io/region, topology.istio.io/network).
  const l = c.locality;
  const values = {
    'topology.istio.io/network': c.network,
    'topology.kubernetes.io/region': l?.region,
    'topology.kubernetes.io/zone': l?.zone,
    'topology.istio.io/subzone': l?.subzone,
  };
  labels(d, c, what, Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined)));
}

const KEY_SIZES: Record<RootOfTrustModel['keyAlgorithm'], (n: number) => boolean> = {
  // What cert-manager's webhook accepts (internal/apis/certmanager/validation/certificate.go; pkg/util/pki/generate.go
  // MinRSAKeySize, MaxRSAKeySize, ECCurve256/384/521).
  ECDSA: n => [256, 384, 521].includes(n),
  RSA: n => Number.isInteger(n) && n >= 2048 && n <= 8192,
};

/** Why a root of trust cannot be issued, if it cannot. */
function rootOfTrustProblem(r: RootOfTrustModel): string | undefined {
  if (r.rootSecretName !== undefined && r.issuerKind === 'ClusterIssuer') {
    return 'names a root CA secret for a ClusterIssuer: the mesh emits the CA issuer only as an Issuer beside istiod; '
      + 'a ClusterIssuer is yours to manage';
  }
  if (!KEY_SIZES[r.keyAlgorithm](r.keySize)) return `asks for a ${r.keyAlgorithm} key of ${r.keySize} bits`;
  if (!(r.durationHours > 0) || !(r.renewBeforeHours > 0) || r.renewBeforeHours >= r.durationHours) {
    return `renews ${r.renewBeforeHours}h before the end of a ${r.durationHours}h lifetime`;
  }
  const problem = dnsLabelProblem(r.issuerName) ?? (r.rootSecretName === undefined ? undefined : dnsLabelProblem(r.rootSecretName));
  return problem ? `names issuer "${r.issuerName}" or root secret "${r.rootSecretName}": ${problem}` : undefined;
}

/** A virtual mesh's namespaces, host suffix and root of trust. */
export function checkVirtualMeshFields(vm: VirtualMeshModel, d: Diagnostics): void {
  const what = Subject.virtualMesh(vm.name);
  names(d, vm, what, { name: vm.name, rootNamespace: vm.rootNamespace, istiodNamespace: vm.istiodNamespace });
  if (vm.federation) host(d, vm, Subject.part(what, 'federation.hostSuffix'), `svc.cluster.${vm.federation.hostSuffix}`, false);
  const problem = vm.rootOfTrust && rootOfTrustProblem(vm.rootOfTrust);
  if (problem) d.report(Rules.InvalidRootOfTrust, vm, { mesh: vm.name, problem });
}
