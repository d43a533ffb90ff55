/**
 * A clone alone is enough: the upstream CRDs the tests and the import task read are vendored in crds/, exactly as
 * crds/manifest.json records them, and nothing in the project reads a folder beside it.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CRD_DIR_ENV, CRD_FILES, crdManifest, locateCrdDir, VENDORED_CRD_DIR } from '../scripts/crds';

const root = path.join(__dirname, '..');

describe('vendored CRDs', () => {
  const manifest = crdManifest();

  test('crds/ holds exactly the files of crds/manifest.json, and the loader reads those', () => {
    const yamlFiles = fs.readdirSync(VENDORED_CRD_DIR).filter(f => f.endsWith('.yaml')).sort();
    expect(manifest.map(e => e.file).sort()).toEqual(yamlFiles);
    expect(CRD_FILES).toEqual(manifest.map(e => e.file));
    expect(manifest.map(e => e.file).sort()).toEqual(['cert-manager.yaml', 'gateway-api-standard.yaml', 'istio.yaml']);
  });

  test.each(manifest.map(e => [e.file, e] as const))('crds/%s has the size and SHA-256 its manifest entry records', (file, entry) => {
    const bytes = fs.readFileSync(path.join(VENDORED_CRD_DIR, file));
    expect({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ bytes: entry.bytes, sha256: entry.sha256 });
    // Provenance is data: every entry says where the file comes from.
    for (const key of ['project', 'repository', 'version', 'source', 'url', 'license'] as const) expect(entry[key]).toBeTruthy();
  });

  test('crds/ is the default location; $CDK8S_MESH_CRDS overrides it', () => {
    const saved = process.env[CRD_DIR_ENV];
    try {
      delete process.env[CRD_DIR_ENV];
      expect(locateCrdDir()).toBe(path.join(root, 'crds'));
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-crds-'));
      for (const file of fs.readdirSync(VENDORED_CRD_DIR)) fs.copyFileSync(path.join(VENDORED_CRD_DIR, file), path.join(copy, file));
      process.env[CRD_DIR_ENV] = copy;
      expect(locateCrdDir()).toBe(copy);
      fs.rmSync(copy, { recursive: true, force: true });
    } finally {
      if (saved === undefined) delete process.env[CRD_DIR_ENV];
      else process.env[CRD_DIR_ENV] = saved;
    }
  });
});

describe('self-contained project', () => {
  /** Text files the project runs or documents itself with (build outputs, dependencies and the vendored data aside). */
  function projectFiles(dir = root): string[] {
    const skip = new Set(['node_modules', '.git', 'dist', 'lib', 'coverage', 'test-reports', 'crds', '.jsii']);
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return skip.has(e.name) ? [] : projectFiles(full);
      return /\.(ts|js|json|ya?ml|md)$|^run$/.test(e.name) && e.name !== 'package-lock.json' ? [full] : [];
    });
  }

  test('no source, test, script, example, CI or config file reads a shared folder beside the project', () => {
    const files = projectFiles();
    expect(files.map(f => path.relative(root, f))).toEqual(expect.arrayContaining([
      '.ci/run', '.projenrc.ts', 'README.md', 'package.json', 'scripts/crds.ts', 'test/support/schema-gate.ts',
    ]));
    // Spelled in parts, so that this file does not match itself.
    const outside = [['..', 'shared'].join('/'), ['shared', 'crds'].join('/')];
    const offending = files.flatMap(f => {
      const text = fs.readFileSync(f, 'utf-8');
      return outside.filter(s => text.includes(s)).map(s => `${path.relative(root, f)}: ${s}`);
    });
    expect(offending).toEqual([]);
  });
});
