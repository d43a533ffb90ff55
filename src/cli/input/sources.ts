/**
 * What the commands read: YAML files and folders, standard input, or a cdk8s app — a folder with a `cdk8s.yaml`,
 * whose `app` command is run as `cdk8s synth` runs it (with `CDK8S_OUTDIR` naming a fresh output folder) and whose
 * output is then read.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { InputError, readObjects, SourceObject } from './documents';

/** Options of reading the inputs. */
export interface SourceOptions {
  /** For a cdk8s app: read only this folder of its output (e.g. `istio` when the app writes one folder per flavour). */
  readonly subfolder?: string;
  /** Standard input, read when an input is `-`. */
  readonly stdin: () => string;
  /** Whether an input may hold no object (a side of `diff`); otherwise that is an input error (a wrong path, most likely). */
  readonly allowEmpty?: boolean;
}

/** The `app` command of a cdk8s app folder, or undefined when the folder is not one. */
function appCommand(folder: string): string | undefined {
  const config = path.join(folder, 'cdk8s.yaml');
  if (!fs.existsSync(config)) return undefined;
  const app = parse(fs.readFileSync(config, 'utf-8'))?.app;
  if (typeof app !== 'string' || app.trim() === '') throw new InputError(`${config}: no "app" command to synthesize the app with`);
  return app;
}

/** Runs a cdk8s app and returns the folder its output was written to. */
export function synthesizeApp(folder: string, app: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-synth-'));
  const run = spawnSync(app, { cwd: folder, shell: true, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: outdir } });
  if (run.status !== 0) {
    throw new InputError(`${folder}: the app command "${app}" failed (exit ${run.status})\n${run.stderr || run.stdout}`);
  }
  return outdir;
}

/** The objects of every input: a cdk8s app's synthesized output, or the YAML files given. */
export function readSources(inputs: readonly string[], options: SourceOptions): SourceObject[] {
  return inputs.flatMap(input => {
    const objects = readSource(input, options);
    if (objects.length === 0 && !options.allowEmpty) {
      throw new InputError(`${input === '-' ? '<stdin>' : input}: no Kubernetes object to read (no YAML or JSON document with one)`);
    }
    return objects;
  });
}

/** The objects of one input. */
function readSource(input: string, options: SourceOptions): SourceObject[] {
  const app = input !== '-' && fs.existsSync(input) && fs.statSync(input).isDirectory() ? appCommand(input) : undefined;
  if (app === undefined) return readObjects([input], options.stdin);
  const outdir = synthesizeApp(input, app);
  try {
    const folder = path.join(outdir, options.subfolder ?? '');
    if (!fs.existsSync(folder)) throw new InputError(`${input}: the app wrote no folder ${options.subfolder}`);
    // Positions name the files as `cdk8s synth` would write them, under the app's dist/.
    return readObjects([folder]).map(o => {
      const file = path.join(input, 'dist', path.relative(outdir, o.file));
      return { ...o, file, at: (field: ReadonlyArray<string | number>) => ({ ...o.at(field), file }) };
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
