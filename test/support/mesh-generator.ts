/**
 * A seeded, deterministic generator of realistic multi-tenant meshes, for property tests and the benchmark:
 * a platform workspace with gateways whose root tables delegate a segment prefix per team; teams with route tables
 * of exact, prefix and segment-prefix routes (some with header or method conditions); some teams forwarding to a
 * neighbour's exported service.
 */
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import * as prand from 'pure-rand';
import {
  Destination, HeaderMatch, HttpMatcher, HttpMethod, Mesh, MeshProps, PathMatch, Route, RouteAction, RouteTable,
  VirtualGateway, Workspace, WorkspaceSelector,
} from '../../src';

/** Size and shape of a generated mesh. */
export interface GeneratorOptions {
  readonly workspaces: number;
  readonly tablesPerWorkspace: number;
  readonly routesPerTable: number;
  readonly gateways: number;
  readonly seed: number;
  /** Declaration order of the team workspaces and of the tables within each (a permutation), default natural. */
  readonly shuffle?: { workspaces: number[]; tables: number[] };
  readonly mesh?: MeshProps;
  /** Whether to build the probes (the benchmark does without). @default true */
  readonly probes?: boolean;
}

/** A probe with the answer the declaration intends (`namespace/service`, or 404). */
export interface Probe {
  readonly gateway: number;
  readonly host: string;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly expected: string;
}

/** A generated mesh. */
export interface GeneratedMesh {
  readonly mesh: Mesh;
  readonly gateways: VirtualGateway[];
  readonly probes: Probe[];
  /** Number of routes declared in team tables. */
  readonly routes: number;
  readonly tables: number;
}

/** A seeded stream of numbers in [0, 1) (pure-rand's xoroshiro128+). */
export function prng(seed: number): () => number {
  const rng = prand.xoroshiro128plus(seed);
  return () => prand.unsafeUniformIntDistribution(0, 999_999, rng) / 1_000_000;
}

/** Declares a generated mesh in `app`. */
export function generateMesh(app: App, o: GeneratorOptions): GeneratedMesh {
  const mesh = new Mesh(app, 'mesh', o.mesh);
  const platform = new Workspace(mesh, 'platform', {
    namespaces: ['platform'],
    importFrom: [{ workspaces: [WorkspaceSelector.withLabels({ tier: 'team' })] }],
  });
  const teamIds = [...Array(o.workspaces).keys()];
  const teams: Workspace[] = [];
  for (const i of o.shuffle?.workspaces ?? teamIds) {
    // Team i exports its route tables and services to the platform, and its services to team i-1.
    teams[i] = new Workspace(mesh, `team-${i}`, {
      namespaces: [`team-${i}`],
      labels: { tier: 'team' },
      exportTo: [
        { workspaces: [WorkspaceSelector.named('platform')] },
        ...(i > 0 ? [{ workspaces: [WorkspaceSelector.named(`team-${i - 1}`)], kinds: [], resourceLabels: {} }] : []),
      ],
      importFrom: i + 1 < o.workspaces ? [{ workspaces: [WorkspaceSelector.named(`team-${i + 1}`)] }] : [],
    });
  }
  const gateways = [...Array(o.gateways).keys()].map(g => new VirtualGateway(platform, `gw-${g}`, {
    workloadSelector: { istio: `ingress-${g}` },
    listeners: [{ port: 80 }],
  }));
  gateways.forEach((gw, g) => new RouteTable(platform, `root-${g}`, {
    hosts: [`api-${g}.example.com`],
    gateways: [gw],
    routes: teamIds.map(i => ({
      name: `team-${i}`,
      matchers: [{ path: PathMatch.segmentPrefix(`/t${i}`) }],
      action: RouteAction.delegate({ workspaces: [teams[i]] }),
    })),
  }));

  const probes: Probe[] = [];
  let routes = 0;
  const tableIds = [...Array(o.tablesPerWorkspace).keys()];
  for (const i of teamIds) {
    for (const j of o.shuffle?.tables ?? tableIds) {
      const declared: Route[] = [];
      // Each table draws from its own stream, so declaration order never changes what is declared.
      const random = prng((o.seed + 1_000_003 * (i + 1) + 7_919 * (j + 1)) % 2_147_483_647);
      for (let k = 0; k < o.routesPerTable; k++) {
        const kind = Math.floor(random() * 3);
        const conditioned = random() < 0.3;
        const crossTeam = i + 1 < o.workspaces && random() < 0.1;
        const svc = crossTeam ? { name: 'shared', ns: `team-${i + 1}` } : { name: `svc-${j}-${k % 4}`, ns: `team-${i}` };
        const path = kind === 0 ? PathMatch.exact(`/e${j}-${k}`)
          : kind === 1 ? PathMatch.prefix(`/p${j}-${k}/`) : PathMatch.segmentPrefix(`/s${j}-${k}`);
        const base = `/t${i}${path.value}`;
        const sample = kind === 0 ? base : kind === 1 ? `${base}x/y` : `${base}/z`;
        const expected = `${svc.ns}/${svc.name}`;
        const matcher: HttpMatcher = conditioned
          ? (k % 2 === 0 ? { path, headers: [HeaderMatch.exact('x-variant', `v${k}`)] } : { path, method: HttpMethod.POST })
          : { path };
        const action = RouteAction.forward({ to: [{ destination: Destination.service(svc.name, svc.ns, 8080) }] });
        declared.push({ name: `r${k}`, matchers: [matcher], action });
        for (let g = 0; g < (o.probes === false ? 0 : o.gateways); g++) {
          const host = `api-${g}.example.com`;
          if (conditioned && k % 2 === 0) {
            probes.push({ gateway: g, host, path: sample, headers: { 'x-variant': `v${k}` }, expected });
            probes.push({ gateway: g, host, path: sample, headers: { 'x-variant': 'other' }, expected: '404' });
          } else if (conditioned) {
            probes.push({ gateway: g, host, path: sample, method: 'POST', expected });
            probes.push({ gateway: g, host, path: sample, method: 'GET', expected: '404' });
          } else {
            probes.push({ gateway: g, host, path: sample, expected });
          }
        }
        routes++;
      }
      new RouteTable(teams[i], `rt-${j}`, { weight: (j * 7) % 3, routes: declared });
    }
    if (o.probes === false) continue;
    for (let g = 0; g < o.gateways; g++) probes.push({ gateway: g, host: `api-${g}.example.com`, path: `/t${i}/none`, expected: '404' });
  }
  if (o.probes !== false) {
    probes.push({ gateway: 0, host: 'api-0.example.com', path: `/t${o.workspaces}0/x`, expected: '404' });
    probes.push({ gateway: 0, host: 'elsewhere.example.com', path: '/t0/e0-0', expected: '404' });
  }
  return { mesh, gateways, probes, routes, tables: o.workspaces * o.tablesPerWorkspace + o.gateways };
}

/** The benchmark's meshes: `workspaces` teams of 10 tables of 20 routes, on 4 gateways (200 routes per team). */
export function benchOptions(workspaces: number): GeneratorOptions {
  return { workspaces, tablesPerWorkspace: 10, routesPerTable: 20, gateways: 4, seed: 42 };
}

/** The benchmark's sizes (teams): 5,000 to 80,000 routes. */
export const BENCH_WORKSPACES = [25, 50, 100, 200, 400];

/** The sizes of the generated meshes the property tests and the output-hash guard draw from. */
export const MESH_SIZES = fc.record({
  workspaces: fc.integer({ min: 1, max: 4 }),
  tablesPerWorkspace: fc.integer({ min: 1, max: 3 }),
  routesPerTable: fc.integer({ min: 1, max: 5 }),
  gateways: fc.integer({ min: 1, max: 2 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});
