/**
 * The one mesh VirtualService of a host in a cluster (no `gateways`: it applies to sidecars). Each route renders as a
 * gateway route does, plus the callers it applies to — every match carries `sourceNamespace` (one match per
 * namespace) and `sourceLabels`, which istiod reads per proxy (pilot/pkg/networking/core/route/route.go
 * `sourceMatchHTTP`) — and the policies' fault injection, mirror and CORS.
 */
import { exportList } from './names';
import { destinationHost } from '../../compiler/algebra/destination-host';
import { isCatchAll } from '../../compiler/algebra/match';
import { CompiledMeshRoute, CompiledMeshVirtualService, SAME_PORT } from '../../compiler/compiled';
import { VirtualService, VirtualServiceSpec, VirtualServiceSpecHttp, VirtualServiceSpecHttpMatch } from '../../imports/networking.istio.io';
import { CorsModel, FaultModel } from '../../model';
import { formatDuration } from '../durations';
import { EmittedObject, perCluster } from '../emitted';
import { renderHttpRoutes } from '../istio/http-routes';

function withCallers(matches: readonly VirtualServiceSpecHttpMatch[] | undefined, r: CompiledMeshRoute): VirtualServiceSpecHttpMatch[] | undefined {
  // A route for every request from every caller needs no match (Istio's catch-all), as sidecars read it.
  if (r.matches.length === 1 && isCatchAll(r.matches[0]) && r.callers.namespaces === undefined && Object.keys(r.callers.labels).length === 0) {
    return undefined;
  }
  const labels = Object.keys(r.callers.labels).length > 0 ? { sourceLabels: { ...r.callers.labels } } : {};
  const namespaces = r.callers.namespaces;
  if (namespaces === undefined && Object.keys(labels).length === 0) return matches && [...matches];
  const base = matches ?? [{}];
  return base.flatMap(m => (namespaces ?? [undefined]).map(ns => ({ ...m, ...labels, ...(ns === undefined ? {} : { sourceNamespace: ns }) })));
}

function fault(f: FaultModel) {
  return {
    ...(f.delay ? { delay: { fixedDelay: formatDuration(f.delay.fixedDelayMs), percentage: { value: f.delay.percentage } } } : {}),
    ...(f.abort ? { abort: { httpStatus: f.abort.httpStatus, percentage: { value: f.abort.percentage } } } : {}),
  };
}

function cors(c: CorsModel) {
  const list = (xs: readonly string[]) => (xs.length > 0 ? [...xs] : undefined);
  return {
    allowOrigins: c.allowOrigins.map(o => ({ exact: o })),
    allowMethods: list(c.allowMethods),
    allowHeaders: list(c.allowHeaders),
    exposeHeaders: list(c.exposeHeaders),
    maxAge: c.maxAgeMs === undefined ? undefined : formatDuration(c.maxAgeMs),
    allowCredentials: c.allowCredentials,
  };
}

/** The HTTP routes of one mesh route. */
function renderMeshRoute(r: CompiledMeshRoute, clusterDomain: string): VirtualServiceSpecHttp[] {
  return renderHttpRoutes(r, clusterDomain).map(http => ({
    ...http,
    match: withCallers(http.match, r),
    route: http.route?.map(x => ({
      ...x,
      destination: {
        ...x.destination,
        port: x.destination.port?.number === SAME_PORT ? undefined : x.destination.port,
      },
    })),
    ...(r.fault ? { fault: fault(r.fault) } : {}),
    ...(r.mirror ? {
      mirror: {
        host: destinationHost(r.mirror.destination, clusterDomain),
        subset: r.mirror.destination.subset?.name,
        port: r.mirror.destination.port === SAME_PORT ? undefined : { number: r.mirror.destination.port },
      },
      mirrorPercentage: { value: r.mirror.percentage },
    } : {}),
    ...(r.cors ? { corsPolicy: cors(r.cors) } : {}),
  }));
}

/** The mesh VirtualService of a host in one cluster. */
export function meshVirtualServiceObjects(vs: CompiledMeshVirtualService, clusterDomain: string): EmittedObject[] {
  const spec: VirtualServiceSpec = {
    hosts: [vs.host],
    exportTo: exportList(vs.namespace, vs.exportTo),
    http: vs.routes.flatMap(r => renderMeshRoute(r, clusterDomain)),
  };
  return perCluster(vs, VirtualService.GVK, vs.name, JSON.parse(JSON.stringify(spec)));
}
