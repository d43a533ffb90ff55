/**
 * How constructs relate to the mesh they are declared in, without importing `Mesh`: the mesh marks itself, a
 * construct finds the nearest marked scope to tell it that the declaration changed, and every mesh construct records
 * its intent into a `ModelBuilder` when the mesh compiles.
 */
import { IConstruct } from 'constructs';
import {
  AccessPolicyModel, ClusterModel, ExternalServiceModel, KnownServiceModel, RouteTableModel, VirtualDestinationModel,
  VirtualMeshModel, WorkspaceModel,
} from '../model';
import { ReferenceKey } from '../routing/reference-key';
import { DeclaredGateway } from '../targets/target';

const MESH_SCOPE = Symbol.for('cdk8s-mesh.MeshScope');

/** What a construct sees of its mesh. */
interface MeshScope extends IConstruct {
  /** Called when a construct of the mesh is created or changed. */
  _touch(construct: IConstruct): void;
}

/** Marks `mesh` as the scope its descendants declare into. */
export function markMeshScope(mesh: MeshScope): void {
  Object.defineProperty(mesh, MESH_SCOPE, { value: true });
}

/** The mesh `construct` is declared in, if any. */
function meshOf(construct: IConstruct): IConstruct | undefined {
  return construct.node.scopes.slice().reverse().find(s => (s as any)[MESH_SCOPE] === true);
}

/**
 * How `declaring` names the constructs it references: by their own key inside its mesh; a construct of another mesh
 * or App gets a key that no construct of this mesh has, so the reference is reported unresolved (MESH101).
 */
export function referenceKeyFrom(declaring: IConstruct): ReferenceKey {
  const mesh = meshOf(declaring);
  return (target, key) => (mesh !== undefined && meshOf(target) === mesh ? key : `${key} (of another mesh)`);
}

/** Tells the mesh `construct` belongs to that the declaration changed; throws when it is outside any mesh. */
export function touchMesh(construct: IConstruct): void {
  const mesh = meshOf(construct) as MeshScope | undefined;
  if (!mesh) {
    throw new Error(`${construct.node.path}: cdk8s-mesh constructs must be declared inside a Mesh (for example new Mesh(app, 'mesh'))`);
  }
  mesh._touch(construct);
}

/** What a gateway asks of the flavour emitting it; unset values fall back to the mesh's. */
export interface GatewayChoice {
  /** `MeshTarget` value. */
  readonly target?: string;
  /** `IstioDelegation` value. */
  readonly istioDelegation?: string;
  readonly gatewayClassName?: string;
}

/** The lists every mesh construct records its declaration into. */
export interface ModelBuilder {
  /** Kubernetes Services of the cdk8s app (access policies resolve their destinations against them). */
  readonly services: readonly KnownServiceModel[];
  readonly clusters: ClusterModel[];
  readonly workspaces: WorkspaceModel[];
  readonly gateways: Array<{ readonly model: DeclaredGateway; readonly choice: GatewayChoice }>;
  readonly routeTables: RouteTableModel[];
  readonly externalServices: ExternalServiceModel[];
  readonly accessPolicies: AccessPolicyModel[];
  readonly virtualMeshes: VirtualMeshModel[];
  readonly virtualDestinations: VirtualDestinationModel[];
}

/** A construct that records part of the mesh declaration. */
export interface MeshDeclaration extends IConstruct {
  /** Records this construct's declaration. */
  _declare(into: ModelBuilder): void;
}

/** Whether `construct` records part of the mesh declaration. */
export function isDeclaration(construct: IConstruct): construct is MeshDeclaration {
  return typeof (construct as Partial<MeshDeclaration>)._declare === 'function';
}
