/**
 * Traffic policies resolved: their fields checked, their destinations resolved to mesh hosts, and — per host — the
 * callers each one applies to (a workspace speaks only for its own workloads unless it owns the destination).
 */
import { MeshHost, hostOf } from './mesh-hosts';
import { CallerScope, ANY_CALLER } from './scope';
import {
  DestinationPolicyModel, MeshModel, RequestPolicyModel, ServiceRefModel, SourceScopeModel, TrafficPolicyModel, WeightedDestinationModel,
  WorkspaceModel,
} from '../../model';
import { sortedSet } from '../algebra/collections';
import { carries } from '../algebra/labels';
import { effective, EffectiveMatch } from '../algebra/match';
import { cmp } from '../algebra/order';
import { Diagnostics, Locatable, Rules, Subject } from '../diagnostics/catalogue';
import { checkHeaderChanges, checkMatch, duration, labels as checkLabels } from '../passes/declarations';
import { Tenancy } from '../tenancy';
import { corsProblems, loadBalancerProblems } from './value-checks';

/** Request fields, in the order they are merged and reported, with the name users give them. */
export const REQUEST_FIELDS: ReadonlyArray<[keyof RequestPolicyModel, string]> = [
  ['shift', 'trafficShift'], ['timeoutMs', 'timeout'], ['retries', 'retries'], ['fault', 'faultInjection'], ['mirror', 'mirror'],
  ['cors', 'cors'], ['requestHeaders', 'requestHeaders'], ['responseHeaders', 'responseHeaders'],
];

/** Destination fields (a DestinationRule's traffic policy). */
export const DESTINATION_FIELDS: ReadonlyArray<[keyof DestinationPolicyModel, string]> = [
  ['outlierDetection', 'outlierDetection'], ['connectionPool', 'connectionPool'], ['tls', 'tls'], ['loadBalancer', 'loadBalancer'],
];

/** Something that sets request fields for the calls to a host: a traffic policy, or an external service's client policy. */
export interface PolicyLayer {
  /** For messages: `traffic policy ns/name` or `external service ns/name`. */
  readonly subject: string;
  readonly at: Locatable;
  /** The callers it applies to, in every cluster of `clusters`. */
  readonly callers: CallerScope;
  /** Clusters of the callers; undefined: every cluster. */
  readonly clusters?: readonly string[];
  /** OR of match sets; empty: every request. */
  readonly matches: readonly EffectiveMatch[];
  readonly fields: RequestPolicyModel;
}

/** A traffic policy with its destinations resolved. */
export interface ResolvedPolicy {
  readonly model: TrafficPolicyModel;
  readonly subject: string;
  readonly workspace?: WorkspaceModel;
  /** The hosts it applies to, sorted. */
  readonly hosts: readonly MeshHost[];
}

const MAX_INT32 = 2 ** 31 - 1;

/** The subject of a policy in messages. */
function policySubject(p: TrafficPolicyModel): string {
  return `traffic policy ${p.namespace}/${p.name}`;
}

function percentage(d: Diagnostics, p: TrafficPolicyModel, field: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 100)) {
    d.report(Rules.InvalidPercentage, p, { subject: policySubject(p), field, value });
  }
}

function count(d: Diagnostics, p: TrafficPolicyModel, field: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= MAX_INT32)) {
    d.report(Rules.InvalidPolicyValue, p, {
      subject: policySubject(p),
      field,
      problem: `is ${value}, not a whole number from ${min} to ${MAX_INT32}`,
    });
  }
}

/** Checks the destination fields of a policy: connection pool, TLS, outlier detection. */
function checkDestinationFields(p: TrafficPolicyModel, d: Diagnostics): void {
  const what = policySubject(p);
  const invalid = (field: string, problem: string) => d.report(Rules.InvalidPolicyValue, p, { subject: what, field, problem });
  const pool = p.connectionPool;
  if (pool) {
    for (const k of ['maxConnections', 'maxPendingRequests', 'maxRequests', 'maxRequestsPerConnection', 'maxRetries'] as const) {
      count(d, p, `connectionPool.${k}`, pool[k], k === 'maxRetries' ? 0 : 1);
    }
    duration(d, p, what, 'connectionPool.connectTimeout', pool.connectTimeoutMs);
    duration(d, p, what, 'connectionPool.idleTimeout', pool.idleTimeoutMs);
  }
  if (p.tls?.mode === 'MUTUAL' && !p.tls.credentialName) {
    invalid('tls',
      'is MUTUAL without credentialName (the secret holding the client certificate)');
  }
  if (p.outlierDetection) {
    duration(d, p, what, 'outlierDetection.interval', p.outlierDetection.intervalMs);
    duration(d, p, what, 'outlierDetection.baseEjectionTime', p.outlierDetection.baseEjectionTimeMs);
    percentage(d, p, 'outlierDetection.maxEjectionPercent', p.outlierDetection.maxEjectionPercent);
    count(d, p, 'outlierDetection.consecutiveErrors', p.outlierDetection.consecutiveErrors, 0);
  }
}

/** Checks the values of a policy's fields: what istiod's validation would refuse is refused here. */
export function checkPolicyFields(p: TrafficPolicyModel, d: Diagnostics): void {
  const what = policySubject(p);
  const invalid = (field: string, problem: string) => d.report(Rules.InvalidPolicyValue, p, { subject: what, field, problem });
  p.matches.forEach(m => checkMatch(m, d, p, what));
  duration(d, p, what, 'timeout', p.timeoutMs);
  if (p.retries) {
    count(d, p, 'retries.attempts', p.retries.attempts, 0);
    duration(d, p, what, 'retries.perTryTimeout', p.retries.perTryTimeoutMs);
  }
  const f = p.fault;
  if (f && !f.delay && !f.abort) invalid('faultInjection', 'sets neither a delay nor an abort');
  if (f?.delay) {
    duration(d, p, what, 'faultInjection.delay.fixedDelay', f.delay.fixedDelayMs);
    percentage(d, p, 'faultInjection.delay.percentage', f.delay.percentage);
  }
  if (f?.abort) {
    percentage(d, p, 'faultInjection.abort.percentage', f.abort.percentage);
    // networking/v1alpha3 validation `validateHTTPFaultInjectionAbort`: the status must be a valid HTTP status.
    if (!Number.isInteger(f.abort.httpStatus) || f.abort.httpStatus < 200 || f.abort.httpStatus > 599) {
      invalid('faultInjection.abort.httpStatus', `is ${f.abort.httpStatus}, not an HTTP status from 200 to 599`);
    }
  }
  if (p.mirror) percentage(d, p, 'mirror.percentage', p.mirror.percentage);
  for (const x of [...(p.cors ? corsProblems(p.cors) : []), ...(p.loadBalancer ? loadBalancerProblems(p.loadBalancer) : [])]) {
    invalid(x.field,
      x.problem);
  }
  if (p.cors) duration(d, p, what, 'cors.maxAge', p.cors.maxAgeMs);
  checkHeaderChanges(d, p, what, p.requestHeaders, p.responseHeaders);
  checkDestinationFields(p, d);
  for (const w of p.shift ?? []) {
    if (!(Number.isInteger(w.weight) && w.weight >= 0 && w.weight <= 1_000_000)) {
      d.report(Rules.InvalidWeight, p, {
        subject: what,
        weight: w.weight,
        destination: 'a trafficShift destination',
      });
    }
  }
  if (p.shift && p.shift.length > 0 && p.shift.every(w => w.weight === 0)) d.report(Rules.AllZeroWeights, p, { subject: what });
  if (p.sources) checkLabels(d, p, what, p.sources.labels);
  const scoped = p.sources !== undefined || p.matches.length > 0;
  const destinationFields = DESTINATION_FIELDS.filter(([k]) => p[k] !== undefined).map(([, name]) => name);
  if (scoped && destinationFields.length > 0) {
    d.report(Rules.DestinationPolicyScoped, p, {
      policy: `${p.namespace}/${p.name}`,
      fields: destinationFields.join(', '),
    });
  }
}

/** The hosts a policy names or selects (the Services carrying its labels, in its workspace's namespaces), sorted. */
export function resolvePolicy(p: TrafficPolicyModel, model: MeshModel, hosts: ReadonlyMap<string, MeshHost>, tenancy: Tenancy,
  d: Diagnostics): ResolvedPolicy {
  const subject = policySubject(p);
  const workspace = tenancy.ownerOf(p.namespace);
  if (p.namespace === '') d.report(Rules.MissingNamespace, p, { subject });
  else if (!workspace) d.report(Rules.UnownedNamespace, p, { subject, namespace: p.namespace });
  const found = new Map<string, MeshHost>();
  for (const dest of p.targets.destinations) {
    if (!dest.service) {
      d.report(Rules.UnresolvedDestination, p, { subject, reason: dest.error ?? 'unresolved destination' });
      continue;
    }
    const h = hostOf(dest.service, hosts, model.clusterDomain);
    if (!h) {
      d.report(Rules.UnresolvedReference, p, {
        subject,
        verb: 'names',
        target: Subject.destination(`${dest.service.namespace}/${dest.service.name}`),
      });
    } else {found.set(h.host, h);}
  }
  const sel = p.targets.selector;
  if (sel && workspace) {
    for (const h of hosts.values()) {
      if (h.kind === 'SERVICE' && workspace.namespaces.includes(h.namespace) && carries(h.labels, sel.labels)) {
        found.set(h.host, h);
      }
    }
  }
  const resolved = [...found.values()].sort((a, b) => cmp(a.host, b.host));
  if (resolved.length === 0) d.report(Rules.PolicySelectsNothing, p, { policy: `${p.namespace}/${p.name}` });
  for (const h of resolved) checkShared(subject, p, workspace, h, tenancy, d);
  return { model: p, subject, workspace, hosts: resolved };
}

/** Reports a destination (or shift target) of another workspace that is not shared with the policy's workspace. */
export function checkShared(
  subject: string, at: Locatable, user: WorkspaceModel | undefined, h: {
    namespace: string;
    name: string;
    labels: Readonly<Record<string,
      string>>;
    kind: MeshHost['kind'];
  },
  tenancy: Tenancy, d: Diagnostics,
): void {
  const owner = tenancy.ownerOf(h.namespace);
  if (!user || !owner || tenancy.canUse(user, owner, h.kind, h.labels)) return;
  d.report(Rules.PolicyDestinationNotShared, at, {
    subject,
    target: `${h.kind.toLowerCase().replace('_', ' ')} ${h.namespace}/${h.name}`,
    workspace: owner.name,
    missing: tenancy.missingShare(user, owner, h.kind, h.labels),
  });
}

/**
 * The callers a policy or table of workspace `user` applies to for a host of workspace `owner`: as declared, or — when
 * `user` is not the owner — only `user`'s own namespaces (declaring others' is reported). Undefined when nothing is left.
 */
export function callersFor(
  subject: string, at: Locatable, sources: SourceScopeModel | undefined, user: WorkspaceModel | undefined, owner: WorkspaceModel,
  tenancy: Tenancy, d: Diagnostics,
): CallerScope | undefined {
  const fromWorkspaces = sources && sources.workspaces.length > 0
    ? sources.workspaces.flatMap(w => tenancy.named(w)?.namespaces ?? []) : undefined;
  let namespaces = sources?.namespaces ? sortedSet(sources.namespaces) : undefined;
  if (fromWorkspaces) namespaces = namespaces ? namespaces.filter(n => fromWorkspaces.includes(n)) : sortedSet(fromWorkspaces);
  const labels = { ...(sources?.labels ?? {}) };
  if (user && user !== owner) {
    const own = user.namespaces;
    const beyond = (namespaces ?? []).filter(n => !own.includes(n));
    if (beyond.length > 0) {
      d.report(Rules.CallersBeyondWorkspace, at, { subject, workspace: user.name, callers: beyond.join(', ') });
      return undefined;
    }
    namespaces = namespaces ?? sortedSet(own);
  }
  if (namespaces && namespaces.length === 0) return undefined;
  return namespaces === undefined && Object.keys(labels).length === 0 ? ANY_CALLER : { namespaces, labels };
}

/** The effective match sets of a policy (empty: every request). */
export function policyMatches(p: TrafficPolicyModel): EffectiveMatch[] {
  return p.matches.map(effective);
}

/** The request fields a policy sets. */
export function requestFields(p: TrafficPolicyModel): RequestPolicyModel {
  return Object.fromEntries(REQUEST_FIELDS.filter(([k]) => p[k] !== undefined).map(([k]) => [k, p[k]]));
}

/** The destinations a policy sends requests (or their copies) to: its shift targets and its mirror. */
export function sendsTo(p: TrafficPolicyModel): WeightedDestinationModel[] {
  return [...(p.shift ?? []), ...(p.mirror ? [p.mirror.destination] : [])];
}

/** A resolved service reference's mesh host kind, for shares. */
export function refKind(s: ServiceRefModel): MeshHost['kind'] {
  return s.external ? 'EXTERNAL_SERVICE' : s.virtual ? 'VIRTUAL_DESTINATION' : 'SERVICE';
}
