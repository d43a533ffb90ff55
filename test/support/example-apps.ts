import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

/** The examples: every folder of examples/ with a main.ts (a cdk8s app), sorted. */
export const EXAMPLES = fs.readdirSync(path.join(root, 'examples'), { withFileTypes: true })
  .filter(e => e.isDirectory() && fs.existsSync(path.join(root, 'examples', e.name, 'main.ts')))
  .map(e => e.name)
  .sort();

/** Runs an example app exactly as `npm run synth` does, into a fresh folder; returns each written YAML file's text. */
export function synthesizeExample(name: string): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-mesh-${name}-`));
  const saved = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    jest.isolateModules(() => jest.requireActual(path.join(root, 'examples', name, 'main.ts')));
  } finally {
    if (saved === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved;
  }
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(outdir, { recursive: true }).map(String).filter(n => n.endsWith('.yaml')).sort()) {
    files.set(f.split(path.sep).join('/'), fs.readFileSync(path.join(outdir, f), 'utf-8'));
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return files;
}
