/**
 * What the mesh reads from the rest of the cdk8s app besides Services: VirtualServices added outside the mesh (escape
 * hatches Istio would merge with the mesh's own) and the pod labels of the app's workloads (to check subsets).
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppVirtualServiceModel, WorkloadModel } from '../model';

const WORKLOAD_KINDS = new Set(['apps/v1 Deployment', 'apps/v1 StatefulSet', 'apps/v1 DaemonSet', 'apps/v1 ReplicaSet', 'batch/v1 Job', 'v1 Pod']);

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function labelsOf(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function virtualService(o: ApiObject): AppVirtualServiceModel {
  const json = o.toJson();
  return {
    path: o.node.path,
    namespace: typeof json?.metadata?.namespace === 'string' ? json.metadata.namespace : 'default',
    hosts: strings(json?.spec?.hosts),
    gateways: strings(json?.spec?.gateways),
  };
}

function workload(o: ApiObject): WorkloadModel {
  const json = o.toJson();
  const labels = o.kind === 'Pod' ? json?.metadata?.labels : json?.spec?.template?.metadata?.labels;
  return {
    path: o.node.path,
    namespace: typeof json?.metadata?.namespace === 'string' ? json.metadata.namespace : 'default',
    labels: labelsOf(labels),
  };
}

/**
 * The mesh-bound routes of an HTTPRoute whose parent is a Service (GAMMA): Istio turns them into a mesh VirtualService for
 * the Service's host (pilot/pkg/config/kube/gateway/route_collections.go `HTTPRouteCollection`).
 */
function gammaRoutes(o: ApiObject): AppVirtualServiceModel[] {
  const json = o.toJson();
  const own = typeof json?.metadata?.namespace === 'string' ? json.metadata.namespace : 'default';
  const parents: any[] = Array.isArray(json?.spec?.parentRefs) ? json.spec.parentRefs : [];
  return parents.filter(p => p?.kind === 'Service' && (p.group ?? '') === '' && typeof p.name === 'string')
    .map(p => ({ path: o.node.path, namespace: typeof p.namespace === 'string' ? p.namespace : own, hosts: [p.name], gateways: [] }));
}

/** The app's own VirtualServices (and GAMMA HTTPRoutes) and workloads, leaving out the objects in `own` (the mesh's output). */
export function appObjects(root: IConstruct,
  own: ReadonlySet<IConstruct>): { appVirtualServices: AppVirtualServiceModel[]; workloads: WorkloadModel[] } {
  const objects = root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && !own.has(c));
  return {
    appVirtualServices: [
      ...objects.filter(o => o.kind === 'VirtualService' && o.apiVersion.startsWith('networking.istio.io/')).map(virtualService),
      ...objects.filter(o => o.kind === 'HTTPRoute' && o.apiVersion.startsWith('gateway.networking.k8s.io/')).flatMap(gammaRoutes),
    ],
    workloads: objects.filter(o => WORKLOAD_KINDS.has(`${o.apiVersion} ${o.kind}`)).map(workload),
  };
}
