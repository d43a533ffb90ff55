/** The npm package ships what users run — the compiled library, its jsii assembly and docs — and nothing else. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

test('npm pack lists only lib/, .jsii, README.md, API.md, LICENSE, package.json and the bundled re2js and yaml', () => {
  const options = { cwd: root, encoding: 'utf-8' as const, stdio: ['ignore', 'pipe', 'ignore'] as Array<'ignore' | 'pipe'> };
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], options);
  const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
  const tops = [...new Set(files.map(f => f.split('/')[0]))].sort();
  const allowed = ['.jsii', 'API.md', 'LICENSE', 'README.md', 'lib', 'node_modules', 'package.json'];
  expect(tops.filter(t => !allowed.includes(t))).toEqual([]);
  // jsii bundles runtime dependencies that are not jsii modules: re2js (RE2, the regex engine of Envoy) and yaml (the
  // parser of service inventories and of the command line, which keeps line positions), nothing else.
  expect(files.filter(f => f.startsWith('node_modules/') && !/^node_modules\/(re2js|yaml)\//.test(f))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(['node_modules/re2js/package.json', 'node_modules/yaml/package.json']));
  expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json']));
  // Built or not, no generated L1 class the library does not use, no source map of the tests, no secret.
  expect(files.filter(f => !f.startsWith('node_modules/') && /cert-manager|\.ts$(?<!\.d\.ts)|\.pem$|\.key$/.test(f))).toEqual([]);
});

test('API.md: every summary is a whole sentence (jsii ends a summary at the first semicolon of a doc comment)', () => {
  const api = fs.readFileSync(path.join(root, 'API.md'), 'utf-8');
  const rows = api.split('\n').filter(l => l.startsWith('| <code>'));
  expect(rows.length).toBeGreaterThan(300);
  const cut = rows.map(l => l.split(' | ').pop()!.replace(/\s*\|$/, '')).filter(d => d.endsWith(';'));
  expect(cut).toEqual([]);
});
