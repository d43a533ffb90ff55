import { RouteTableModel } from '../../model';

/** `namespace/name` of a route table, as messages and object names use it. */
export function tableRef(t: RouteTableModel): string {
  return `${t.namespace}/${t.name}`;
}
