import { cdk8s, javascript, JsonFile } from 'projen';

/**
 * cdk8s-mesh: typed, tenant-aware Istio / Gateway API constructs for cdk8s.
 * This file is the single source of package.json, tsconfig, eslint and jest configuration.
 */
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-mesh',
  description: 'Tenant-aware service-mesh constructs for cdk8s: workspaces, gateways and delegated route tables, '
    + 'validated at synth time and emitted as Istio and Gateway API YAML.',
  keywords: ['cdk8s', 'istio', 'gateway-api', 'service-mesh', 'multi-tenancy', 'constructs'],
  author: 'cdk8s-mesh developers',
  authorAddress: 'cdk8s-mesh@example.com',
  repositoryUrl: 'https://github.com/cdk8s-mesh/cdk8s-mesh.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  jsiiVersion: '~6.0.0',
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  // RE2, the regex engine of Envoy and of istiod's validation, in plain JavaScript (no native build); and yaml, the
  // parser that keeps line positions: service inventories' errors name their line, and the `cdk8s-mesh` command line
  // locates every finding. Bundled with the library because jsii needs every runtime dependency bundled or jsii-built.
  bundledDeps: ['re2js@^2.10.0', 'yaml@^2.9.1'],
  // The command line (src/cli/, not part of the jsii API: index.ts exports nothing of it).
  bin: { 'cdk8s-mesh': 'lib/cli/main.js' },
  devDeps: [
    'cdk8s-cli@^2.207.60',
    'ajv@^8.20.0',
    '@marcbachmann/cel-js@^8.0.0',
    'fast-check@^4.10.2',
    'pure-rand@^7.0.1',
    // Services of the oldest supported and of the newest cdk8s-plus, for the tests of Destination/AccessDestination.fromService.
    'cdk8s-plus-27@^2.9.5',
    'cdk8s-plus-34@^2.0.54',
  ],
  // `npm test` checks, it never rewrites sources: the eslint task (spawned by the test task) runs without --fix;
  // `npx projen eslint --fix` fixes on purpose.
  eslintOptions: { dirs: ['src'], commandOptions: { fix: false } },
  // Inside this repository `cdk8s-mesh` is the library's own source (the examples import it like a user's app).
  tsconfigDev: { compilerOptions: { paths: { 'cdk8s-mesh': ['../src'] } } },
  jestOptions: {
    // Snapshots are never rewritten by `npm test` or CI; `npx projen test:update` does it on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      // Temporary folders of a run (one per Testing.app()) live in one folder that is removed afterwards.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      // Warnings are asserted through the API; their stderr report (CDK8S_MESH_WARNINGS=off) would only be noise.
      // Property tests run on a fixed seed unless FC_SEED says otherwise (test/support/property-seed.ts).
      setupFiles: ['<rootDir>/test/support/quiet-warnings.ts', '<rootDir>/test/support/property-seed.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/'],
      // cel-js (the CEL evaluator of the schema gate) ships ES modules only: ts-jest transpiles it for jest.
      transform: {
        '^.+\\.[t]sx?$': new javascript.Transform('ts-jest', { tsconfig: 'test/tsconfig.json' }),
        '^.+/@marcbachmann/cel-js/.+\\.js$': new javascript.Transform('ts-jest', { tsconfig: { allowJs: true } }),
      },
      transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
      // The examples import 'cdk8s-mesh' like a user's app; in the tests that is the library's source.
      moduleNameMapper: { '^cdk8s-mesh$': '<rootDir>/src' },
    },
  },
});

// Entry points: the library (the jsii API), and the jest matchers for users' tests, `cdk8s-mesh/matchers` (outside the
// jsii API). typesVersions lets TypeScript's classic "node" module resolution find the matchers' types too.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './matchers': { types: './lib/testing/matchers.d.ts', default: './lib/testing/matchers.js' },
  './package.json': './package.json',
  './.jsii': './.jsii',
});
project.package.addField('typesVersions', { '*': { matchers: ['lib/testing/matchers.d.ts'] } });

// Generated L1 classes are never rewritten by eslint --fix.
project.eslint?.addIgnorePattern('src/imports/');
// Guard rails: lines of at most 150 characters, strings and templates included (messages live in the rule catalogue);
// no import cycle (type imports included); short functions in the library.
project.eslint?.addRules({
  '@stylistic/max-len': ['error', {
    code: 150, ignoreUrls: true, ignoreStrings: false, ignoreTemplateLiterals: false, ignoreComments: false, ignoreRegExpLiterals: true,
  }],
  'import/no-cycle': ['error', { ignoreExternal: true }],
});
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
});

// Every TypeScript folder outside src/ and test/ gets a tsconfig (for ts-node, jest and eslint's project service).
for (const dir of ['examples', 'bench', 'scripts']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  });
  project.eslint?.addLintPattern(dir);
  project.eslint?.allowDevDeps(`${dir}/**`);
}

// Each example is a cdk8s app (`npx cdk8s synth` in its folder, see its cdk8s.yaml) that imports 'cdk8s-mesh' like a
// user's app: the type checker maps the name to ../src, and ts-node first loads a hook that does the same at run time.
const examplesTsconfig = project.tryFindObjectFile('examples/tsconfig.json');
examplesTsconfig?.addOverride('compilerOptions.paths', { 'cdk8s-mesh': ['../src'] });
examplesTsconfig?.addOverride('ts-node.require', ['./resolve-cdk8s-mesh.ts']);
// eslint's import resolver reads each file's own tsconfig, so that 'cdk8s-mesh' resolves in the examples too.
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.json', './examples/tsconfig.json']);
eslintrc?.addOverride('settings.import/resolver.typescript.noWarnOnMultipleProjects', true);
project.gitignore.exclude('/examples/*/dist/');

// The package ships lib/ and its docs only: no examples, benchmark, scripts, CI or vendored CRDs.
project.npmignore?.exclude('/examples/', '/bench/', '/scripts/', '/.ci/', '/crds/', '/docs/');

// The upstream CRDs are vendored byte for byte (crds/manifest.json records their SHA-256).
project.gitattributes.addAttributes('/crds/*.yaml', '-text', 'linguist-vendored');

// L1 classes: `cdk8s import` of the CRD versions we emit, read from crds/ (or $CDK8S_MESH_CRDS).
project.addTask('import', {
  description: 'Regenerate src/imports/ from the upstream CRDs with cdk8s import',
  exec: 'ts-node --project scripts/tsconfig.json scripts/import-crds.ts',
});

// The main job: synthesize every example app into dist/<name>/.
project.addTask('synth', {
  description: 'Synthesize every example under examples/ into dist/<name>/',
  exec: 'ts-node --project scripts/tsconfig.json scripts/synth-examples.ts',
});

// Benchmark: the mesh layer against plain cdk8s on the same objects.
project.addTask('bench', {
  description: 'Benchmark synthesis of generated meshes against a plain cdk8s floor (pass -- --quick for a small run)',
  exec: 'node --expose-gc --max-old-space-size=4096 -r ts-node/register/transpile-only bench/bench.ts',
  receiveArgs: true,
  env: { TS_NODE_PROJECT: 'bench/tsconfig.json' },
});

// jsii prints an end-of-life banner for Node 20 on every run; it is not an error.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

project.gitignore.exclude('/dist/');
project.synth();
