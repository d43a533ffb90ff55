/** Access policies: who may call which services. */
import { KnownServiceModel } from './services';
import { SourceRef } from './source-ref';

/** Who an access policy admits. */
export interface AccessSourceModel {
  readonly kind: 'serviceAccount' | 'namespace' | 'workspace' | 'cluster';
  /** Service account, namespace, workspace or cluster name. */
  readonly name: string;
  /** Namespace of a service account. */
  readonly namespace?: string;
  /** Only identities of this cluster (service accounts and namespaces). */
  readonly cluster?: string;
}

/** Which services an access policy protects: one service, or the known services carrying labels. */
export interface AccessDestinationModel {
  readonly service?: KnownServiceModel;
  /** Construct path or `namespace/name` of a service that could not be resolved, with why. */
  readonly error?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly namespace?: string;
}

/** An access policy as declared. */
export interface AccessPolicyModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly sources: readonly AccessSourceModel[];
  readonly destinations: readonly AccessDestinationModel[];
  readonly methods: readonly string[];
  readonly paths: readonly string[];
}
