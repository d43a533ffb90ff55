/**
 * The command line and the matchers work from the packed package, installed as users install it: the library is
 * compiled, packed with its bundled dependencies, installed offline into an empty project, and run there.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Compiles src/ into a staging copy of the package (lib/, package.json, the bundled dependencies) and packs it. */
function pack(work: string): string {
  const stage = path.join(work, 'stage');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json'), '--outDir', path.join(stage, 'lib'),
    '--noEmit', 'false', '--inlineSourceMap', 'false', '--inlineSources', 'false'], { stdio: 'pipe' });
  for (const f of ['package.json', 'README.md', 'LICENSE']) fs.copyFileSync(path.join(root, f), path.join(stage, f));
  fs.writeFileSync(path.join(stage, '.jsii'), '{}');
  for (const dep of JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).bundledDependencies as string[]) {
    fs.cpSync(path.join(root, 'node_modules', dep), path.join(stage, 'node_modules', dep), { recursive: true, dereference: true });
  }
  const out = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], stage));
  return path.join(work, out[0].filename);
}

test('npx cdk8s-mesh analyze and cdk8s-mesh/matchers work in a project that installed the packed package', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-pack-'));
  const tarball = pack(work);
  const project = path.join(work, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'users-app', version: '1.0.0', private: true }));
  npm(['install', '--offline', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', tarball], project);

  const s1 = path.join(root, 'test', 'fixtures', 's1-plain-istio');
  const run = spawnSync('npx', ['--no-install', 'cdk8s-mesh', 'analyze', s1], { cwd: project, encoding: 'utf-8' });
  expect(run.stdout).toContain('error MESH501 RouteConflict: route "app-2-catchall-route" of VirtualService app-2/app-vs-2');
  expect(run.status).toBe(1);
  const version = spawnSync('npx', ['--no-install', 'cdk8s-mesh', '--version'], { cwd: project, encoding: 'utf-8' });
  expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).version);
  const matchers = spawnSync(process.execPath, ['-e', 'console.log(Object.keys(require("cdk8s-mesh/matchers").meshMatchers).join(","))'],
    { cwd: project, encoding: 'utf-8' });
  expect(matchers.stdout.trim()).toBe('toRoute,toHaveDiagnostic');
  fs.rmSync(work, { recursive: true, force: true });
});
