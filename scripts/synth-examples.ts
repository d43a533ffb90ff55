/**
 * The main job: synthesizes every example (examples/<name>/main.ts, each a cdk8s app) into dist/<name>/.
 * Each example is synthesized into a fresh folder that replaces dist/<name>/ only when it succeeds, so a failing
 * example never leaves a half-written or stale output behind.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const examples = fs.readdirSync(path.join(root, 'examples'), { withFileTypes: true })
  .filter(e => e.isDirectory() && fs.existsSync(path.join(root, 'examples', e.name, 'main.ts')))
  .map(e => e.name)
  .sort();
let failed = 0;
for (const name of examples) {
  const target = path.join(root, 'dist', name);
  const staging = `${target}.staging`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, ['-r', 'ts-node/register', path.join('examples', name, 'main.ts')], {
      cwd: root, stdio: 'inherit', env: { ...process.env, CDK8S_OUTDIR: staging, TS_NODE_PROJECT: path.join(root, 'examples', 'tsconfig.json') },
    });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    const files = fs.readdirSync(target, { recursive: true }).filter(f => String(f).endsWith('.yaml'));
    console.log(`synthesized examples/${name} → dist/${name}/ (${files.length} file(s): ${files.join(', ')})`);
  } catch {
    failed++;
    fs.rmSync(staging, { recursive: true, force: true });
    console.error(`examples/${name} failed; dist/${name}/ was left as it was`);
  }
}
if (failed > 0) process.exit(1);
