/**
 * The compiled mesh: what targets translate and the route evaluation reads. Target-agnostic.
 */
import {
  AccessPolicyModel, CorsModel, DestinationPolicyModel, DirectResponseActionModel, FaultModel, ExternalServiceModel, ForwardActionModel,
  GatewayModel, KnownServiceModel,
  ListenerModel, MeshModel, OutlierDetectionModel, RedirectActionModel, RootOfTrustModel, RouteModel, RouteTableModel, SubsetModel,
  ServiceRefModel, VirtualDestinationModel, VirtualMeshModel, WorkspaceModel,
} from '../model';
import { EffectiveMatch } from './algebra/match';
import { Diagnostic } from './diagnostics/diagnostic';
import { CallerScope } from './traffic/scope';

/** A route table and one of its routes: one link of a delegation chain. */
export interface ChainLink {
  readonly table: RouteTableModel;
  readonly route: RouteModel;
}

/** A terminal action: what a flattened route does. */
export type TerminalAction = ForwardActionModel | RedirectActionModel | DirectResponseActionModel;

/** One route of a (gateway, host) after delegation is resolved: effective matches and a terminal action. */
export interface FlatRoute {
  /**
   * Unique in its host: the chain's table and route names joined by dots, `-2`, `-3`… after a repeated one. Output is
   * written only for a mesh whose names are valid (DNS labels), so a written name is printable ASCII without escapes.
   */
  readonly name: string;
  /** OR of effective match sets (parent AND child). */
  readonly matches: readonly EffectiveMatch[];
  readonly action: TerminalAction;
  /** Root first; the last link is the route that declared the action. */
  readonly chain: readonly ChainLink[];
}

/** The ordered routes of one host on one gateway. */
export interface CompiledHost {
  readonly host: string;
  /** Root tables serving this host on this gateway, in order (weight, then namespace/name). */
  readonly tables: readonly RouteTableModel[];
  /** Every route table contributing routes (roots and delegation targets), sorted by path. */
  readonly sources: readonly RouteTableModel[];
  /** First match wins. */
  readonly routes: readonly FlatRoute[];
}

/** A virtual host a listener gives its proxy: requests whose host Envoy maps to `domain` take `host`'s routes. */
export interface ListenerVirtualHost {
  /** The narrower of the listener hostname and the host (Istio's intersection), lower case. */
  readonly domain: string;
  /** The host whose routes the virtual host holds. */
  readonly host: CompiledHost;
}

/**
 * One listener of a gateway as its proxy sees it. A listener serves every host inside its hostname under its own name,
 * and a host containing the hostname (the narrowest such host only) under the listener hostname; a listener without a
 * hostname serves every host. So each virtual host holds the routes of exactly one host of the gateway.
 */
export interface CompiledListener {
  /** The listener as declared. */
  readonly model: ListenerModel;
  /**
   * The hosts the listener's server names: its hostname; without one, the outermost of the gateway's hosts (no host
   * contains another, so Istio joins no two hosts' routes) or `*` (none, or a flavour whose server names any host). Sorted.
   */
  readonly serverHosts: readonly string[];
  /** The hosts it serves, sorted by host. */
  readonly hosts: readonly CompiledHost[];
  /** Its virtual hosts, sorted by domain. */
  readonly virtualHosts: readonly ListenerVirtualHost[];
}

/** A virtual gateway with its workspace, clusters, hosts and listeners. */
export interface CompiledGateway {
  readonly model: GatewayModel;
  readonly workspace: WorkspaceModel;
  readonly clusters: readonly string[];
  /** Sorted by host. */
  readonly hosts: readonly CompiledHost[];
  /** In declaration order. */
  readonly listeners: readonly CompiledListener[];
}

/** What one gateway contributes to a virtual host of a proxy. */
export interface Contribution {
  /** The gateway whose server yields the virtual host. */
  readonly gateway: CompiledGateway;
  /** The gateway's host whose routes it adds. */
  readonly host: CompiledHost;
}

/** A virtual host of a proxy port: a domain and the gateways' routes for it. */
export interface VirtualHost {
  /** The domain Envoy matches the request host against. */
  readonly domain: string;
  /**
   * One per gateway serving the domain, sorted by gateway namespace/name. Istio appends them in Gateway creation order,
   * then moves catch-alls last; several contributions are accepted only where that order cannot change an answer.
   */
  readonly contributions: readonly Contribution[];
}

/** The routes of a proxy port that Envoy consults for one connection: one for plain HTTP, one per server for HTTPS. */
export interface RouteConfiguration {
  /** Server names (SNI) that select it on an HTTPS port, `*` for any; empty for plain HTTP. Sorted. */
  readonly serverNames: readonly string[];
  /** Sorted by domain. */
  readonly virtualHosts: readonly VirtualHost[];
}

/** A port of a proxy and the route configurations its listeners give it. */
export interface ProxyPort {
  /** The port as the gateways declare it. */
  readonly port: number;
  /** HTTP (one shared route configuration) or HTTPS (one per server). */
  readonly protocol: ListenerModel['protocol'];
  readonly routeConfigurations: readonly RouteConfiguration[];
}

/** Gateway proxies: the gateways configuring the same workload, whose listeners Istio merges per port. */
export interface CompiledProxy {
  /** Sorted by namespace/name. */
  readonly gateways: readonly CompiledGateway[];
  /** Sorted by port. */
  readonly ports: readonly ProxyPort[];
}

/** Where an isolation object goes and what produced it. */
export interface Placement {
  readonly namespace: string;
  /** Name of the owning workspace. */
  readonly workspace: string;
  /** Clusters the object is emitted to, sorted. */
  readonly clusters: readonly string[];
  /** Construct paths of the declarations that produced it, the main one first. */
  readonly sources: readonly string[];
}

/** The egress scope of one namespace: the hosts its proxies may see (`namespace/host`, sorted). */
export interface CompiledSidecar extends Placement {
  readonly egressHosts: readonly string[];
  /** Calls to other hosts fail instead of passing through. */
  readonly registryOnly: boolean;
}

/** Service isolation of one namespace: the only namespaces whose workloads may call it (sorted). */
export interface CompiledIsolationPolicy extends Placement {
  readonly sourceNamespaces: readonly string[];
  /** Identities of routing gateways with a known service account, sorted. */
  readonly sourcePrincipals: readonly string[];
}

/** The subsets of one service, with the namespaces that may see them. */
export interface CompiledDestinationRule extends Placement {
  readonly service: string;
  readonly host: string;
  /** Sorted by name. */
  readonly subsets: readonly SubsetModel[];
  /** Namespaces that may see the rule, sorted. */
  readonly exportTo: readonly string[];
  /** What traffic policies set for the service's endpoints. */
  readonly policy?: DestinationPolicyModel;
}

/** An external service with the namespaces that may see it and its client policy. */
export interface CompiledExternalService extends Placement {
  readonly model: ExternalServiceModel;
  /** Namespaces that may see the ServiceEntry (users and routing gateways), sorted. */
  readonly exportTo: readonly string[];
  /** Namespaces whose workloads get the client policy (retries, timeout), sorted. */
  readonly clientExportTo: readonly string[];
}

/** One service an access policy protects, with the identities admitted. */
export interface CompiledAccessGrant extends Placement {
  readonly policy: AccessPolicyModel;
  readonly service: KnownServiceModel;
  /** SPIFFE principals without the scheme (`<trustDomain>/ns/<ns>/sa/<sa>`, wildcards as Istio allows), sorted. */
  readonly principals: readonly string[];
}

/** What keeps tenants apart in the data plane. */
export interface CompiledIsolation {
  readonly sidecars: readonly CompiledSidecar[];
  readonly isolationPolicies: readonly CompiledIsolationPolicy[];
  readonly destinationRules: readonly CompiledDestinationRule[];
  readonly externalServices: readonly CompiledExternalService[];
  readonly accessGrants: readonly CompiledAccessGrant[];
}

/** The result of compiling a mesh. */
export interface CompiledMesh {
  readonly model: MeshModel;
  /** Every finding, errors first. */
  readonly diagnostics: readonly Diagnostic[];
  /** Cluster names, sorted. */
  readonly clusters: readonly string[];
  /** Sorted by namespace/name. */
  readonly gateways: readonly CompiledGateway[];
  /** The gateways grouped by the proxies they configure, in the order of their first gateway. */
  readonly proxies: readonly CompiledProxy[];
  /** Namespace → name of the workspace owning it. */
  readonly namespaceOwners: ReadonlyMap<string, string>;
  /** Sidecars, isolation and access policies, subsets and external services. */
  readonly isolation: CompiledIsolation;
  /** Virtual meshes and virtual destinations, per cluster. */
  readonly multicluster: CompiledMulticluster;
  /** East–west routing: one mesh VirtualService per host and cluster. */
  readonly traffic: Pick<CompiledTraffic, 'virtualServices'>;
}

/** An east–west table serving one host, with its flattened routes. */
export interface EastWestTable {
  readonly table: RouteTableModel;
  readonly routes: readonly FlatRoute[];
}

/** The port of a destination that names none: the port the request was sent to (Istio's default). */
export const SAME_PORT = 0;

/** A mirror of a mesh route: where copies go and what share of the requests. */
export interface CompiledMirror {
  readonly destination: ServiceRefModel;
  readonly percentage: number;
}

/** A route of a mesh VirtualService: a flattened route with the callers it applies to and the policies' request fields. */
export interface CompiledMeshRoute extends FlatRoute {
  /** The calling workloads (in the VirtualService's cluster) the route exists for. */
  readonly callers: CallerScope;
  readonly fault?: FaultModel;
  readonly mirror?: CompiledMirror;
  readonly cors?: CorsModel;
  /** Construct paths of the traffic policies (and external services) whose fields the route carries, most specific first. */
  readonly policies: readonly string[];
}

/** The one mesh VirtualService of a host in one cluster: every east–west table and traffic policy of the host merged. */
export interface CompiledMeshVirtualService extends Placement {
  readonly name: string;
  readonly host: string;
  /** Namespaces whose sidecars see it, sorted. */
  readonly exportTo: readonly string[];
  /** First match wins, for the callers each route applies to. */
  readonly routes: readonly CompiledMeshRoute[];
}

/** What east–west routing and traffic policies compile to. */
export interface CompiledTraffic {
  /** Sorted by cluster, namespace and name. */
  readonly virtualServices: readonly CompiledMeshVirtualService[];
  /** Every DestinationRule of a Service or external service: subsets and policies merged, one per host. */
  readonly destinationRules: readonly CompiledDestinationRule[];
  /** Virtual destination construct path → the policy settings merged into its DestinationRules. */
  readonly virtualDestinationPolicies: ReadonlyMap<string, DestinationPolicyModel>;
  /** Subsets of Services that callers of another cluster shift or mirror traffic to, sorted. */
  readonly remoteSubsets: readonly RemoteSubset[];
}

/** A subset of a Service in its home cluster that callers in another cluster send traffic to, through its federated host. */
export interface RemoteSubset {
  readonly service: KnownServiceModel;
  readonly home: string;
  readonly importer: string;
  readonly federatedHost: string;
  readonly subset: SubsetModel;
  /** The policy that sends the traffic. */
  readonly by: string;
}

/** An endpoint of a mesh-internal ServiceEntry: a local Service, or another cluster's east–west gateway. */
export interface CompiledEndpoint {
  /** DNS name of the local Service, or the remote east–west gateway's address. */
  readonly address: string;
  /** Port name → port on the endpoint. */
  readonly ports: Readonly<Record<string, number>>;
  /** The cluster whose workloads serve it. */
  readonly cluster: string;
  /** Istio locality `region/zone/subzone` of that cluster, when known. */
  readonly locality?: string;
  /** Whether it is in the cluster of the ServiceEntry. */
  readonly local: boolean;
  /** Istio network of a remote endpoint (its cluster's network). */
  readonly network?: string;
  /** Pod labels the endpoint stands for (a subset of a remote cluster's pods), so that DestinationRule subsets select it. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A port of a mesh-internal ServiceEntry. */
export interface CompiledServicePort {
  readonly number: number;
  readonly name: string;
  /** Istio protocol, when the Service says it (name prefix or appProtocol). */
  readonly protocol?: string;
  /** The port of the selected pods, for an entry selecting pods (`workloadSelector`), when it differs from `number`. */
  readonly targetPort?: number;
}

/** Why a mesh-internal ServiceEntry exists. */
export type ServiceEntryRole = 'federated' | 'federation-export' | 'virtual-destination' | 'east-west';

/** A mesh-internal ServiceEntry in one cluster: a federated service, or a virtual destination. */
export interface CompiledServiceEntry extends Placement {
  /** Object name, already valid: the virtual destination's name, or the host of a federated or east–west entry. */
  readonly name: string;
  readonly role: ServiceEntryRole;
  readonly hosts: readonly string[];
  readonly addresses: readonly string[];
  readonly ports: readonly CompiledServicePort[];
  readonly resolution: 'DNS' | 'STATIC';
  /** Pods of the entry's namespace that are its endpoints (then `endpoints` is empty); labels selecting them. */
  readonly workloadSelector?: Readonly<Record<string, string>>;
  /** Local endpoints first, then other clusters', each group by cluster and address. */
  readonly endpoints: readonly CompiledEndpoint[];
  /** Namespaces that may see it, sorted (`.`: its own only). */
  readonly exportTo: readonly string[];
}

/** The DestinationRule of a virtual destination in one cluster. */
export interface CompiledVirtualDestinationRule extends Placement {
  readonly name: string;
  readonly destination: VirtualDestinationModel;
  readonly exportTo: readonly string[];
  readonly outlierDetection?: OutlierDetectionModel;
  /** Locality failover; undefined: Istio's default load balancing. */
  readonly failover?: VirtualDestinationModel['localityFailover'];
  /** What traffic policies set for the virtual destination (connection pool, TLS, load balancer). */
  readonly policy?: DestinationPolicyModel;
}

/** The east–west gateway of one cluster: mTLS passthrough for the hosts other clusters reach. */
export interface CompiledEastWestGateway extends Placement {
  readonly name: string;
  readonly port: number;
  readonly selector: Readonly<Record<string, string>>;
  /** Server hosts, sorted. */
  readonly hosts: readonly string[];
}

/** A mesh-wide object of a virtual mesh in one cluster. */
export interface CompiledMeshWide extends Placement {
  readonly name: string;
  readonly mesh: VirtualMeshModel;
}

/** An ALLOW policy admitting every request to selected workloads (gateways under a global access policy), or from sources. */
export interface CompiledAdmission extends Placement {
  readonly name: string;
  /** Workload labels; undefined: every workload of the namespace. */
  readonly selector?: Readonly<Record<string, string>>;
  /** Admitted source namespaces and principals; both empty: every request. */
  readonly sourceNamespaces: readonly string[];
  readonly sourcePrincipals: readonly string[];
}

/** The intermediate CA of one cluster, issued by cert-manager under the virtual mesh's root. */
export interface CompiledIntermediateCa extends CompiledMeshWide {
  readonly cluster: string;
  readonly trustDomain: string;
  readonly rootOfTrust: RootOfTrustModel;
}

/** What virtual meshes and virtual destinations emit, per cluster. */
export interface CompiledMulticluster {
  readonly eastWestGateways: readonly CompiledEastWestGateway[];
  /** PeerAuthentication per member cluster. */
  readonly peerAuthentications: readonly (CompiledMeshWide & { readonly mode: string })[];
  /** Deny-all AuthorizationPolicy per member cluster with a global access policy. */
  readonly denyAll: readonly CompiledMeshWide[];
  /** What stays admitted under a global access policy: gateways, and the services gateways route to. */
  readonly admissions: readonly CompiledAdmission[];
  readonly intermediateCas: readonly CompiledIntermediateCa[];
  readonly serviceEntries: readonly CompiledServiceEntry[];
  readonly destinationRules: readonly CompiledVirtualDestinationRule[];
}
