import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** Environment variable that overrides where the upstream CRD files are read from. */
export const CRD_DIR_ENV = 'CDK8S_MESH_CRDS';

/** The project's own copy of the upstream CRDs, with their provenance in manifest.json. */
export const VENDORED_CRD_DIR = path.resolve(__dirname, '..', 'crds');

/** One vendored CRD file as crds/manifest.json records it. */
export interface CrdManifestEntry {
  readonly file: string;
  readonly project: string;
  readonly repository: string;
  readonly version: string;
  readonly source: string;
  readonly url: string;
  readonly license: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The entries of crds/manifest.json: where each vendored CRD file comes from, and its SHA-256. */
export function crdManifest(): CrdManifestEntry[] {
  return JSON.parse(fs.readFileSync(path.join(VENDORED_CRD_DIR, 'manifest.json'), 'utf-8')).files;
}

/** The CRD files we target: those of crds/manifest.json. */
export const CRD_FILES: string[] = crdManifest().map(e => e.file);

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
 * Finds the folder holding the upstream CRDs: $CDK8S_MESH_CRDS, else the project's crds/.
 * Fails with a message that says where it looked: a missing schema is an error, never a skipped check.
 */
export function locateCrdDir(): string {
  const fromEnv = process.env[CRD_DIR_ENV];
  const candidate = fromEnv ? path.resolve(fromEnv) : VENDORED_CRD_DIR;
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
