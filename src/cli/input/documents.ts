/**
 * Reading Kubernetes objects from YAML: files, folders (every `.yaml`, `.yml` and `.json` below them) and standard
 * input (`-`), each file a stream of documents, each document an object or a `kind: List` of objects (what
 * `kubectl get -o yaml` exports). Every object keeps its file and the position of each of its fields.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isSeq, LineCounter, Node, parseAllDocuments } from 'yaml';

/** A position in a file: 1-based line and column. */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A Kubernetes object read from a file. */
export interface SourceObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace`, or `default` (where `kubectl apply` puts an object without one). */
  readonly namespace: string;
  /** The object as plain data. */
  readonly body: any;
  readonly file: string;
  /** The position of a field (e.g. `['spec', 'http', 1]`), or of the nearest enclosing one that is written. */
  at(fieldPath: ReadonlyArray<string | number>): Position;
}

/** A file that could not be read or parsed: an input error. */
export class InputError extends Error {}

const YAML_FILE = /\.(ya?ml|json)$/i;

/** The files named by `inputs`: files as given, folders searched recursively (sorted); `-` is standard input. */
export function inputFiles(inputs: readonly string[]): string[] {
  return inputs.flatMap(input => {
    if (input === '-') return ['-'];
    if (!fs.existsSync(input)) throw new InputError(`${input}: no such file or folder`);
    if (!fs.statSync(input).isDirectory()) return [input];
    return fs.readdirSync(input, { recursive: true }).map(String).filter(f => YAML_FILE.test(f)).sort()
      .map(f => path.join(input, f)).filter(f => fs.statSync(f).isFile());
  });
}

/** Every object of the files named by `inputs` (see `inputFiles`), in file and document order. */
export function readObjects(inputs: readonly string[], stdin: () => string = () => fs.readFileSync(0, 'utf-8')): SourceObject[] {
  return inputFiles(inputs).flatMap(file => parseObjects(file === '-' ? stdin() : fs.readFileSync(file, 'utf-8'), file === '-' ? '<stdin>' : file));
}

/** The objects of one YAML (or JSON) text; `file` names it in positions. */
export function parseObjects(text: string, file: string): SourceObject[] {
  const lines = new LineCounter();
  const out: SourceObject[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    const error = doc.errors[0];
    if (error) {
      const p = lines.linePos(error.pos[0]);
      throw new InputError(`${file}:${p.line}:${p.col}: ${error.message.split('\n')[0]}`);
    }
    const body = doc.toJS({ maxAliasCount: -1 });
    if (body === null || body === undefined) continue;
    if (typeof body !== 'object' || Array.isArray(body)) throw new InputError(`${file}: a document is not a Kubernetes object`);
    const root = doc.contents as Node;
    if (isList(body)) {
      body.items.forEach((item: any, i: number) => {
        const node = (root as any).getIn(['items', i], true) as Node;
        if (item && typeof item === 'object') out.push(sourceObject(item, node, file, lines));
      });
    } else {
      out.push(sourceObject(body, root, file, lines));
    }
  }
  return out;
}

/** A `kind: List` (or `<Kind>List`) export: its objects are in `items`. */
function isList(body: any): boolean {
  return typeof body.kind === 'string' && body.kind.endsWith('List') && Array.isArray(body.items);
}

function sourceObject(body: any, node: Node, file: string, lines: LineCounter): SourceObject {
  const position = (n: Node): Position => {
    const p = lines.linePos(n.range?.[0] ?? 0);
    return { file, line: p.line, column: p.col };
  };
  return {
    apiVersion: String(body.apiVersion ?? ''),
    kind: String(body.kind ?? ''),
    name: String(body.metadata?.name ?? ''),
    namespace: String(body.metadata?.namespace ?? 'default'),
    body,
    file,
    at: fieldPath => position(nearest(node, fieldPath)),
  };
}

/** The node at `fieldPath` below `node`, or the deepest one on the way that exists. */
function nearest(node: Node, fieldPath: ReadonlyArray<string | number>): Node {
  let current = node;
  for (const key of fieldPath) {
    const next = isMap(current) || isSeq(current) ? current.get(key, true) : undefined;
    if (!next || typeof next !== 'object' || !('range' in next)) return current;
    current = next as Node;
  }
  return current;
}
