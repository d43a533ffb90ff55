/**
 * The routes of one host's mesh VirtualService in one cluster. The order is stated and total:
 * 1. the east–west tables of the host, by weight (higher first), then namespace/name, each table's routes in order;
 * 2. a last route sending every other request to the host itself (what sidecars do without a VirtualService).
 * Each of these routes is then split by the policy layers that meet it, most specific layer first: the part of the
 * route inside a layer carries the layer's fields and those of every layer containing it (the most specific setting of
 * a field wins); the rest of the route follows with the fields of no layer. Policies apply to forwarding routes only, and
 * a traffic shift only to the last route: a table route that names its destinations keeps them.
 */
import { intersectMatches, layerContains, matchesOverlap, mergeFields } from './layers';
import { MeshHost } from './mesh-hosts';
import { PolicyLayer, REQUEST_FIELDS } from './policies';
import { ANY_CALLER, CallerScope, intersectScopes, scopesOverlap } from './scope';
import { ForwardActionModel, RequestPolicyModel, ServiceRefModel, WeightedDestinationModel } from '../../model';
import { effective, EffectiveMatch } from '../algebra/match';
import { tableRef } from '../algebra/names';
import { CompiledMeshRoute, CompiledMirror, EastWestTable, FlatRoute, SAME_PORT } from '../compiled';
import { Diagnostics, related, Rules, Subject } from '../diagnostics/catalogue';

/** An east–west table with the callers it applies to in this cluster. */
export interface ScopedTable extends EastWestTable {
  readonly callers: CallerScope;
}

/** What the routes of one host in one cluster are built from. */
export interface HostRoutesInput {
  readonly host: MeshHost;
  readonly tables: readonly ScopedTable[];
  /** Most specific first. */
  readonly layers: readonly PolicyLayer[];
  /** A destination as this cluster's callers reach it; undefined (reported) when they cannot. */
  readonly reach: (s: ServiceRefModel, subject: string, at: PolicyLayer['at']) => ServiceRefModel | undefined;
}

interface BaseRoute extends FlatRoute {
  readonly callers: CallerScope;
  /** The route that sends the host's other requests to the host itself. */
  readonly fallback: boolean;
}

/** The destination of the fallback route: the host itself, on the port the request was sent to. */
function hostItself(h: MeshHost): ServiceRefModel {
  const base = { name: h.name, namespace: h.namespace, port: SAME_PORT, labels: h.labels };
  if (h.external) return { ...base, external: { path: h.external.path, host: h.host } };
  if (h.virtual) return { ...base, virtual: { path: h.virtual.path, host: h.host } };
  return base;
}

const ANY: EffectiveMatch[] = [effective({ headers: [], query: [] })];

/** A table route with its destinations as this cluster's callers reach them (services pinned to another cluster). */
function reached(r: FlatRoute, input: HostRoutesInput): FlatRoute {
  if (r.action.type !== 'forward' || !r.action.destinations.some(d => d.service?.cluster !== undefined)) return r;
  const leaf = r.chain[r.chain.length - 1];
  const subject = Subject.route(leaf.route.name, tableRef(leaf.table));
  const destinations = r.action.destinations.map(d => ({ ...d, service: d.service && input.reach(d.service, subject, leaf.table) }));
  return { ...r, action: { ...r.action, destinations } };
}

function baseRoutes(input: HostRoutesInput): BaseRoute[] {
  const fromTables = input.tables.flatMap(t => t.routes.map(r => ({ ...reached(r, input), callers: t.callers, fallback: false })));
  const fallback: BaseRoute = {
    name: 'default',
    matches: ANY,
    chain: [],
    callers: ANY_CALLER,
    fallback: true,
    action: { type: 'forward', destinations: [{ service: hostItself(input.host), weight: 1 }] },
  };
  return [...fromTables, fallback];
}

/** The routes of the host, in order (see the file comment). */
export function meshRoutes(input: HostRoutesInput, d: Diagnostics): CompiledMeshRoute[] {
  return baseRoutes(input).flatMap(r => splitRoute(r, input, d));
}

function splitRoute(r: BaseRoute, input: HostRoutesInput, d: Diagnostics): CompiledMeshRoute[] {
  const plain = (): CompiledMeshRoute => ({ ...r, policies: [] });
  if (r.action.type !== 'forward') return [plain()];
  const out: CompiledMeshRoute[] = [];
  for (const p of input.layers) {
    if (!scopesOverlap(p.callers, r.callers) || !matchesOverlap(p.matches, r.matches)) continue;
    const applying = [p, ...input.layers.filter(q => q !== p && layerContains(q, p))];
    if (layerContains(p, { callers: r.callers, matches: r.matches })) {
      out.push(withFields(r, r.callers, r.matches, r.name, applying, input, d));
      return out;
    }
    const callers = intersectScopes(p.callers, r.callers)!;
    const both = intersectMatches(r.matches, p.matches.length > 0 ? p.matches : []);
    if (both.problem) {
      d.report(Rules.UncombinablePolicyMatch, p.at, { subject: p.subject, host: input.host.host, problem: both.problem });
      continue;
    }
    if (both.matches.length > 0) out.push(withFields(r, callers, both.matches, `${r.name}.${layerName(p)}`, applying, input, d));
  }
  return [...out, plain()];
}

function layerName(p: PolicyLayer): string {
  return p.subject.slice(p.subject.lastIndexOf('/') + 1);
}

function routeSubject(r: BaseRoute): string {
  const leaf = r.chain[r.chain.length - 1];
  return Subject.route(leaf.route.name, tableRef(leaf.table));
}

/** The route `r` restricted to `callers` and `matches`, carrying the merged fields of `layers`. */
function withFields(
  r: BaseRoute, callers: CallerScope, matches: readonly EffectiveMatch[], name: string, layers: readonly PolicyLayer[],
  input: HostRoutesInput, d: Diagnostics,
): CompiledMeshRoute {
  const own = r.action as ForwardActionModel;
  const fields = mergeFields(layers);
  if (!r.fallback) reportOwnFields(r, own, fields, layers, input.host.host, d);
  const setter = (k: keyof RequestPolicyModel) => layers.find(l => l.fields[k] !== undefined)!;
  const shifted = r.fallback && fields.shift ? reachAll(fields.shift, setter('shift'), input) : undefined;
  const mirrorLayer = fields.mirror && setter('mirror');
  const mirrorTo = fields.mirror?.destination.service && input.reach(fields.mirror.destination.service, mirrorLayer!.subject, mirrorLayer!.at);
  const mirror: CompiledMirror | undefined = mirrorTo && { destination: mirrorTo, percentage: fields.mirror!.percentage };
  const action: ForwardActionModel = {
    ...own,
    destinations: shifted ?? own.destinations,
    timeoutMs: own.timeoutMs ?? fields.timeoutMs,
    retries: own.retries ?? fields.retries,
    requestHeaders: own.requestHeaders ?? fields.requestHeaders,
    responseHeaders: own.responseHeaders ?? fields.responseHeaders,
  };
  return {
    ...r,
    name,
    callers,
    matches,
    action,
    fault: fields.fault,
    mirror,
    cors: fields.cors,
    policies: layers.filter(l => REQUEST_FIELDS.some(([k]) => l.fields[k] !== undefined)).map(l => l.at.path),
  };
}

function reachAll(shift: readonly WeightedDestinationModel[], layer: PolicyLayer, input: HostRoutesInput): WeightedDestinationModel[] {
  return shift.map(w => ({ ...w, service: w.service && input.reach(w.service, layer.subject, layer.at) }));
}

/** A table route setting a field a policy also sets for its requests: both cannot hold (MESH901). */
function reportOwnFields(
  r: BaseRoute, own: ForwardActionModel, fields: RequestPolicyModel, layers: readonly PolicyLayer[], host: string, d: Diagnostics,
): void {
  const clash: Array<[keyof RequestPolicyModel, boolean]> = [
    ['timeoutMs', own.timeoutMs !== undefined], ['retries', own.retries !== undefined],
    ['requestHeaders', own.requestHeaders !== undefined], ['responseHeaders', own.responseHeaders !== undefined],
  ];
  for (const [k, ownSet] of clash) {
    if (!ownSet || fields[k] === undefined) continue;
    const layer = layers.find(l => l.fields[k] !== undefined)!;
    const field = REQUEST_FIELDS.find(([x]) => x === k)![1];
    const leaf = r.chain[r.chain.length - 1];
    d.report(Rules.PolicyFieldConflict, layer.at, {
      field,
      host,
      first: routeSubject(r),
      second: layer.subject,
      callers: 'the callers of both',
    }, [related(leaf.table, 'the route')]);
  }
}
