import type { VirtualGateway } from './virtual-gateway';

/** A request to evaluate against the compiled mesh: "where does this request go?". */
export interface RequestProbe {
  /** Host (authority) of the request, without port. */
  readonly host: string;
  /** Path of the request; a `?query` part is read as query parameters. */
  readonly path: string;
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
