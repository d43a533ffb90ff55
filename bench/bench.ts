/**
 * `npm run bench [-- --quick | --sizes 5000,40000 --flavours istio,gateway-api --repeats 5]`: synthesizes generated
 * meshes (teams of 10 route tables × 20 routes, 4 gateways) in each output flavour and, interleaved with them, the
 * floor — a plain cdk8s app synthesizing the very same objects as raw ApiObjects. Each run is a fresh process; each
 * figure is the median of the runs, with its spread (smallest and largest run), and the ratio is the median of the
 * mesh/floor ratios of consecutive pairs (mesh first, then floor first, in turn), so that a change in the machine's
 * load touches both sides alike.
 * Prints per flavour and size: objects, the largest object's JSON, times, ratio, growth per doubling (the whole run,
 * and the library's own phases), peak RSS (each run's, median and spread), the phases (declare, compile, targets,
 * cdk8s, YAML) and the garbage collector's pauses in each. The last line is one JSON object for the default flavour
 * at 40,000 routes (or the largest size measured, if smaller), with the median peak RSS and the largest.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { FLAVOURS, Measurement, Phases, runFloor, runMesh } from './runs';
import { median, spread } from './stats';
import { BENCH_WORKSPACES } from '../test/support/mesh-generator';

/** Routes per team in the benchmark's meshes. */
const ROUTES_PER_TEAM = 200;
/** `--quick`: two small sizes (1,000 and 2,000 routes), one pair each. */
const QUICK_WORKSPACES = [5, 10];
/** The size the targets are set at, reported on the last line. */
const TARGET_ROUTES = 40_000;

/** The runs of one flavour at one size. */
interface Row {
  readonly flavour: string;
  readonly routes: number;
  readonly mesh: Measurement[];
  readonly floor: Measurement[];
}

function child(args: string[]): Measurement {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', ...args], {
    encoding: 'utf-8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/**
 * `repeats` interleaved pairs of mesh and floor runs of one flavour at one size, in alternating order (the first mesh
 * run dumps the objects).
 */
function measure(flavour: string, workspaces: number, repeats: number, tmp: string): Row {
  const dump = path.join(tmp, `objects-${flavour}-${workspaces}.json`);
  const dir = (name: string) => fs.mkdtempSync(path.join(tmp, `${name}-`));
  const mesh: Measurement[] = [];
  const floor: Measurement[] = [];
  for (let i = 0; i < repeats; i++) {
    const meshArgs = ['--mode', 'mesh', '--flavour', flavour, '--workspaces', String(workspaces), '--outdir', dir('mesh')];
    const runMeshChild = () => mesh.push(child(i === 0 ? [...meshArgs, '--dump', dump] : meshArgs));
    const runFloorChild = () => floor.push(child(['--mode', 'floor', '--dump', dump, '--outdir', dir('floor')]));
    // Mesh first in even pairs (the first writes the dump), floor first in odd ones: a steady drift in the machine's
    // speed favours the mesh in half the pairs and the floor in the other half.
    if (i % 2 === 0) {
      runMeshChild();
      runFloorChild();
    } else {
      runFloorChild();
      runMeshChild();
    }
  }
  fs.rmSync(dump, { force: true });
  return { flavour, routes: mesh[0].routes, mesh, floor };
}

const n = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratios = (r: Row) => r.mesh.map((m, i) => m.ms / r.floor[i].ms);
const ms = (list: Measurement[]) => median(list.map(m => m.ms));
const library = (m: Measurement) => m.phases.compile + m.phases.targets;

/** The row of the same flavour at half the size, if measured. */
const half = (rows: Row[], r: Row) => rows.find(x => x.flavour === r.flavour && x.routes * 2 === r.routes);

function printRow(rows: Row[], r: Row): void {
  const previous = half(rows, r);
  const growth = previous ? (ms(r.mesh) / ms(previous.mesh)).toFixed(2) : '-';
  const libGrowth = previous ? (median(r.mesh.map(library)) / median(previous.mesh.map(library))).toFixed(2) : '-';
  const withSpread = (xs: number[], digits = 0) => `${n(median(xs), digits)} (${spread(xs).relative})`;
  console.log([
    r.flavour.padEnd(14), n(r.routes).padStart(6), n(r.mesh[0].objects).padStart(7), n(r.mesh[0].maxObjectBytes ?? 0).padStart(9),
    withSpread(r.mesh.map(m => m.ms)).padStart(18), withSpread(r.floor.map(m => m.ms)).padStart(18), withSpread(ratios(r), 2).padStart(16),
    growth.padStart(6), libGrowth.padStart(7),
    withSpread(r.mesh.map(m => m.peakRssMiB)).padStart(15), withSpread(r.floor.map(m => m.peakRssMiB)).padStart(15),
  ].join('  '));
}

/** One line of phases per row: their times, or (`of: 'gc'`) the garbage collector's pauses in them. */
function printPhases(r: Row, of: 'phases' | 'gc'): void {
  const phase = (list: Measurement[], p: keyof Phases) => n(median(list.map(m => m[of][p]))).padStart(7);
  const keys: Array<keyof Phases> = ['declare', 'compile', 'targets', 'cdk8s', 'yaml'];
  console.log(`${r.flavour.padEnd(14)}  ${n(r.routes).padStart(6)}  ${keys.map(k => phase(r.mesh, k)).join(' ')}  | `
    + `${(['declare', 'cdk8s', 'yaml'] as const).map(k => phase(r.floor, k)).join(' ')}`);
}

/** The last line: the default flavour at 40,000 routes (or the largest size measured below that). */
function summary(rows: Row[]): Record<string, unknown> {
  const flavour = rows.some(r => r.flavour === 'istio') ? 'istio' : rows[0].flavour;
  const sizes = rows.filter(r => r.flavour === flavour).map(r => r.routes);
  const routes = sizes.includes(TARGET_ROUTES) ? TARGET_ROUTES : Math.max(...sizes.filter(s => s <= TARGET_ROUTES), Math.min(...sizes));
  const r = rows.find(x => x.flavour === flavour && x.routes === routes)!;
  const previous = half(rows, r);
  const byFlavour = Object.fromEntries(rows.filter(x => x.routes === routes).map(x => [x.flavour, x.mesh[0].maxObjectBytes]));
  return {
    routes,
    ratio: Number(median(ratios(r)).toFixed(3)),
    growth: previous ? Number((ms(r.mesh) / ms(previous.mesh)).toFixed(3)) : null,
    peakRssMiB: Math.round(median(r.mesh.map(m => m.peakRssMiB))),
    peakRssMiBMax: Math.round(Math.max(...r.mesh.map(m => m.peakRssMiB))),
    maxObjectBytes: r.mesh[0].maxObjectBytes,
    maxObjectBytesByFlavour: byFlavour,
  };
}

function options() {
  const { values } = parseArgs({
    options: {
      child: { type: 'boolean' },
      quick: { type: 'boolean' },
      sizes: { type: 'string' },
      flavours: { type: 'string' },
      repeats: { type: 'string' },
      mode: { type: 'string' },
      flavour: { type: 'string' },
      workspaces: { type: 'string' },
      dump: { type: 'string' },
      outdir: { type: 'string' },
    },
  });
  return values;
}

async function main(): Promise<void> {
  const o = options();
  if (o.child) {
    const m = o.mode === 'floor' ? await runFloor(o.dump!, o.outdir!) : await runMesh(Number(o.workspaces), o.flavour!, o.outdir!, o.dump);
    console.log(JSON.stringify(m));
    return;
  }
  const workspaces = o.sizes ? o.sizes.split(',').map(s => Math.round(Number(s) / ROUTES_PER_TEAM))
    : o.quick ? QUICK_WORKSPACES : BENCH_WORKSPACES;
  const flavours = o.flavours ? o.flavours.split(',') : Object.keys(FLAVOURS);
  const repeats = Number(o.repeats ?? (o.quick ? 1 : 5));
  const unknown = flavours.filter(f => !FLAVOURS[f]);
  if (unknown.length > 0) throw new Error(`unknown flavours ${unknown.join(', ')} (known: ${Object.keys(FLAVOURS).join(', ')})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-bench-'));
  const cpus = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`;
  console.log(`cdk8s-mesh benchmark — node ${process.version}, ${cpus}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, `
    + `median of ${repeats} interleaved mesh/floor pairs (spread: smallest and largest run against the median)`);
  console.log('flavour         routes  objects  largest B       mesh ms           floor ms      mesh/floor  growth  library'
    + '       mesh MiB       floor MiB');
  const rows: Row[] = [];
  for (const flavour of flavours) {
    for (const w of workspaces) {
      const row = measure(flavour, w, repeats, tmp);
      rows.push(row);
      printRow(rows, row);
    }
  }
  console.log('\nphases, median ms   mesh: declare compile targets   cdk8s    yaml  | floor: declare cdk8s yaml');
  rows.forEach(r => printPhases(r, 'phases'));
  console.log('\nGC pauses in them, median ms');
  rows.forEach(r => printPhases(r, 'gc'));
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(JSON.stringify(summary(rows)));
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
