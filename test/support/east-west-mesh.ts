/**
 * East–west tests: a mesh of two workspaces — `ops` (namespaces `ops`, `ops2`; Services reviews and ratings with
 * Deployments for versions v1 and v2) sharing its Services with `team` (namespace `team`) — and the answers of both
 * readers of a call: `mesh.evaluate()` with a `source`, and the sidecar-view reading of the emitted YAML.
 */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { durationMs, evaluateSidecar, SidecarAnswer, SidecarCaller, SidecarRequest } from './sidecar-reader';
import { Destination, Mesh, RouteDecision, RouteOutcome, Workspace, WorkspaceSelector } from '../../src';

/** The Services of the mesh, all in namespace ops, port 8080, each with a Deployment per version. */
export const SERVICES = ['reviews', 'ratings'] as const;
export const VERSIONS = ['v1', 'v2'] as const;

/** A Service's cluster-local host. */
export const hostOf = (name: string, ns = 'ops') => `${name}.${ns}.svc.cluster.local`;

/** A Service (optionally a subset `version`, labelled version=<version>). */
export const service = (name: string, version?: string) => (version
  ? Destination.service(name, 'ops', 8080).withSubset(version, { version }) : Destination.service(name, 'ops', 8080));

/** What the tests declare into. */
export interface EastWestMesh {
  readonly app: App;
  readonly mesh: Mesh;
  readonly ops: Workspace;
  readonly team: Workspace;
  readonly apps: Chart;
}

/** Declares the Service `name` in ops and a Deployment per version behind it. */
export function declareService(apps: Chart, name: string, versions: readonly string[] = VERSIONS): void {
  new ApiObject(apps, `svc-${name}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'ops', labels: { app: name } },
    spec: { selector: { app: name }, ports: [{ port: 8080 }] },
  });
  for (const v of versions) {
    const labels = { app: name, version: v };
    new ApiObject(apps, `deploy-${name}-${v}`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${name}-${v}`, namespace: 'ops' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: `${name}:${v}` }] } } },
    });
  }
}

/** The mesh: workspaces ops (ops, ops2) and team (team), ops sharing everything with team; Services reviews and ratings. */
export function eastWestMesh(): EastWestMesh {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh');
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops', 'ops2'], exportTo: [{ workspaces: [WorkspaceSelector.named('team')] }] });
  const team = new Workspace(mesh, 'team', { namespaces: ['team'], importFrom: [{ workspaces: [WorkspaceSelector.named('ops')] }] });
  const apps = new Chart(app, 'apps');
  SERVICES.forEach(s => declareService(apps, s));
  return { app, mesh, ops, team, apps };
}

/** The emitted objects as plain JSON. */
export function objectsOf(app: App): any[] {
  return parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

/** What a call comes to, in terms both readers can state. */
export interface CallEssence {
  /** `host|subset|port|weight%` of each destination, in order; empty when nothing is forwarded. */
  readonly destinations: string[];
  readonly timeoutMs?: number;
  readonly retries?: { attempts: number; perTryTimeoutMs?: number; retryOn?: string };
  readonly fault?: { delayMs?: number; delayPercentage?: number; abortStatus?: number; abortPercentage?: number };
  /** `<service name or host> (<percentage>%)`. */
  readonly mirror?: string;
}

const percent = (w: number, total: number) => Math.round((w * 10000) / total) / 100;
const compact = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The essence of a library decision. */
export function libraryEssence(d: RouteDecision): CallEssence {
  if (d.outcome !== RouteOutcome.FORWARD) return { destinations: [] };
  const total = d.destinations.reduce((s, x) => s + x.weight, 0);
  return compact({
    destinations: d.destinations.map(x => `${x.host}|${x.subset ?? ''}|${x.port}|${percent(x.weight, total)}`),
    timeoutMs: d.timeout === undefined ? undefined : durationMs(d.timeout),
    retries: d.retries && compact({
      attempts: d.retries.attempts,
      perTryTimeoutMs: d.retries.perTryTimeout === undefined ? undefined : durationMs(d.retries.perTryTimeout),
      retryOn: d.retries.retryOn,
    }),
    fault: d.fault && compact({
      delayMs: d.fault.delay === undefined ? undefined : durationMs(d.fault.delay),
      delayPercentage: d.fault.delayPercentage,
      abortStatus: d.fault.abortStatus,
      abortPercentage: d.fault.abortPercentage,
    }),
    mirror: d.mirror,
  });
}

/** The essence of the sidecar's answer. */
export function sidecarEssence(a: SidecarAnswer): CallEssence {
  if (a.status !== 200) return { destinations: [] };
  const total = a.destinations.reduce((s, x) => s + x.weight, 0);
  const mirrorName = a.mirror && (/\.svc\.cluster\.local$/.test(a.mirror.host) ? a.mirror.host.split('.')[0] : a.mirror.host);
  return compact({
    destinations: a.destinations.map(x => `${x.host}|${x.subset ?? ''}|${x.port}|${percent(x.weight, total)}`),
    timeoutMs: a.timeout === undefined ? undefined : durationMs(a.timeout),
    retries: a.retries && compact({
      attempts: a.retries.attempts,
      perTryTimeoutMs: a.retries.perTryTimeout === undefined ? undefined : durationMs(a.retries.perTryTimeout),
      retryOn: a.retries.retryOn,
    }),
    fault: a.fault && compact({
      delayMs: a.fault.delay === undefined ? undefined : durationMs(a.fault.delay.fixedDelay),
      delayPercentage: a.fault.delay?.percentage?.value,
      abortStatus: a.fault.abort?.httpStatus,
      abortPercentage: a.fault.abort?.percentage?.value,
    }),
    mirror: mirrorName === undefined ? undefined : `${mirrorName} (${a.mirrorPercentage ?? 100}%)`,
  });
}

/** Both readings of a call from `caller`: the library's decision and the sidecar's answer from `objects`. */
export function bothReadings(mesh: Mesh, objects: any[], caller: SidecarCaller, request: SidecarRequest) {
  const decision = mesh.evaluate({ ...request, source: { namespace: caller.namespace, labels: { ...(caller.labels ?? {}) } } });
  const sidecar = evaluateSidecar(objects, caller, request);
  return { decision, sidecar, library: libraryEssence(decision), reader: sidecarEssence(sidecar) };
}
