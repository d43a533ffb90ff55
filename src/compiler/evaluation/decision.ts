/**
 * What `Mesh.evaluate` answers: the evaluation of a request mapped to the public `RouteDecision` — outcome,
 * destinations with their hosts, the redirect location, the delegation chain.
 */
import { destinationHost } from '../algebra/destination-host';
import { tableRef } from '../algebra/names';
import { CompiledMesh, TerminalAction } from '../compiled';
import { describeChain, evaluate, Evaluation, EvaluationRequest } from './evaluate';
import { DecisionDestination, RouteDecision, RouteOutcome } from './route-decision';

/** Where a request goes through the compiled mesh. */
export function decide(mesh: CompiledMesh, request: EvaluationRequest): RouteDecision {
  const e = evaluate(mesh, request);
  const route = e.route;
  if (!route) return { outcome: RouteOutcome.NOT_FOUND, status: 404, chain: [], destinations: [] };
  const leaf = route.chain[route.chain.length - 1];
  const base = { routeTable: tableRef(leaf.table), route: leaf.route.name, chain: describeChain(route), destinations: [] };
  const a = route.action;
  switch (a.type) {
    case 'forward':
      return { ...base, outcome: RouteOutcome.FORWARD, destinations: destinations(a, mesh.model.clusterDomain) };
    case 'redirect':
      return { ...base, outcome: RouteOutcome.REDIRECT, status: a.statusCode, redirect: redirectLocation(a, e, request) };
    case 'direct':
      return { ...base, outcome: RouteOutcome.DIRECT_RESPONSE, status: a.status, body: a.body };
  }
}

function destinations(a: Extract<TerminalAction, { type: 'forward' }>, clusterDomain: string): DecisionDestination[] {
  return a.destinations.map(d => ({
    service: d.service!.name,
    namespace: d.service!.namespace,
    port: d.service!.port,
    weight: d.weight,
    host: destinationHost(d.service!, clusterDomain),
    subset: d.service!.subset?.name,
    external: d.service!.external !== undefined,
  }));
}

/** Unset parts keep the request's: its path, host and the scheme of the listener it came in on. */
function redirectLocation(a: Extract<TerminalAction, { type: 'redirect' }>, e: Evaluation, request: EvaluationRequest): string {
  const [path] = request.path.split('?');
  const listeners = e.gateway.model.listeners;
  const listener = listeners.find(l => l.port === (request.port ?? listeners[0]?.port));
  const scheme = a.scheme ?? (listener?.protocol === 'HTTPS' ? 'https' : 'http');
  const port = a.port === undefined ? '' : `:${a.port}`;
  return `${scheme}://${a.host ?? request.host}${port}${a.path ?? path}`;
}
