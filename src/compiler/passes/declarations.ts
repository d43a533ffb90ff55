/**
 * Checks of each declaration on its own: names, hosts, paths, regular expressions, ports, weights, durations,
 * and duplicates among declarations of one kind.
 */
import {
  AccessPolicyModel, ActionModel, DirectResponseActionModel, ExternalProtocol, ExternalServiceModel, ForwardActionModel, GatewayModel,
  HeaderChangesModel, ListenerModel, MatchModel, MeshModel, RedirectActionModel, RetryModel, RouteTableModel, ValueCondition,
  WeightedDestinationModel,
} from '../../model';
import { headerFormatProblem } from '../algebra/header-value';
import { unwritableKeyProblem } from '../algebra/manifest-keys';
import { HTTP_METHODS, isHttpMethod, isPathKind } from '../algebra/match';
import { tableRef } from '../algebra/names';
import { regexProblem } from '../algebra/regex';
import {
  accessPathProblem, concreteHostProblem, dnsLabelProblem, egressHostProblem, hostProblem, isDnsSubdomain, pathProblem, tokenProblem,
} from '../algebra/syntax';
import { CompileContext } from '../context';
import { Diagnostics, Locatable, Note, related, Rules, Subject, Where } from '../diagnostics/catalogue';
import { Pass } from '../pass';

const MAX_WEIGHT = 1_000_000;
/** Envoy adds a route's weights in a uint32 (route_components.proto, WeightedCluster). */
const MAX_TOTAL_WEIGHT = 2 ** 32 - 1;
/** Istio's retry attempts are an int32 (networking/v1 HTTPRetry.attempts). */
const MAX_INT32 = 2 ** 31 - 1;
/** The longest Go duration (2^63 - 1 ns): istiod parses durations with time.ParseDuration. */
const MAX_DURATION_MS = 9_223_372_036_854;
/** Control characters (horizontal tab allowed, as in HTTP field values). */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const REDIRECT_CODES = [301, 302, 303, 307, 308];

/** Reports `value` at `at` when it is not a DNS label. */
type LabelCheck = (at: Where, field: string, value: string, subject?: string) => void;

/**
 * A SPIFFE trust domain (github.com/spiffe/go-spiffe v2 `spiffeid.TrustDomainFromString`: lower-case letters, digits,
 * `.`, `-` and `_`), which Istio writes into principals `<trustDomain>/ns/<ns>/sa/<sa>`: `cluster1` is one.
 */
const TRUST_DOMAIN = /^[a-z0-9._-]{1,255}$/;

/**
 * The mesh's own options and each cluster's trust domain: a depth limit that is not a whole number would disable the
 * limit (every comparison with NaN is false), and domains end up in service hosts and SPIFFE principals.
 */
function checkMeshOptions(model: MeshModel, d: Diagnostics): void {
  const depth = model.maxDelegationDepth;
  const mesh = `mesh ${model.path}`;
  if (!Number.isInteger(depth) || depth < 1 || depth > 64) {
    d.report(Rules.InvalidMeshOption, model.path, { subject: mesh, option: 'maxDelegationDepth', value: String(depth) });
  }
  if (concreteHostProblem(model.clusterDomain)) {
    d.report(Rules.InvalidMeshOption, model.path, { subject: mesh, option: 'clusterDomain', value: model.clusterDomain });
  }
  for (const c of model.clusters.filter(x => !TRUST_DOMAIN.test(x.trustDomain))) {
    d.report(Rules.InvalidMeshOption, c, { subject: Subject.cluster(c.name), option: 'trustDomain', value: c.trustDomain });
  }
}

/** Runs every per-declaration check of the mesh. */
export function checkDeclarations(model: MeshModel, d: Diagnostics): void {
  const label: LabelCheck = (at, field, value, subject) => {
    const problem = dnsLabelProblem(value);
    if (problem) d.report(Rules.InvalidName, at, { subject, field, value, problem });
  };
  const duplicate = <T extends Locatable>(resource: (t: T) => string) => (item: T, first: T) =>
    d.report(Rules.DuplicateResource, item, { resource: resource(item), first: first.path }, [related(first, Note.firstDeclaration)]);

  unique(model.clusters, c => c.name, duplicate(c => Subject.cluster(c.name)));
  for (const c of model.clusters) label(c, 'cluster name', c.name);
  checkMeshOptions(model, d);

  checkWorkspaces(model, d, label);
  unique(model.externalServices, e => `${e.namespace}/${e.name}`, duplicate(e => Subject.externalService(`${e.namespace}/${e.name}`)));
  unique(model.externalServices, e => e.host, duplicate(e => Subject.externalHost(e.host)));
  model.externalServices.forEach(e => checkExternalService(e, d));
  unique(model.accessPolicies, a => a.name, duplicate(a => Subject.accessPolicy(a.name)));
  model.accessPolicies.forEach(a => checkAccessPolicy(a, d));

  unique(model.gateways, g => `${g.namespace}/${g.name}`, duplicate(g => Subject.gateway(`${g.namespace}/${g.name}`)));
  for (const g of model.gateways) checkGateway(g, d, label);

  unique(model.routeTables, t => `${t.namespace}/${t.name}`, duplicate(t => Subject.table(tableRef(t))));
  for (const t of model.routeTables) checkTable(t, d, label);
}

/** Workspace names, namespaces, cluster references and egress hosts. */
function checkWorkspaces(model: MeshModel, d: Diagnostics, label: LabelCheck): void {
  for (const w of model.workspaces) {
    const what = Subject.workspace(w.name);
    label(w, 'workspace name', w.name);
    if (w.namespaces.length === 0) d.report(Rules.MissingField, w, { subject: what, field: 'namespaces', entry: 'namespace' });
    unique(w.namespaces, n => n, n => d.report(Rules.DuplicateEntry, w, { subject: what, kind: 'namespace', value: n }));
    for (const ns of w.namespaces) label(w, 'namespace', ns);
    for (const c of w.clusters) {
      if (c !== '*' && !model.clusters.some(k => k.name === c)) {
        d.report(Rules.UnresolvedReference, w, { subject: what, verb: 'names', target: Subject.cluster(c) });
      }
    }
  }

  for (const w of model.workspaces) {
    for (const h of w.isolation.egressHosts) {
      const problem = egressHostProblem(h);
      if (problem) d.report(Rules.InvalidHost, w, { subject: Subject.workspace(w.name), host: h, problem, egress: true });
    }
  }
}

function checkGateway(g: GatewayModel, d: Diagnostics, label: LabelCheck): void {
  const ref = `${g.namespace}/${g.name}`;
  const what = Subject.gateway(ref);
  label(g, 'virtual gateway name', g.name);
  if (g.namespace === '') d.report(Rules.MissingNamespace, g, { subject: what });
  else label(g, 'namespace', g.namespace);
  label(g, 'workload namespace', g.workloadNamespace);
  labels(d, g, `${what} workloadSelector`, g.workloadLabels);
  if (g.workloadServiceAccount !== undefined && !isDnsSubdomain(g.workloadServiceAccount)) {
    d.report(Rules.InvalidObjectName, g, { subject: what, field: 'workload service account', value: g.workloadServiceAccount });
  }
  if (g.listeners.length === 0) d.report(Rules.MissingField, g, { subject: what, field: 'listeners', entry: 'listener' });
  unique(g.listeners, l => l.name, l => d.report(Rules.DuplicateEntry, g, { subject: what, kind: 'listener name', value: l.name }));
  unique(g.listeners, l => `${l.port}|${l.hostname ?? '*'}`, l =>
    d.report(Rules.DuplicateEntry, g, { subject: what, kind: 'listener', value: String(l.port), host: l.hostname }));
  for (const l of g.listeners) checkListener(l, d, g, ref, label);
  for (const a of g.admission) for (const h of a.hosts) host(d, g, Subject.allowedRouteTables(ref), h);
}

function checkListener(l: ListenerModel, d: Diagnostics, g: GatewayModel, ref: string, label: LabelCheck): void {
  const listener = Subject.listener(l.name, ref);
  label(g, 'listener name', l.name);
  port(d, g, listener, l.port);
  if (l.hostname !== undefined) host(d, g, listener, l.hostname);
  if (l.protocol === 'HTTPS' && !l.tlsSecret) d.report(Rules.ListenerTls, g, { listener, https: true });
  if (l.protocol === 'HTTP' && l.tlsSecret) d.report(Rules.ListenerTls, g, { listener, https: false });
  if (l.tlsSecret !== undefined && dnsLabelProblem(l.tlsSecret) && !isDnsSubdomain(l.tlsSecret)) {
    d.report(Rules.InvalidObjectName, g, { subject: listener, field: 'tlsSecret', value: l.tlsSecret });
  }
}

function checkTable(t: RouteTableModel, d: Diagnostics, label: LabelCheck): void {
  const ref = tableRef(t);
  const what = Subject.table(ref);
  label(t, 'route table name', t.name);
  if (t.namespace === '') d.report(Rules.MissingNamespace, t, { subject: what });
  else label(t, 'namespace', t.namespace);
  if (!Number.isInteger(t.weight)) d.report(Rules.InvalidWeight, t, { subject: what, weight: t.weight });
  unique(t.hosts, h => h, h => d.report(Rules.DuplicateHost, t, { subject: what, host: h }));
  for (const h of t.hosts) host(d, t, what, h);
  if (t.gateways.length > 0 && t.hosts.length === 0) d.report(Rules.HostlessGatewayTable, t, { table: ref });
  unique(t.routes, r => r.name, r => d.report(Rules.DuplicateRouteName, t, { table: ref, route: r.name }));
  if (t.routes.length === 0) d.report(Rules.MissingField, t, { subject: what, field: 'routes', entry: 'route' });
  // The callers' labels of an east–west table become `sourceLabels` of its mesh VirtualService.
  if (t.sources) labels(d, t, `${what} sources`, t.sources.labels);
  for (const r of t.routes) {
    const where = Subject.route(r.name, ref);
    label(t, 'route name', r.name);
    for (const m of r.matches) checkMatch(m, d, t, where);
    checkAction(r.action, d, t, where, r.name, ref);
  }
}

/** Checks one match set of a route or policy. */
export function checkMatch(m: MatchModel, d: Diagnostics, at: Where, where: string): void {
  if (m.path) {
    if (!isPathKind(m.path.kind)) {
      const problem = 'is not one of exact, prefix, segment and regex';
      d.report(Rules.InvalidPath, at, { subject: where, field: 'path kind', value: String(m.path.kind), problem });
    } else if (m.path.kind === 'regex') {
      const problem = regexProblem(m.path.value);
      if (problem) d.report(Rules.InvalidRegex, at, { subject: where, on: 'path', value: m.path.value, problem });
    } else {
      const problem = pathProblem(m.path.value);
      if (problem) d.report(Rules.InvalidPath, at, { subject: where, field: `${m.path.kind} path`, value: m.path.value, problem });
    }
  }
  if (m.method !== undefined && !isHttpMethod(m.method)) {
    // Istio would match it exactly (or, empty, not at all), the library's evaluation as no request; an HTTPRoute refuses it.
    const problem = `is not one of ${HTTP_METHODS.join(', ')}`;
    d.report(Rules.InvalidMethod, at, { subject: where, method: String(m.method), problem, matcher: true });
  }
  if (m.headers.length === 0 && m.query.length === 0) return;
  const conditions = (list: readonly ValueCondition[], kind: 'header' | 'query parameter') => {
    unique(list, c => c.name, c => d.report(Rules.DuplicateCondition, at, { subject: where, kind, name: c.name }));
    for (const c of list) {
      const problem = keyProblem(c.name);
      if (problem) d.report(Rules.InvalidHeaderName, at, { subject: where, field: `${kind} name`, name: c.name, problem });
      if (c.kind === 'regex') {
        const rp = regexProblem(c.value);
        if (rp) d.report(Rules.InvalidRegex, at, { subject: where, on: kind, name: c.name, value: c.value, problem: rp });
      } else if (c.kind !== 'present' && c.value === '') {
        d.report(Rules.EmptyConditionValue, at, { subject: where, kind, name: c.name, match: c.kind });
      }
      if (c.kind !== 'present' && CONTROL.test(c.value)) {
        d.report(Rules.InvalidHeaderValue, at, { subject: where, field: kind, name: c.name, problem: 'control' });
      }
    }
  };
  conditions(m.headers, 'header');
  conditions(m.query, 'query parameter');
}

/** Checks a route's action; `where` is the route's subject (`route` of `table`). */
function checkAction(a: ActionModel, d: Diagnostics, at: Where, where: string, route: string, table: string): void {
  switch (a.type) {
    case 'forward':
      checkForward(a, d, at, where);
      break;
    case 'redirect':
      checkRedirect(a, d, at, where);
      break;
    case 'direct':
      checkDirectResponse(a, d, at, where);
      break;
    case 'delegate':
      if (a.tables.length === 0 && a.workspaces.length === 0 && a.labels === undefined) {
        d.report(Rules.DelegationWithoutTargets, at, { route, table });
      }
      break;
  }
}

function checkForward(a: ForwardActionModel, d: Diagnostics, at: Where, where: string): void {
  if (a.destinations.length === 0) d.report(Rules.MissingField, at, { subject: where, field: 'destinations', entry: 'destination' });
  for (const dest of a.destinations) checkDestination(dest, d, at, where);
  if (a.destinations.length > 0 && a.destinations.every(x => x.weight === 0)) d.report(Rules.AllZeroWeights, at, { subject: where });
  const total = a.destinations.reduce((sum, x) => sum + (Number.isFinite(x.weight) ? x.weight : 0), 0);
  if (total > MAX_TOTAL_WEIGHT) d.report(Rules.InvalidWeight, at, { subject: where, weight: total, destination: '' });
  duration(d, at, where, 'timeout', a.timeoutMs);
  if (a.retries) retries(d, at, where, a.retries);
  if (a.pathRewrite) {
    const problem = pathProblem(a.pathRewrite.value);
    if (problem) d.report(Rules.InvalidPath, at, { subject: where, field: 'path rewrite', value: a.pathRewrite.value, problem });
  }
  if (a.hostRewrite !== undefined) host(d, at, Subject.part(where, Subject.hostRewrite), a.hostRewrite, false);
  checkHeaderChanges(d, at, where, a.requestHeaders, a.responseHeaders);
}

/**
 * Why `name`, an HTTP token that becomes a key of the manifest (a header or parameter condition in Istio's maps, a
 * header set or added), cannot be one, or undefined.
 */
function keyProblem(name: string): string | undefined {
  return tokenProblem(name) ?? unwritableKeyProblem(name);
}

/** The header changes of a route or a traffic policy: HTTP token names other than `host`, and valid values. */
export function checkHeaderChanges(d: Diagnostics, at: Where, where: string, request?: HeaderChangesModel, response?: HeaderChangesModel): void {
  if (!request && !response) return;
  for (const [side, h] of [['request', request], ['response', response]] as const) {
    if (!h) continue;
    headerValues(d, at, where, `${side} header`, { ...h.set, ...h.add });
    // Headers set or added are keys of the manifest; those removed are listed.
    const names = [...Object.keys(h.set ?? {}), ...Object.keys(h.add ?? {})].map(n => ({ n, problem: keyProblem(n) }));
    for (const { n, problem } of [...names, ...(h.remove ?? []).map(r => ({ n: r, problem: tokenProblem(r) }))]) {
      if (problem || n.toLowerCase() === 'host') {
        d.report(Rules.InvalidHeaderName, at, { subject: where, field: `${side} header`, name: n, problem });
      }
    }
  }
}

/** Header values a route sets: not empty (the Gateway API requires one), free of control characters, Envoy formats. */
function headerValues(d: Diagnostics, at: Where, subject: string, field: string, values: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(values)) {
    const format = headerFormatProblem(value);
    if (value === '') d.report(Rules.InvalidHeaderValue, at, { subject, field, name, problem: 'empty' });
    else if (CONTROL.test(value)) d.report(Rules.InvalidHeaderValue, at, { subject, field, name, problem: 'control' });
    else if (format) d.report(Rules.InvalidHeaderValue, at, { subject, field, name, problem: 'format', detail: format });
  }
}

function checkDestination(dest: WeightedDestinationModel, d: Diagnostics, at: Where, where: string): void {
  if (dest.error) {
    d.report(Rules.UnresolvedDestination, at, { subject: where, reason: dest.error });
    return;
  }
  const s = dest.service!;
  const ref = `${s.namespace}/${s.name}`;
  // Subjects are written only for a finding (most destinations have none).
  const destination = () => Subject.part(where, Subject.destination(ref));
  const problem = dnsLabelProblem(s.name) ?? dnsLabelProblem(s.namespace);
  if (problem) d.report(Rules.InvalidName, at, { subject: where, field: 'destination service', value: ref, problem });
  if (s.subset) {
    const subset = Subject.subset(s.subset.name, ref, where);
    const sp = dnsLabelProblem(s.subset.name);
    if (sp) d.report(Rules.InvalidName, at, { subject: destination(), field: 'subset', value: s.subset.name, problem: sp });
    if (Object.keys(s.subset.labels).length === 0) {
      d.report(Rules.MissingField, at, { subject: subset, field: 'pod labels', entry: 'pod label' });
    }
    labels(d, at, subset, s.subset.labels);
  }
  if (!validPort(s.port)) port(d, at, destination(), s.port);
  if (!Number.isInteger(dest.weight) || dest.weight < 0 || dest.weight > MAX_WEIGHT) {
    d.report(Rules.InvalidWeight, at, { subject: where, weight: dest.weight, destination: ref });
  }
}

function checkRedirect(a: RedirectActionModel, d: Diagnostics, at: Where, where: string): void {
  if (!REDIRECT_CODES.includes(a.statusCode)) {
    d.report(Rules.InvalidRedirect, at, { subject: where, problem: 'status', status: a.statusCode, allowed: REDIRECT_CODES });
  }
  if (a.scheme !== undefined && a.scheme !== 'http' && a.scheme !== 'https') {
    d.report(Rules.InvalidRedirect, at, { subject: where, problem: 'scheme', scheme: a.scheme });
  }
  const redirect = Subject.part(where, Subject.redirect);
  if (a.port !== undefined) port(d, at, redirect, a.port);
  if (a.host !== undefined) host(d, at, redirect, a.host, false);
  if (a.path !== undefined) {
    const problem = pathProblem(a.path);
    if (problem) d.report(Rules.InvalidPath, at, { subject: where, field: 'redirect path', value: a.path, problem });
  }
  if ([a.scheme, a.host, a.port, a.path].every(x => x === undefined)) d.report(Rules.InvalidRedirect, at, { subject: where, problem: 'nothing' });
}

function checkDirectResponse(a: DirectResponseActionModel, d: Diagnostics, at: Where, where: string): void {
  if (!Number.isInteger(a.status) || a.status < 200 || a.status > 599) {
    d.report(Rules.InvalidDirectResponse, at, { subject: where, problem: 'status', status: a.status });
  }
  if (a.body !== undefined && Buffer.byteLength(a.body) > 1024 * 1024) {
    d.report(Rules.InvalidDirectResponse, at, { subject: where, problem: 'body' });
  }
}

function retries(d: Diagnostics, at: Where, subject: string, r: RetryModel): void {
  if (!Number.isInteger(r.attempts) || r.attempts < 0 || r.attempts > MAX_INT32) {
    d.report(Rules.InvalidRetryPolicy, at, { subject, problem: 'attempts', attempts: r.attempts });
  }
  duration(d, at, subject, 'perTryTimeout', r.perTryTimeoutMs);
  if (r.attempts === 0 && (r.perTryTimeoutMs !== undefined || r.retryOn.length > 0)) {
    d.report(Rules.InvalidRetryPolicy, at, { subject, problem: 'zero' });
  }
  for (const on of r.retryOn) {
    if (!RETRY_ON.includes(on) && !/^[1-5][0-9][0-9]$/.test(on)) d.report(Rules.InvalidRetryPolicy, at, { subject, problem: 'retryOn', retryOn: on });
  }
}

/**
 * Kubernetes label keys (optional DNS prefix, name ≤ 63) and values (≤ 63, alphanumeric at both ends); a key that is
 * valid but no manifest can hold (see algebra/manifest-keys.ts: `constructor`) is refused too.
 */
export function labels(d: Diagnostics, at: Where, subject: string, map: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(map)) {
    const unwritable = unwritableKeyProblem(k);
    if (unwritable) {
      d.report(Rules.InvalidLabel, at, { subject, key: k, problem: unwritable });
      continue;
    }
    const name = k.includes('/') ? k.slice(k.indexOf('/') + 1) : k;
    const ok = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
    if (name.length > 63 || !ok.test(name) || (k.includes('/') && !isDnsSubdomain(k.slice(0, k.indexOf('/'))))) {
      d.report(Rules.InvalidLabel, at, { subject, key: k });
    }
    if (v.length > 63 || (v !== '' && !ok.test(v))) d.report(Rules.InvalidLabel, at, { subject, key: k, value: v });
  }
}

/** Protocols whose calls carry HTTP routes, retries and timeouts. */
export const HTTP_FAMILY: readonly ExternalProtocol[] = ['HTTP', 'HTTP2', 'GRPC'];

function checkExternalService(e: ExternalServiceModel, d: Diagnostics): void {
  const what = Subject.externalService(`${e.namespace}/${e.name}`);
  const problem = dnsLabelProblem(e.name);
  if (problem) d.report(Rules.InvalidName, e, { field: 'external service name', value: e.name, problem });
  if (e.namespace === '') d.report(Rules.MissingNamespace, e, { subject: what });
  host(d, e, what, e.host, false);
  if (e.ports.length === 0) d.report(Rules.MissingField, e, { subject: what, field: 'ports', entry: 'port' });
  unique(e.ports, p => String(p.number), p => d.report(Rules.DuplicateEntry, e, { subject: what, kind: 'port', value: String(p.number) }));
  unique(e.ports, p => p.name, p => d.report(Rules.DuplicateEntry, e, { subject: what, kind: 'port name', value: p.name }));
  for (const p of e.ports) {
    port(d, e, what, p.number);
    const np = dnsLabelProblem(p.name);
    if (np) d.report(Rules.InvalidName, e, { subject: what, field: 'port name', value: p.name, problem: np });
  }
  if (e.resolution === 'NONE' && e.endpoints.length > 0) d.report(Rules.ExternalEndpoints, e, { service: what, problem: 'none-with-endpoints' });
  if (e.resolution === 'STATIC' && e.endpoints.length === 0) {
    d.report(Rules.ExternalEndpoints, e, { service: what, problem: 'static-without-endpoints' });
  }
  for (const ep of e.endpoints) {
    const endpoint = Subject.part(what, Subject.endpoint(ep.address));
    const ip = /^(\d{1,3}\.){3}\d{1,3}$/.test(ep.address) || (ep.address.includes(':') && /^[0-9a-fA-F:]+$/.test(ep.address));
    if (e.resolution === 'STATIC' && !ip) d.report(Rules.ExternalEndpoints, e, { service: what, problem: 'not-an-ip', address: ep.address });
    if (!ip) host(d, e, endpoint, ep.address, false);
    for (const [name, n] of Object.entries(ep.ports)) {
      if (!e.ports.some(p => p.name === name)) {
        d.report(Rules.UndeclaredPort, e, { problem: 'endpoint', service: what, address: ep.address, port: name });
      }
      port(d, e, endpoint, n);
    }
  }
  labels(d, e, what, e.labels);
  duration(d, e, what, 'timeout', e.timeoutMs);
  if (e.retries) retries(d, e, what, e.retries);
  if ((e.retries || e.timeoutMs !== undefined) && !e.ports.some(p => HTTP_FAMILY.includes(p.protocol))) {
    d.report(Rules.HttpPolicyWithoutHttpPort, e, { service: what });
  }
}

function checkAccessPolicy(a: AccessPolicyModel, d: Diagnostics): void {
  const what = Subject.accessPolicy(a.name);
  const problem = dnsLabelProblem(a.name);
  if (problem) d.report(Rules.InvalidName, a, { field: 'access policy name', value: a.name, problem });
  if (a.sources.length === 0) d.report(Rules.MissingField, a, { subject: what, field: 'sources', entry: 'source' });
  if (a.destinations.length === 0) d.report(Rules.MissingField, a, { subject: what, field: 'destinations', entry: 'destination' });
  for (const s of a.sources) {
    if (s.kind !== 'cluster' && s.kind !== 'workspace') {
      const np = dnsLabelProblem(s.namespace ?? s.name);
      if (np) d.report(Rules.InvalidName, a, { subject: what, field: 'source namespace', value: s.namespace ?? s.name, problem: np });
    }
    if (s.kind === 'serviceAccount' && !isDnsSubdomain(s.name)) {
      d.report(Rules.InvalidObjectName, a, { subject: what, field: 'service account', value: s.name });
    }
  }
  for (const m of a.methods) {
    const mp = tokenProblem(m);
    if (mp) d.report(Rules.InvalidMethod, a, { subject: what, method: m, problem: mp });
  }
  for (const p of a.paths) {
    const pp = accessPathProblem(p);
    if (pp) d.report(Rules.InvalidPath, a, { subject: what, field: 'path', value: p, problem: pp, accessPolicy: true });
  }
}

/** Envoy retry conditions accepted by Istio. */
const RETRY_ON = ['5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled',
  'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'];

/** Whether `p` is a port number (1–65535). */
function validPort(p: number): boolean {
  return Number.isInteger(p) && p >= 1 && p <= 65535;
}

export function port(d: Diagnostics, at: Where, subject: string, p: number): void {
  if (!validPort(p)) d.report(Rules.InvalidPort, at, { subject, port: p });
}

export function host(d: Diagnostics, at: Where, subject: string, h: string, wildcard = true): void {
  const problem = wildcard ? hostProblem(h) : concreteHostProblem(h);
  if (problem) d.report(Rules.InvalidHost, at, { subject, host: h, problem });
}

export function duration(d: Diagnostics, at: Where, subject: string, field: string, ms: number | undefined): void {
  if (ms !== undefined && (!Number.isInteger(ms) || ms < 1 || ms > MAX_DURATION_MS)) {
    d.report(Rules.InvalidDuration, at, { subject, field, ms });
  }
}

/** Calls `onDuplicate(item, first)` for every item whose key was seen before. */
export function unique<T>(items: readonly T[], key: (t: T) => string, onDuplicate: (item: T, first: T) => void): void {
  if (items.length < 2) return;
  const seen = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) onDuplicate(item, first);
    else seen.set(k, item);
  }
}

/** Checks each declaration on its own. */
export const declarationsPass: Pass = {
  name: 'declarations',
  rules: [
    Rules.AllZeroWeights, Rules.DelegationWithoutTargets, Rules.DuplicateCondition, Rules.DuplicateEntry, Rules.DuplicateHost,
    Rules.DuplicateResource, Rules.DuplicateRouteName, Rules.EmptyConditionValue, Rules.ExternalEndpoints, Rules.InvalidMeshOption,
    Rules.HostlessGatewayTable, Rules.HttpPolicyWithoutHttpPort, Rules.InvalidDirectResponse, Rules.InvalidDuration,
    Rules.InvalidHeaderName, Rules.InvalidHost, Rules.InvalidLabel, Rules.InvalidMethod, Rules.InvalidName, Rules.InvalidObjectName,
    Rules.InvalidHeaderValue, Rules.InvalidPath, Rules.InvalidPort, Rules.InvalidRedirect, Rules.InvalidRegex, Rules.InvalidRetryPolicy,
    Rules.InvalidWeight,
    Rules.ListenerTls, Rules.MissingField, Rules.MissingNamespace, Rules.UndeclaredPort, Rules.UnresolvedDestination,
    Rules.UnresolvedReference,
  ],
  run(ctx: CompileContext): void {
    checkDeclarations(ctx.model, ctx.diagnostics);
  },
};
