/** Route tables and their routes, as declared. */
import { ActionModel } from './actions';
import { MatchModel } from './match';
import { SourceRef } from './source-ref';
import { SourceScopeModel } from './traffic-policy';

/** One route of a route table. */
export interface RouteModel {
  readonly name: string;
  /** OR of match sets; empty = every request the table receives. */
  readonly matches: readonly MatchModel[];
  readonly action: ActionModel;
}

/** A route table as declared. */
export interface RouteTableModel {
  /** Construct path: the identity used by references and diagnostics. */
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespace: string;
  /** Workspace named by the construct scope, if the table was declared inside one. */
  readonly scopeWorkspace?: string;
  readonly hosts: readonly string[];
  /** Construct paths of the virtual gateways the table attaches to. */
  readonly gateways: readonly string[];
  readonly weight: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly routes: readonly RouteModel[];
  /** Shadowed routes inside this table are warnings instead of errors. */
  readonly tolerateShadowing: boolean;
  /** Bound to the mesh: its hosts are services called by workloads (east–west), not gateway hosts. */
  readonly eastWest?: boolean;
  /** East–west tables: the calling workloads it applies to; undefined: every caller its workspace may speak for. */
  readonly sources?: SourceScopeModel;
}
