import { CompiledAccessGrant, CompiledGateway, CompiledIsolation, CompiledMulticluster, CompiledProxy } from './compiled';
import { cmp, Diagnostics } from './diagnostics/catalogue';
import type { Flattener } from './flattener';
import type { Isolation } from './isolation';
import { MeshModel, RouteTableModel, WorkspaceModel } from '../model';
import { Tenancy } from './tenancy';

/** The tables attached to one gateway, by host, each list in serving order (weight, then namespace/name). */
export type Attachments = ReadonlyMap<string, ReadonlyMap<string, readonly RouteTableModel[]>>;

/** What the passes produce, by name; each is written once by one pass and read by later ones. */
export interface Products {
  /** Namespace ownership and export/import between workspaces. */
  readonly tenancy: Tenancy;
  /** Gateway construct path → the workspace owning its namespace. */
  readonly gatewayOwners: ReadonlyMap<string, WorkspaceModel>;
  /** Gateway construct path → host → root tables admitted for it. */
  readonly attachments: Attachments;
  /** Resolves delegation; remembers which tables were used. */
  readonly flattener: Flattener;
  /** The gateways with their hosts' ordered, flattened routes. */
  readonly gateways: readonly CompiledGateway[];
  /** The gateways grouped by the proxies they configure, with each port's route configurations. */
  readonly proxies: readonly CompiledProxy[];
  /** The view of workspaces, gateways and services the isolation objects are built from. */
  readonly isolation: Isolation;
  /** Sidecars, isolation policies, subsets and external services. */
  readonly dataPlane: Omit<CompiledIsolation, 'accessGrants'>;
  /** What virtual meshes and virtual destinations emit, per cluster. */
  readonly multicluster: CompiledMulticluster;
  /** What access policies admit. */
  readonly accessGrants: readonly CompiledAccessGrant[];
}

/** The state one compilation threads through its passes: the model, the findings, and the passes' products. */
export class CompileContext {
  private readonly products = new Map<keyof Products, unknown>();

  constructor(
    /** The declarations, sorted by stable keys. */
    public readonly model: MeshModel,
    /** Every finding so far. */
    public readonly diagnostics: Diagnostics,
  ) {}

  /** Cluster names, sorted. */
  public get clusterNames(): readonly string[] {
    return this.model.clusters.map(c => c.name).sort(cmp);
  }

  /** Records what a pass produced; each product is written once. */
  public put<K extends keyof Products>(key: K, value: Products[K]): void {
    if (this.products.has(key)) throw new Error(`cdk8s-mesh compiler: "${key}" was produced twice`);
    this.products.set(key, value);
  }

  /** What an earlier pass produced; a pass reading a product no earlier pass wrote is a bug in the pass order. */
  public get<K extends keyof Products>(key: K): Products[K] {
    if (!this.products.has(key)) throw new Error(`cdk8s-mesh compiler: "${key}" is read before a pass produced it`);
    return this.products.get(key) as Products[K];
  }
}
