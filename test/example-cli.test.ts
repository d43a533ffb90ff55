/**
 * Every example is a cdk8s app of its own: `npx cdk8s synth` in its folder runs it through its cdk8s.yaml, with
 * `import ... from 'cdk8s-mesh'` resolved to the library's source, and writes the same YAML as `npm run synth`.
 * One example runs through the real CLI here (a spawned process, so kept to one); the others share its cdk8s.yaml.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLES, synthesizeExample } from './support/example-apps';

const root = path.join(__dirname, '..');
const examplesDir = path.join(root, 'examples');

test('every example folder is a cdk8s app run by ts-node through ../tsconfig.json', () => {
  for (const name of EXAMPLES) {
    const config = fs.readFileSync(path.join(examplesDir, name, 'cdk8s.yaml'), 'utf-8');
    expect(config).toMatch(/^language: typescript$/m);
    expect(config).toMatch(/^app: npx ts-node --project \.\.\/tsconfig\.json main\.ts$/m);
  }
});

test('`cdk8s synth` in examples/multitenant writes the YAML of `npm run synth`', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-cli-'));
  try {
    const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
    const run = spawnSync(process.execPath, [cli, 'synth', '--output', outdir, '--no-check-upgrade'], {
      cwd: path.join(examplesDir, 'multitenant'), encoding: 'utf-8',
    });
    if (run.status !== 0) throw new Error(`cdk8s synth exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
    const written = fs.readdirSync(outdir, { recursive: true }).map(String).filter(f => f.endsWith('.yaml')).sort();
    const expected = synthesizeExample('multitenant');
    expect(written.map(f => f.split(path.sep).join('/'))).toEqual([...expected.keys()]);
    for (const f of written) expect(fs.readFileSync(path.join(outdir, f), 'utf-8')).toBe(expected.get(f.split(path.sep).join('/')));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
