import { cmp } from '../algebra/order';
import { Diagnostic, DiagnosticSeverity } from './diagnostic';

/** A rule of the compiler: a stable code, a name, a severity and the fix users are told. */
export interface Rule {
  readonly code: string;
  readonly rule: string;
  readonly severity: DiagnosticSeverity;
  readonly fix: string;
}

const E = DiagnosticSeverity.ERROR;
const W = DiagnosticSeverity.WARNING;

/** Every rule the compiler checks. Codes are stable once published. */
export const Rules = {
  InvalidName: { code: 'MESH001', rule: 'InvalidName', severity: E, fix: 'use a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit' },
  InvalidHost: { code: 'MESH002', rule: 'InvalidHost', severity: E, fix: 'use a DNS name such as api.example.com, optionally with one leading "*." label, or "*" alone' },
  InvalidRegex: { code: 'MESH003', rule: 'InvalidRegex', severity: E, fix: 'use an RE2 regular expression (no look-around, no back-references), at most 1024 characters' },
  InvalidPort: { code: 'MESH004', rule: 'InvalidPort', severity: E, fix: 'use a port number from 1 to 65535' },
  InvalidWeight: { code: 'MESH005', rule: 'InvalidWeight', severity: E, fix: 'use whole-number weights from 0 to 1,000,000' },
  AllZeroWeights: { code: 'MESH006', rule: 'AllZeroWeights', severity: E, fix: 'give at least one destination a weight above 0, or remove the route' },
  DuplicateRouteName: { code: 'MESH007', rule: 'DuplicateRouteName', severity: E, fix: 'give every route of a table its own name' },
  NamespaceClaimedTwice: { code: 'MESH008', rule: 'NamespaceClaimedTwice', severity: E, fix: 'a namespace belongs to one workspace per cluster: remove it from one of the workspaces' },
  DuplicateHost: { code: 'MESH009', rule: 'DuplicateHost', severity: E, fix: 'list each host once' },
  DuplicateResource: { code: 'MESH010', rule: 'DuplicateResource', severity: E, fix: 'give each resource of a kind its own name in its namespace (workspaces: in the mesh)' },
  InvalidPath: { code: 'MESH011', rule: 'InvalidPath', severity: E, fix: 'paths start with "/" and contain no "//", "/./", "/../", "#" or "%2F"' },
  InvalidHeaderName: { code: 'MESH012', rule: 'InvalidHeaderName', severity: E, fix: 'use an HTTP token as header or parameter name (letters, digits and !#$%&\'*+-.^_`|~)' },
  InvalidValue: { code: 'MESH013', rule: 'InvalidValue', severity: E, fix: 'give the field a value in its documented range' },
  InvalidDuration: { code: 'MESH014', rule: 'InvalidDuration', severity: E, fix: 'use a duration of at least 1ms, in whole milliseconds' },
  MissingField: { code: 'MESH015', rule: 'MissingField', severity: E, fix: 'set the field named in the message' },
  UnresolvedReference: { code: 'MESH101', rule: 'UnresolvedReference', severity: E, fix: 'declare the referenced resource in this mesh, or fix the reference' },
  NamespaceOutsideWorkspace: { code: 'MESH102', rule: 'NamespaceOutsideWorkspace', severity: E, fix: 'use a namespace of the enclosing workspace, or add the namespace to a workspace' },
  SubsetConflict: { code: 'MESH103', rule: 'SubsetConflict', severity: E, fix: 'give each subset name of a service one set of pod labels everywhere it is used' },
  DelegationNotShared: { code: 'MESH201', rule: 'DelegationNotShared', severity: E, fix: 'the child\'s workspace must export ROUTE_TABLE to the parent\'s workspace and the parent\'s workspace must import it' },
  DestinationNotShared: { code: 'MESH202', rule: 'DestinationNotShared', severity: E, fix: 'the service\'s workspace must export SERVICE to the route table\'s workspace (and to the root table\'s) and they must import it' },
  GatewayDoesNotAdmit: { code: 'MESH203', rule: 'GatewayDoesNotAdmit', severity: E, fix: 'add the host and workspace to the gateway\'s allowedRouteTables, and share the route table with the gateway\'s workspace' },
  NoListenerForHost: { code: 'MESH204', rule: 'NoListenerForHost', severity: E, fix: 'add a listener without hostname, or with a hostname covering this host' },
  HostClaimedByWorkspaces: { code: 'MESH205', rule: 'HostClaimedByWorkspaces', severity: E, fix: 'let one workspace own the host on this gateway and delegate path prefixes to the other workspaces' },
  RootTableWithoutGateway: { code: 'MESH206', rule: 'RootTableWithoutGateway', severity: E, fix: 'attach the table to a VirtualGateway, or remove its hosts to make it a delegation target' },
  AccessNotShared: { code: 'MESH207', rule: 'AccessNotShared', severity: E, fix: 'an access policy grants only what workspaces share: the service\'s workspace must export SERVICE to the source\'s workspace and the source\'s workspace must import it' },
  AccessSelectsNothing: { code: 'MESH208', rule: 'AccessSelectsNothing', severity: W, fix: 'check the labels and namespace of the access policy\'s destinations: it protects no service' },
  AccessBlocksGateway: { code: 'MESH209', rule: 'AccessBlocksGateway', severity: E, fix: 'turn on serviceIsolation for the service\'s workspace (its policy admits the gateways that route to it), or stop routing the gateway to the service' },
  DelegationCycle: { code: 'MESH301', rule: 'DelegationCycle', severity: E, fix: 'break the cycle: a route table must not delegate, directly or through others, to itself' },
  DelegationTooDeep: { code: 'MESH302', rule: 'DelegationTooDeep', severity: E, fix: 'flatten the delegation tree, or raise the mesh\'s maxDelegationDepth' },
  DelegationSelectsNothing: { code: 'MESH303', rule: 'DelegationSelectsNothing', severity: W, fix: 'check the labels and workspaces of the delegate action: requests it matches get 404' },
  DelegationTargetIsRoot: { code: 'MESH304', rule: 'DelegationTargetIsRoot', severity: E, fix: 'a delegation target has no hosts and no gateways: remove them from the child table' },
  DelegatingRouteNotPrefix: { code: 'MESH305', rule: 'DelegatingRouteNotPrefix', severity: E, fix: 'match a delegating route on a path prefix (or on no path at all)' },
  ChildOutsideParent: { code: 'MESH401', rule: 'ChildOutsideParent', severity: E, fix: 'in ABSOLUTE mode a child path must start with the parent\'s prefix; write the full path, or use RELATIVE mode' },
  UnsatisfiableMatch: { code: 'MESH402', rule: 'UnsatisfiableMatch', severity: E, fix: 'remove the child condition that contradicts the delegating route\'s (same header with another value, another method)' },
  ChildRepeatsParentPrefix: { code: 'MESH403', rule: 'ChildRepeatsParentPrefix', severity: W, fix: 'in RELATIVE mode the parent prefix is prepended: write the child path without it' },
  UncombinableMatch: { code: 'MESH404', rule: 'UncombinableMatch', severity: E, fix: 'use one condition per header or parameter across parent and child, and only one regular expression on the path' },
  RouteConflict: { code: 'MESH501', rule: 'RouteConflict', severity: E, fix: 'two route tables match the very same requests on one host: delegate distinct prefixes to them, or drop one route' },
  RouteShadowed: { code: 'MESH502', rule: 'RouteShadowed', severity: E, fix: 'move the more specific route before the one covering it, narrow the earlier match, or use a segment prefix' },
  MatchShadowed: { code: 'MESH503', rule: 'MatchShadowed', severity: W, fix: 'remove the match set that an earlier route already covers' },
  TargetCannotExpress: { code: 'MESH601', rule: 'TargetCannotExpress', severity: E, fix: 'use a construct the target can render exactly (see the message), or another target for this gateway' },
  PrecedenceMismatch: { code: 'MESH602', rule: 'PrecedenceMismatch', severity: E, fix: 'Gateway API ranks exact paths, then longer path prefixes, then regular expressions, then method, header and query counts: make the route meant to win the more specific one (e.g. a segment prefix instead of a string prefix), or put both routes in one route table' },
  DelegationFlattened: { code: 'MESH603', rule: 'DelegationFlattened', severity: W, fix: 'none needed: the subtree is emitted flattened in the root VirtualService; keep delegation one level deep, in TABLE_WEIGHT order, with conditions Istio can merge, to get delegate VirtualServices' },
  UnusedRouteTable: { code: 'MESH504', rule: 'UnusedRouteTable', severity: W, fix: 'attach the table to a gateway (with hosts) or delegate to it; otherwise remove it' },
} satisfies Record<string, Rule>;

/** Collects diagnostics; each is reported once. */
export class Diagnostics {
  private readonly items = new Map<string, Diagnostic>();

  /** Reports `rule` at the construct `path`. */
  public report(rule: Rule, path: string, message: string): void {
    const severity = rule.severity;
    const key = `${rule.code}|${path}|${message}`;
    if (!this.items.has(key)) this.items.set(key, { severity, code: rule.code, rule: rule.rule, path, message, fix: rule.fix });
  }

  /** Adds a diagnostic found elsewhere (another pass over the same mesh). */
  public add(diagnostic: Diagnostic): void {
    this.items.set(`${diagnostic.code}|${diagnostic.path}|${diagnostic.message}`, diagnostic);
  }

  /** Reports `rule` as a warning whatever its usual severity. */
  public warn(rule: Rule, path: string, message: string): void {
    this.report({ ...rule, severity: DiagnosticSeverity.WARNING }, path, message);
  }

  /** All diagnostics, errors first, then by code, path and message: independent of declaration order. */
  public sorted(): Diagnostic[] {
    const rank = (d: Diagnostic) => (d.severity === DiagnosticSeverity.ERROR ? 0 : 1);
    return [...this.items.values()].sort((a, b) =>
      rank(a) - rank(b) || cmp(a.code, b.code) || cmp(a.path, b.path) || cmp(a.message, b.message));
  }
}

/** Plain string order (code-point), independent of locale. */
export { cmp };
