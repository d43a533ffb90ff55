/**
 * Regression guard for behaviour-preserving changes: the SHA-256 of the YAML synthesized for every example and for a
 * fixed sample of the generated meshes the property tests use (routing meshes in three flavours, tenancy graphs on
 * both targets) must equal the committed list in `output-hashes.json`. An intended change of output regenerates the
 * list (`UPDATE_OUTPUT_HASHES=1 npx jest test/output-hashes.test.ts`) and says why in its commit.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { DiagnosticSeverity, IstioDelegation, MeshErrors, MeshProps, MeshTarget } from '../src';
import { EXAMPLES, synthesizeExample } from './support/example-apps';
import { generateMesh, MESH_SIZES as sizes } from './support/mesh-generator';
import { declareTenancy, tenancySpecs } from './support/tenancy-generator';

const FILE = path.join(__dirname, 'output-hashes.json');
const SEED = 20261122;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const FLAVOURS: Record<string, MeshProps> = {
  'istio': { target: MeshTarget.ISTIO },
  'istio-delegate': { istioDelegation: IstioDelegation.NATIVE },
  'gateway-api': { target: MeshTarget.GATEWAY_API },
};

/** The YAML of an app, or the sorted error codes when the mesh refuses it. */
function outcome(app: ReturnType<typeof Testing.app>): string {
  try {
    return sha(app.synthYaml());
  } catch (e) {
    if (!MeshErrors.isValidationError(e)) throw e;
    const codes = MeshErrors.diagnosticsOf(e).filter(d => d.severity === DiagnosticSeverity.ERROR).map(d => d.code);
    return `refused: ${[...new Set(codes)].sort().join(' ')}`;
  }
}

function currentHashes(): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const name of EXAMPLES) {
    for (const [file, text] of synthesizeExample(name)) hashes[`examples/${name}/${file}`] = sha(text);
  }
  fc.sample(sizes, { seed: SEED, numRuns: 60 }).forEach((o, i) => {
    for (const [flavour, mesh] of Object.entries(FLAVOURS)) {
      const app = Testing.app();
      generateMesh(app, { ...o, mesh });
      hashes[`generated/${String(i).padStart(2, '0')}/${flavour}`] = outcome(app);
    }
  });
  fc.sample(tenancySpecs, { seed: SEED, numRuns: 100 }).forEach((spec, i) => {
    for (const flavour of ['istio', 'gateway-api']) {
      const app = Testing.app();
      declareTenancy(app, spec, FLAVOURS[flavour]);
      hashes[`tenancy/${String(i).padStart(3, '0')}/${flavour}`] = outcome(app);
    }
  });
  return hashes;
}

describe('output hashes', () => {
  test('the YAML of every example and of 380 generated declarations is byte-identical to the committed list', () => {
    const hashes = currentHashes();
    if (process.env.UPDATE_OUTPUT_HASHES) fs.writeFileSync(FILE, `${JSON.stringify(hashes, null, 2)}\n`);
    const committed = JSON.parse(fs.readFileSync(FILE, 'utf-8'));
    expect(hashes).toEqual(committed);
    // The sample means something: most declarations synthesize.
    expect(Object.values(hashes).filter(h => !h.startsWith('refused')).length).toBeGreaterThan(300);
  });
});
