import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { expectSchemaValid } from './support/schema-gate';

const root = path.join(__dirname, '..');
const examples = fs.readdirSync(path.join(root, 'examples'), { withFileTypes: true })
  .filter(e => e.isDirectory() && fs.existsSync(path.join(root, 'examples', e.name, 'main.ts')))
  .map(e => e.name);

/** Runs an example app exactly as `npm run synth` does, into a fresh folder; returns every emitted object by file. */
function synthesize(name: string): Map<string, any[]> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-mesh-${name}-`));
  const saved = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    jest.isolateModules(() => jest.requireActual(path.join(root, 'examples', name, 'main.ts')));
  } finally {
    if (saved === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved;
  }
  const files = new Map<string, any[]>();
  for (const f of fs.readdirSync(outdir, { recursive: true }).map(String).filter(n => n.endsWith('.yaml')).sort()) {
    files.set(f, parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf-8')).map(d => d.toJS()));
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return files;
}

describe('examples', () => {
  test('there are examples to synthesize', () => {
    expect(examples).toEqual(expect.arrayContaining(['multitenant', 'gateway-per-workspace', 'team-gateways']));
  });

  test.each(examples)('examples/%s synthesizes, and every emitted object passes the schema gate', name => {
    const files = synthesize(name);
    expect(files.size).toBeGreaterThan(0);
    for (const objects of files.values()) {
      expect(objects.length).toBeGreaterThan(0);
      // The library's objects; core v1 objects (the teams' own Services) are not CRD-backed.
      expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1'));
    }
  });

  test('examples/gateway-per-workspace writes S2 in both flavours; examples/team-gateways writes S5 with the teams\' Services', () => {
    expect([...synthesize('gateway-per-workspace').keys()]).toEqual(['gateway-api', 'istio'].map(f => path.join(f, 'default.k8s.yaml')));
    const s5 = synthesize('team-gateways');
    expect([...s5.keys()]).toEqual(['default.k8s.yaml', 'vamp-test1.k8s.yaml', 'vamp-test2.k8s.yaml']);
    expect(s5.get('default.k8s.yaml')!.map(o => o.kind)).toContain('ServiceEntry');
  });

  test('examples/multitenant writes the three flavours of S1', () => {
    expect([...synthesize('multitenant').keys()]).toEqual(['gateway-api', 'istio', 'istio-delegate'].map(f => path.join(f, 'default.k8s.yaml')).sort());
  });
});
