/** Options that end up in hosts, principals or limits are validated: bad values are coded errors, not silent changes. */
import { Testing } from 'cdk8s';
import { Cluster, Mesh, MeshProps, Workspace } from '../src';

function codes(props: MeshProps, trustDomain?: string): string[] {
  const mesh = new Mesh(Testing.app(), 'mesh', props);
  if (trustDomain !== undefined) new Cluster(mesh, 'east', { trustDomain });
  new Workspace(mesh, 'ops', { namespaces: ['ops'] });
  return mesh.diagnostics.map(d => `${d.code} ${d.path}`);
}

describe('mesh options', () => {
  test.each([NaN, 0, 2.5, 65, Infinity])('maxDelegationDepth %s is MESH033 (NaN would disable the limit)', depth => {
    expect(codes({ maxDelegationDepth: depth })).toEqual(['MESH033 mesh']);
  });

  test.each(['Cluster Local', 'cluster_local', '*.local', ''])('clusterDomain %j is MESH033', clusterDomain => {
    expect(codes({ clusterDomain })).toEqual(['MESH033 mesh']);
  });

  test.each(['*', 'a/b', 'Example.COM'])('a trust domain %j, which would be written into principals, is MESH033', trustDomain => {
    expect(codes({}, trustDomain)).toEqual(['MESH033 mesh/east']);
  });

  test('the defaults and ordinary values are accepted', () => {
    expect(codes({ maxDelegationDepth: 1, clusterDomain: 'cluster.local' }, 'example.com')).toEqual([]);
    expect(codes({ maxDelegationDepth: 64 })).toEqual([]);
  });
});
