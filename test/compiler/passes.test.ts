/** The compiler from plain data: a `MeshModel` literal compiles with no construct; each pass's findings and products. */
import { compileMesh, normalize, PASSES } from '../../src/compiler/compile';
import { CompileContext } from '../../src/compiler/context';
import { Diagnostics } from '../../src/compiler/diagnostics/catalogue';
import { decide } from '../../src/compiler/evaluation/decision';
import { sameRoutes } from '../../src/compiler/route-identity';
import { MeshModel } from '../../src/model';
import { delegate, forward, gateway, mesh, prefix, segment, table, workspace } from '../support/plain-model';

const gw = gateway('gw', 'ops');
const ops = workspace('ops', ['ops']);
const team = workspace('team', ['team']);
const child = table('child', 'team', [forward('foo', [prefix('/foo')], 'foo', 'team'), forward('rest', [], 'rest', 'team')]);
const root = table('root', 'ops', [delegate('to-team', [prefix('/team')], [child.path])], { hosts: ['api.example.com'], gateways: [gw.path] });
const s1 = mesh({ workspaces: [ops, team], gateways: [gw], routeTables: [root, child] });

const codes = (m: MeshModel) => compileMesh(m).diagnostics.map(d => `${d.code} ${d.path}`);
const goes = (m: MeshModel, path: string) => {
  const d = decide(compileMesh(m), { host: 'api.example.com', path });
  return d.destinations.map(x => `${x.namespace}/${x.service}`).join() || String(d.status);
};

describe('a plain MeshModel, no construct', () => {
  test('compiles cleanly, and requests go where the delegation says', () => {
    expect(codes(s1)).toEqual([]);
    expect(goes(s1, '/team/foo/x')).toBe('team/foo');
    expect(goes(s1, '/team/bar')).toBe('team/rest');
    expect(goes(s1, '/other')).toBe('404');
  });

  test('declaration order never changes the compiled routes', () => {
    const reversed = mesh({ workspaces: [team, ops], gateways: [gw], routeTables: [child, root] });
    const routes = (m: MeshModel) => compileMesh(m).gateways.map(g => g.hosts.map(h => h.routes.map(r => r.name)));
    expect(routes(reversed)).toEqual(routes(s1));
  });

  test('the passes run in order, each reading only what earlier passes produced', () => {
    const ctx = new CompileContext(normalize(s1), new Diagnostics());
    expect(() => ctx.get('gateways')).toThrow(/read before a pass produced it/);
    for (const pass of PASSES) pass.run(ctx);
    expect(PASSES.map(p => p.name)).toEqual(['declarations', 'ownership', 'attachment', 'host-claims', 'routes', 'proxies', 'overlaps',
      'destinations', 'rewrites', 'east-west', 'unused-tables', 'isolation', 'multicluster', 'traffic', 'access']);
    expect(() => ctx.put('gateways', [])).toThrow(/produced twice/);
  });
});

describe('passes over plain models', () => {
  test('ownership: a namespace of two workspaces, a table outside every workspace', () => {
    expect(codes(mesh({ ...s1, workspaces: [ops, team, workspace('again', ['team'])] }))).toContain('MESH008 mesh/team');
    // Namespace sameness: one namespace name is one namespace in every cluster, so disjoint clusters do not make two.
    const east = workspace('east-team', ['shared'], { clusters: ['east'] });
    const west = workspace('west-team', ['shared'], { clusters: ['west'] });
    expect(codes(mesh({ ...s1, workspaces: [ops, team, east, west] }))).toContain('MESH008 mesh/west-team');
    const stray = table('stray', 'nowhere', [forward('x', [], 'x', 'nowhere')], { hosts: ['x.example.com'], gateways: [gw.path] });
    expect(codes(mesh({ ...s1, routeTables: [root, child, stray] }))).toContain('MESH104 mesh/nowhere/stray');
  });

  test('attachment: a gateway admitting only its own workspace, a listener for another host', () => {
    const own = gateway('gw', 'ops', { admission: [{ hosts: [], workspaces: [] }] });
    const teamRoot = table('t', 'team', [forward('x', [], 'x', 'team')], { hosts: ['t.example.com'], gateways: [own.path] });
    expect(codes(mesh({ workspaces: [ops, team], gateways: [own], routeTables: [teamRoot] }))).toEqual(['MESH203 mesh/team/t']);
    const named = gateway('gw', 'ops', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'web.example.com' }] });
    expect(codes(mesh({ ...s1, gateways: [named] }))).toContain('MESH204 mesh/ops/root');
  });

  test('host claims: root tables of two workspaces on one host', () => {
    const rival = table('rival', 'team', [forward('x', [prefix('/x')], 'x', 'team')], { hosts: ['api.example.com'], gateways: [gw.path] });
    expect(codes(mesh({ ...s1, routeTables: [root, child, rival] }))).toContain('MESH205 mesh/team/rival');
  });

  test('routes: RELATIVE delegation prepends the parent prefix; a segment parent keeps whole segments', () => {
    const host = compileMesh(s1).gateways[0].hosts[0];
    expect(host.routes.map(r => r.matches.map(m => `${m.path.kind} ${m.path.value}`))).toEqual([['prefix /team/foo'], ['prefix /team']]);
    const seg = table('root', 'ops', [delegate('to-team', [segment('/team')], [child.path])], { hosts: ['api.example.com'], gateways: [gw.path] });
    expect(goes(mesh({ ...s1, routeTables: [seg, child] }), '/teams')).toBe('404');
  });

  test('routes: a delegation cycle names the table that closes it', () => {
    const a = table('a', 'team', [delegate('to-b', [prefix('/b')], ['mesh/team/b'])]);
    const b = table('b', 'team', [delegate('to-a', [prefix('/a')], ['mesh/team/a'])]);
    const r = table('root', 'ops', [delegate('to-a', [prefix('/x')], [a.path])], { hosts: ['api.example.com'], gateways: [gw.path] });
    const found = compileMesh(mesh({ ...s1, routeTables: [r, a, b] })).diagnostics.filter(d => d.code === 'MESH301');
    expect(found.map(d => d.path)).toEqual(['mesh/team/b']);
    expect(found[0].message).toContain('team/a → team/b → team/a');
    expect(found[0].related.map(l => l.path)).toEqual(['mesh/team/a', 'mesh/team/b']);
  });

  test('overlaps: two tables matching the very same requests on one host conflict', () => {
    const t1 = table('t1', 'ops', [forward('all', [prefix('/')], 'a', 'ops')], { hosts: ['w.example.com'], gateways: [gw.path] });
    const t2 = table('t2', 'ops', [forward('all', [prefix('/')], 'b', 'ops')], { hosts: ['w.example.com'], gateways: [gw.path] });
    expect(codes(mesh({ workspaces: [ops], gateways: [gw], routeTables: [t1, t2] }))).toEqual(['MESH501 mesh/ops/t2']);
  });

  test('unused tables: a delegation target nothing delegates to is a warning', () => {
    const lonely = table('lonely', 'team', [forward('x', [], 'x', 'team')]);
    const found = compileMesh(mesh({ ...s1, routeTables: [root, child, lonely] })).diagnostics;
    expect(found.map(d => `${d.severity} ${d.code} ${d.path}`)).toEqual(['warning MESH504 mesh/team/lonely']);
  });
});

describe('checks run once per distinct route list, findings still on every host', () => {
  // Two gateways whose root tables delegate /team to the same child: their hosts hold the same placed routes.
  const gw2 = gateway('gw2', 'ops');
  const twoRoots = (kid: typeof s1.routeTables[number]) => mesh({
    workspaces: [ops, team],
    gateways: [gw, gw2],
    routeTables: [
      table('root', 'ops', [delegate('to-team', [prefix('/team')], [kid.path])], { hosts: ['api.example.com'], gateways: [gw.path] }),
      table('root2', 'ops', [delegate('to-team', [prefix('/team')], [kid.path])], { hosts: ['web.example.com'], gateways: [gw2.path] }),
      kid,
    ],
  });

  test('the hosts of two gateways delegating to one child hold the same routes (sameRoutes), a root route of their own does not', () => {
    const [a, b] = compileMesh(twoRoots(child)).gateways.map(g => g.hosts[0].routes);
    expect(a.length).toBe(2);
    expect(sameRoutes(a, b)).toBe(true);
    expect(sameRoutes(a, [...b].reverse())).toBe(false);
    expect(sameRoutes(a, b.slice(1))).toBe(false);
    // Found equal once, compared again by lookup: still an equivalence, and other lists still compared route by route.
    const c = [...a];
    expect([sameRoutes(b, a), sameRoutes(b, c), sameRoutes(c, a), sameRoutes([...c].reverse(), b)]).toEqual([true, true, true, false]);
    const own = compileMesh(mesh({ ...s1, routeTables: [root, child, table('other', 'ops', [forward('x', [], 'x', 'ops')])] }));
    expect(sameRoutes(a, own.gateways[0].hosts[0].routes)).toBe(false);
  });

  test('a shadowed child route is reported for each gateway serving it', () => {
    const shadowing = table('child', 'team', [forward('all', [prefix('/')], 'rest', 'team'), forward('foo', [prefix('/foo')], 'foo', 'team')]);
    const shadowed = compileMesh(twoRoots(shadowing)).diagnostics.filter(d => d.code === 'MESH502');
    expect(shadowed.map(d => d.message.match(/gateway (\S+)/)?.[1])).toEqual(['ops/gw', 'ops/gw2']);
  });

  test('a destination the first root\'s workspace may use and the second\'s may not is reported for the second (MESH202)', () => {
    const only = (...names: string[]) => [{ workspaces: names.map(name => ({ name })), kinds: [], resourceLabels: {} }];
    const vault = workspace('vault', ['vault'], { exportTo: only('ops', 'team') });
    // Gateways are compiled in namespace/name order: ops/gw (clean) first, then zed/gw2.
    const edge = workspace('zed', ['zed']);
    const edgeGw = gateway('gw2', 'zed');
    const kid = table('child', 'team', [forward('secret', [prefix('/s')], 'secret', 'vault')]);
    const m = mesh({
      workspaces: [ops, team, vault, edge],
      gateways: [gw, edgeGw],
      routeTables: [
        table('root', 'ops', [delegate('to-team', [prefix('/team')], [kid.path])], { hosts: ['api.example.com'], gateways: [gw.path] }),
        table('root2', 'zed', [delegate('to-team', [prefix('/team')], [kid.path])], { hosts: ['web.example.com'], gateways: [edgeGw.path] }),
        kid,
      ],
    });
    const found = compileMesh(m).diagnostics.filter(d => d.code === 'MESH202').map(d => d.message);
    expect(found).toEqual([expect.stringMatching(/route "secret" of route table team\/child .*root table zed\/root2/)]);
  });
});
