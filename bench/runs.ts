/**
 * One measured run, in a fresh process: the mesh (declare a generated mesh and synthesize it) or the floor (a plain
 * cdk8s app synthesizing the very same objects as raw ApiObjects). Each reports its wall time, its phases, the garbage
 * collector's pauses in each phase, and its peak RSS (read before anything else — the floor's dump, object sizes — is
 * done).
 */
import * as fs from 'fs';
import { performance, PerformanceEntry, PerformanceObserver } from 'perf_hooks';
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
  /** Milliseconds the garbage collector paused the run, in each phase (within its time). */
  readonly gc: Phases;
  readonly peakRssMiB: number;
  readonly routes: number;
  readonly objects: number;
  /** Bytes of the largest object's JSON (Go's encoding), when the run measured it. */
  readonly maxObjectBytes?: number;
}

const now = () => performance.now();

/** When a phase ran (performance.now() milliseconds). */
interface Interval {
  readonly phase: keyof Phases;
  readonly start: number;
  readonly end: number;
}

/** Times spent in each phase, and when each timed call ran. */
class PhaseClock {
  public readonly phases: Phases = zero();
  public readonly intervals: Interval[] = [];

  /** Adds the time from `start` to now to `phase`. */
  public add(phase: keyof Phases, start: number): void {
    const end = now();
    this.phases[phase] += end - start;
    this.intervals.push({ phase, start, end });
  }

  /** Wraps `owner[name]` so that the time spent in it is added to `phase`. */
  public wrap<T extends object>(owner: T, name: keyof T & string, phase: keyof Phases): void {
    const original = owner[name] as unknown as (...args: unknown[]) => unknown;
    const clock = this;
    (owner as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      const start = now();
      try {
        return original.apply(this, args);
      } finally {
        clock.add(phase, start);
      }
    };
  }

  /** The pauses of `gc` between `start` and `end`, by the phase they fell in (cdk8s where none was timed). */
  public gcByPhase(gc: readonly PerformanceEntry[], start: number, end: number): Phases {
    const out = zero();
    for (const e of gc) {
      if (e.startTime < start || e.startTime > end) continue;
      const within = this.intervals.find(i => e.startTime >= i.start && e.startTime <= i.end);
      out[within?.phase ?? 'cdk8s'] += e.duration;
    }
    return out;
  }
}

/** Times the phases of synthesis: the compiler, the targets, the YAML writer (the rest of `synth` is cdk8s's). */
function instrument(clock: PhaseClock): void {
  clock.wrap(compile, 'compileMesh', 'compile');
  clock.wrap(registry, 'emitAll', 'targets');
  clock.wrap(objectSize, 'reportOversizedObjects', 'targets');
  clock.wrap(Yaml, 'save', 'yaml');
}

/** Records the garbage collector's pauses; `collected()` returns them once the observer has been told of them all. */
function watchGc(): { collected(): Promise<PerformanceEntry[]> } {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver(list => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    async collected() {
      // Node reports GC entries after the event loop turns, not at once.
      await new Promise(resolve => setTimeout(resolve, 100));
      observer.disconnect();
      return entries;
    },
  };
}

const zero = (): Phases => ({ declare: 0, compile: 0, targets: 0, cdk8s: 0, yaml: 0 });
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

/** The mesh: declare a generated mesh of `workspaces` teams in `flavour`, synthesize it; optionally dump its objects. */
export async function runMesh(workspaces: number, flavour: string, outdir: string, dump?: string): Promise<Measurement> {
  const gc = watchGc();
  const clock = new PhaseClock();
  instrument(clock);
  const start = now();
  const app = new App({ outdir });
  const g = generateMesh(app, { ...benchOptions(workspaces), mesh: FLAVOURS[flavour], probes: false });
  clock.add('declare', start);
  app.synth();
  const end = now();
  const { phases } = clock;
  const ms = end - start;
  phases.cdk8s = ms - phases.declare - phases.compile - phases.targets - phases.yaml;
  const rss = peakRssMiB();
  const charts = app.node.children.filter((c): c is Chart => c instanceof Chart).map(c => ({ id: c.node.id, objects: c.toJson() }));
  const objects = charts.reduce((n, c) => n + c.objects.length, 0);
  const maxObjectBytes = dump ? Math.max(...charts.flatMap(c => c.objects.map(objectSize.jsonBytes))) : undefined;
  if (dump) fs.writeFileSync(dump, JSON.stringify(charts));
  const paused = clock.gcByPhase(await gc.collected(), start, end);
  return { ms, phases, gc: paused, peakRssMiB: rss, routes: g.routes, objects, maxObjectBytes };
}

/** The floor: the same objects as raw ApiObjects in a plain cdk8s app (reading the dump is not timed). */
export async function runFloor(dump: string, outdir: string): Promise<Measurement> {
  const charts: Array<{ id: string; objects: any[] }> = JSON.parse(fs.readFileSync(dump, 'utf-8'));
  const gc = watchGc();
  const clock = new PhaseClock();
  instrument(clock);
  const start = now();
  const app = new App({ outdir });
  let objects = 0;
  for (const c of charts) {
    const chart = new Chart(app, c.id);
    for (const o of c.objects) new ApiObject(chart, `${o.kind}.${o.metadata.namespace}.${o.metadata.name}`, o);
    objects += c.objects.length;
  }
  clock.add('declare', start);
  app.synth();
  const end = now();
  const { phases } = clock;
  const ms = end - start;
  phases.cdk8s = ms - phases.declare - phases.yaml;
  const rss = peakRssMiB();
  return { ms, phases, gc: clock.gcByPhase(await gc.collected(), start, end), peakRssMiB: rss, routes: 0, objects };
}
