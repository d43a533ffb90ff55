/**
 * What the routing value classes need of the constructs they name, as interfaces, so that routing depends on no
 * construct module (the constructs implement them).
 */
import { IConstruct } from 'constructs';

/** A route table a delegate action names (implemented by `RouteTable`). */
export interface IRouteTableRef extends IConstruct {
  /** The route table name. */
  readonly routeTableName: string;
  /** Its namespace. */
  readonly namespace: string;
}

/** A workspace a delegate action selects the route tables of (implemented by `Workspace`). */
export interface IWorkspaceRef extends IConstruct {
  /** The workspace name. */
  readonly workspaceName: string;
}

/** An external service a destination names (implemented by `ExternalService`). */
export interface IExternalServiceRef extends IConstruct {
  /** The external service name. */
  readonly externalServiceName: string;
  /** Its namespace. */
  readonly namespace: string;
  /** The external host. */
  readonly host: string;
  /** Its labels, for label-scoped workspace exports. */
  readonly serviceLabels: { [key: string]: string };
  /** The port a destination uses when it names none. Undefined when that is ambiguous. */
  readonly defaultPort?: number;
}

/** A virtual destination a route forwards to (implemented by `VirtualDestination`). */
export interface IVirtualDestinationRef extends IConstruct {
  /** The virtual destination name. */
  readonly virtualDestinationName: string;
  /** Its namespace. */
  readonly namespace: string;
  /** The hostname callers address. */
  readonly hostname: string;
  /** Its labels, for label-scoped workspace exports. */
  readonly destinationLabels: { [key: string]: string };
  /** The port a destination uses when it names none. Undefined when that is ambiguous. */
  readonly defaultPort?: number;
}
