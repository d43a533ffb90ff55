/**
 * The architecture as a test: no import cycle in src/ (type imports included, which eslint's import/no-cycle skips),
 * each layer importing only from the layers below it, and no construct importing the Mesh hub.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');
/**
 * Layers, top first: a file may import from its own layer and the ones after it. The command line (cli/) and the jest
 * matchers (testing/) sit above the library: the command line reads YAML into its own configuration and uses the
 * compiler's algebra, diagnostics and evaluation; the matchers use the public API.
 */
const LAYERS = ['cli', 'testing', 'index.ts', 'constructs', 'routing', 'targets', 'compiler', 'model', 'imports'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [path.relative(SRC, full).split(path.sep).join('/')] : [];
  });
}

/** Every relative import of a file (value, type and re-export), resolved to a file of src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(SRC, file), 'utf-8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*'(\.[^']+)'/g)].map(m => m[1]);
  return specs.map(spec => {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    return fs.existsSync(path.join(SRC, `${base}.ts`)) ? `${base}.ts` : `${base}/index.ts`;
  });
}

const files = sources(SRC).filter(f => !f.startsWith('imports/'));
const graph = new Map(files.map(f => [f, importsOf(f)]));
const layer = (f: string) => LAYERS.indexOf(f.includes('/') ? f.split('/')[0] : f);

/** Strongly connected components with more than one file (Tarjan). */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; scc.push(w); } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return out;
}

describe('architecture', () => {
  test('every import resolves to a file of src/', () => {
    for (const [f, deps] of graph) for (const d of deps) expect(`${f} → ${d}: ${fs.existsSync(path.join(SRC, d))}`).toBe(`${f} → ${d}: true`);
  });

  test('there is no import cycle, type imports included', () => {
    expect(cycles()).toEqual([]);
  });

  test('each layer imports only from the layers below it', () => {
    const upward = [...graph].flatMap(([f, deps]) => deps.filter(d => layer(d) < layer(f)).map(d => `${f} → ${d}`));
    expect(upward).toEqual([]);
    expect(files.every(f => layer(f) >= 0)).toBe(true);
  });

  test('no construct, and nothing below the constructs, imports the Mesh hub', () => {
    const hub = 'constructs/mesh.ts';
    expect([...graph].filter(([f, deps]) => deps.includes(hub) && f !== 'index.ts' && layer(f) > layer('index.ts')).map(([f]) => f)).toEqual([]);
  });

  test('the library does not import the command line or the matchers: neither is part of the jsii API', () => {
    const outside = (f: string) => f.startsWith('cli/') || f.startsWith('testing/');
    expect([...graph].filter(([f, deps]) => !outside(f) && deps.some(outside)).map(([f]) => f)).toEqual([]);
    expect(graph.get('cli/analyze/analyze.ts')).toContain('cli/config/read.ts');
  });

  test('the check sees the graph: the constructs import the compiler, and the compiler the model', () => {
    expect(graph.get('constructs/mesh.ts')).toContain('compiler/compile.ts');
    expect(graph.get('compiler/compile.ts')).toContain('model/index.ts');
    expect(files.length).toBeGreaterThan(60);
  });
});
