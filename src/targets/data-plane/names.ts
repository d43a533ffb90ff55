/** Names and `exportTo` lists of the data-plane objects. */
import { dnsName } from '../names';

/**
 * The names of the Sidecar and of the service-isolation policy of a namespace. They carry the namespace, so that
 * every object of a cluster has its own file in cdk8s's file-per-resource outputs (which name files `<kind>.<name>`).
 */
export const ISOLATION_NAMES = {
  sidecar: (namespace: string) => dnsName(['workspace-sidecar', namespace]),
  isolationPolicy: (namespace: string) => dnsName(['workspace-isolation', namespace]),
};

/** `exportTo` of an object in `namespace`: `.` for its own namespace, then the other namespaces, sorted. */
export function exportList(namespace: string, namespaces: readonly string[]): string[] {
  return ['.', ...namespaces.filter(ns => ns !== namespace)];
}
