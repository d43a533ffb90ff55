import { Construct } from 'constructs';
import { RouteModel, RouteTableModel } from '../model';
import { ModelBuilder, referenceKeyFrom, touchMesh } from './mesh-scope';
import { VirtualGateway } from './virtual-gateway';
import { Workspace } from './workspace';
import { Destination } from '../routing/destination';
import { IRouteTableRef } from '../routing/references';
import { matchModels, Route } from '../routing/route';
import { RouteAction } from '../routing/route-action';
import { sourceScopeModel, WorkloadSelection } from '../routing/workload-selection';

/** Properties of a {@link RouteTable}. */
export interface RouteTableProps {
  /** Route table name. @default - the construct id */
  readonly name?: string;
  /** Namespace of the table. It decides the owning workspace. @default - the first namespace of the enclosing workspace */
  readonly namespace?: string;
  /**
   * Hosts served (root tables). A table without hosts is only a delegation target and inherits hosts and gateways
   * from the tables that delegate to it.
   * @default - none
   */
  readonly hosts?: string[];
  /** Virtual gateways the table attaches to (root tables). @default - none */
  readonly gateways?: VirtualGateway[];
  /**
   * Bind the table to the mesh (east–west): its `hosts` are hosts workloads call — a known Service's
   * `<name>.<namespace>.svc.<cluster domain>`, a virtual destination's or an external service's host — and its routes
   * apply to those calls. Requests no route matches go to the host itself. The Istio output merges every east–west table
   * and traffic policy of a host into one mesh `VirtualService`.
   * @default false
   */
  readonly eastWest?: boolean;
  /**
   * East–west tables: only for these callers. A table of the host's own workspace applies to every caller by default; a
   * table of another workspace applies to its own workloads only, and may not select others'.
   * @default - every caller allowed
   */
  readonly sources?: WorkloadSelection;
  /** Weight: among tables sharing a host or delegated together, higher weight goes first. @default 0 */
  readonly weight?: number;
  /** Labels delegate actions select on. @default - none */
  readonly labels?: { [key: string]: string };
  /** Routes, in order: the first matching route wins. @default - none */
  readonly routes?: Route[];
  /** Where requests matching no route go (a last route named `default` without matchers). @default - 404 */
  readonly defaultDestination?: Destination;
  /** Report routes shadowed by earlier routes of this same table as warnings instead of errors. @default false */
  readonly tolerateShadowedRoutes?: boolean;
}

/**
 * An ordered list of routes for some hosts: attached to virtual gateways (a root table), or a delegation target
 * that receives requests from delegating routes of other tables.
 */
export class RouteTable extends Construct implements IRouteTableRef {
  /** The route table name. */
  public readonly routeTableName: string;
  /** The namespace (empty when neither set nor implied by a workspace, reported at synth). */
  public readonly namespace: string;
  private readonly props: RouteTableProps;
  private readonly routes: Route[];
  private readonly scopeWorkspace?: Workspace;

  /**
   * @param scope the workspace owning it (or the mesh, with `namespace` set)
   * @param id the construct id, also the table's name unless `name` is set
   * @param props its hosts and gateways (none for a delegation target), routes and weight
   */
  constructor(scope: Construct, id: string, props: RouteTableProps = {}) {
    super(scope, id);
    touchMesh(this);
    this.props = props;
    this.scopeWorkspace = Workspace.of(this);
    this.routeTableName = props.name ?? id;
    this.namespace = props.namespace ?? this.scopeWorkspace?.namespaces[0] ?? '';
    this.routes = [...(props.routes ?? [])];
  }

  /**
   * Appends a route (after the routes already declared).
   * @param route the route, whose name must be unique in the table
   */
  public addRoute(route: Route): void {
    touchMesh(this);
    this.routes.push(route);
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    into.routeTables.push(this.toModel());
  }

  private toModel(): RouteTableModel {
    const key = referenceKeyFrom(this);
    const routes: RouteModel[] = this.routes.map(r => ({
      name: r.name,
      matches: matchModels(r.matchers),
      action: r.action._toModel(key),
    }));
    if (this.props.defaultDestination) {
      routes.push({ name: 'default', matches: [], action: RouteAction.forwardTo(this.props.defaultDestination)._toModel(key) });
    }
    return {
      path: this.node.path,
      name: this.routeTableName,
      namespace: this.namespace,
      scopeWorkspace: this.scopeWorkspace?.workspaceName,
      hosts: this.props.hosts ?? [],
      gateways: (this.props.gateways ?? []).map(g => key(g, g.node.path)),
      weight: this.props.weight ?? 0,
      labels: this.props.labels ?? {},
      routes,
      tolerateShadowing: this.props.tolerateShadowedRoutes ?? false,
      eastWest: this.props.eastWest ?? false,
      sources: this.props.sources && sourceScopeModel(this.props.sources, key),
    };
  }
}
