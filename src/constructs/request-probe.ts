import type { VirtualGateway } from './virtual-gateway';

/** The workload sending a mesh request (east–west), instead of a gateway. */
export interface RequestSource {
  /** Namespace of the calling workload. */
  readonly namespace: string;
  /** Cluster of the calling workload. @default - the only cluster of the mesh */
  readonly cluster?: string;
  /** Labels of the calling pod (east–west tables and traffic policies may select callers by labels). @default - none */
  readonly labels?: { [key: string]: string };
}

/** A request to evaluate against the compiled mesh: "where does this request go?". */
export interface RequestProbe {
  /** Host (authority) of the request, without port. */
  readonly host: string;
  /** Path of the request. A `?query` part is read as query parameters. */
  readonly path: string;
  /**
   * A workload of the mesh sending the request (east–west): its sidecar applies the host's east–west tables and traffic
   * policies, and for a virtual destination or a federated service the decision lists the endpoints in the caller's order
   * of preference. `gateway` is not used then. @default - a request through a gateway
   */
  readonly source?: RequestSource;
  /** The gateway receiving the request. @default - the only gateway of the mesh */
  readonly gateway?: VirtualGateway;
  /** Listener port receiving the request. @default - the gateway's first listener */
  readonly port?: number;
  /** HTTP method. @default 'GET' */
  readonly method?: string;
  /** Request headers (names are case-insensitive). @default - none */
  readonly headers?: { [name: string]: string };
  /** Query parameters (added to those in `path`). @default - none */
  readonly query?: { [name: string]: string };
}
