/**
 * One measured run, in a fresh process: the mesh (declare a generated mesh and synthesize it) or the floor (a plain
 * cdk8s app synthesizing the very same objects as raw ApiObjects). Each reports its wall time, its phases and its
 * peak RSS, read before anything else (the floor's dump, object sizes) is done.
 */
import * as fs from 'fs';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { IstioDelegation, MeshProps, MeshTarget } from '../src';
import * as compile from '../src/compiler/compile';
import * as objectSize from '../src/targets/object-size';
import * as registry from '../src/targets/registry';
import { benchOptions, generateMesh } from '../test/support/mesh-generator';

/** The output flavours, by name. */
export const FLAVOURS: Record<string, MeshProps> = {
  'istio': {},
  'istio-delegate': { istioDelegation: IstioDelegation.NATIVE },
  'gateway-api': { target: MeshTarget.GATEWAY_API },
};

/** Milliseconds spent in each phase of a run. */
export interface Phases {
  /** Declaring the constructs (mesh: the generated mesh; floor: the ApiObjects). */
  declare: number;
  /** The compiler's passes. */
  compile: number;
  /** The targets: emitted objects, names, size checks. */
  targets: number;
  /** cdk8s: creating the ApiObjects, validating, resolving them to JSON. */
  cdk8s: number;
  /** Writing YAML: stringifying and saving the files. */
  yaml: number;
}

/** What one run measured. */
export interface Measurement {
  readonly ms: number;
  readonly phases: Phases;
  readonly peakRssMiB: number;
  readonly routes: number;
  readonly objects: number;
  /** Bytes of the largest object's JSON (Go's encoding), when the run measured it. */
  readonly maxObjectBytes?: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Wraps `owner[name]` so that the time spent in it is added to `phases[phase]`. */
function timed<T extends object>(owner: T, name: keyof T & string, phases: Phases, phase: keyof Phases): void {
  const original = owner[name] as unknown as (...args: unknown[]) => unknown;
  (owner as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    const start = now();
    try {
      return original.apply(this, args);
    } finally {
      phases[phase] += now() - start;
    }
  };
}

/** Times the phases of synthesis: the compiler, the targets, the YAML writer (the rest of `synth` is cdk8s's). */
function instrument(phases: Phases): void {
  timed(compile, 'compileMesh', phases, 'compile');
  timed(registry, 'emitAll', phases, 'targets');
  timed(objectSize, 'reportOversizedObjects', phases, 'targets');
  timed(Yaml, 'save', phases, 'yaml');
}

const zero = (): Phases => ({ declare: 0, compile: 0, targets: 0, cdk8s: 0, yaml: 0 });
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

/** The mesh: declare a generated mesh of `workspaces` teams in `flavour`, synthesize it; optionally dump its objects. */
export function runMesh(workspaces: number, flavour: string, outdir: string, dump?: string): Measurement {
  const phases = zero();
  instrument(phases);
  const start = now();
  const app = new App({ outdir });
  const g = generateMesh(app, { ...benchOptions(workspaces), mesh: FLAVOURS[flavour], probes: false });
  phases.declare = now() - start;
  app.synth();
  const ms = now() - start;
  phases.cdk8s = ms - phases.declare - phases.compile - phases.targets - phases.yaml;
  const rss = peakRssMiB();
  const charts = app.node.children.filter((c): c is Chart => c instanceof Chart).map(c => ({ id: c.node.id, objects: c.toJson() }));
  const objects = charts.reduce((n, c) => n + c.objects.length, 0);
  const maxObjectBytes = dump ? Math.max(...charts.flatMap(c => c.objects.map(objectSize.jsonBytes))) : undefined;
  if (dump) fs.writeFileSync(dump, JSON.stringify(charts));
  return { ms, phases, peakRssMiB: rss, routes: g.routes, objects, maxObjectBytes };
}

/** The floor: the same objects as raw ApiObjects in a plain cdk8s app (reading the dump is not timed). */
export function runFloor(dump: string, outdir: string): Measurement {
  const charts: Array<{ id: string; objects: any[] }> = JSON.parse(fs.readFileSync(dump, 'utf-8'));
  const phases = zero();
  instrument(phases);
  const start = now();
  const app = new App({ outdir });
  let objects = 0;
  for (const c of charts) {
    const chart = new Chart(app, c.id);
    for (const o of c.objects) new ApiObject(chart, `${o.kind}.${o.metadata.namespace}.${o.metadata.name}`, o);
    objects += c.objects.length;
  }
  phases.declare = now() - start;
  app.synth();
  const ms = now() - start;
  phases.cdk8s = ms - phases.declare - phases.yaml;
  return { ms, phases, peakRssMiB: peakRssMiB(), routes: 0, objects };
}
