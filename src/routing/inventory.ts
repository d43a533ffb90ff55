import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';
import { InventoryErrorModel, KnownServiceModel } from '../model';
import { serviceFromManifest } from './service-inventory';

/** The documents of a YAML (or JSON) text; the first syntax error is thrown (its message names the line and column). */
function parseManifests(text: string): any[] {
  return parseAllDocuments(text).flatMap(doc => {
    const error = doc.errors[0];
    if (error) throw new Error(error.message.split('\n')[0].replace(/:$/, ''));
    const value = doc.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

/** The objects of a manifest list: a `kind: List` (what `kubectl get -o yaml` prints) is unwrapped. */
function unwrap(objects: readonly any[]): any[] {
  return objects.flatMap(o => (o?.kind === 'List' || (typeof o?.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items))
    ? (Array.isArray(o.items) ? o.items : []) : [o]));
}

/**
 * The Services a cluster runs, known without live discovery: read from a file of manifests (the YAML or JSON that
 * `kubectl get svc -A -o yaml` prints: a `List`, or documents separated by `---`). Other kinds in the file are
 * ignored. A file that cannot be read or parsed, or a Service without a name or namespace, is reported when the
 * mesh compiles (MESH701) — never a crash.
 */
export class ServiceInventory {
  /**
   * The Services listed in the file at `path` (relative to the working directory of the synthesis).
   * @param path the file, relative to the working directory of the synthesis (or absolute)
   */
  public static fromFile(path: string): ServiceInventory {
    return new ServiceInventory(path, () => {
      if (!fs.existsSync(path)) throw new Error('no such file');
      return parseManifests(fs.readFileSync(path, 'utf-8'));
    });
  }

  /**
   * The Services among `manifests` (plain objects, e.g. parsed from your own source).
   * @param manifests Kubernetes objects (Services and `List`s of them; other kinds are ignored)
   */
  public static fromManifests(manifests: any[]): ServiceInventory {
    return new ServiceInventory('inline', () => manifests);
  }

  private constructor(
    /** Where the inventory comes from: its file, or `inline`. */
    public readonly origin: string,
    private readonly read: () => any[],
  ) {}

  /** @internal The services of the inventory, placed in `cluster`. */
  public _contents(cluster: string): { services: KnownServiceModel[]; errors: InventoryErrorModel[] } {
    let objects: any[];
    try {
      objects = unwrap(this.read() ?? []);
    } catch (e) {
      return { services: [], errors: [{ file: this.origin, problem: `cannot be read: ${(e as Error).message.split('\n')[0]}` }] };
    }
    const services: KnownServiceModel[] = [];
    const errors: InventoryErrorModel[] = [];
    objects.forEach((o, i) => {
      if (o?.kind !== 'Service') return;
      const path = `${this.origin}#${i}`;
      const r = serviceFromManifest(path, o);
      if (r.service) services.push({ ...r.service, clusters: [cluster], inventory: this.origin });
      else errors.push({ file: this.origin, problem: `item ${i}: ${r.error}` });
    });
    return { services, errors };
  }
}
