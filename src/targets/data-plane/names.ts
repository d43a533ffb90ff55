/** Names and `exportTo` lists of the data-plane objects. */

/** The name of the Sidecar and of the service-isolation policy in each namespace. */
export const ISOLATION_NAMES = { sidecar: 'default', isolationPolicy: 'workspace-isolation' };

/** `exportTo` of an object in `namespace`: `.` for its own namespace, then the other namespaces, sorted. */
export function exportList(namespace: string, namespaces: readonly string[]): string[] {
  return ['.', ...namespaces.filter(ns => ns !== namespace)];
}
