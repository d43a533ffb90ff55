/**
 * The compiled mesh: what targets translate and the route evaluation reads. Target-agnostic.
 */
import { Diagnostic } from '../diagnostic';
import { EffectiveMatch } from './match';
import {
  DirectResponseActionModel, ForwardActionModel, GatewayModel, MeshModel, RedirectActionModel, RouteModel,
  RouteTableModel, WorkspaceModel,
} from './model';

/** A route table and one of its routes: one link of a delegation chain. */
export interface ChainLink {
  readonly table: RouteTableModel;
  readonly route: RouteModel;
}

/** A terminal action: what a flattened route does. */
export type TerminalAction = ForwardActionModel | RedirectActionModel | DirectResponseActionModel;

/** One route of a (gateway, host) after delegation is resolved: effective matches and a terminal action. */
export interface FlatRoute {
  /** Unique in its host: the chain's table and route names. */
  readonly name: string;
  /** OR of effective match sets (parent AND child). */
  readonly matches: readonly EffectiveMatch[];
  readonly action: TerminalAction;
  /** Root first; the last link is the route that declared the action. */
  readonly chain: readonly ChainLink[];
}

/** The ordered routes of one host on one gateway. */
export interface CompiledHost {
  readonly host: string;
  /** Root tables serving this host on this gateway, in order (weight, then namespace/name). */
  readonly tables: readonly RouteTableModel[];
  /** Every route table contributing routes (roots and delegation targets), sorted by path. */
  readonly sources: readonly RouteTableModel[];
  /** First match wins. */
  readonly routes: readonly FlatRoute[];
}

/** A virtual gateway with its workspace, clusters and hosts. */
export interface CompiledGateway {
  readonly model: GatewayModel;
  readonly workspace: WorkspaceModel;
  readonly clusters: readonly string[];
  /** Sorted by host. */
  readonly hosts: readonly CompiledHost[];
}

/** The result of compiling a mesh. */
export interface CompiledMesh {
  readonly model: MeshModel;
  /** Every finding, errors first. */
  readonly diagnostics: readonly Diagnostic[];
  /** Cluster names, sorted. */
  readonly clusters: readonly string[];
  /** Sorted by namespace/name. */
  readonly gateways: readonly CompiledGateway[];
  /** Namespace → name of the workspace owning it. */
  readonly namespaceOwners: ReadonlyMap<string, string>;
}
