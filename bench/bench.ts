/**
 * `npm run bench [-- --quick]`: synthesizes generated meshes at several sizes and, in the same run, the floor — a plain
 * cdk8s app synthesizing the very same emitted objects as raw ApiObjects, without the mesh layer. Each measurement
 * runs in a fresh child process (clean heap, honest peak RSS); the median of the repetitions is reported.
 * Prints per size: wall time and peak RSS of both, their ratio, and the growth factor when the size doubles.
 * The last line is one JSON object for the largest size.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { ApiObject, App, Chart } from 'cdk8s';
import { generateMesh, GeneratorOptions } from '../test/support/mesh-generator';

interface Measurement {
  readonly ms: number;
  readonly peakRssMiB: number;
  readonly routes: number;
  readonly objects: number;
}

const TABLES_PER_WORKSPACE = 10;
const ROUTES_PER_TABLE = 20;

function options(workspaces: number): GeneratorOptions {
  return { workspaces, tablesPerWorkspace: TABLES_PER_WORKSPACE, routesPerTable: ROUTES_PER_TABLE, gateways: 4, seed: 42 };
}

/** Child: declare and synthesize a generated mesh; optionally dump the emitted objects for the floor. */
function runMesh(workspaces: number, outdir: string, dump?: string): Measurement {
  const start = process.hrtime.bigint();
  const app = new App({ outdir });
  const g = generateMesh(app, options(workspaces));
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (dump) {
    const charts = app.node.children.filter((c): c is Chart => c instanceof Chart);
    fs.writeFileSync(dump, JSON.stringify(charts.map(c => ({ id: c.node.id, objects: c.toJson() }))));
  }
  const objects = fs.readdirSync(outdir).length;
  return { ms, peakRssMiB: process.resourceUsage().maxRSS / 1024, routes: g.routes, objects };
}

/** Child: the floor — the same objects as raw ApiObjects in a plain cdk8s app. */
function runFloor(dump: string, outdir: string): Measurement {
  const charts: Array<{ id: string; objects: any[] }> = JSON.parse(fs.readFileSync(dump, 'utf-8'));
  const start = process.hrtime.bigint();
  const app = new App({ outdir });
  let objects = 0;
  for (const c of charts) {
    const chart = new Chart(app, c.id);
    for (const o of c.objects) new ApiObject(chart, `${o.kind}.${o.metadata.namespace}.${o.metadata.name}`, o);
    objects += c.objects.length;
  }
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, peakRssMiB: process.resourceUsage().maxRSS / 1024, routes: 0, objects };
}

function child(args: string[]): Measurement {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', ...args], {
    encoding: 'utf-8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const { values } = parseArgs({
    options: {
      child: { type: 'boolean' },
      quick: { type: 'boolean' },
      mode: { type: 'string' },
      workspaces: { type: 'string' },
      dump: { type: 'string' },
      outdir: { type: 'string' },
    },
  });
  if (values.child) {
    const m = values.mode === 'floor' ? runFloor(values.dump!, values.outdir!) : runMesh(Number(values.workspaces), values.outdir!, values.dump);
    console.log(JSON.stringify(m));
    return;
  }
  const sizes = values.quick ? [5, 10] : [25, 50, 100, 200];
  const repeats = values.quick ? 1 : 3;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-bench-'));
  const cpus = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`;
  console.log(`cdk8s-mesh benchmark — node ${process.version}, ${cpus}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
  console.log('routes  tables  objects | mesh ms  floor ms  ratio | mesh MiB  floor MiB | growth ×2');
  let previous: number | undefined;
  let last: Record<string, number> = {};
  for (const workspaces of sizes) {
    const dump = path.join(tmp, `objects-${workspaces}.json`);
    const dir = (name: string) => fs.mkdtempSync(path.join(tmp, `${name}-`));
    const meshRuns = [child(['--mode', 'mesh', '--workspaces', String(workspaces), '--outdir', dir('mesh'), '--dump', dump])];
    for (let i = 1; i < repeats; i++) meshRuns.push(child(['--mode', 'mesh', '--workspaces', String(workspaces), '--outdir', dir('mesh')]));
    const floorRuns = Array.from({ length: repeats }, () => child(['--mode', 'floor', '--dump', dump, '--outdir', dir('floor')]));
    const mesh = { ms: median(meshRuns.map(r => r.ms)), rss: Math.max(...meshRuns.map(r => r.peakRssMiB)) };
    const floor = { ms: median(floorRuns.map(r => r.ms)), rss: Math.max(...floorRuns.map(r => r.peakRssMiB)) };
    const ratio = mesh.ms / floor.ms;
    const growth = previous === undefined ? NaN : mesh.ms / previous;
    previous = mesh.ms;
    const routes = meshRuns[0].routes;
    const tables = workspaces * TABLES_PER_WORKSPACE;
    console.log(`${String(routes).padStart(6)}  ${String(tables).padStart(6)}  ${String(floorRuns[0].objects).padStart(7)} | `
      + `${mesh.ms.toFixed(0).padStart(7)}  ${floor.ms.toFixed(0).padStart(8)}  ${ratio.toFixed(2).padStart(5)} | `
      + `${mesh.rss.toFixed(0).padStart(8)}  ${floor.rss.toFixed(0).padStart(9)} | ${Number.isNaN(growth) ? '-' : growth.toFixed(2)}`);
    last = { routes, ratio: Number(ratio.toFixed(3)), growth: Number(growth.toFixed(3)), peakRssMiB: Math.round(mesh.rss) };
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(JSON.stringify(last));
}

main();
