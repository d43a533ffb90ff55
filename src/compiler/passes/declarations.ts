/**
 * Checks of each declaration on its own: names, hosts, paths, regular expressions, ports, weights, durations,
 * and duplicates among declarations of one kind.
 */
import { CompileContext } from '../context';
import { Pass } from '../pass';
import { Diagnostics, Rule, Rules } from '../diagnostics/catalogue';
import { tableRef } from '../flattener';
import {
  AccessPolicyModel, ActionModel, ExternalProtocol, ExternalServiceModel, MatchModel, MeshModel, RetryModel, RouteTableModel,
  ValueCondition,
} from '../../model';
import { dnsLabelProblem, hostProblem, pathProblem, regexProblem, tokenProblem } from '../algebra/syntax';

const MAX_WEIGHT = 1_000_000;
const REDIRECT_CODES = [301, 302, 303, 307, 308];

/** Runs every per-declaration check of the mesh. */
export function checkDeclarations(model: MeshModel, d: Diagnostics): void {
  const label = (rule: Rule, path: string, what: string, value: string) => {
    const problem = dnsLabelProblem(value);
    if (problem) d.report(rule, path, `${what} "${value}" ${problem}`);
  };

  unique(model.clusters, c => c.name, (c, other) => d.report(Rules.DuplicateResource, c.path, `cluster name "${c.name}" is also used by ${other.path}`));
  for (const c of model.clusters) label(Rules.InvalidName, c.path, 'cluster name', c.name);

  for (const w of model.workspaces) {
    label(Rules.InvalidName, w.path, 'workspace name', w.name);
    if (w.namespaces.length === 0) d.report(Rules.MissingField, w.path, `workspace "${w.name}" has no namespaces`);
    unique(w.namespaces, n => n, n => d.report(Rules.InvalidValue, w.path, `workspace "${w.name}" lists namespace "${n}" twice`));
    for (const ns of w.namespaces) label(Rules.InvalidName, w.path, 'namespace', ns);
    for (const c of w.clusters) {
      if (c !== '*' && !model.clusters.some(k => k.name === c)) d.report(Rules.UnresolvedReference, w.path, `workspace "${w.name}" names cluster "${c}", which is not part of this mesh`);
    }
  }

  for (const w of model.workspaces) {
    for (const h of w.isolation.egressHosts) egressHost(d, w.path, `workspace "${w.name}"`, h);
  }
  unique(model.externalServices, e => `${e.namespace}/${e.name}`, (e, other) =>
    d.report(Rules.DuplicateResource, e.path, `external service ${e.namespace}/${e.name} is also declared by ${other.path}`));
  unique(model.externalServices, e => e.host, (e, other) =>
    d.report(Rules.DuplicateResource, e.path, `external service host ${e.host} is also declared by ${other.path}`));
  model.externalServices.forEach(e => checkExternalService(e, d));
  unique(model.accessPolicies, a => a.name, (a, other) =>
    d.report(Rules.DuplicateResource, a.path, `access policy name "${a.name}" is also used by ${other.path}`));
  model.accessPolicies.forEach(a => checkAccessPolicy(a, d));

  unique(model.gateways, g => `${g.namespace}/${g.name}`, (g, other) =>
    d.report(Rules.DuplicateResource, g.path, `virtual gateway ${g.namespace}/${g.name} is also declared by ${other.path}`));
  for (const g of model.gateways) {
    const what = `virtual gateway ${g.namespace}/${g.name}`;
    label(Rules.InvalidName, g.path, 'virtual gateway name', g.name);
    if (g.namespace === '') d.report(Rules.MissingField, g.path, `${what} has no namespace: declare it inside a Workspace or set namespace`);
    else label(Rules.InvalidName, g.path, 'namespace', g.namespace);
    label(Rules.InvalidName, g.path, 'workload namespace', g.workloadNamespace);
    if (g.workloadServiceAccount !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(g.workloadServiceAccount)) {
      d.report(Rules.InvalidName, g.path, `workload service account "${g.workloadServiceAccount}" of ${what} is not a valid name`);
    }
    if (Object.keys(g.workloadLabels).length === 0) d.report(Rules.MissingField, g.path, `${what} has an empty workloadSelector: it would configure no gateway workload`);
    if (g.listeners.length === 0) d.report(Rules.MissingField, g.path, `${what} has no listeners`);
    unique(g.listeners, l => l.name, l => d.report(Rules.DuplicateResource, g.path, `${what} has two listeners named "${l.name}"`));
    unique(g.listeners, l => `${l.port}|${l.hostname ?? '*'}`, l => d.report(Rules.DuplicateResource, g.path, `${what} has two listeners on port ${l.port} for host ${l.hostname ?? '*'}`));
    for (const l of g.listeners) {
      label(Rules.InvalidName, g.path, 'listener name', l.name);
      port(d, g.path, `listener "${l.name}" of ${what}`, l.port);
      if (l.hostname !== undefined) host(d, g.path, `listener "${l.name}" of ${what}`, l.hostname);
      if (l.protocol === 'HTTPS' && !l.tlsSecret) d.report(Rules.MissingField, g.path, `HTTPS listener "${l.name}" of ${what} has no tlsSecret`);
      if (l.protocol === 'HTTP' && l.tlsSecret) d.report(Rules.InvalidValue, g.path, `HTTP listener "${l.name}" of ${what} has a tlsSecret; use HTTPS`);
      if (l.tlsSecret !== undefined && dnsLabelProblem(l.tlsSecret) && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(l.tlsSecret)) {
        d.report(Rules.InvalidName, g.path, `tlsSecret "${l.tlsSecret}" of listener "${l.name}" is not a valid secret name`);
      }
    }
    for (const a of g.admission) for (const h of a.hosts) host(d, g.path, `allowedRouteTables of ${what}`, h);
  }

  unique(model.routeTables, t => `${t.namespace}/${t.name}`, (t, other) =>
    d.report(Rules.DuplicateResource, t.path, `route table ${tableRef(t)} is also declared by ${other.path}`));
  for (const t of model.routeTables) checkTable(t, d, label);
}

function checkTable(t: RouteTableModel, d: Diagnostics, label: (rule: Rule, path: string, what: string, value: string) => void): void {
  const what = `route table ${tableRef(t)}`;
  label(Rules.InvalidName, t.path, 'route table name', t.name);
  if (t.namespace === '') d.report(Rules.MissingField, t.path, `${what} has no namespace: declare it inside a Workspace or set namespace`);
  else label(Rules.InvalidName, t.path, 'namespace', t.namespace);
  if (!Number.isInteger(t.weight)) d.report(Rules.InvalidWeight, t.path, `${what} has weight ${t.weight}; table weights are whole numbers`);
  unique(t.hosts, h => h, h => d.report(Rules.DuplicateHost, t.path, `${what} lists host "${h}" twice`));
  for (const h of t.hosts) host(d, t.path, what, h);
  if (t.gateways.length > 0 && t.hosts.length === 0) d.report(Rules.MissingField, t.path, `${what} attaches to gateways but has no hosts`);
  unique(t.routes, r => r.name, r => d.report(Rules.DuplicateRouteName, t.path, `${what} has two routes named "${r.name}"`));
  if (t.routes.length === 0) d.report(Rules.MissingField, t.path, `${what} has no routes`);
  for (const r of t.routes) {
    const where = `route "${r.name}" of ${what}`;
    label(Rules.InvalidName, t.path, 'route name', r.name);
    r.matches.forEach(m => checkMatch(m, d, t.path, where));
    checkAction(r.action, d, t.path, where);
  }
}

function checkMatch(m: MatchModel, d: Diagnostics, path: string, where: string): void {
  if (m.path) {
    if (m.path.kind === 'regex') {
      const problem = regexProblem(m.path.value);
      if (problem) d.report(Rules.InvalidRegex, path, `${where}: path regex "${m.path.value}" ${problem}`);
    } else {
      const problem = pathProblem(m.path.value);
      if (problem) d.report(Rules.InvalidPath, path, `${where}: ${m.path.kind} path "${m.path.value}" ${problem}`);
    }
  }
  const conditions = (list: readonly ValueCondition[], kind: string) => {
    unique(list, c => c.name, c => d.report(Rules.InvalidValue, path, `${where}: ${kind} "${c.name}" has two conditions in one match set`));
    for (const c of list) {
      const problem = tokenProblem(c.name);
      if (problem) d.report(Rules.InvalidHeaderName, path, `${where}: ${kind} name "${c.name}" ${problem}`);
      if (c.kind === 'regex') {
        const rp = regexProblem(c.value);
        if (rp) d.report(Rules.InvalidRegex, path, `${where}: ${kind} "${c.name}" regex "${c.value}" ${rp}`);
      } else if (c.kind !== 'present' && c.kind !== 'exact' && c.value === '') {
        d.report(Rules.InvalidValue, path, `${where}: ${kind} "${c.name}" has an empty ${c.kind}`);
      }
    }
  };
  conditions(m.headers, 'header');
  conditions(m.query, 'query parameter');
}

function checkAction(a: ActionModel, d: Diagnostics, path: string, where: string): void {
  switch (a.type) {
    case 'forward': {
      if (a.destinations.length === 0) d.report(Rules.MissingField, path, `${where} forwards to no destination`);
      for (const dest of a.destinations) {
        if (dest.error) {
          d.report(Rules.UnresolvedReference, path, `${where}: ${dest.error}`);
          continue;
        }
        const s = dest.service!;
        const problem = dnsLabelProblem(s.name) ?? dnsLabelProblem(s.namespace);
        if (problem) d.report(Rules.InvalidName, path, `${where}: destination service "${s.namespace}/${s.name}" ${problem}`);
        if (s.subset) {
          const sp = dnsLabelProblem(s.subset.name);
          if (sp) d.report(Rules.InvalidName, path, `${where}: subset "${s.subset.name}" of ${s.namespace}/${s.name} ${sp}`);
          if (Object.keys(s.subset.labels).length === 0) d.report(Rules.MissingField, path, `${where}: subset "${s.subset.name}" of ${s.namespace}/${s.name} selects no pod labels`);
          labels(d, path, `${where}: subset "${s.subset.name}"`, s.subset.labels);
        }
        port(d, path, `${where}: destination ${s.namespace}/${s.name}`, s.port);
        if (!Number.isInteger(dest.weight) || dest.weight < 0 || dest.weight > MAX_WEIGHT) {
          d.report(Rules.InvalidWeight, path, `${where}: destination ${s.namespace}/${s.name} has weight ${dest.weight}`);
        }
      }
      if (a.destinations.length > 0 && a.destinations.every(x => x.weight === 0)) d.report(Rules.AllZeroWeights, path, `${where}: every destination has weight 0, so no request could be forwarded`);
      duration(d, path, `${where}: timeout`, a.timeoutMs);
      if (a.retries) retries(d, path, where, a.retries);
      if (a.pathRewrite) {
        const problem = pathProblem(a.pathRewrite.value);
        if (problem) d.report(Rules.InvalidPath, path, `${where}: path rewrite "${a.pathRewrite.value}" ${problem}`);
      }
      if (a.hostRewrite !== undefined) host(d, path, `${where}: host rewrite`, a.hostRewrite, false);
      for (const [side, h] of [['request', a.requestHeaders], ['response', a.responseHeaders]] as const) {
        for (const n of [...Object.keys(h?.set ?? {}), ...Object.keys(h?.add ?? {}), ...(h?.remove ?? [])]) {
          const problem = tokenProblem(n);
          if (problem || n.toLowerCase() === 'host') d.report(Rules.InvalidHeaderName, path, `${where}: ${side} header "${n}" ${problem ?? 'cannot be changed (use hostRewrite)'}`);
        }
      }
      break;
    }
    case 'redirect':
      if (!REDIRECT_CODES.includes(a.statusCode)) d.report(Rules.InvalidValue, path, `${where}: redirect status ${a.statusCode} is not one of ${REDIRECT_CODES.join(', ')}`);
      if (a.scheme !== undefined && a.scheme !== 'http' && a.scheme !== 'https') d.report(Rules.InvalidValue, path, `${where}: redirect scheme "${a.scheme}" is neither http nor https`);
      if (a.port !== undefined) port(d, path, `${where}: redirect`, a.port);
      if (a.host !== undefined) host(d, path, `${where}: redirect`, a.host, false);
      if (a.path !== undefined) {
        const problem = pathProblem(a.path);
        if (problem) d.report(Rules.InvalidPath, path, `${where}: redirect path "${a.path}" ${problem}`);
      }
      if ([a.scheme, a.host, a.port, a.path].every(x => x === undefined)) d.report(Rules.MissingField, path, `${where}: a redirect needs at least one of scheme, host, port, path`);
      break;
    case 'direct':
      if (!Number.isInteger(a.status) || a.status < 200 || a.status > 599) d.report(Rules.InvalidValue, path, `${where}: direct response status ${a.status} is not in 200–599`);
      if (a.body !== undefined && Buffer.byteLength(a.body) > 1024 * 1024) d.report(Rules.InvalidValue, path, `${where}: direct response body is larger than 1 MiB`);
      break;
    case 'delegate':
      if (a.tables.length === 0 && a.workspaces.length === 0 && a.labels === undefined) {
        d.report(Rules.MissingField, path, `${where} delegates without naming route tables, labels or workspaces`);
      }
      break;
  }
}

function retries(d: Diagnostics, path: string, where: string, r: RetryModel): void {
  if (!Number.isInteger(r.attempts) || r.attempts < 0) d.report(Rules.InvalidValue, path, `${where}: retry attempts ${r.attempts} is not a whole number ≥ 0`);
  duration(d, path, `${where}: perTryTimeout`, r.perTryTimeoutMs);
  if (r.attempts === 0 && (r.perTryTimeoutMs !== undefined || r.retryOn.length > 0)) {
    d.report(Rules.InvalidValue, path, `${where}: retries with 0 attempts cannot set perTryTimeout or retryOn`);
  }
  for (const on of r.retryOn) {
    if (!RETRY_ON.includes(on) && !/^[1-5][0-9][0-9]$/.test(on)) d.report(Rules.InvalidValue, path, `${where}: retryOn "${on}" is not a retry condition`);
  }
}

/** Sidecar egress hosts: `namespace/host` with namespace `*`, `.`, `~` or a DNS label, host `*` or a DNS name. */
function egressHost(d: Diagnostics, path: string, what: string, entry: string): void {
  const [ns, h, ...rest] = entry.split('/');
  const problem = h === undefined || rest.length > 0 ? 'is not of the form namespace/host'
    : !['*', '.', '~'].includes(ns) && dnsLabelProblem(ns) ? `has namespace "${ns}" that ${dnsLabelProblem(ns)}`
      : hostProblem(h) && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(h) ? `has host "${h}" that ${hostProblem(h)}` : undefined;
  if (problem) d.report(Rules.InvalidHost, path, `${what}: egress host "${entry}" ${problem}`);
}

/** Kubernetes label keys (optional DNS prefix, name ≤ 63) and values (≤ 63, alphanumeric at both ends). */
function labels(d: Diagnostics, path: string, what: string, map: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(map)) {
    const name = k.includes('/') ? k.slice(k.indexOf('/') + 1) : k;
    const ok = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
    if (name.length > 63 || !ok.test(name) || (k.includes('/') && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(k.slice(0, k.indexOf('/'))))) {
      d.report(Rules.InvalidValue, path, `${what}: label key "${k}" is not a valid label key`);
    }
    if (v.length > 63 || (v !== '' && !ok.test(v))) d.report(Rules.InvalidValue, path, `${what}: label value "${v}" of "${k}" is not a valid label value`);
  }
}

/** Protocols whose calls carry HTTP routes, retries and timeouts. */
export const HTTP_FAMILY: readonly ExternalProtocol[] = ['HTTP', 'HTTP2', 'GRPC'];

function checkExternalService(e: ExternalServiceModel, d: Diagnostics): void {
  const what = `external service ${e.namespace}/${e.name}`;
  const problem = dnsLabelProblem(e.name);
  if (problem) d.report(Rules.InvalidName, e.path, `external service name "${e.name}" ${problem}`);
  if (e.namespace === '') d.report(Rules.MissingField, e.path, `${what} has no namespace: declare it inside a Workspace or set namespace`);
  host(d, e.path, what, e.host, false);
  if (e.ports.length === 0) d.report(Rules.MissingField, e.path, `${what} has no ports`);
  unique(e.ports, p => String(p.number), p => d.report(Rules.DuplicateResource, e.path, `${what} lists port ${p.number} twice`));
  unique(e.ports, p => p.name, p => d.report(Rules.DuplicateResource, e.path, `${what} has two ports named "${p.name}"`));
  for (const p of e.ports) {
    port(d, e.path, what, p.number);
    const np = dnsLabelProblem(p.name);
    if (np) d.report(Rules.InvalidName, e.path, `${what}: port name "${p.name}" ${np}`);
  }
  if (e.resolution === 'NONE' && e.endpoints.length > 0) d.report(Rules.InvalidValue, e.path, `${what} has resolution NONE, which takes no endpoints`);
  if (e.resolution === 'STATIC' && e.endpoints.length === 0) d.report(Rules.MissingField, e.path, `${what} has resolution STATIC but no endpoints`);
  for (const ep of e.endpoints) {
    const ip = /^(\d{1,3}\.){3}\d{1,3}$/.test(ep.address) || (ep.address.includes(':') && /^[0-9a-fA-F:]+$/.test(ep.address));
    if (e.resolution === 'STATIC' && !ip) d.report(Rules.InvalidValue, e.path, `${what}: endpoint "${ep.address}" is not an IP address (STATIC resolution)`);
    if (!ip) host(d, e.path, `${what}: endpoint`, ep.address, false);
    for (const [name, n] of Object.entries(ep.ports)) {
      if (!e.ports.some(p => p.name === name)) d.report(Rules.UnresolvedReference, e.path, `${what}: endpoint "${ep.address}" maps port "${name}", which the service does not declare`);
      port(d, e.path, `${what}: endpoint "${ep.address}"`, n);
    }
  }
  labels(d, e.path, what, e.labels);
  duration(d, e.path, `${what}: timeout`, e.timeoutMs);
  if (e.retries) retries(d, e.path, what, e.retries);
  if ((e.retries || e.timeoutMs !== undefined) && !e.ports.some(p => HTTP_FAMILY.includes(p.protocol))) {
    d.report(Rules.InvalidValue, e.path, `${what} sets retries or a timeout, which apply to HTTP calls, but has no HTTP, HTTP2 or GRPC port`);
  }
}

function checkAccessPolicy(a: AccessPolicyModel, d: Diagnostics): void {
  const what = `access policy "${a.name}"`;
  const problem = dnsLabelProblem(a.name);
  if (problem) d.report(Rules.InvalidName, a.path, `access policy name "${a.name}" ${problem}`);
  if (a.sources.length === 0) d.report(Rules.MissingField, a.path, `${what} has no sources: it would admit nobody`);
  if (a.destinations.length === 0) d.report(Rules.MissingField, a.path, `${what} has no destinations`);
  for (const s of a.sources) {
    if (s.kind !== 'cluster' && s.kind !== 'workspace') {
      const np = dnsLabelProblem(s.namespace ?? s.name);
      if (np) d.report(Rules.InvalidName, a.path, `${what}: source namespace "${s.namespace ?? s.name}" ${np}`);
    }
    if (s.kind === 'serviceAccount' && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(s.name)) {
      d.report(Rules.InvalidName, a.path, `${what}: service account "${s.name}" is not a valid name`);
    }
  }
  for (const m of a.methods) if (tokenProblem(m)) d.report(Rules.InvalidValue, a.path, `${what}: method "${m}" ${tokenProblem(m)}`);
  for (const p of a.paths) {
    if (!/^(\*|\/[^*]*\*?|\*[^*]*)$/.test(p)) d.report(Rules.InvalidPath, a.path, `${what}: path "${p}" must start with "/" (or "*"), with at most one "*" at either end`);
  }
}

/** Envoy retry conditions accepted by Istio. */
const RETRY_ON = ['5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled',
  'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'];

function port(d: Diagnostics, path: string, what: string, p: number): void {
  if (!Number.isInteger(p) || p < 1 || p > 65535) d.report(Rules.InvalidPort, path, `${what}: port ${p} is not in 1–65535`);
}

function host(d: Diagnostics, path: string, what: string, h: string, wildcard = true): void {
  const problem = hostProblem(h) ?? (!wildcard && h.includes('*') ? 'is a wildcard' : undefined);
  if (problem) d.report(Rules.InvalidHost, path, `${what}: host "${h}" ${problem}`);
}

function duration(d: Diagnostics, path: string, what: string, ms: number | undefined): void {
  if (ms !== undefined && (!Number.isInteger(ms) || ms < 1)) d.report(Rules.InvalidDuration, path, `${what} of ${ms}ms is not a whole number of milliseconds ≥ 1`);
}

/** Calls `onDuplicate(item, first)` for every item whose key was seen before. */
function unique<T>(items: readonly T[], key: (t: T) => string, onDuplicate: (item: T, first: T) => void): void {
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
  rules: [Rules.InvalidName, Rules.InvalidHost, Rules.InvalidRegex, Rules.InvalidPort, Rules.InvalidWeight, Rules.AllZeroWeights,
    Rules.DuplicateRouteName, Rules.DuplicateHost, Rules.DuplicateResource, Rules.InvalidPath, Rules.InvalidHeaderName,
    Rules.InvalidValue, Rules.InvalidDuration, Rules.MissingField, Rules.UnresolvedReference],
  run(ctx: CompileContext): void {
    checkDeclarations(ctx.model, ctx.diagnostics);
  },
};
