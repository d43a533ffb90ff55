/**
 * The catalogue of rules: every code, name, severity, message and fix the compiler reports. All wording lives here;
 * call sites pass typed arguments (names, references, values, and the phrases of the syntax checks saying what is
 * wrong with a value).
 */
import { DiagnosticSeverity } from './diagnostic';

import { MULTICLUSTER_RULES } from './multicluster-rules';
import { rule, Rule } from './rule';
import { TRAFFIC_RULES } from './traffic-rules';
import { unwritableKeyProblem } from '../algebra/manifest-keys';

export { cmp } from '../algebra/order';
export { Diagnostics, locate, related } from './collector';
export type { Rule } from './rule';
export type { Locatable, Where } from './collector';

const E = DiagnosticSeverity.ERROR;
const W = DiagnosticSeverity.WARNING;

/** Noun phrases naming the declarations and parts of declarations that messages talk about. */
export const Subject = {
  cluster: (name: string) => `cluster "${name}"`,
  workspace: (name: string) => `workspace "${name}"`,
  namespace: (name: string) => `namespace ${name}`,
  table: (ref: string) => `route table ${ref}`,
  route: (name: string, table: string) => `route "${name}" of route table ${table}`,
  delegatingRoute: (name: string, table: string) => `delegating route "${name}" of route table ${table}`,
  gateway: (ref: string) => `virtual gateway ${ref}`,
  /** A gateway referenced by construct path. */
  gatewayAt: (path: string) => `gateway ${path}`,
  listener: (name: string, gateway: string) => `listener "${name}" of virtual gateway ${gateway}`,
  allowedRouteTables: (gateway: string) => `allowedRouteTables of virtual gateway ${gateway}`,
  service: (ref: string) => `service ${ref}`,
  destination: (ref: string) => `destination ${ref}`,
  subset: (name: string, service: string, route: string) => `subset "${name}" of ${service} (${route})`,
  redirect: 'redirect',
  hostRewrite: 'host rewrite',
  externalService: (ref: string) => `external service ${ref}`,
  externalHost: (host: string) => `external service host ${host}`,
  endpoint: (address: string) => `endpoint "${address}"`,
  accessPolicy: (name: string) => `access policy "${name}"`,
  serviceAccount: (namespace: string, name: string) => `service account ${namespace}/${name}`,
  clusterWorkloads: (name: string) => `every workload of cluster "${name}"`,
  virtualMesh: (name: string) => `virtual mesh "${name}"`,
  virtualDestination: (ref: string) => `virtual destination ${ref}`,
  /** A part of a declaration: `whole: part: …`. */
  part: (whole: string, ...parts: string[]) => [whole, ...parts].join(': '),
};

/** Why a related location matters. */
export const Note = {
  firstDeclaration: 'first declared here',
  otherClaim: 'the other workspace claiming the namespace',
  namespaceOwner: 'the workspace owning the namespace',
  otherSubsetDefinition: 'the other definition of the subset',
  childTable: 'the delegation target',
  rootTable: 'the root table the request comes through',
  gateway: 'the gateway',
  externalService: 'the external service',
  otherClaimOfHost: 'another workspace\'s claim on the host',
  routingGateway: 'the gateway routing to the service',
  protectedService: 'the Service',
  cycleStep: (next: string) => `next table of the cycle: delegates to ${next}`,
  delegatingRoute: 'the delegating route',
  otherRoute: 'the other route',
  earlierRoute: 'the earlier route, which covers it',
  routeMeantFirst: 'the route meant to take the requests first',
  otherSource: 'emits the same object',
  otherFile: 'emits the object written to the same file',
  sharedProxy: 'the other gateway on the same proxies',
  otherGatewayRoute: 'the other gateway\'s route for the same requests',
  virtualMesh: 'the virtual mesh',
  otherCluster: 'the other cluster',
  virtualDestination: 'the virtual destination',
  otherVirtualDestination: 'the other claim on the host',
};

/** A route of a route table (`table` is `namespace/name`). */
interface RouteArgs {
  readonly route: string;
  readonly table: string;
}

/** A route of a child table reached through a delegating route. */
interface CompositionArgs extends RouteArgs {
  readonly parentRoute: string;
  readonly parentTable: string;
  readonly mode: string;
}

/** A value of a declaration and why it is invalid (a phrase of the syntax checks, e.g. "is not a DNS-1123 label"). */
interface ValueArgs {
  /** The declaration, or part of one, holding the value. */
  readonly subject: string;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
}

const routeOf = (a: RouteArgs) => Subject.route(a.route, a.table);
const composed = (a: CompositionArgs) =>
  `${routeOf(a)} (delegated to by ${Subject.route(a.parentRoute, a.parentTable)}, ${a.mode} paths)`;
const on = (a: { host: string; gateway: string }) => `on host ${a.host} of gateway ${a.gateway}`;
const prefixed = (subject: string | undefined, text: string) => (subject ? `${subject}: ${text}` : text);

const DNS_LABEL = 'a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit';

/** What a declaration lists twice. */
type EntryKind = 'namespace' | 'port' | 'port name' | 'listener name' | 'listener';

type RedirectArgs = { subject: string; problem: 'status'; status: number; allowed: readonly number[] }
| { subject: string; problem: 'scheme'; scheme: string }
| { subject: string; problem: 'nothing' };

type DirectResponseArgs = { subject: string; problem: 'status'; status: number } | { subject: string; problem: 'body' };

type RetryArgs = { subject: string; problem: 'attempts'; attempts: number }
| { subject: string; problem: 'zero' }
| { subject: string; problem: 'retryOn'; retryOn: string };

type EndpointArgs = { service: string; problem: 'none-with-endpoints' }
| { service: string; problem: 'static-without-endpoints' }
| { service: string; problem: 'not-an-ip'; address: string };

type PrefixRewriteArgs = RouteArgs & { problem: 'regex'; regex: string } | RouteArgs & { problem: 'every-path'; rewrite: string };

type UndeclaredPortArgs = RouteArgs & { problem: 'forward'; port: number; service: string; declared: readonly number[] }
| { problem: 'endpoint'; service: string; address: string; port: string };

interface DelegationShareArgs extends RouteArgs {
  readonly child: string;
  readonly workspace: string;
  /** Which half of the share is missing (export, import or both), as the tenancy index says it. */
  readonly missing: string;
  /** Selected by labels or workspaces rather than named. */
  readonly selected: boolean;
}

interface DestinationShareArgs extends RouteArgs {
  readonly external: boolean;
  /** A virtual destination rather than a service. */
  readonly virtual?: boolean;
  readonly service: string;
  readonly workspace: string;
  /** The root table the request comes through, when it is not the route's own. */
  readonly root?: string;
  readonly missing: string;
}

/** A route table attaching to a gateway for a host. */
interface AttachmentArgs {
  readonly gateway: string;
  readonly gatewayWorkspace: string;
  readonly table: string;
  readonly workspace: string;
  readonly host: string;
}

/** A route table claiming a host, with its workspace. */
interface HostClaim {
  readonly table: string;
  readonly workspace?: string;
}

/** A route and an earlier route matching the same requests on one host of a gateway. */
interface OverlapArgs extends RouteArgs {
  readonly match: string;
  readonly other: string;
  readonly otherTable: string;
  readonly host: string;
  readonly gateway: string;
}

interface PrecedenceArgs {
  readonly first: PlacedRoute;
  readonly second: PlacedRoute;
  readonly host: string;
  readonly gateway: string;
  /** The two HTTPRoutes, when Gateway API ranks the matches equal. */
  readonly objects?: readonly string[];
}

/** How a declaration refers to another, as UnresolvedReference says it. */
type ReferenceVerb = 'names' | 'attaches to' | 'forwards to' | 'admits' | 'references' | 'selects';

/** A match set condition kind. */
type ConditionKind = 'header' | 'query parameter';

/**
 * Every rule the compiler checks. Codes are stable once published and never reused: MESH013 (InvalidValue) was split
 * into MESH017–MESH027 and MESH105 and is no longer raised. Hundreds: 0xx a declaration on its own, 1xx references,
 * 2xx tenancy and sharing, 3xx delegation, 4xx parent and child matches, 5xx routes on one host, 6xx targets.
 */
export const Rules = {
  InvalidName: rule<{ subject?: string; field: string; value: string; problem: string }>('MESH001', 'InvalidName', E, {
    message: a => prefixed(a.subject, `${a.field} "${a.value}" ${a.problem}`),
    fix: `use ${DNS_LABEL}`,
  }),
  InvalidHost: rule<{ subject: string; host: string; problem: string; egress?: boolean }>('MESH002', 'InvalidHost', E, {
    message: a => `${a.subject}: ${a.egress ? 'egress host' : 'host'} "${a.host}" ${a.problem}`,
    fix: a => (a.egress
      ? 'write an egress host as namespace/host: namespace "*", ".", "~" or a namespace name; host "*", a DNS name or a wildcard DNS name'
      : 'use a DNS name such as api.example.com, optionally with one leading "*." label, or "*" alone (where wildcards are allowed)'),
  }),
  InvalidRegex: rule<{ subject: string; on: 'path' | ConditionKind; name?: string; value: string; problem: string }>('MESH003', 'InvalidRegex', E, {
    message: a => `${a.subject}: ${a.on === 'path' ? 'path' : `${a.on} "${a.name}"`} regex "${a.value}" ${a.problem}`,
    fix: 'use an RE2 regular expression (no look-around, no back-references), at most 1024 characters',
  }),
  InvalidPort: rule<{ subject: string; port: number }>('MESH004', 'InvalidPort', E, {
    message: a => `${a.subject}: port ${a.port} is not in 1–65535`,
    fix: 'use a port number from 1 to 65535',
  }),
  InvalidWeight: rule<{ subject: string; weight: number; destination?: string }>('MESH005', 'InvalidWeight', E, {
    message: a => (a.destination === undefined
      ? `${a.subject} has weight ${a.weight}; table weights are whole numbers`
      : a.destination === '' ? `${a.subject}: its weights add up to ${a.weight}, past Envoy's total of 4,294,967,295`
        : `${a.subject}: destination ${a.destination} has weight ${a.weight}`),
    fix: a => (a.destination === undefined ? 'give the route table a whole-number weight' : 'use whole-number weights from 0 to 1,000,000'),
  }),
  AllZeroWeights: rule<{ subject: string }>('MESH006', 'AllZeroWeights', E, {
    message: a => `${a.subject}: every destination has weight 0, so no request could be forwarded`,
    fix: 'give at least one destination a weight above 0, or remove the route',
  }),
  DuplicateRouteName: rule<{ table: string; route: string }>('MESH007', 'DuplicateRouteName', E, {
    message: a => `${Subject.table(a.table)} has two routes named "${a.route}"`,
    fix: 'give every route of a table its own name',
  }),
  NamespaceClaimedTwice: rule<{ namespace: string; workspace: string; other: string }>('MESH008', 'NamespaceClaimedTwice', E, {
    message: a => `namespace "${a.namespace}" is claimed by workspace "${a.workspace}" and by workspace "${a.other}"`,
    fix: 'a namespace belongs to one workspace in every cluster (namespace sameness: Istio makes `<svc>.<ns>` in two clusters one '
      + 'service, and `ns/<ns>` one identity): remove it from one of the workspaces',
  }),
  DuplicateHost: rule<{ subject: string; host: string }>('MESH009', 'DuplicateHost', E, {
    message: a => `${a.subject} lists host "${a.host}" twice`,
    fix: 'list each host once',
  }),
  DuplicateResource: rule<{ resource: string; first: string }>('MESH010', 'DuplicateResource', E, {
    message: a => `${a.resource} is also declared by ${a.first}`,
    fix: 'give each resource of a kind its own name in its namespace (workspaces, clusters, access policies: in the mesh), '
      + 'and each external service its own host; or remove one of the two declarations',
  }),
  InvalidPath: rule<ValueArgs & { accessPolicy?: boolean }>('MESH011', 'InvalidPath', E, {
    message: a => `${a.subject}: ${a.field} "${a.value}" ${a.problem}`,
    fix: a => (a.accessPolicy
      ? 'write an access policy path as "/exact", "/prefix*", "*suffix" or "*"'
      : a.field === 'path kind' ? 'build the path with PathMatch.exact, PathMatch.prefix, PathMatch.segmentPrefix or PathMatch.regex'
        : 'paths start with "/" and contain no "//", "/./", "/../", "#" or "%2F"'),
  }),
  InvalidHeaderName: rule<{ subject: string; field: string; name: string; problem?: string }>('MESH012', 'InvalidHeaderName', E, {
    message: a => `${a.subject}: ${a.field} "${a.name}" ${a.problem ?? 'cannot be changed (use hostRewrite)'}`,
    fix: a => (a.problem === undefined
      ? 'change the host of forwarded requests with hostRewrite, not with a header change'
      : unwritableKeyProblem(a.name) !== undefined ? 'match or change a header or parameter of another name'
        : 'use an HTTP token as header or parameter name (letters, digits and !#$%&\'*+-.^_`|~)'),
  }),
  InvalidDuration: rule<{ subject: string; field: string; ms: number }>('MESH014', 'InvalidDuration', E, {
    message: a => `${a.subject}: ${a.field} of ${a.ms}ms is not a whole number of milliseconds from 1 to 9,223,372,036,854 `
      + '(the longest duration istiod parses)',
    fix: 'use a duration of at least 1ms and at most about 292 years, in whole milliseconds',
  }),
  MissingField: rule<{ subject: string; field: string; entry: string }>('MESH015', 'MissingField', E, {
    message: a => `${a.subject} has no ${a.field}`,
    fix: a => `give ${a.subject} at least one ${a.entry}`,
  }),
  InvalidObjectName: rule<{ subject: string; field: string; value: string }>('MESH016', 'InvalidObjectName', E, {
    message: a => `${a.field} "${a.value}" of ${a.subject} is not a DNS-1123 subdomain`,
    fix: 'name the object (service account, Secret, GatewayClass) with a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", '
      + 'at most 253 characters, starting and ending with a letter or digit',
  }),
  DuplicateEntry: rule<{ subject: string; kind: EntryKind; value: string; host?: string }>('MESH017', 'DuplicateEntry', E, {
    message: a => `${a.subject} lists ${a.kind === 'port' ? `port ${a.value}`
      : a.kind === 'listener' ? `a listener on port ${a.value} for host ${a.host ?? '*'}` : `${a.kind} "${a.value}"`} twice`,
    fix: a => (a.kind === 'listener'
      ? 'give each listener of a gateway its own port, or its own hostname on a shared port'
      : `remove the repeated ${a.kind}: each ${a.kind} appears once in a declaration`),
  }),
  DuplicateCondition: rule<{ subject: string; kind: ConditionKind; name: string }>('MESH018', 'DuplicateCondition', E, {
    message: a => `${a.subject}: ${a.kind} "${a.name}" has two conditions in one match set`,
    fix: 'a match set holds one condition per header or query parameter: merge the two into one (a regex if needed), '
      + 'or put them in separate match sets, of which any may match',
  }),
  EmptyConditionValue: rule<{ subject: string; kind: ConditionKind; name: string; match: string }>('MESH019', 'EmptyConditionValue', E, {
    message: a => `${a.subject}: ${a.kind} "${a.name}" has an empty ${a.match}`,
    fix: a => `give the ${a.match} a value, or match any value of the ${a.kind} with present()`,
  }),
  InvalidRedirect: rule<RedirectArgs>('MESH020', 'InvalidRedirect', E, {
    message: a => (a.problem === 'status' ? `${a.subject}: redirect status ${a.status} is not one of ${a.allowed.join(', ')}`
      : a.problem === 'scheme' ? `${a.subject}: redirect scheme "${a.scheme}" is neither http nor https`
        : `${a.subject}: a redirect needs at least one of scheme, host, port, path`),
    fix: a => (a.problem === 'status' ? `redirect with status ${a.allowed.join(', ')} (the default is 301)`
      : a.problem === 'scheme' ? 'redirect to scheme http or https, or leave the scheme unset to keep the request\'s'
        : 'set the scheme, host, port or path the redirect sends clients to'),
  }),
  InvalidDirectResponse: rule<DirectResponseArgs>('MESH021', 'InvalidDirectResponse', E, {
    message: a => (a.problem === 'status'
      ? `${a.subject}: direct response status ${a.status} is not in 200–599`
      : `${a.subject}: direct response body is larger than 1 MiB`),
    fix: a => (a.problem === 'status'
      ? 'answer with a status from 200 to 599 (use a redirect for 3xx with a location)'
      : 'keep a direct response body within 1 MiB; serve larger content from a service'),
  }),
  InvalidRetryPolicy: rule<RetryArgs>('MESH022', 'InvalidRetryPolicy', E, {
    message: a => (a.problem === 'attempts' ? `${a.subject}: retry attempts ${a.attempts} is not a whole number from 0 to 2,147,483,647 (int32)`
      : a.problem === 'zero' ? `${a.subject}: retries with 0 attempts cannot set perTryTimeout or retryOn`
        : `${a.subject}: retryOn "${a.retryOn}" is not a retry condition`),
    fix: a => (a.problem === 'attempts' ? 'use a whole number of retry attempts, 0 to turn retries off'
      : a.problem === 'zero' ? 'raise attempts above 0, or remove perTryTimeout and retryOn'
        : 'use Envoy retry conditions (5xx, gateway-error, reset, connect-failure, retriable-4xx, refused-stream, '
          + 'retriable-status-codes, cancelled, deadline-exceeded, unavailable, …) or an HTTP status such as 503'),
  }),
  InvalidLabel: rule<{ subject: string; key: string; value?: string; problem?: string }>('MESH023', 'InvalidLabel', E, {
    message: a => (a.problem !== undefined ? `${a.subject}: label key "${a.key}" ${a.problem}`
      : a.value === undefined
        ? `${a.subject}: label key "${a.key}" is not a valid label key`
        : `${a.subject}: label value "${a.value}" of "${a.key}" is not a valid label value`),
    fix: a => (a.problem !== undefined ? 'use a label key of another name'
      : a.value === undefined
        ? 'write a label key as an optional DNS-subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" and ".", '
        + 'starting and ending with a letter or digit'
        : 'use a label value of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (or empty)'),
  }),
  ListenerTls: rule<{ listener: string; https: boolean }>('MESH024', 'ListenerTls', E, {
    message: a => (a.https ? `HTTPS ${a.listener} has no tlsSecret` : `HTTP ${a.listener} has a tlsSecret; use HTTPS`),
    fix: a => (a.https
      ? 'set tlsSecret to the Secret holding the listener\'s certificate and key, or make the listener HTTP'
      : 'make the listener HTTPS to terminate TLS with the secret, or remove tlsSecret'),
  }),
  ExternalEndpoints: rule<EndpointArgs>('MESH025', 'ExternalEndpoints', E, {
    message: a => (a.problem === 'none-with-endpoints' ? `${a.service} has resolution NONE, which takes no endpoints`
      : a.problem === 'static-without-endpoints' ? `${a.service} has resolution STATIC but no endpoints`
        : `${a.service}: endpoint "${a.address}" is not an IP address (STATIC resolution)`),
    fix: a => (a.problem === 'none-with-endpoints' ? 'remove the endpoints, or use resolution STATIC (IP addresses) or DNS (host names)'
      : a.problem === 'static-without-endpoints' ? 'list the IP addresses of the service as endpoints, or use resolution DNS'
        : 'with STATIC resolution every endpoint is an IP address: use the address, or resolution DNS for host names'),
  }),
  HttpPolicyWithoutHttpPort: rule<{ service: string }>('MESH026', 'HttpPolicyWithoutHttpPort', E, {
    message: a => `${a.service} sets retries or a timeout, which apply to HTTP calls, but has no HTTP, HTTP2 or GRPC port`,
    fix: 'remove retries and timeout, or declare the port that carries HTTP calls with protocol HTTP, HTTP2 or GRPC',
  }),
  InvalidMethod: rule<{ subject: string; method: string; problem: string; matcher?: boolean }>('MESH027', 'InvalidMethod', E, {
    message: a => `${a.subject}: method "${a.method}" ${a.problem}`,
    fix: a => (a.matcher ? 'match the method with an HttpMethod value (GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE or PATCH)'
      : 'use HTTP method names such as GET, POST, PUT or DELETE'),
  }),
  MissingNamespace: rule<{ subject: string }>('MESH028', 'MissingNamespace', E, {
    message: a => `${a.subject} has no namespace`,
    fix: 'declare it inside a Workspace (it takes the workspace\'s first namespace), or set its namespace',
  }),
  HostlessGatewayTable: rule<{ table: string }>('MESH029', 'HostlessGatewayTable', E, {
    message: a => `${Subject.table(a.table)} attaches to gateways but has no hosts`,
    fix: 'give the table the hosts it serves on its gateways, or remove its gateways to make it a delegation target',
  }),
  DelegationWithoutTargets: rule<RouteArgs>('MESH030', 'DelegationWithoutTargets', E, {
    message: a => `${routeOf(a)} delegates without naming route tables, labels or workspaces`,
    fix: 'name the route tables to delegate to (routeTables), or select them by labels and/or workspaces',
  }),
  InvalidPrefixRewrite: rule<PrefixRewriteArgs>('MESH031', 'InvalidPrefixRewrite', E, {
    message: a => (a.problem === 'regex'
      ? `${routeOf(a)} rewrites the path prefix, but matches the regex ${a.regex}, which has no prefix to replace`
      : `${routeOf(a)} rewrites the prefix of every path to "${a.rewrite}", which is ambiguous `
        + `(is /x then ${a.rewrite}x or ${a.rewrite}/x?)`),
    fix: a => (a.problem === 'regex'
      ? 'replace the whole path with PathRewrite.fullPath, or match a path prefix instead of a regex'
      : `end the rewrite with "/" ("${a.rewrite}/"), or match a path prefix`),
  }),
  InvalidHeaderValue: rule<{ subject: string; field: string; name: string; problem: 'empty' | 'control' | 'format'; detail?: string }>(
    'MESH034', 'InvalidHeaderValue', E, {
      message: a => `${a.subject}: ${a.field} "${a.name}" ${a.problem === 'empty'
        ? 'has an empty value, which the Gateway API schema rejects'
        : a.problem === 'control'
          ? 'has a control character (CR, LF, NUL…) in its value: istiod rejects it, and it would let the value inject headers'
          : `has a value that ${a.detail}: Envoy reads header values as format strings (%VARIABLE%), istiod rejects this one `
            + 'and Envoy would refuse it from an HTTPRoute'}`,
      fix: a => (a.problem === 'empty' ? 'give the header a value, or remove it (match any value with present())'
        : a.problem === 'control' ? 'remove the control characters from the value' : 'write a literal % as %%'),
    }),
  InvalidMeshOption: rule<{ subject: string; option: 'maxDelegationDepth' | 'clusterDomain' | 'trustDomain'; value: string }>(
    'MESH033', 'InvalidMeshOption', E, {
      message: a => `${a.option} "${a.value}" of ${a.subject} is not valid: `
        + (a.option === 'maxDelegationDepth' ? 'it must be a whole number from 1 to 64'
          : a.option === 'clusterDomain' ? 'it must be a DNS name such as cluster.local'
            : 'it must be a SPIFFE trust domain such as cluster.local or cluster1: lower-case letters, digits, ".", "-" and "_" '
              + '(it is written into SPIFFE principals)'),
      fix: a => (a.option === 'maxDelegationDepth' ? 'set maxDelegationDepth to a whole number from 1 to 64 (default 8)'
        : a.option === 'clusterDomain' ? 'set clusterDomain to the DNS domain of the clusters\' services (default cluster.local)'
          : 'set trustDomain to the trust domain of the cluster\'s istiod (`meshConfig.trustDomain`, default cluster.local)'),
    }),
  EmptyWorkloadSelector: rule<{ gateway: string }>('MESH032', 'EmptyWorkloadSelector', E, {
    message: a => `${Subject.gateway(a.gateway)} has an empty workloadSelector: it would configure no gateway workload`,
    fix: 'set workloadSelector to the labels of the gateway\'s proxy pods (for example istio: ingressgateway)',
  }),
  UnresolvedReference: rule<{ subject: string; verb: ReferenceVerb; target: string }>('MESH101', 'UnresolvedReference', E, {
    message: a => `${a.subject} ${a.verb} ${a.target}, which is not part of this mesh`,
    fix: a => `declare ${a.target} in this mesh, or correct the reference`,
  }),
  NamespaceOutsideWorkspace: rule<{ subject: string; scope: string; namespace: string; owner: string }>('MESH102', 'NamespaceOutsideWorkspace', E, {
    message: a => `${a.subject} is declared in workspace "${a.scope}" but its namespace "${a.namespace}" belongs to workspace "${a.owner}"`,
    fix: 'use a namespace of the enclosing workspace, or declare the construct in the workspace owning the namespace',
  }),
  SubsetConflict: rule<RouteArgs & { subset: string; service: string; labels: string; other: string }>('MESH103', 'SubsetConflict', E, {
    message: a => `${routeOf(a)} defines subset "${a.subset}" of ${a.service} as ${a.labels}, but another route defines it as ${a.other}`,
    fix: 'give each subset name of a service one set of pod labels everywhere it is used, or name the subsets apart',
  }),
  UnownedNamespace: rule<{ subject: string; namespace: string; source?: boolean }>('MESH104', 'UnownedNamespace', E, {
    message: a => `${a.subject}: ${a.source ? 'source ' : ''}namespace "${a.namespace}" belongs to no workspace`,
    fix: a => `add namespace ${a.namespace} to a Workspace of this mesh, or use a namespace a Workspace lists`,
  }),
  ForwardToNonHttpPort: rule<RouteArgs & { port: number; protocol: string; service: string }>('MESH105', 'ForwardToNonHttpPort', E, {
    message: a => `${routeOf(a)} forwards HTTP requests to port ${a.port} (${a.protocol}) of external service ${a.service}`,
    fix: 'forward to one of the external service\'s HTTP, HTTP2 or GRPC ports (declare one if needed); '
      + 'TLS and TCP ports do not carry HTTP routes',
  }),
  ServiceWithoutSelector: rule<{ policy: string; service: string }>('MESH106', 'ServiceWithoutSelector', E, {
    message: a => `${Subject.accessPolicy(a.policy)} protects service ${a.service}, which has no pod selector to apply the policy to`,
    fix: 'give the Service a pod selector (spec.selector), or protect another Service',
  }),
  UndeclaredPort: rule<UndeclaredPortArgs>('MESH107', 'UndeclaredPort', E, {
    message: a => (a.problem === 'forward'
      ? `${routeOf(a)} forwards to port ${a.port} of external service ${a.service}, which declares ${a.declared.join(', ')}`
      : `${a.service}: endpoint "${a.address}" maps port "${a.port}", which the service does not declare`),
    fix: a => (a.problem === 'forward'
      ? 'forward to a port the external service declares, or declare the port on it'
      : 'map only ports the external service declares, by their name, or declare the port'),
  }),
  UnresolvedDestination: rule<{ subject: string; reason: string }>('MESH108', 'UnresolvedDestination', E, {
    message: a => `${a.subject}: ${a.reason}`,
    fix: 'point it at a v1 Service declared in this cdk8s app, with a namespace (on the Service or its chart), '
      + 'naming the port when the Service exposes several',
  }),
  DelegationNotShared: rule<DelegationShareArgs>('MESH201', 'DelegationNotShared', E, {
    message: a => `delegating ${routeOf(a)} ${a.selected ? `selects route table ${a.child}` : `delegates to ${a.child}`} `
      + `of workspace "${a.workspace}", but ${a.missing}`,
    fix: 'the child\'s workspace must export ROUTE_TABLE to the parent\'s workspace and the parent\'s workspace must import it',
  }),
  DestinationNotShared: rule<DestinationShareArgs>('MESH202', 'DestinationNotShared', E, {
    message: a => `${routeOf(a)} forwards to ${a.virtual ? 'virtual destination' : `${a.external ? 'external ' : ''}service`} ${a.service} `
      + `of workspace "${a.workspace}"${a.root === undefined ? '' : ` through root table ${a.root}`}, but ${a.missing}`,
    fix: a => `the service's workspace must export ${a.virtual ? 'VIRTUAL_DESTINATION' : a.external ? 'EXTERNAL_SERVICE' : 'SERVICE'} `
      + 'to the route table\'s workspace (and to the root table\'s) and they must import it',
  }),
  GatewayDoesNotAdmit: rule<AttachmentArgs & { missing?: string }>('MESH203', 'GatewayDoesNotAdmit', E, {
    message: a => (a.missing === undefined
      ? `gateway ${a.gateway} (workspace "${a.gatewayWorkspace}") does not admit route table ${a.table} of workspace "${a.workspace}" `
        + `for host ${a.host} (allowedRouteTables)`
      : `gateway ${a.gateway} (workspace "${a.gatewayWorkspace}") admits route table ${a.table}, but ${a.missing}`),
    fix: a => (a.missing === undefined
      ? `add host ${a.host} and workspace "${a.workspace}" to the gateway's allowedRouteTables`
      : `workspace "${a.workspace}" must export ROUTE_TABLE to workspace "${a.gatewayWorkspace}", which must import it`),
  }),
  NoListenerForHost: rule<AttachmentArgs & { listeners: readonly string[]; narrower?: boolean }>('MESH204', 'NoListenerForHost', E, {
    message: a => `gateway ${a.gateway} (workspace "${a.gatewayWorkspace}") has no listener for host ${a.host} of route table ${a.table} `
      + `(listener hostnames: ${a.listeners.join(', ')})`
      + (a.narrower ? ': each listener inside the host serves a narrower host of the gateway, so no request reaches this one' : ''),
    fix: 'add a listener without hostname, or with a hostname covering this host',
  }),
  HostClaimedByWorkspaces: rule<{ host: string; gateway: string; claims: readonly HostClaim[] }>('MESH205', 'HostClaimedByWorkspaces', E, {
    message: a => `host ${a.host} on gateway ${a.gateway} is claimed by route tables of several workspaces: `
      + a.claims.map(c => `${c.table} (${c.workspace})`).join(', '),
    fix: 'let one workspace own the host on this gateway and delegate path prefixes to the other workspaces',
  }),
  RootTableWithoutGateway: rule<{ table: string }>('MESH206', 'RootTableWithoutGateway', E, {
    message: a => `${Subject.table(a.table)} has hosts but is attached to no gateway`,
    fix: 'attach the table to a VirtualGateway, set `eastWest: true` to bind it to the mesh (calls between workloads), '
      + 'or remove its hosts to make it a delegation target',
  }),
  AccessNotShared: rule<{ policy: string; source: string; service: string; workspace: string; missing: string }>('MESH207', 'AccessNotShared', E, {
    message: a => `${Subject.accessPolicy(a.policy)} lets ${a.source} call service ${a.service} of workspace "${a.workspace}", `
      + `but ${a.missing}`,
    fix: 'an access policy grants only what workspaces share: the service\'s workspace must export SERVICE to the source\'s workspace '
      + 'and the source\'s workspace must import it',
  }),
  AccessSelectsNothing: rule<{ policy: string; labels: Readonly<Record<string, string>>; namespace?: string }>('MESH208', 'AccessSelectsNothing', W, {
    message: a => `${Subject.accessPolicy(a.policy)} selects no service of the app with labels ${JSON.stringify(a.labels)}`
      + (a.namespace === undefined ? '' : ` in namespace ${a.namespace}`),
    fix: 'check the labels and namespace of the access policy\'s destinations: it protects no service',
  }),
  AccessBlocksGateway: rule<{ policy: string; service: string; gateway: string; workspace: string }>('MESH209', 'AccessBlocksGateway', E, {
    message: a => `${Subject.accessPolicy(a.policy)} restricts service ${a.service}, which gateway ${a.gateway} routes to: `
      + `the gateway's requests would be denied, because workspace "${a.workspace}" has no serviceIsolation to admit them`,
    fix: 'turn on serviceIsolation for the service\'s workspace (its policy admits the gateways that route to it), '
      + 'or stop routing the gateway to the service',
  }),
  GatewayProxiesOverlap: rule<{ gateway: string; other: string; problem: 'labels' | 'namespace' }>('MESH210', 'GatewayProxiesOverlap', E, {
    message: a => `${Subject.gateway(a.gateway)} and ${Subject.gateway(a.other)} may configure the same gateway proxies `
      + (a.problem === 'labels'
        ? 'but select them with different labels: a proxy carrying both sets would route with both gateways, the others with one'
        : 'but declare them in different namespaces: each gateway\'s routes would be hidden from the other\'s proxies'),
    fix: 'give gateways that share proxies the same workload labels and namespace, or select disjoint workloads '
      + '(a label with different values)',
  }),
  ListenerProtocolClash: rule<{ port: number; gateway: string; other: string }>('MESH211', 'ListenerProtocolClash', E, {
    message: a => `port ${a.port} of the proxies of ${Subject.gateway(a.gateway)} is both HTTP and HTTPS (with ${Subject.gateway(a.other)}): `
      + 'Istio keeps the server of the Gateway created first and drops the other',
    fix: 'serve HTTP and HTTPS on different ports of one proxy',
  }),
  DuplicateServerName: rule<{ port: number; host: string; gateway: string; other: string }>('MESH212', 'DuplicateServerName', E, {
    message: a => `HTTPS port ${a.port} of the proxies of ${Subject.gateway(a.gateway)} names ${a.host} in two servers `
      + `(with ${Subject.gateway(a.other)}): Istio keeps the server created first and drops the other with all its hosts`,
    fix: 'name each TLS host once per port and proxy: one listener for the host, or hosts that do not repeat',
  }),
  DelegationCycle: rule<RouteArgs & { cycle: readonly string[] }>('MESH301', 'DelegationCycle', E, {
    message: a => `delegation cycle: ${a.cycle.join(' → ')} (${routeOf(a)} closes it)`,
    fix: 'break the cycle: a route table must not delegate, directly or through others, to itself',
  }),
  DelegationTooDeep: rule<RouteArgs & { child: string; depth: number; limit: number }>('MESH302', 'DelegationTooDeep', E, {
    message: a => `delegation from ${routeOf(a)} to ${a.child} is ${a.depth} levels deep (limit ${a.limit})`,
    fix: 'flatten the delegation tree, or raise the mesh\'s maxDelegationDepth',
  }),
  DelegationSelectsNothing: rule<RouteArgs>('MESH303', 'DelegationSelectsNothing', E, {
    message: a => `delegating ${routeOf(a)} selects no route table: the requests it matches would get 404`,
    fix: 'check the tables, labels and workspaces the delegate action names (a typo selects nothing); '
      + 'for a table to be declared later, set allowEmpty (then this is a warning)',
  }),
  DelegationTargetIsRoot: rule<RouteArgs & { child: string }>('MESH304', 'DelegationTargetIsRoot', E, {
    message: a => `delegating ${routeOf(a)} delegates to ${a.child}, which has hosts or gateways of its own`,
    fix: 'a delegation target has no hosts and no gateways: remove them from the child table',
  }),
  DelegatingRouteNotPrefix: rule<RouteArgs & { kind: string; value: string }>('MESH305', 'DelegatingRouteNotPrefix', E, {
    message: a => `delegating ${routeOf(a)} matches the path with ${a.kind} ${a.value}; a delegating route matches a prefix`,
    fix: 'match a delegating route on a path prefix (or on no path at all)',
  }),
  ChildOutsideParent: rule<CompositionArgs & { problem: string }>('MESH401', 'ChildOutsideParent', E, {
    message: a => `${composed(a)}: ${a.problem}`,
    fix: 'in ABSOLUTE mode a child path must start with the parent\'s prefix; write the full path, or use RELATIVE mode',
  }),
  UnsatisfiableMatch: rule<CompositionArgs & { problem: string }>('MESH402', 'UnsatisfiableMatch', E, {
    message: a => `${composed(a)}: ${a.problem}`,
    fix: 'remove the child condition that contradicts the delegating route\'s (same header with another value, another method)',
  }),
  ChildRepeatsParentPrefix: rule<CompositionArgs & { path: string; prefix: string; becomes: string }>('MESH403', 'ChildRepeatsParentPrefix', W, {
    message: a => `${composed(a)}: path ${a.path} already starts with the parent prefix ${a.prefix}, so it becomes ${a.becomes}`,
    fix: 'in RELATIVE mode the parent prefix is prepended: write the child path without it',
  }),
  UncombinableMatch: rule<CompositionArgs & { problem: string }>('MESH404', 'UncombinableMatch', E, {
    message: a => `${composed(a)}: ${a.problem}`,
    fix: 'use one condition per header or parameter across parent and child, and only one regular expression on the path',
  }),
  RouteConflict: rule<OverlapArgs>('MESH501', 'RouteConflict', E, {
    message: a => `${routeOf(a)} and ${Subject.route(a.other, a.otherTable)} both match ${a.match} ${on(a)}; `
      + 'only the first would ever be taken',
    fix: 'two route tables match the very same requests on one host: delegate distinct prefixes to them, or drop one route',
  }),
  RouteShadowed: rule<OverlapArgs & { otherMatch: string; catchAll: boolean }>('MESH502', 'RouteShadowed', E, {
    message: a => `${routeOf(a)} can never match: ${a.match} is covered by ${Subject.route(a.other, a.otherTable)} (${a.otherMatch}), `
      + `which comes first ${on(a)}${a.catchAll ? ' (a catch-all route must come last)' : ''}`,
    fix: 'move the more specific route before the one covering it, narrow the earlier match, or use a segment prefix',
  }),
  MatchShadowed: rule<OverlapArgs & { otherMatch: string }>('MESH503', 'MatchShadowed', W, {
    message: a => `one match set of ${routeOf(a)} can never match: ${a.match} is covered by ${Subject.route(a.other, a.otherTable)} `
      + `(${a.otherMatch}), which comes first ${on(a)}`,
    fix: 'remove the match set that an earlier route already covers',
  }),
  OrderDependentRoutes: rule<OverlapArgs & { otherMatch: string; otherGateway: string; port: number }>('MESH505', 'OrderDependentRoutes', E, {
    message: a => `${routeOf(a)} (${a.match}, gateway ${a.gateway}) and ${Subject.route(a.other, a.otherTable)} (${a.otherMatch}, `
      + `gateway ${a.otherGateway}) match some of the same requests on host ${a.host}, port ${a.port}: the gateways share proxies, `
      + 'so Istio joins their routes for the host and the Gateway created first decides',
    fix: 'serve the host from one gateway (delegate to the other team\'s table), make the matches disjoint, '
      + 'or give the gateways different proxies',
  }),
  UnusedRouteTable: rule<{ table: string }>('MESH504', 'UnusedRouteTable', W, {
    message: a => `${Subject.table(a.table)} has no hosts and no route delegates to it`,
    fix: 'attach the table to a gateway (with hosts) or delegate to it; otherwise remove it',
  }),
  TargetCannotExpress: rule<RouteArgs & { problem: string }>('MESH601', 'TargetCannotExpress', E, {
    message: a => `${routeOf(a)}: the Gateway API target cannot express ${a.problem}`,
    fix: 'use a construct the target can render exactly (see the message), or another target for this gateway',
  }),
  PrecedenceMismatch: rule<PrecedenceArgs>('MESH602', 'PrecedenceMismatch', E, {
    message: a => `${placed(a.first)} is meant to take requests before ${placed(a.second)} ${on(a)}, but Gateway API `
      + (a.objects === undefined ? 'ranks the second one first'
        : `ranks them equal and they are in different HTTPRoutes (${a.objects.join(', ')}), so their creation time would decide`),
    fix: 'Gateway API ranks exact paths, then longer path prefixes, then regular expressions, then method, header and query counts: '
      + 'make the route meant to win the more specific one (e.g. a segment prefix instead of a string prefix), '
      + 'or put both routes in one route table',
  }),
  DelegationFlattened: rule<RouteArgs & { host: string; gateway: string; reason: string }>('MESH603', 'DelegationFlattened', W, {
    message: a => `delegating ${routeOf(a)} ${on(a)} is emitted flattened: ${a.reason}`,
    fix: 'none needed: the subtree is emitted flattened in the root VirtualService; keep delegation one level deep, '
      + 'in TABLE_WEIGHT order, with conditions Istio can merge, to get delegate VirtualServices',
  }),
  ObjectNameClash: rule<{ kind: string; namespace: string; name: string; first: string }>('MESH604', 'ObjectNameClash', E, {
    message: a => `this declaration would emit ${a.kind} ${a.namespace}/${a.name}, which ${a.first} emits too`,
    fix: 'rename one of the two declarations (objects are named after them: a gateway\'s VirtualService is <gateway>-<host>), '
      + 'or move one to another namespace',
  }),
  OutputFileClash: rule<{ kind: string; object: string; other: string; file: string; output: string; clusters: boolean }>(
    'MESH605', 'OutputFileClash', E, {
      message: a => `${a.kind} ${a.object} and ${a.other} would be written to the same file ${a.file} by the App's ${a.output} output, `
        + 'which names files <kind>.<name>: one would overwrite the other',
      fix: a => (a.clusters
        ? 'FILE_PER_RESOURCE writes every cluster\'s chart into one folder: use FOLDER_PER_CHART_FILE_PER_RESOURCE (a folder per cluster), '
          + 'FILE_PER_CHART or FILE_PER_APP'
        : 'rename one of the two declarations, or synthesize with FILE_PER_CHART (the default) or FILE_PER_APP'),
    }),
  ObjectTooLarge: rule<ObjectSizeArgs>('MESH606', 'ObjectTooLarge', E, {
    message: a => `${objectOf(a)} would be ${bytes(a.bytes)} bytes of JSON, over the ${bytes(a.limit)} bytes (1.5 MiB) etcd stores `
      + `for one object: the API server would refuse it${a.advice ? `; ${a.advice}` : ''}`,
    fix: a => objectSizeFix(a),
  }),
  ObjectTooLargeToApply: rule<ObjectSizeArgs>('MESH607', 'ObjectTooLargeToApply', W, {
    message: a => `${objectOf(a)} would be ${bytes(a.bytes)} bytes of JSON: client-side kubectl apply copies the whole object into its `
      + `last-applied-configuration annotation, making ${bytes(a.annotationBytes)} bytes of annotations, over the ${bytes(a.limit)} `
      + `bytes Kubernetes allows${a.advice ? `; ${a.advice}` : ''}`,
    fix: a => `apply it server-side (kubectl apply --server-side), which needs no such annotation, or ${objectSizeFix(a)}`,
  }),
  ...MULTICLUSTER_RULES,
  ...TRAFFIC_RULES,
} satisfies Record<string, Rule>;

/** An emitted object over a size limit: which one, how big, and what the target could not do about it. */
interface ObjectSizeArgs {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly cluster: string;
  /** Bytes of the object's JSON. */
  readonly bytes: number;
  /** Bytes of annotations client-side apply would need. */
  readonly annotationBytes: number;
  /** The limit exceeded. */
  readonly limit: number;
  /** Why the target could not emit it smaller, when it tried. */
  readonly advice?: string;
}

const objectOf = (a: ObjectSizeArgs) => `${a.kind} ${a.namespace}/${a.name} of cluster "${a.cluster}"`;

/** A byte count with thousands separators (independent of the locale). */
const bytes = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function objectSizeFix(a: ObjectSizeArgs): string {
  if (a.kind === 'VirtualService' || a.kind === 'HTTPRoute') {
    return 'declare fewer or smaller routes for the host, or give the route tables disjoint matches (distinct path prefixes) '
      + 'so that their routes can go to several objects';
  }
  return `make the declaration producing the ${a.kind} smaller (split it into several)`;
}

/** A route of a PrecedenceMismatch, with its match as the mesh means it and as Gateway API renders it. */
interface PlacedRoute extends RouteArgs {
  readonly match: string;
  readonly rendered: string;
}

function placed(p: PlacedRoute): string {
  return `${routeOf(p)} (${p.match}, rendered ${p.rendered})`;
}
