import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** Environment variable that overrides where the upstream CRD files are read from. */
export const CRD_DIR_ENV = 'CDK8S_MESH_CRDS';

/** The CRD files we target, as named in ../shared/crds. */
export const CRD_FILES = ['istio.yaml', 'gateway-api-standard.yaml', 'cert-manager.yaml'];

/** A CustomResourceDefinition document, reduced to the fields we read. */
export interface CrdDocument {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly group: string;
    readonly scope: string;
    readonly names: { readonly kind: string };
    readonly versions: Array<{ readonly name: string; readonly served: boolean; readonly schema?: { openAPIV3Schema: any } }>;
  };
}

/**
 * Finds the folder holding the upstream CRDs: $CDK8S_MESH_CRDS, else ../shared/crds beside the project root.
 * Fails with a message that says where it looked: a missing schema is an error, never a skipped check.
 */
export function locateCrdDir(): string {
  const fromEnv = process.env[CRD_DIR_ENV];
  const candidate = fromEnv ? path.resolve(fromEnv) : path.resolve(__dirname, '..', '..', 'shared', 'crds');
  const missing = CRD_FILES.filter(f => !fs.existsSync(path.join(candidate, f)));
  if (missing.length > 0) {
    throw new Error(
      `cdk8s-mesh: upstream CRDs not found: ${missing.join(', ')} missing in ${candidate} ` +
      `(${fromEnv ? `from $${CRD_DIR_ENV}` : `default location; set $${CRD_DIR_ENV} to the folder holding ${CRD_FILES.join(', ')}`}).`);
  }
  return candidate;
}

/** Every CustomResourceDefinition in the target CRD files (other documents are skipped). */
export function loadCrds(dir: string = locateCrdDir()): CrdDocument[] {
  const crds: CrdDocument[] = [];
  for (const file of CRD_FILES) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8'))) {
      const value = doc.toJS({ maxAliasCount: -1 });
      if (value?.kind === 'CustomResourceDefinition') crds.push(value);
    }
  }
  return crds;
}
