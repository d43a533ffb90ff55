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

/** The app's own VirtualServices and workloads, leaving out the objects in `own` (the mesh's output). */
export function appObjects(root: IConstruct,
  own: ReadonlySet<IConstruct>): { appVirtualServices: AppVirtualServiceModel[]; workloads: WorkloadModel[] } {
  const objects = root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && !own.has(c));
  return {
    appVirtualServices: objects.filter(o => o.kind === 'VirtualService' && o.apiVersion.startsWith('networking.istio.io/')).map(virtualService),
    workloads: objects.filter(o => WORKLOAD_KINDS.has(`${o.apiVersion} ${o.kind}`)).map(workload),
  };
}
