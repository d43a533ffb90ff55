/**
 * The rules of traffic policies and east–west route tables (MESH9xx): part of the catalogue (`Rules`).
 */
import { DiagnosticSeverity } from './diagnostic';
import { rule } from './rule';

const E = DiagnosticSeverity.ERROR;
const W = DiagnosticSeverity.WARNING;

/** Traffic rules, by name. */
export const TRAFFIC_RULES = {
  PolicyFieldConflict: rule<{ field: string; host: string; first: string; second: string; callers: string }>(
    'MESH901', 'PolicyFieldConflict', E, {
      message: a => `${a.first} and ${a.second} both set ${a.field} for the same requests to ${a.host} (from ${a.callers}): `
        + 'which one applies would be arbitrary',
      fix: 'set the field in one of them only, or narrow one (sources or matchers) so that it is strictly more specific than the other',
    }),
  PolicyScopesCross: rule<{ host: string; first: string; second: string }>('MESH902', 'PolicyScopesCross', E, {
    message: a => `${a.first} and ${a.second} apply to overlapping requests to ${a.host}, but neither contains the other: where `
      + 'they meet, only one route can carry the fields, and no order is right for both',
    fix: 'make one policy\'s sources and matchers a subset of the other\'s, or make them disjoint',
  }),
  SecondMeshVirtualService: rule<{ object: string; host: string }>('MESH903', 'SecondMeshVirtualService', E, {
    message: a => `the app's ${a.object} (a VirtualService, or an HTTPRoute whose parent is the Service) also serves ${a.host} to `
      + 'sidecars, as the mesh does: a sidecar uses only one VirtualService of a host (those of its own namespace first, then by '
      + 'creation time) and silently ignores the other',
    fix: 'express those routes as an east–west RouteTable or a TrafficPolicy of the mesh, or remove the host from the object',
  }),
  ShiftTargetMatchesNoWorkload: rule<{ subject: string; subset: string; service: string; labels: string }>(
    'MESH904', 'ShiftTargetMatchesNoWorkload', E, {
      message: a => `${a.subject} sends traffic to subset "${a.subset}" of ${a.service}, but no workload the app declares behind that `
        + `service carries ${a.labels}: the subset would have no endpoint and requests to it would fail with 503`,
      fix: 'correct the subset labels, or declare the workload (Deployment, StatefulSet, …) carrying them',
    }),
  InvalidPercentage: rule<{ subject: string; field: string; value: number }>('MESH905', 'InvalidPercentage', E, {
    message: a => `${a.subject}: ${a.field} is ${a.value}, not a percentage between 0 and 100`,
    fix: 'give a number from 0 to 100 (fractions allowed)',
  }),
  DestinationPolicyScoped: rule<{ policy: string; fields: string }>('MESH906', 'DestinationPolicyScoped', E, {
    message: a => `traffic policy ${a.policy} sets ${a.fields} with sources or matchers, but Istio applies these per destination, `
      + 'to every request of every caller that sees its DestinationRule (a DestinationRule has no request or pod-label scope)',
    fix: 'move these fields to a policy without sources and matchers',
  }),
  UnknownMeshHost: rule<{ table: string; host: string }>('MESH907', 'UnknownMeshHost', E, {
    message: a => `east–west route table ${a.table} names host ${a.host}, which is no known Service `
      + '(`<name>.<namespace>.svc.<cluster domain>`), virtual destination or external service of the mesh',
    fix: 'name the host of a Service declared in the app or an inventory, a virtual destination or an external service',
  }),
  CallersBeyondWorkspace: rule<{ subject: string; workspace: string; callers: string }>('MESH908', 'CallersBeyondWorkspace', E, {
    message: a => `${a.subject} would change how ${a.callers} call a destination of another workspace, but a workspace may only `
      + `speak for its own workloads ("${a.workspace}")`,
    fix: 'select only the workspace\'s own namespaces as sources, or declare the policy in the destination\'s workspace',
  }),
  PolicySelectsNothing: rule<{ policy: string }>('MESH909', 'PolicySelectsNothing', W, {
    message: a => `traffic policy ${a.policy} applies to no destination`,
    fix: 'name destinations, or give destination labels that a known Service carries',
  }),
  UnreachableShiftTarget: rule<{ subject: string; target: string; reason: string }>('MESH910', 'UnreachableShiftTarget', E, {
    message: a => `${a.subject} sends traffic to ${a.target}, which ${a.reason}`,
    fix: 'pin only Services of clusters federated with the callers\' (a virtual mesh with `federation`); a subset there needs a pod selector',
  }),
  InvalidPolicyValue: rule<{ subject: string; field: string; problem: string }>('MESH911', 'InvalidPolicyValue', E, {
    message: a => `${a.subject}: ${a.field} ${a.problem}`,
    fix: 'give a value istiod accepts (see the message)',
  }),
  UncombinablePolicyMatch: rule<{ subject: string; host: string; problem: string }>('MESH912', 'UncombinablePolicyMatch', E, {
    message: a => `${a.subject} cannot be combined with the routes of ${a.host}: ${a.problem}`,
    fix: 'use matchers whose paths nest (one prefix inside the other) or are equal; an Istio route carries one path condition',
  }),
  MisplacedEastWestTable: rule<{ table: string; problem: string }>('MESH913', 'MisplacedEastWestTable', E, {
    message: a => `route table ${a.table} ${a.problem}`,
    fix: 'an east–west table (eastWest: true) has hosts and no gateways; `sources` applies to east–west tables only',
  }),
  PolicyDestinationNotShared: rule<{ subject: string; target: string; workspace: string; missing: string }>(
    'MESH914', 'PolicyDestinationNotShared', E, {
      message: a => `${a.subject} names ${a.target} of workspace "${a.workspace}", but ${a.missing}`,
      fix: 'the destination\'s workspace must export it to the policy\'s workspace, and that workspace must import it',
    }),
  HostOutsideWorkspaceClusters: rule<{ subject: string; host: string; workspace: string; clusters: readonly string[] }>(
    'MESH915', 'HostOutsideWorkspaceClusters', E, {
      message: a => `${a.subject} applies to ${a.host}, which runs in ${a.clusters.length > 1 ? 'clusters' : 'cluster'} `
        + `${a.clusters.map(c => `"${c}"`).join(', ')}, where workspace `
        + `"${a.workspace}" owning its namespace does not exist: no mesh VirtualService or DestinationRule of the host can go there, `
        + 'so the calls to it there would go by no policy or table',
      fix: 'add the cluster to the workspace\'s clusters, declare the Service only in the clusters the workspace spans, or limit the '
        + 'policy or table to the other clusters (`sources.clusters`)',
    }),
};
