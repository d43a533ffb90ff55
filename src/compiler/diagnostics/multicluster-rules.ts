/**
 * The rules of clusters, virtual meshes and virtual destinations (MESH7xx): part of the catalogue (`Rules`).
 */
import { DiagnosticSeverity } from './diagnostic';
import { rule } from './rule';

const E = DiagnosticSeverity.ERROR;
const W = DiagnosticSeverity.WARNING;

const selection = (a: { labels: string; namespace?: string; cluster?: string }) =>
  `Services labelled ${a.labels}${a.namespace ? ` in namespace ${a.namespace}` : ''}${a.cluster ? ` in cluster "${a.cluster}"` : ''}`;

/** Where a route table is served outside its workspace's clusters. */
export interface TablePlacementArgs {
  /** The table, `namespace/name`. */
  readonly table: string;
  /** Its workspace. */
  readonly workspace: string;
  /** The workspace's clusters. */
  readonly clusters: readonly string[];
  /** The gateway serving it, `namespace/name`. */
  readonly gateway: string;
  /** The gateway's clusters the workspace does not span. */
  readonly missing: readonly string[];
}

/** Multi-cluster rules, by name. */
export const MULTICLUSTER_RULES = {
  InvalidInventory: rule<{ cluster: string; file: string; problem: string }>('MESH701', 'InvalidInventory', E, {
    message: a => `service inventory ${a.file} of cluster "${a.cluster}" ${a.problem}`,
    fix: 'give the file that `kubectl get svc -A -o yaml` prints (a List of v1 Services, or YAML documents), each Service with a name and namespace',
  }),
  IncompleteMember: rule<{ cluster: string; mesh: string; missing: 'network' | 'east-west gateway' }>('MESH702', 'IncompleteMember', E, {
    message: a => `cluster "${a.cluster}" is a member of virtual mesh "${a.mesh}" but declares no ${a.missing}: `
      + 'the other clusters could not reach its services',
    fix: a => (a.missing === 'network'
      ? 'set `network` on the cluster (the value of its istiod\'s `values.global.network`)'
      : 'set `eastWestGateway` on the cluster: the address other clusters reach its east–west gateway at'),
  }),
  BackingSelectsNothing: rule<{ destination: string; labels: string; namespace?: string; cluster?: string }>(
    'MESH703', 'BackingSelectsNothing', E, {
      message: a => `virtual destination ${a.destination} is routed to, but no known Service matches its backing selector `
        + `(${selection(a)}): requests would fail with 503`,
      fix: 'declare the backing Services in the app or in a cluster\'s service inventory, or correct the selector',
    }),
  UnusedSelectorSelectsNothing: rule<{ destination: string; labels: string; namespace?: string; cluster?: string }>(
    'MESH704', 'UnusedSelectorSelectsNothing', W, {
      message: a => `no known Service matches the backing selector of virtual destination ${a.destination} (${selection(a)})`,
      fix: 'declare the backing Services in the app or in a cluster\'s service inventory, or correct the selector',
    }),
  BackingPortMissing: rule<{ destination: string; port: number; service: string; exposed: readonly number[] }>(
    'MESH705', 'BackingPortMissing', E, {
      message: a => `virtual destination ${a.destination} sends port ${a.port} to backing service ${a.service}, which exposes `
        + `${a.exposed.length > 0 ? a.exposed.join(', ') : 'no port'}`,
      fix: 'set the port\'s targetPort to a port every backing Service exposes, or narrow the selector',
    }),
  VirtualHostClaimedTwice: rule<{ host: string; destination: string; other: string }>('MESH706', 'VirtualHostClaimedTwice', E, {
    message: a => `virtual destination ${a.destination} claims host ${a.host}, which ${a.other} claims too: `
      + 'Istio would merge or pick between them by creation time',
    fix: 'give each virtual destination (and external service) its own hostname',
  }),
  FederatedHostCollision: rule<{ host: string; service: string; cluster: string; other: string }>('MESH707', 'FederatedHostCollision', E, {
    message: a => `federating service ${a.service} of cluster "${a.cluster}" would create host ${a.host}, which ${a.other} already uses`,
    fix: 'rename the other host, or give the virtual mesh another federation hostSuffix',
  }),
  TrustDomainClash: rule<{ cluster: string; trustDomain: string; mesh: string; other?: string }>('MESH708', 'TrustDomainClash', E, {
    message: a => (a.other !== undefined
      ? `clusters "${a.cluster}" and "${a.other}" of virtual mesh "${a.mesh}" share trust domain ${a.trustDomain}: `
        + 'their identities cannot be told apart, so no access policy can admit a workload of one cluster without the other'
      // pilot/pkg/security/trustdomain/bundle.go `ReplaceTrustDomainAliases`: cluster.local stands for every trusted domain.
      : `cluster "${a.cluster}" of virtual mesh "${a.mesh}" keeps trust domain cluster.local, which Istio reads in a principal `
        + 'as every trust domain it trusts: its access policies would admit the workloads of every cluster'),
    fix: 'give each cluster its own trust domain (its istiod\'s `meshConfig.trustDomain`), e.g. the cluster name',
  }),
  PrivateKeyInManifest: rule<{ subject: string }>('MESH709', 'PrivateKeyInManifest', E, {
    message: a => `${a.subject} holds a PEM private key, which would be written into the manifests`,
    fix: 'never put private keys in manifests: create the Secret out of band (or let cert-manager issue it) and reference it by name',
  }),
  FailoverWithoutOutlierDetection: rule<{ destination: string }>('MESH710', 'FailoverWithoutOutlierDetection', E, {
    message: a => `virtual destination ${a.destination} asks for locality failover without outlier detection: `
      + 'Istio fails over only when outlier detection ejects the local endpoints, so it would never fail over',
    fix: 'set outlierDetection on the virtual destination (e.g. consecutiveErrors 1, interval 5s, baseEjectionTime 120s)',
  }),
  ClusterInSeveralMeshes: rule<{ cluster: string; mesh: string; other: string }>('MESH711', 'ClusterInSeveralMeshes', E, {
    message: a => `cluster "${a.cluster}" is a member of virtual meshes "${a.mesh}" and "${a.other}": `
      + 'each would set its mutual TLS, access policy and root of trust',
    fix: 'make each cluster a member of one virtual mesh',
  }),
  InvalidRootOfTrust: rule<{ mesh: string; problem: string }>('MESH713', 'InvalidRootOfTrust', E, {
    message: a => `the root of trust of virtual mesh "${a.mesh}" ${a.problem}`,
    fix: 'give cert-manager a Certificate it can issue: an ECDSA key of 256, 384 or 521 bits or an RSA key of 2048 to 8192, '
      + 'renewBefore shorter than duration, a DNS-1123 issuer name, and a root CA secret only with a namespaced Issuer',
  }),
  ServiceNotInCluster: rule<{ route: string; table: string; service: string; cluster: string; gateway: string; runsIn: readonly string[] }>(
    'MESH714', 'ServiceNotInCluster', E, {
      message: a => `route "${a.route}" of route table ${a.table} forwards to service ${a.service}, which runs in cluster `
        + `${a.runsIn.map(c => `"${c}"`).join(', ')} but not in cluster "${a.cluster}", where gateway ${a.gateway} serves the route: `
        + 'that proxy knows no such Service and would answer 503',
      fix: 'route to a virtual destination backed by the service (or to its federated host), or serve the route table only from '
        + 'gateways in the clusters the service runs in (the workspaces\' clusters)',
    }),
  TableOutsideWorkspaceClusters: rule<TablePlacementArgs>('MESH715', 'TableOutsideWorkspaceClusters', E, {
    message: a => `route table ${a.table} of workspace "${a.workspace}" (clusters ${a.clusters.map(c => `"${c}"`).join(', ')}) is served by `
        + `gateway ${a.gateway} in ${a.missing.length > 1 ? 'clusters' : 'cluster'} ${a.missing.map(c => `"${c}"`).join(', ')}, `
        + 'where the workspace and its namespaces do not exist: '
        + 'the routes it owns (its delegate VirtualService or HTTPRoute) would have no namespace to live in',
    fix: 'add the cluster to the workspace\'s clusters, or attach the route table only to gateways in the workspace\'s clusters',
  }),
  UnreachableBackend: rule<{ destination: string; cluster: string; backend: string }>('MESH712', 'UnreachableBackend', E, {
    message: a => `virtual destination ${a.destination} is used in cluster "${a.cluster}" and backed by Services in cluster `
      + `"${a.backend}", but no virtual mesh holds both clusters: the remote endpoints cannot be reached`,
    fix: 'make both clusters members of one virtual mesh (with east–west gateways), or restrict the backing selector to a cluster',
  }),
};
