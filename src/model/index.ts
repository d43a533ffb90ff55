/**
 * The plain-data model the constructs record and the compiler reads. Nothing here knows a construct or a target.
 */

export type { SourceRef } from './source-ref';
export * from './match';
export * from './actions';
export * from './route-table';
export * from './workspace';
export * from './gateway';
export * from './cluster';
export * from './services';
export * from './access-policy';
export * from './virtual-mesh';
export * from './virtual-destination';
export * from './mesh-model';
