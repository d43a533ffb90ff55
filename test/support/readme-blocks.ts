/**
 * The TypeScript blocks of README.md as programs: read them, type-check them as a user's cdk8s app would be checked
 * (test/tsconfig.json, so 'cdk8s-mesh' is the library's source), and run them into a temporary folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';

const root = path.join(__dirname, '..', '..');
export const README = path.join(root, 'README.md');

/** A ```ts block of the README. */
export interface ReadmeBlock {
  /** README line of the block's first line of code (1-based). */
  readonly line: number;
  readonly code: string;
  /** The prose right after the block, up to the next code block or heading: what the README says the block does. */
  readonly prose: string;
}

/** Every ```ts block of `file`, in order. */
export function readmeBlocks(file = README): ReadmeBlock[] {
  const lines = fs.readFileSync(file, 'utf-8').split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```/.test(lines[i])) continue;
    const start = i;
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++);
    if (!/^```ts\s*$/.test(lines[start])) continue;
    let end = i + 1;
    while (end < lines.length && !/^(```|#)/.test(lines[end])) end++;
    blocks.push({ line: start + 2, code: lines.slice(start + 1, i).join('\n') + '\n', prose: lines.slice(i + 1, end).join('\n') });
  }
  return blocks;
}

/** The compiler options of test/tsconfig.json. */
function testCompilerOptions(): ts.CompilerOptions {
  const configFile = path.join(root, 'test', 'tsconfig.json');
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile), undefined, configFile).options;
}

/** A program to type-check: its source and the README line its first line stands for. */
export interface CheckedSource {
  readonly code: string;
  readonly line: number;
}

/**
 * Type-checks each source as a module of its own (one program for all, so the library is checked once), with the
 * options of test/tsconfig.json. Returns, per source, its diagnostics as `README.md:<line>:<column> TS<code>: <message>`.
 */
export function typeCheck(sources: CheckedSource[]): string[][] {
  const options = testCompilerOptions();
  const files = sources.map((s, i) => path.join(root, 'test', `readme-block-${i}-line-${s.line}.ts`));
  const virtual = new Map(files.map((f, i) => [f, sources[i].code]));
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = f => virtual.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = f => virtual.get(path.resolve(f)) ?? readFile.call(host, f);
  host.getSourceFile = (f, language, ...rest) => {
    const text = virtual.get(path.resolve(f));
    return text === undefined ? getSourceFile.call(host, f, language, ...rest) : ts.createSourceFile(f, text, language, true);
  };
  const program = ts.createProgram(files, options, host);
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (global.length) throw new Error(ts.formatDiagnostics(global, host));
  return files.map((f, i) => {
    const sourceFile = program.getSourceFile(f)!;
    return ts.getPreEmitDiagnostics(program, sourceFile).map(d => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return `README.md TS${d.code}: ${message}`;
      const at = d.file.getLineAndCharacterOfPosition(d.start);
      const where = d.file === sourceFile ? `README.md:${sources[i].line + at.line}:${at.character + 1}` : `${d.file.fileName}:${at.line + 1}`;
      return `${where} TS${d.code}: ${message}`;
    });
  });
}

/** What running a block did. */
export interface BlockRun {
  /** The YAML files the block wrote, by path in its output folder. */
  readonly files: Map<string, string>;
  /** The arguments of each `console.log` call, in order. */
  readonly logs: unknown[][];
}

/**
 * Runs `code` as a cdk8s app would run: compiled to CommonJS, with 'cdk8s-mesh' being the library's source and
 * `CDK8S_OUTDIR` a fresh temporary folder (so `new App()` writes there, never into the repository). Throws what the
 * block throws.
 */
export function runBlock(code: string): BlockRun {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-readme-'));
  const logs: unknown[][] = [];
  const blockConsole = Object.create(console, { log: { value: (...args: unknown[]) => logs.push(args) } });
  const load = (id: string): unknown => jest.requireActual(id === 'cdk8s-mesh' ? path.join(root, 'src') : id);
  const saved = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    const module = { exports: {} };
    new Function('require', 'module', 'exports', 'console', js)(load, module, module.exports, blockConsole);
    const files = new Map<string, string>();
    for (const f of fs.readdirSync(outdir, { recursive: true }).map(String).filter(n => n.endsWith('.yaml')).sort()) {
      files.set(f.split(path.sep).join('/'), fs.readFileSync(path.join(outdir, f), 'utf-8'));
    }
    return { files, logs };
  } finally {
    if (saved === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The objects of YAML files, as plain JSON. */
export function objectsIn(files: Map<string, string>): any[] {
  return [...files.values()].flatMap(text => parseAllDocuments(text).map(d => d.toJS())).filter(o => o);
}
