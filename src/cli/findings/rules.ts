/**
 * What `cdk8s-mesh analyze` reports about existing Istio and Gateway API YAML. A problem the compiler also refuses at
 * synth time keeps the compiler's code and name (MESH501 RouteConflict is the same mistake in a VirtualService as in a
 * RouteTable); problems that only existing YAML can have are MESH8xx. Each names the `istioctl analyze` code of the
 * same problem where istioctl has one (pkg/config/analysis/msg/messages.yaml, Istio 1.30).
 */
import { AnalyzerRule } from './finding';
import { DiagnosticSeverity } from '../../compiler/diagnostics/diagnostic';

const E = DiagnosticSeverity.ERROR;
const W = DiagnosticSeverity.WARNING;

type RuleText<A> = Pick<AnalyzerRule<A>, 'message' | 'fix' | 'istioCode'>;

function rule<A>(code: string, name: string, severity: DiagnosticSeverity, text: RuleText<A>): AnalyzerRule<A> {
  return { code, rule: name, severity, ...text };
}

/** Two routes on one virtual host of a gateway proxy. */
interface PairArgs {
  /** The route reported, e.g. `route "b" of VirtualService ns/vs`. */
  readonly subject: string;
  readonly match: string;
  readonly other: string;
  readonly otherMatch: string;
  readonly host: string;
  readonly gateway: string;
}

/** What decides the order of two routes when nothing else does. */
export type OrderCause = 'VirtualService' | 'Gateway' | 'HTTPRoute';

const on = (a: { host: string; gateway: string }) => `on host ${a.host} of gateway ${a.gateway}`;
const created = (cause: OrderCause) => (cause === 'HTTPRoute'
  ? 'the HTTPRoute created first (then the lower namespace/name) wins, Gateway API ranking them equal'
  : cause === 'Gateway' ? 'the proxies merge both Gateways and the one created first decides'
    : 'istiod appends VirtualServices in creation order and the first match wins');

/** Every rule of the analyzer. */
export const AnalyzerRules = {
  UnresolvedReference: rule<{ subject: string; target: string }>('MESH101', 'UnresolvedReference', E, {
    message: a => `${a.subject} names ${a.target}, which is not in the input`,
    fix: a => `add ${a.target} to the files analyzed, or correct the reference`,
    istioCode: 'IST0101',
  }),
  DelegationNotShared: rule<{ subject: string; delegate: string; exportTo: readonly string[]; namespace: string }>(
    'MESH201', 'DelegationNotShared', E, {
      message: a => `${a.subject} delegates to ${a.delegate}, whose exportTo (${a.exportTo.join(', ')}) does not include namespace `
      + `${a.namespace}: istiod drops the route silently`,
      fix: a => `export the delegate to namespace ${a.namespace} (or "*")`,
    }),
  GatewayDoesNotAdmit: rule<{ subject: string; gateway: string; listener: string }>('MESH203', 'GatewayDoesNotAdmit', E, {
    message: a => `${a.subject} attaches to listener "${a.listener}" of Gateway ${a.gateway}, whose allowedRoutes do not admit it`,
    fix: 'admit the route\'s namespace and kind in the listener\'s allowedRoutes, or attach the route to another listener',
  }),
  NoListenerForHost: rule<{ subject: string; host: string; gateway: string; serverHosts: readonly string[] }>('MESH204', 'NoListenerForHost', E, {
    message: a => `${a.subject} routes host ${a.host} on gateway ${a.gateway}, which serves no such host for it `
      + `(server hosts: ${a.serverHosts.join(', ') || 'none'}): no request reaches these routes`,
    fix: 'add the host to a server (listener) of the gateway, admitting the route\'s namespace, or remove it from the route',
    istioCode: 'IST0132',
  }),
  DelegationSelectsNothing: rule<{ subject: string; delegate: string }>('MESH303', 'DelegationSelectsNothing', E, {
    message: a => `${a.subject} delegates to ${a.delegate}, which is not in the input: istiod drops the route silently`,
    fix: 'add the delegate VirtualService (without hosts) to the files analyzed, or correct the delegate\'s name and namespace',
  }),
  DelegationTargetIsRoot: rule<{ subject: string; delegate: string }>('MESH304', 'DelegationTargetIsRoot', E, {
    message: a => `${a.subject} delegates to ${a.delegate}, which has hosts: istiod only merges delegates without hosts and drops the route`,
    fix: 'remove the hosts of the delegate VirtualService, or delegate to one without hosts',
  }),
  ChildOutsideParent: rule<{ subject: string; parent: string; match: string; parentMatch: string }>('MESH401', 'ChildOutsideParent', E, {
    message: a => `${a.subject} (${a.match}) conflicts with every match of ${a.parent} (${a.parentMatch}): istiod drops the child route silently`,
    fix: 'a delegate\'s match must lie inside the root\'s: start the child path with the root\'s prefix and repeat no header with another value',
  }),
  RouteConflict: rule<PairArgs & { cause: OrderCause }>('MESH501', 'RouteConflict', E, {
    message: a => `${a.subject} and ${a.other} both match ${a.match} ${on(a)}: only one of them is ever taken, and which one is `
      + `decided by creation time (${created(a.cause)})`,
    fix: 'serve the host from one VirtualService that delegates distinct prefixes to the teams, or drop one of the two routes',
  }),
  RouteShadowed: rule<PairArgs & { sameObject: boolean; catchAll: boolean }>('MESH502', 'RouteShadowed', E, {
    message: a => `${a.subject} can never match: ${a.match} is covered by ${a.other} (${a.otherMatch}), which always comes first ${on(a)}`
      + (a.catchAll ? ' (a route without conditions ends its VirtualService: istiod drops every route after it)' : ''),
    fix: 'move the more specific route before the one covering it, narrow the earlier match, or remove the route',
    istioCode: a => (a.sameObject ? 'IST0130' : undefined),
  }),
  MatchShadowed: rule<PairArgs & { sameObject: boolean }>('MESH503', 'MatchShadowed', W, {
    message: a => `one match of ${a.subject} can never match: ${a.match} is covered by ${a.other} (${a.otherMatch}), `
      + `which always comes first ${on(a)}`,
    fix: 'remove the match that an earlier route already covers',
    istioCode: a => (a.sameObject ? 'IST0131' : undefined),
  }),
  OrderDependentRoutes: rule<PairArgs & { cause: OrderCause; lost?: string }>('MESH505', 'OrderDependentRoutes', E, {
    message: a => `${a.subject} (${a.match}) and ${a.other} (${a.otherMatch}) match some of the same requests ${on(a)}, `
      + `and ${created(a.cause)}` + (a.lost ? `: ${a.lost}` : ''),
    fix: 'make the matches disjoint, or serve the host from one VirtualService that delegates distinct prefixes, '
      + 'so that creation time decides nothing',
  }),
  DuplicateMeshHost: rule<{ subject: string; other: string; host: string }>('MESH801', 'DuplicateMeshHost', E, {
    message: a => `${a.subject} and ${a.other} both route host ${a.host} for the mesh (sidecars) in overlapping exportTo scopes: `
      + 'sidecars use the VirtualService created first and ignore the other entirely',
    fix: 'merge the two into one VirtualService per host, or give them disjoint exportTo',
    istioCode: 'IST0109',
  }),
  MissingReferenceGrant: rule<{ subject: string; backend: string; namespace: string; mirror?: boolean }>('MESH802', 'MissingReferenceGrant', E, {
    message: a => `${a.subject} ${a.mirror ? 'mirrors' : 'forwards'} to ${a.backend} in namespace ${a.namespace}, and no ReferenceGrant `
      + `there admits it: ${a.mirror ? 'istiod drops the mirror and keeps the route' : 'the backend is not configured'} `
      + '(ResolvedRefs=False, RefNotPermitted)',
    fix: a => `add a ReferenceGrant in namespace ${a.namespace} from this HTTPRoute's namespace to the Service`,
  }),
  HiddenFromGateway: rule<{ subject: string; gateway: string; namespaces: readonly string[]; exportTo: readonly string[] }>(
    'MESH803', 'HiddenFromGateway', E, {
      message: a => `${a.subject} is bound to gateway ${a.gateway}, whose proxies run in namespace ${a.namespaces.join(' or ')}, `
      + `but its exportTo (${a.exportTo.join(', ')}) hides it from there: the gateway never routes with it`,
      fix: a => `add ${a.namespaces[0]} (or "*") to exportTo; name the proxies' namespace with --gateway-namespace when the input has no `
      + 'workload carrying the Gateway\'s selector',
    }),
} satisfies Record<string, AnalyzerRule>;
