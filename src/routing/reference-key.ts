/**
 * How a declaration names the constructs it references in the model. Constructs are referenced by identity: inside
 * the mesh that compiles, a construct's key (its path, or its name for workspaces) stands for it; a construct of
 * another mesh or another App gets a key no construct of this mesh has, so the reference is reported unresolved
 * (MESH101) instead of resolving to a same-named local construct.
 */
import { IConstruct } from 'constructs';

/** The model key of `target`, whose own key is `key`, as seen from the declaring construct. */
export type ReferenceKey = (target: IConstruct, key: string) => string;

/** Keys as written: for values read outside any declaration. */
export const keyAsWritten: ReferenceKey = (_target, key) => key;
