/**
 * Regenerates src/imports/ with `cdk8s import` from the upstream CRDs vendored in crds/ (or $CDK8S_MESH_CRDS).
 * Only the kinds and the API version the library emits are imported (v1 everywhere), so the package stays lean;
 * the CRD files are read in place and never shipped in the package.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadCrds } from './crds';

/**
 * group → kinds the library builds through generated classes (every generated class ships in lib/imports/).
 * Add a kind here, and its CRD file to crds/, when a feature emits it through an L1 class. Kinds emitted as plain
 * ApiObjects (cert-manager.io's Certificate, Issuer and ClusterIssuer, for example) are not imported: their CRDs in
 * crds/ serve the schema gate only.
 */
const EMITTED: Record<string, string[]> = {
  'networking.istio.io': ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar'],
  'security.istio.io': ['AuthorizationPolicy'],
  'gateway.networking.k8s.io': ['Gateway', 'HTTPRoute', 'ReferenceGrant'],
};
const VERSION = 'v1';

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'src', 'imports');
const selected = loadCrds()
  .filter(crd => EMITTED[crd.spec.group]?.includes(crd.spec.names.kind))
  .map(crd => ({ ...crd, spec: { ...crd.spec, versions: crd.spec.versions.filter(v => v.name === VERSION && v.served) } }));

const wanted = Object.entries(EMITTED).flatMap(([g, kinds]) => kinds.map(k => `${g}/${k}`));
const found = selected.filter(c => c.spec.versions.length === 1).map(c => `${c.spec.group}/${c.spec.names.kind}`);
const absent = wanted.filter(w => !found.includes(w));
if (absent.length > 0) throw new Error(`CRDs without a served ${VERSION}: ${absent.join(', ')}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-crds-'));
const file = path.join(tmp, 'crds.yaml');
fs.writeFileSync(file, selected.map(c => stringify(c, { lineWidth: 0 })).join('---\n'));
fs.rmSync(out, { recursive: true, force: true });
execFileSync('npx', ['cdk8s', 'import', file, '--language', 'typescript', '--output', out, '--no-check-upgrade', '--no-save'],
  { cwd: root, stdio: 'inherit' });
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`imported ${selected.length} CRDs (${VERSION}) into ${path.relative(root, out)}`);
